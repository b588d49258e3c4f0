/**
 * EQL scanner: a `charCodeAt` loop producing tokens with offsets (EQLSYN "Strings", "Escape a field
 * name"; elastic-rules.md Q5). Keywords are not recognised here: the parser reads them from unquoted
 * identifiers, so a backtick-quoted `` `and` `` stays a field name. `//` and `/* *\/` comments are
 * skipped, as Elasticsearch's EQL lexer hides them.
 */

/** Token kinds. `op` covers every operator and punctuation mark; its text says which. */
export type TokenKind = 'ident' | 'quotedIdent' | 'string' | 'number' | 'op' | 'eof';

/** One token; `value` is the decoded string of `string`/`quotedIdent` tokens. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** A scan error at an offset. */
export interface ScanError {
  readonly message: string;
  readonly offset: number;
}

const isIdentStart = (c: number): boolean => (c >= 97 && c <= 122) /* a-z */ || (c >= 65 && c <= 90) /* A-Z */ || c === 95 /* _ */ || c === 64; /* @ */
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c);

/** Two-character operators, tried before one-character ones. */
const TWO = new Set(['==', '!=', '<=', '>=']);
/** One-character operators and punctuation. */
const ONE = new Set(['(', ')', '[', ']', ',', '.', '?', '!', '|', '~', '<', '>', ':', '+', '-', '*', '/', '%', '=']);

/** Splits EQL text into tokens (ending with `eof`), or reports the first lexical error. */
export function scan(text: string): Token[] | ScanError {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 /* space */ || c === 9 /* tab */ || c === 10 /* \n */ || c === 13 /* \r */) {
      i++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) return { message: 'unterminated comment', offset: i };
      i = close + 2;
      continue;
    }
    const start = i;
    if (isIdentStart(c)) {
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const word = text.slice(start, i);
      tokens.push({ kind: 'ident', text: word, value: word, start, end: i });
      continue;
    }
    if (isDigit(c)) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46 /* . */ && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if (e === 101 /* e */ || e === 69 /* E */) {
        let j = i + 1;
        if (text.charCodeAt(j) === 43 /* + */ || text.charCodeAt(j) === 45 /* - */) j++;
        if (isDigit(text.charCodeAt(j))) {
          while (j < n && isDigit(text.charCodeAt(j))) j++;
          i = j;
        }
      }
      const t = text.slice(start, i);
      tokens.push({ kind: 'number', text: t, value: t, start, end: i });
      continue;
    }
    if (c === 96 /* ` */) {
      let value = '';
      i++;
      for (;;) {
        if (i >= n) return { message: 'unterminated quoted field name', offset: start };
        const d = text.charCodeAt(i);
        if (d === 96) {
          // `` inside backticks is one backtick (EQLSYN "Escape a field name").
          if (text.charCodeAt(i + 1) === 96) {
            value += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      if (value === '') return { message: 'empty quoted field name', offset: start };
      tokens.push({ kind: 'quotedIdent', text: text.slice(start, i), value, start, end: i });
      continue;
    }
    if (c === 39 /* ' */) return { message: 'single quotes are not supported, use double quotes', offset: i };
    if (c === 34 /* " */) {
      const s = scanString(text, i);
      if ('message' in s) return s;
      tokens.push({ kind: 'string', text: text.slice(start, s.end), value: s.value, start, end: s.end });
      i = s.end;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO.has(two)) {
      tokens.push({ kind: 'op', text: two, value: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    const one = text[i] as string;
    if (ONE.has(one)) {
      tokens.push({ kind: 'op', text: one, value: one, start, end: i + 1 });
      i++;
      continue;
    }
    return { message: `unexpected character '${one}'`, offset: i };
  }
  tokens.push({ kind: 'eof', text: '', value: '', start: n, end: n });
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' };

/** A `"…"` string with escapes, or a raw `"""…"""` string (EQLSYN "Strings", Q5). */
function scanString(text: string, start: number): { value: string; end: number } | ScanError {
  if (text.startsWith('"""', start)) {
    const close = text.indexOf('"""', start + 3);
    if (close < 0) return { message: 'unterminated raw string', offset: start };
    return { value: text.slice(start + 3, close), end: close + 3 };
  }
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return { message: 'unterminated string', offset: start };
    const ch = text[i] as string;
    if (ch === '"') return { value, end: i + 1 };
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === 'u' && text[i + 2] === '{') {
      // \u{XXXX}: 2 to 8 hex digits.
      const close = text.indexOf('}', i + 3);
      const hex = close < 0 ? '' : text.slice(i + 3, close);
      if (!/^[0-9a-fA-F]{2,8}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) return { message: 'invalid unicode escape, expected \\u{XXXX} with 2 to 8 hex digits', offset: i };
      value += String.fromCodePoint(parseInt(hex, 16));
      i = close + 1;
      continue;
    }
    const decoded = next === undefined ? undefined : ESCAPES[next];
    if (decoded === undefined) return { message: `invalid escape '\\${next ?? ''}' in string`, offset: i };
    value += decoded;
    i += 2;
  }
}
