/**
 * ESCU files of 2021 (the two root rules, digest §1.1) write `search:` as a single-quoted scalar whose
 * continuation lines start in column 0. YAML 1.2 (the `yaml` package) rejects that; PyYAML, which
 * ESCU's tooling used, reads it. This reads such a scalar as PyYAML does — `''` is a quote, a line break
 * folds to a space, empty lines are newlines — and returns the file with the scalar blanked (line
 * numbers kept) so the other keys can still be parsed.
 */

/** The value, the file offset of each of its characters, and the text with the scalar replaced by `''`. */
export interface LenientSearch {
  readonly value: string;
  readonly offsets: readonly number[];
  readonly rest: string;
}

/** Reads a top-level single-quoted `search:` scalar by hand, or null when there is none. */
export function readLenientSearch(text: string): LenientSearch | null {
  const m = /^search[ \t]*:[ \t]*'/m.exec(text);
  if (m === null) return null;
  const open = m.index + m[0].length - 1;
  let value = '';
  const offsets: number[] = [];
  let i = open + 1;
  for (;;) {
    if (i >= text.length) return null;
    const c = text[i]!;
    if (c === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        offsets.push(i);
        i += 2;
        continue;
      }
      break;
    }
    if (c === '\n' || c === '\r') {
      // Fold: trailing spaces dropped, each empty line a newline, otherwise one space.
      value = value.replace(/[ \t]+$/, '');
      offsets.length = value.length;
      let breaks = 0;
      while (i < text.length && /[\s]/.test(text[i]!)) {
        if (text[i] === '\n') breaks++;
        i++;
      }
      value += breaks > 1 ? '\n'.repeat(breaks - 1) : ' ';
      while (offsets.length < value.length) offsets.push(i);
      continue;
    }
    value += c;
    offsets.push(i);
    i++;
  }
  const region = text.slice(open, i + 1);
  const rest = `${text.slice(0, open)}''${region.replace(/[^\n]/g, '')}${text.slice(i + 1)}`;
  return { value, offsets, rest };
}
