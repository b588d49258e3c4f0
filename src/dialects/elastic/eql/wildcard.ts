/**
 * Wildcard patterns of `:`, `like` and `like~` (EQLSYN "Wildcards"; elastic-rules.md Q2, Q4): `*` is zero
 * or more characters, `?` exactly one, everything else literal (EQL has no escape for them), matched
 * against the whole value.
 *
 * Case-insensitive matching follows the query Elasticsearch builds (a wildcard or term query with
 * `case_insensitive`): each pattern character matches itself and its simple lower- and upper-case
 * forms, and nothing else. So ASCII letters fold only to ASCII letters (the KELVIN SIGN does not match
 * `k`), which keeps case-insensitive prefilter literals sound.
 */

/** Characters escaped outside a class (with the `u` flag only syntax characters may be escaped). */
const SYNTAX = /[\\^$.*+?()[\]{}|/]/;
/** Characters escaped inside a class. */
const CLASS_SYNTAX = /[\\\]\[^-]/;

function escapeChar(ch: string): string {
  return SYNTAX.test(ch) ? `\\${ch}` : ch;
}

/** The character itself and its one-code-point simple case forms, as a RegExp fragment. */
function caseClass(ch: string): string {
  const forms = new Set([ch]);
  for (const f of [ch.toLowerCase(), ch.toUpperCase()]) if ([...f].length === 1) forms.add(f);
  if (forms.size === 1) return escapeChar(ch);
  return `[${[...forms].map((f) => (CLASS_SYNTAX.test(f) ? `\\${f}` : f)).join('')}]`;
}

/** RegExp source for a literal string, each character folded when `insensitive`. */
function literalSource(text: string, insensitive: boolean): string {
  let out = '';
  for (const ch of text) out += insensitive ? caseClass(ch) : escapeChar(ch);
  return out;
}

/** Compiles a wildcard pattern to an anchored RegExp (`u` flag: `?` is one code point). */
export function wildcardRegExp(pattern: string, insensitive: boolean): RegExp {
  let src = '';
  for (const ch of pattern) {
    if (ch === '*') src += '[^]*';
    else if (ch === '?') src += '[^]';
    else src += insensitive ? caseClass(ch) : escapeChar(ch);
  }
  return new RegExp(`^${src}$`, 'u');
}

/** Case-insensitive equality as `in~` and `:` without wildcards evaluate it (see the module comment). */
export function equalsInsensitive(value: string, query: string): boolean {
  if (value === query) return true;
  return new RegExp(`^${literalSource(query, true)}$`, 'u').test(value);
}

/** The literal runs of a wildcard pattern, longest first. */
export function wildcardRuns(pattern: string): string[] {
  return pattern
    .split(/[*?]/)
    .filter((r) => r !== '')
    .sort((a, b) => b.length - a.length);
}
