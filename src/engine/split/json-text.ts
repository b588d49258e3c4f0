/**
 * Small helpers over JSON text that the scanner, the format detector and the per-format item handlers
 * share: skipping a string or a whole value without building it, reading an object's top-level members,
 * validating a literal, and telling whether a text has whitespace outside its strings.
 *
 * They work on a *string* (already UTF-8 decoded) with integer offsets, like the scanner, and never throw.
 */

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Returns the offset just past the string whose opening quote is at `open`, or -1 when the text ends
 * before the closing quote. A quote is escaped when an odd run of backslashes precedes it.
 */
export function skipString(s: string, open: number): number {
  const q = closingQuote(s, open + 1);
  return q === -1 ? -1 : q + 1;
}

/**
 * Offset of the first unescaped `"` at or after `from`, or -1. `from` must be where a string's content
 * starts, or just past an escaped character, so that backslash runs are counted from there.
 */
export function closingQuote(s: string, from: number): number {
  let q = s.indexOf('"', from);
  while (q !== -1) {
    let k = q - 1;
    while (k >= from && s.charCodeAt(k) === BACKSLASH) k--;
    if (((q - 1 - k) & 1) === 0) return q;
    q = s.indexOf('"', q + 1);
  }
  return -1;
}

/** True when `s` ends with an odd run of backslashes counted from `from`: the next character is escaped. */
export function oddTrailingBackslashes(s: string, from: number): boolean {
  let k = s.length - 1;
  while (k >= from && s.charCodeAt(k) === BACKSLASH) k--;
  return ((s.length - 1 - k) & 1) === 1;
}

/** True for the characters JSON allows as whitespace (space, tab, line feed, carriage return). */
export function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Offset of the first non-whitespace character at or after `i` (or `s.length`). */
export function skipSpace(s: string, i: number): number {
  const n = s.length;
  while (i < n && isJsonSpace(s.charCodeAt(i))) i++;
  return i;
}

/**
 * Returns the offset just past the value starting at `i` (which must not be whitespace), or -1 when
 * the text ends inside it. Structure is only balanced, not validated: callers use it on text the
 * scanner has already checked, or on a head where a best effort is enough.
 */
export function skipValue(s: string, i: number): number {
  const n = s.length;
  const c = s.charCodeAt(i);
  if (c === QUOTE) return skipString(s, i);
  if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
    let depth = 0;
    while (i < n) {
      const d = s.charCodeAt(i);
      if (d === QUOTE) {
        i = skipString(s, i);
        if (i === -1) return -1;
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else if (d === 0x7d /* } */ || d === 0x5d /* ] */) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  while (i < n && LITERAL_CHAR[s.charCodeAt(i)] === 1) i++;
  return i === n ? -1 : i;
}

/** One top-level member of an object text: its key and the span of its value. */
export interface Member {
  /** The key, its escapes decoded (`"Rec\u006frds"` is `Records`); as written when they do not decode. */
  readonly key: string;
  readonly valueStart: number;
  /** Offset just past the value, or -1 when the text ends inside it. */
  readonly valueEnd: number;
}

/**
 * Lists the top-level members of the object starting at `open` (its `{`), stopping at the object's end
 * or where the text runs out (a head of a file), so it also serves format detection. Keys are decoded
 * as JSON.parse would decode them, so an escaped key is the key it spells.
 */
export function objectMembers(s: string, open: number): Member[] {
  const out: Member[] = [];
  let i = skipSpace(s, open + 1);
  const n = s.length;
  while (i < n && s.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(s, i);
    if (keyEnd === -1) break;
    const key = decodeStringToken(s, i, keyEnd);
    i = skipSpace(s, keyEnd);
    if (i >= n || s.charCodeAt(i) !== 0x3a /* : */) break;
    const valueStart = skipSpace(s, i + 1);
    if (valueStart >= n) break;
    const valueEnd = skipValue(s, valueStart);
    out.push({ key, valueStart, valueEnd });
    if (valueEnd === -1) break;
    i = skipSpace(s, valueEnd);
    if (i >= n || s.charCodeAt(i) !== 0x2c /* , */) break;
    i = skipSpace(s, i + 1);
  }
  return out;
}

/**
 * The string token s[open, end) (quotes included) decoded: as written when it has no backslash, else
 * through JSON.parse; as written when that fails (a bad escape), so a broken key matches nothing known.
 */
export function decodeStringToken(s: string, open: number, end: number): string {
  const raw = s.slice(open + 1, end - 1);
  if (raw.indexOf('\\') === -1) return raw;
  try {
    return JSON.parse(s.slice(open, end)) as string;
  } catch {
    return raw;
  }
}

/** Finds the member named `key` among `members`. */
export function member(members: readonly Member[], key: string): Member | undefined {
  for (const m of members) if (m.key === key) return m;
  return undefined;
}

/**
 * True when the JSON text has whitespace outside its strings: such a text is not the compact form
 * CloudWatch Logs receives and must be re-serialised.
 */
export function hasStructuralSpace(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(s, i);
      if (i === -1) return false;
      continue;
    }
    if (isJsonSpace(c)) return true;
    i++;
  }
  return false;
}

