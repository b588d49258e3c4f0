/**
 * Character classes shared by the scanners, and how characters are named in error messages.
 */

/** True for ASCII whitespace (space, tab, line feed, carriage return, form feed, vertical tab). */
export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

/** True for ASCII letters and digits. */
export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Names a character for an error message: `'@'`, `a single quote`, `a space`, `U+00E9`. */
export function describeChar(c: number): string {
  if (c === 39) return 'a single quote';
  if (c === 32) return 'a space';
  if (c >= 0x21 && c <= 0x7e) return `'${String.fromCharCode(c)}'`;
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}
