/**
 * Splits an event message into space-delimited fields, reusing its offset arrays between calls.
 *
 * The characters between a pair of square brackets, or a pair of double quotes, form one field whose
 * value excludes the brackets or quotes (FilterAndPatternSyntax, "Match terms in space-delimited log
 * events"). Runs of whitespace (spaces, tabs, line breaks) separate fields; an opening bracket or quote
 * with no closing partner is an ordinary character. Docs are silent on the last two points; see
 * docs/filter-patterns.md.
 */
import { isSpace } from './chars.js';

/** Field offsets of the last message split. Not re-entrant: one instance per compiled pattern. */
export class FieldSplitter {
  /** Start of each field's value (after an opening bracket or quote). */
  readonly valueStart: number[] = [];
  /** End of each field's value (before a closing bracket or quote). */
  readonly valueEnd: number[] = [];
  /** Start of each field as written (at the opening bracket or quote). */
  readonly rawStart: number[] = [];

  /** Splits `text`; returns the number of fields. */
  split(text: string): number {
    const len = text.length;
    let n = 0;
    let i = 0;
    for (;;) {
      while (i < len && isSpace(text.charCodeAt(i))) i++;
      if (i >= len) break;
      const c = text.charCodeAt(i);
      let vs = i;
      let ve = -1;
      let next = -1;
      if (c === 91 /* [ */ || c === 34 /* " */) {
        const close = text.indexOf(c === 91 ? ']' : '"', i + 1);
        if (close !== -1) {
          vs = i + 1;
          ve = close;
          next = close + 1;
        }
      }
      if (ve === -1) {
        let j = i;
        while (j < len && !isSpace(text.charCodeAt(j))) j++;
        ve = j;
        next = j;
      }
      this.rawStart[n] = i;
      this.valueStart[n] = vs;
      this.valueEnd[n] = ve;
      n++;
      i = next;
    }
    return n;
  }
}

/** The text from `from` to the end of `text`, without trailing whitespace. */
export function remainderFrom(text: string, from: number): string {
  let end = text.length;
  while (end > from && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(from, end);
}
