/**
 * Decoding the `\u` escapes of a record's raw JSON text, so that literal prefilters can be tested on
 * it: a `\u` escape may spell any character of a value (`"\u0052oot"` is `"Root"`), and every other
 * escape stands for a character prefilter literals never hold (the contract in src/dialects/types.ts).
 */

/**
 * The text with every `\uXXXX` escape (RFC 8259 §7) replaced by the UTF-16 code unit it stands for,
 * other escapes kept as they are (`\\u0041` is an escaped backslash, then `u0041`). Null when a `\u` is
 * not followed by four hex digits: the text is not valid JSON, and the caller parses it to say so.
 */
export function decodeUnicodeEscapes(text: string): string | null {
  let out = '';
  let from = 0;
  for (let i = text.indexOf('\\'); i !== -1; i = text.indexOf('\\', i)) {
    if (text.charCodeAt(i + 1) !== 0x75 /* u */) {
      i += 2;
      continue;
    }
    const code = hex4(text, i + 2);
    if (code < 0) return null;
    out += text.slice(from, i) + String.fromCharCode(code);
    i += 6;
    from = i;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The value of the four hex digits at `at`, or -1. */
function hex4(text: string, at: number): number {
  let v = 0;
  for (let k = at; k < at + 4; k++) {
    const c = text.charCodeAt(k);
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}
