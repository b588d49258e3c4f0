/**
 * String values with `*` wildcards, as `=` and `!=` compare them in JSON and space-delimited patterns.
 *
 * A leading `*` matches any prefix and a trailing `*` any suffix, so `*x` is "ends with x", `x*`
 * "starts with x", `*x*` "contains x" and `*` alone "any value". A `*` anywhere else is a literal
 * asterisk: "Ev*ent will only match the actual string Ev*ent" (FilterAndPatternSyntax, 2021 revision).
 * Quoting does not turn wildcards off (the CIS patterns use `"AccessDenied*"`). Compiled once to the
 * cheapest string operation.
 */

/** How a wildcard value compares. */
export type WildcardKind = 'any' | 'exact' | 'prefix' | 'suffix' | 'contains';

/** A compiled wildcard value. */
export interface WildcardMatcher {
  readonly kind: WildcardKind;
  /** The literal part (without the wildcard stars). */
  readonly literal: string;
}

/** Compiles a value text (quotes already removed) into a matcher. */
export function compileWildcard(text: string): WildcardMatcher {
  const leading = text.length > 0 && text.charCodeAt(0) === 42; /* * */
  const trailing = text.length > 1 && text.charCodeAt(text.length - 1) === 42; /* * */
  const literal = text.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return { kind: literal === '' ? 'any' : 'contains', literal };
  if (leading) return { kind: literal === '' ? 'any' : 'suffix', literal };
  if (trailing) return { kind: 'prefix', literal };
  return { kind: 'exact', literal };
}

/** True when `value` matches the wildcard. */
export function matchWildcard(m: WildcardMatcher, value: string): boolean {
  switch (m.kind) {
    case 'any': return true;
    case 'exact': return value === m.literal;
    case 'prefix': return value.startsWith(m.literal);
    case 'suffix': return value.endsWith(m.literal);
    case 'contains': return value.includes(m.literal);
  }
}
