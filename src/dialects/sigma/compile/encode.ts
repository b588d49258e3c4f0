/**
 * Value encodings of the Sigma modifiers appendix ("Encoding", "String Modifiers"): base64,
 * base64offset, utf16le/utf16be/utf16 and windash.
 *
 * Encoded values are "binary strings": one character per byte (code units 0-255), so that a UTF-16
 * value can be base64-encoded byte for byte afterwards. Plain text is encoded as UTF-8 bytes first.
 */
import { Buffer } from 'node:buffer';
import { concat } from '../sigma-string.js';
import type { Part } from '../sigma-string.js';

/** The bytes of a value: binary strings byte for byte, text as UTF-8. */
function valueBytes(text: string, binary: boolean): Buffer {
  return binary ? Buffer.from(text, 'latin1') : Buffer.from(text, 'utf8');
}

/** `base64`: the standard base64 encoding of the value's bytes. */
export function base64(text: string, binary: boolean): string {
  return valueBytes(text, binary).toString('base64');
}

/**
 * `base64offset`: the three encodings of the value as it would appear at byte offsets 0, 1 and 2 of a
 * longer encoded text, trimmed to the characters that do not depend on the surrounding bytes.
 * Same cut as pySigma `SigmaBase64OffsetModifier`: start offsets 0, 2, 3; the end trim depends on
 * the total length modulo 3.
 */
export function base64Offsets(text: string, binary: boolean): string[] {
  const data = valueBytes(text, binary);
  const startCut = [0, 2, 3];
  const endCut = [0, 3, 2];
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift, 0x20), data]);
    const encoded = padded.toString('base64');
    const trimEnd = endCut[(data.length + shift) % 3] as number;
    out.push(encoded.slice(startCut[shift], encoded.length - trimEnd));
  }
  return out;
}

/** UTF-16 encodings, as binary strings. */
export type Utf16Form = 'le' | 'be' | 'bom';

/** Encodes text as UTF-16 (`bom`: little endian after the FF FE byte order mark, as `utf16` specifies). */
export function utf16(text: string, form: Utf16Form): string {
  let out = form === 'bom' ? '\u00ff\u00fe' : '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const lo = String.fromCharCode(c & 0xff);
    const hi = String.fromCharCode(c >> 8);
    out += form === 'be' ? hi + lo : lo + hi;
  }
  return out;
}

/** The characters `windash` makes interchangeable (modifiers appendix v2.1: `-`, `/`, en dash, em dash, horizontal bar). */
const WINDASH_CHARS: readonly string[] = ['-', '/', '\u2013', '\u2014', '\u2015'];

/** Upper bound on windash variants: 5^n grows fast, and a rule with more dashes is refused. */
export const MAX_WINDASH_VARIANTS = 3125;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * `windash`: every variant of the value where each dash-like character at the start of a word (not
 * preceded by a word character, followed by one — pySigma's `\B[-/]\b`) is replaced by each of the
 * five characters. Wildcards end a literal run, as in pySigma, so a dash before a wildcard is kept.
 * Returns null when the variants would exceed `MAX_WINDASH_VARIANTS`.
 */
export function windash(parts: readonly Part[]): Part[][] | null {
  let variants: Part[][] = [[]];
  for (const part of parts) {
    if (typeof part !== 'string') {
      variants = variants.map((v) => concat(v, [part]));
      continue;
    }
    // Split the literal into fixed runs and switchable dash positions.
    const pieces: (string | null)[] = [];
    let run = '';
    for (let i = 0; i < part.length; i++) {
      const ch = part.charAt(i);
      const prev = i > 0 ? part.charCodeAt(i - 1) : -1;
      const next = i + 1 < part.length ? part.charCodeAt(i + 1) : -1;
      if (WINDASH_CHARS.includes(ch) && !isWordChar(prev) && next >= 0 && isWordChar(next)) {
        pieces.push(run, null);
        run = '';
      } else {
        run += ch;
      }
    }
    pieces.push(run);
    for (const piece of pieces) {
      if (piece === null) {
        if (variants.length * WINDASH_CHARS.length > MAX_WINDASH_VARIANTS) return null;
        const grown: Part[][] = [];
        for (const v of variants) for (const d of WINDASH_CHARS) grown.push(concat(v, [d]));
        variants = grown;
      } else if (piece.length > 0) {
        variants = variants.map((v) => concat(v, [piece]));
      }
    }
  }
  return variants;
}
