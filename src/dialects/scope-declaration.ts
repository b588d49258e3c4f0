/**
 * The scope a rule declares next to itself (docs/scope.md): the root categories it is meant to catch.
 * Shared by every place a scope is written: a Sigma rule's `trailproof: {scope: [...]}`, a `# scope:`
 * header in a `.pattern` file, and `replay --scope DETECTION=...`.
 */
import { ROOT_CONTEXT_CATEGORIES, ROOT_USAGE_CATEGORIES, type RootCategory } from '../report/model.js';

const KNOWN: readonly RootCategory[] = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];

/** The words a scope list accepts besides category names. */
export const SCOPE_WORDS = {
  /** The five root-usage categories. */
  rootUsage: 'root-usage',
  /** No whole category: the rule is meant to catch only some root events (one action, sign-ins without MFA). */
  none: 'none',
} as const;

/** A parsed scope list, or what is wrong with it. */
export type ScopeParse = { readonly categories: readonly RootCategory[] } | { readonly error: string };

/**
 * Parses a scope list (names already split): root categories, `root-usage` for the five usage
 * categories, or `none` alone. Categories come back in report order, each once.
 */
export function parseScopeList(names: readonly string[]): ScopeParse {
  const wanted = new Set<RootCategory>();
  const words = names.map((n) => n.trim()).filter((n) => n !== '');
  if (words.length === 0) return { error: `empty scope: name root categories, '${SCOPE_WORDS.rootUsage}' or '${SCOPE_WORDS.none}'` };
  if (words.includes(SCOPE_WORDS.none)) {
    return words.length === 1 ? { categories: [] } : { error: `'${SCOPE_WORDS.none}' cannot be combined with categories` };
  }
  for (const w of words) {
    if (w === SCOPE_WORDS.rootUsage) for (const c of ROOT_USAGE_CATEGORIES) wanted.add(c);
    else if ((KNOWN as readonly string[]).includes(w)) wanted.add(w as RootCategory);
    else return { error: `unknown root category '${w}' (expected ${KNOWN.join(', ')}, ${SCOPE_WORDS.rootUsage} or ${SCOPE_WORDS.none})` };
  }
  return { categories: KNOWN.filter((c) => wanted.has(c)) };
}

/** Splits a comma-separated scope text (`a, b`) and parses it. */
export function parseScopeText(text: string): ScopeParse {
  return parseScopeList(text.split(','));
}
