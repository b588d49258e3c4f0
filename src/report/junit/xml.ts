/**
 * XML 1.0 escaping for the JUnit report. Strings come from untrusted input (rule titles, file names,
 * event IDs), so besides the markup characters every code point XML 1.0 forbids is replaced.
 */

/**
 * Replaces characters outside the XML 1.0 `Char` production (C0 controls other than tab, LF and CR;
 * lone surrogates; U+FFFE and U+FFFF) with U+FFFD (https://www.w3.org/TR/xml/#charsets).
 */
export function xmlChars(text: string): string {
  let out: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let ok: boolean;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (out !== null) out += text.slice(i, i + 2);
        i++;
        continue;
      }
      ok = false;
    } else {
      ok = c === 9 || c === 10 || c === 13 || (c >= 0x20 && c < 0xdc00) || (c > 0xdfff && c < 0xfffe);
    }
    if (!ok) {
      if (out === null) out = text.slice(0, i);
      out += '\ufffd';
    } else if (out !== null) out += text[i];
  }
  return out ?? text;
}

/** Escapes character data (element content): `&`, `<` and `>` (the last so `]]>` can never appear). */
export function escapeText(text: string): string {
  return xmlChars(text).replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'));
}

const ATTR: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Escapes an attribute value for use inside double quotes. Tab, LF and CR become character references
 * because attribute-value normalisation would otherwise turn them into spaces.
 */
export function escapeAttr(text: string): string {
  return xmlChars(text).replace(/[&<>"'\t\n\r]/g, (ch) => ATTR[ch] ?? ch);
}