/**
 * 1 for the characters a JSON literal (`true`, `false`, `null`, a number) can be made of, and for the
 * letters and digits a malformed literal is likely made of, so a bad literal is read whole before it
 * is rejected.
 */
export const LITERAL_CHAR: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = 1;
  t[0x2b] = 1; // +
  t[0x2d] = 1; // -
  t[0x2e] = 1; // .
  t[0x5f] = 1; // _
  return t;
})();

/** True when `s.slice(a, b)` is `true`, `false`, `null` or a JSON number (RFC 8259 §6). */
export function isJsonLiteral(s: string, a: number, b: number): boolean {
  const len = b - a;
  const c0 = s.charCodeAt(a);
  if (c0 === 0x74 /* t */) return len === 4 && s.startsWith('true', a);
  if (c0 === 0x66 /* f */) return len === 5 && s.startsWith('false', a);
  if (c0 === 0x6e /* n */) return len === 4 && s.startsWith('null', a);
  // number = [ minus ] int [ frac ] [ exp ]
  let i = a;
  if (c0 === 0x2d /* - */) i++;
  if (i >= b) return false;
  let c = s.charCodeAt(i);
  if (c === 0x30 /* 0 */) i++;
  else if (c >= 0x31 && c <= 0x39) {
    while (i < b && isDigit(s.charCodeAt(i))) i++;
  } else return false;
  if (i < b && s.charCodeAt(i) === 0x2e /* . */) {
    i++;
    const d = i;
    while (i < b && isDigit(s.charCodeAt(i))) i++;
    if (i === d) return false;
  }
  if (i < b) {
    c = s.charCodeAt(i);
    if (c !== 0x65 /* e */ && c !== 0x45 /* E */) return false;
    i++;
    c = s.charCodeAt(i);
    if (c === 0x2b || c === 0x2d) i++;
    const d = i;
    while (i < b && isDigit(s.charCodeAt(i))) i++;
    if (i === d) return false;
  }
  return i === b;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** A raw control character (U+0000 to U+001F), which JSON never allows inside a string. */
const CONTROL_CHAR = /[\u0000-\u001f]/;

/**
 * True when a compact JSON text whose structure and literals are already checked (a scanner's item,
 * without whitespace outside its strings) still fails `JSON.parse`: a string holds a raw control
 * character or an escape RFC 8259 §7 does not define (`\x`, or `\u` without four hex digits). Such a
 * text has no control character outside its strings and no backslash outside them, so neither needs
 * telling where strings are. Lets a path that skips parsing count the record as parsing would.
 */
export function hasInvalidStringContent(s: string): boolean {
  let i = s.indexOf('\\');
  while (i !== -1) {
    const c = s.charCodeAt(i + 1);
    if (c === 0x75 /* u */) {
      if (!(isHexDigit(s.charCodeAt(i + 2)) && isHexDigit(s.charCodeAt(i + 3)) && isHexDigit(s.charCodeAt(i + 4)) && isHexDigit(s.charCodeAt(i + 5)))) return true;
      i = s.indexOf('\\', i + 6);
    } else if (c === 0x22 || c === BACKSLASH || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) {
      i = s.indexOf('\\', i + 2);
    } else {
      return true;
    }
  }
  return CONTROL_CHAR.test(s);
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** Shows a character in a message: printable ones quoted, others as U+XXXX. */
export function describeChar(c: number): string {
  if (c >= 0x21 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
