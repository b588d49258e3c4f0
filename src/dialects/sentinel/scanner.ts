/**
 * The KQL scanner: query text → tokens with offsets. Hyphenated operator names (`project-away`) and the
 * negated / case-insensitive operator spellings (`!contains`, `in~`, `!in~`) are single tokens, as in
 * Kusto's grammar; `//` comments are skipped.
 */
import { SentinelCode } from './codes.js';
import { KqlError } from './errors.js';

/** Token kinds. */
export type TokenKind = 'name' | 'string' | 'number' | 'timespan' | 'punct' | 'eof';

/** One token: `value` is the decoded text (string contents, number text, the name or punctuation). */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** Milliseconds, for a timespan literal. */
  readonly ms?: number;
}

/** Names Kusto writes with a hyphen (tabular operators). */
const HYPHENATED = new Set(['project-away', 'project-rename', 'project-reorder', 'project-keep', 'mv-expand', 'mv-apply', 'make-series', 'parse-where', 'parse-kv', 'top-nested', 'top-hitters', 'externaldata']);

/** Punctuation, longest first. */
const PUNCT = ['!contains_cs', '!startswith_cs', '!endswith_cs', '!hasprefix_cs', '!hassuffix_cs', '!has_cs', '!contains', '!startswith', '!endswith', '!hasprefix', '!hassuffix', '!between', '!has', '!in~', '!in', '==', '!=', '=~', '!~', '<=', '>=', '<>', '..', '|', '(', ')', '[', ']', '{', '}', ',', ';', '.', '=', '<', '>', '+', '-', '*', '/', '%', ':'];

/** Timespan units (STRING/timespan literal forms the rules use), in milliseconds. */
const UNITS: Readonly<Record<string, number>> = {
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  s: 1000, sec: 1000, second: 1000, seconds: 1000,
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
};

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 36 /* $ */;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c);
}

/** Splits a query into tokens; throws `KqlError` on a character or literal Kusto would reject. */
export function scan(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    const start = i;
    // Verbatim (@"…") and obfuscated (h"…") strings: the prefix only changes how the text is written.
    if ((c === 64 /* @ */ || c === 104 /* h */ || c === 72 /* H */) && (text[i + 1] === '"' || text[i + 1] === "'")) {
      const verbatim = c === 64;
      const s = readString(text, i + 1, verbatim);
      tokens.push({ kind: 'string', value: s.value, start, end: s.end });
      i = s.end;
      continue;
    }
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const s = readString(text, i, false);
      tokens.push({ kind: 'string', value: s.value, start, end: s.end });
      i = s.end;
      continue;
    }
    if (isDigit(c)) {
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text[i] === '.' && isDigit(text.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      if ((text[i] === 'e' || text[i] === 'E') && (isDigit(text.charCodeAt(i + 1)) || ((text[i + 1] === '-' || text[i + 1] === '+') && isDigit(text.charCodeAt(i + 2))))) {
        i += 2;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const num = text.slice(start, i);
      if (isNameStart(text.charCodeAt(i))) {
        let j = i;
        while (j < n && isNamePart(text.charCodeAt(j))) j++;
        const unit = text.slice(i, j).toLowerCase();
        const scale = UNITS[unit];
        if (scale === undefined) throw new KqlError(SentinelCode.syntax, `unknown timespan unit '${text.slice(i, j)}'`, i);
        tokens.push({ kind: 'timespan', value: text.slice(start, j), start, end: j, ms: Number(num) * scale });
        i = j;
        continue;
      }
      tokens.push({ kind: 'number', value: num, start, end: i });
      continue;
    }
    if (isNameStart(c)) {
      while (i < n && isNamePart(text.charCodeAt(i))) i++;
      let word = text.slice(start, i);
      if (text[i] === '-' && isNameStart(text.charCodeAt(i + 1))) {
        let j = i + 1;
        while (j < n && isNamePart(text.charCodeAt(j))) j++;
        const joined = `${word}-${text.slice(i + 1, j)}`;
        if (HYPHENATED.has(joined.toLowerCase())) {
          word = joined;
          i = j;
        }
      }
      // `in~` is one operator; the `_cs` spellings are plain names.
      if (word === 'in' && text[i] === '~') {
        word = 'in~';
        i++;
      }
      tokens.push({ kind: 'name', value: word, start, end: i });
      // datetime(…) / timespan(…) literals hold text that is not made of tokens (2024-01-01T00:00:00Z).
      if ((word === 'datetime' || word === 'timespan') && text[i] === '(') {
        const close = text.indexOf(')', i);
        if (close === -1) throw new KqlError(SentinelCode.syntax, `unbalanced brackets: this '(' is never closed`, i);
        tokens.push({ kind: 'punct', value: '(', start: i, end: i + 1 });
        tokens.push({ kind: 'string', value: text.slice(i + 1, close).trim(), start: i + 1, end: close });
        tokens.push({ kind: 'punct', value: ')', start: close, end: close + 1 });
        i = close + 1;
      }
      continue;
    }
    const p = PUNCT.find((q) => text.startsWith(q, i) && !(q.startsWith('!') && q.length > 2 && isNamePart(text.charCodeAt(i + q.length))));
    if (p === undefined) throw new KqlError(SentinelCode.syntax, `unexpected character '${text[i]}'`, i);
    tokens.push({ kind: 'punct', value: p, start, end: i + p.length });
    i += p.length;
  }
  tokens.push({ kind: 'eof', value: '', start: n, end: n });
  return tokens;
}

/** Reads a quoted literal at `at` (the quote); backslash escapes unless verbatim (STRING). */
function readString(text: string, at: number, verbatim: boolean): { value: string; end: number } {
  const quote = text[at]!;
  let i = at + 1;
  let value = '';
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === quote) {
      if (verbatim && text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    if (ch === '\n' && !verbatim) break;
    if (ch === '\\' && !verbatim) {
      const e = text[i + 1];
      const simple: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0' };
      if (e !== undefined && simple[e] !== undefined) {
        value += simple[e];
        i += 2;
        continue;
      }
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      throw new KqlError(SentinelCode.syntax, `unknown escape '\\${e ?? ''}' in string literal`, i);
    }
    value += ch;
    i++;
  }
  throw new KqlError(SentinelCode.syntax, 'unterminated string literal', at);
}
