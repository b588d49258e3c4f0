/**
 * Case folding for Sigma's case-insensitive matching (sigma-rules-specification.md "General": values
 * are case-insensitive strings).
 *
 * Each UTF-16 code unit folds on its own to its lowercase form, except where lowercasing would change
 * the length (U+0130) or turn a non-ASCII character into an ASCII one (U+212A KELVIN SIGN -> `k`).
 * Those stay as they are, so a value only ever matches an ASCII letter of a rule through an ASCII
 * letter of the record — the property the ASCII-lowercased prefilter relies on (see literals.ts).
 */

const nonAsciiFold = new Map<number, number>();

/** Folds one code unit. Allocation-free for ASCII; non-ASCII results are cached. */
export function foldUnit(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  let f = nonAsciiFold.get(c);
  if (f === undefined) {
    const lower = String.fromCharCode(c).toLowerCase();
    f = lower.length === 1 && lower.charCodeAt(0) >= 128 ? lower.charCodeAt(0) : c;
    nonAsciiFold.set(c, f);
  }
  return f;
}

/** Folds a whole string (compile time only: rule literals are stored folded). */
export function foldString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(foldUnit(s.charCodeAt(i)));
  return out;
}
