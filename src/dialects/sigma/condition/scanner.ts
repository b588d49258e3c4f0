/**
 * Condition scanner: a `charCodeAt` loop over the condition text, producing tokens with offsets.
 *
 * Identifier characters are letters, digits, `_`, `-` and `*` (the wildcard of identifier patterns),
 * the set pySigma's condition grammar accepts. Keywords are whole words, so `notable` is an identifier,
 * not `not able` (the pySigma quirk in the reference notes, sigma.md §5).
 */
import { keywords, tt } from './tokens.js';
import type { Token } from './tokens.js';

/** A scan error: the offending character and its offset. */
export interface ScanError {
  readonly message: string;
  readonly offset: number;
}

function isIdentChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) /* a-z */ ||
    (c >= 65 && c <= 90) /* A-Z */ ||
    (c >= 48 && c <= 57) /* 0-9 */ ||
    c === 95 /* _ */ ||
    c === 45 /* - */ ||
    c === 42 /* * */
  );
}

function isDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Splits a condition into tokens (ending with an `eof` token), or reports the first bad character. */
export function scan(text: string): Token[] | ScanError {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    switch (c) {
      case 32: // space
      case 9: // tab
      case 10: // \n
      case 13: // \r
        i++;
        continue;
      case 40: // (
        tokens.push({ kind: tt.parenL, text: '(', start: i, end: i + 1 });
        i++;
        continue;
      case 41: // )
        tokens.push({ kind: tt.parenR, text: ')', start: i, end: i + 1 });
        i++;
        continue;
      case 124: // |
        // Sigma v1 aggregation syntax follows; the parser reports it, so the rest is not scanned.
        tokens.push({ kind: tt.pipe, text: '|', start: i, end: i + 1 });
        tokens.push({ kind: tt.eof, text: '', start: text.length, end: text.length });
        return tokens;
    }
    if (!isIdentChar(c)) {
      return { message: `unexpected character '${text.charAt(i)}'`, offset: i };
    }
    const start = i;
    while (i < text.length && isIdentChar(text.charCodeAt(i))) i++;
    const word = text.slice(start, i);
    const kind = keywords.get(word) ?? (isDigits(word) ? tt.number : tt.name);
    tokens.push({ kind, text: word, start, end: i });
  }
  tokens.push({ kind: tt.eof, text: '', start: text.length, end: text.length });
  return tokens;
}
