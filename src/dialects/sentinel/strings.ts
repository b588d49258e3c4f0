/**
 * KQL string operators with their exact case rules (sentinel-kql.md §3.1, STROPS).
 *
 * Terms (§3.1 rule 1): maximal runs of ASCII letters and digits. `has` with a right side of several
 * terms (§3.1 rule 2, unverified) is read as a phrase: those terms consecutive in the left side.
 * Case-insensitive operators fold case for the comparison only (§3.1 rule 3), with `foldCase`.
 */

/**
 * Case folding for the case-insensitive operators: Unicode lowercase, except that a non-ASCII character
 * whose lowercase holds an ASCII one (U+0130 İ, U+212A KELVIN SIGN) stays as it is, so an ASCII letter
 * only ever matches an ASCII letter and prefilter literals stay sound on the raw record text (a decision,
 * docs/sentinel.md: no rule compares such characters).
 */
export function foldCase(s: string): string {
  if (!/[^\x00-\x7f]/.test(s)) return s.toLowerCase();
  let out = '';
  for (const c of s) {
    if (c.charCodeAt(0) < 0x80) out += c.toLowerCase();
    else {
      const l = c.toLowerCase();
      out += /[\x00-\x7f]/.test(l) ? c : l;
    }
  }
  return out;
}

/** The terms of a string: maximal alphanumeric runs. */
export function termsOf(s: string): string[] {
  return s.match(/[A-Za-z0-9]+/g) ?? [];
}

function fold(s: string, cs: boolean): string {
  return cs ? s : foldCase(s);
}

/** `has` / `has_cs`: the right side's terms appear consecutively among the left side's terms. */
export function has(l: string, r: string, cs: boolean): boolean {
  const want = termsOf(fold(r, cs));
  // No term on the right (punctuation only, or empty): read as a substring test (a decision, docs/sentinel.md).
  if (want.length === 0) return fold(l, cs).includes(fold(r, cs));
  const got = termsOf(fold(l, cs));
  outer: for (let i = 0; i + want.length <= got.length; i++) {
    for (let j = 0; j < want.length; j++) if (got[i + j] !== want[j]) continue outer;
    return true;
  }
  return false;
}

/** `hasprefix` / `hassuffix`: a term of the left side starts / ends with the right side. */
export function hasAffix(l: string, r: string, cs: boolean, suffix: boolean): boolean {
  const want = fold(r, cs);
  return termsOf(fold(l, cs)).some((t) => (suffix ? t.endsWith(want) : t.startsWith(want)));
}

/** Evaluates a binary string operator (without its `!`); null when `op` is not one. */
export function stringOp(op: string, l: string, r: string): boolean | null {
  const cs = op.endsWith('_cs');
  const base = cs ? op.slice(0, -3) : op;
  switch (base) {
    case 'contains':
      return fold(l, cs).includes(fold(r, cs));
    case 'startswith':
      return fold(l, cs).startsWith(fold(r, cs));
    case 'endswith':
      return fold(l, cs).endsWith(fold(r, cs));
    case 'has':
      return has(l, r, cs);
    case 'hasprefix':
      return hasAffix(l, r, cs, false);
    case 'hassuffix':
      return hasAffix(l, r, cs, true);
    default:
      return null;
  }
}
