/**
 * Terminal styling for the table report: ANSI SGR colours, applied only when the caller asks for colour,
 * and a sanitiser that keeps untrusted text (rule titles, file names, event fields) from writing its own
 * escape sequences to the terminal.
 */

/** The styles the table uses. `plain` adds nothing. */
export type Style = 'plain' | 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'boldRed';

const SGR: Readonly<Record<Style, string>> = {
  plain: '',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  boldRed: '\u001b[1;31m',
};
const RESET = '\u001b[0m';

/** Wraps `text` in the style's escape codes when `color` is on; returns it unchanged otherwise. */
export function paint(text: string, style: Style, color: boolean): string {
  if (!color || style === 'plain' || text === '') return text;
  return SGR[style] + text + RESET;
}

/**
 * Replaces C0/C1 control characters (ESC, CR, BEL, ...) and lone surrogates with U+FFFD so a hostile
 * field cannot move the cursor or recolour the terminal; tabs and newlines become spaces.
 */
export function sanitize(text: string): string {
  let out: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let rep: string | null = null;
    if (c === 9 || c === 10 || c === 13) rep = ' ';
    else if (c < 32 || (c >= 127 && c < 160)) rep = '\ufffd';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (out !== null) out += text.slice(i, i + 2);
        i++;
        continue;
      }
      rep = '\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) rep = '\ufffd';
    if (rep !== null) {
      if (out === null) out = text.slice(0, i);
      out += rep;
    } else if (out !== null) out += text[i];
  }
  return out ?? text;
}

/** Display width in code points (wide East Asian characters count as one: good enough for alignment). */
export function width(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** Shortens `text` to at most `max` code units, ending in "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
  return text.slice(0, cut) + '…';
}
