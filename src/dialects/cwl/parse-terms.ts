/**
 * Term patterns (unstructured events): whitespace-separated terms, each a bare word or a double-quoted
 * phrase, optionally marked `?` (alternative) or `-` (exclusion).
 *
 *     terms ::= term (space+ term)*
 *     term  ::= ('?' | '-')? (word | '"' phrase '"')
 *     word  ::= [A-Za-z0-9_]+
 *
 * Terms with any other character must be quoted (FilterAndPatternSyntax, "Match terms in unstructured
 * log events"); the service answers "Invalid character(s) in term" otherwise, and also for the empty
 * phrase `""` (seen as `Invalid filter pattern: Invalid character(s) in term '""'`). Inside a phrase
 * `\"` and `\\` are escapes (as the AWS CDK writes them); other backslashes are kept as written.
 */
import type { Term, TermPattern, TermPrefix } from './ast.js';
import { FilterPatternError } from './errors.js';
import { isSpace } from './chars.js';

function isTermChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Parses the term pattern in `text[start, end)` (already trimmed, not empty). */
export function parseTerms(text: string, start: number, end: number): TermPattern {
  const fail = (reason: string, at: number): never => {
    throw new FilterPatternError(reason, text, at);
  };
  const terms: Term[] = [];
  let i = start;
  while (i < end) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end) break;
    const termStart = i;
    let prefix: TermPrefix = 'required';
    const p = text.charCodeAt(i);
    if (p === 63 /* ? */ || p === 45 /* - */) {
      prefix = p === 63 ? 'optional' : 'excluded';
      i++;
      if (i >= end || isSpace(text.charCodeAt(i))) fail(`expected a term right after '${text[termStart]}'`, termStart);
    }
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const open = i;
      let value = '';
      let chunk = open + 1;
      i = open + 1;
      for (;;) {
        if (i >= end) fail('unterminated quoted term (missing closing \'"\')', open);
        const q = text.charCodeAt(i);
        if (q === 34) break;
        if (q === 92 /* \ */ && i + 1 < end) {
          const n = text.charCodeAt(i + 1);
          if (n === 34 || n === 92) {
            value += text.slice(chunk, i);
            chunk = i + 1;
            i += 2;
            continue;
          }
        }
        i++;
      }
      value += text.slice(chunk, i);
      i++;
      if (value === '') fail(`invalid character(s) in term '""'`, open);
      if (i < end && !isSpace(text.charCodeAt(i))) {
        let j = i;
        while (j < end && !isSpace(text.charCodeAt(j))) j++;
        fail(`invalid character(s) in term '${text.slice(termStart, j)}'; separate terms with spaces`, i);
      }
      terms.push({ type: 'Term', start: termStart, end: i, prefix, text: value, quoted: true });
      continue;
    }
    if (c === 37 /* % */) {
      fail('a regular expression (%...%) cannot be combined with terms; use it as the whole pattern', i);
    }
    let j = i;
    while (j < end && !isSpace(text.charCodeAt(j))) j++;
    for (let k = i; k < j; k++) {
      if (!isTermChar(text.charCodeAt(k))) {
        fail(
          `invalid character(s) in term '${text.slice(i, j)}'; terms with characters other than letters, digits and '_' must be in double quotes`,
          k,
        );
      }
    }
    terms.push({ type: 'Term', start: termStart, end: j, prefix, text: text.slice(i, j), quoted: false });
    i = j;
  }
  return { type: 'Terms', start, end, terms };
}
