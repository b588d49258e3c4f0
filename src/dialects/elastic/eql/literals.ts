/**
 * Prefilter literals for an EQL condition (contract: src/dialects/types.ts `Prefilter`: false positives
 * allowed, false negatives never).
 *
 * The EQL side says what a matching document's field must look like (a `TextNeed`: its whole value
 * equals a text, or contains it, case-sensitively or not); the mapping says what that implies for the
 * raw CloudTrail record text, through the `literalsFor` hook, because only the mapping knows whether an
 * ECS field is a verbatim copy of a CloudTrail string (`event.action` ← `eventName`) or derived
 * (`event.outcome`, `data_stream.dataset`, the `toString()` of `request_parameters`), for which the
 * hook must return null. `verbatimLiterals` implements the hook for verbatim copies.
 *
 * What gives a need (anything else gives none, which is always sound):
 *   - `field == "s"` (Q2), `field : "s"` / `like` / `like~` without wildcards: equals s;
 *   - `:` / `like` / `like~` with wildcards: contains the longest literal run (Q4);
 *   - `field in ("a", "b")` / `in~`: equals one of them (Q3);
 *   - `startsWith`, `endsWith`, `stringContains` (and `~`) of a field and a non-empty constant: contains it.
 * `and` keeps every conjunct's needs; `or` needs one need from each side (their union); `not`, `!=`,
 * `not in`, `regex`, numbers and comparisons give none.
 */
import type { Prefilter } from '../../types.js';
import type { Expr } from './ast.js';
import { wildcardRuns } from './wildcard.js';

/**
 * What a matching document's field holds. `fold` says how case-insensitive needs compare: `simple`
 * (`:`, `like~`, `in~`: each query character matches its simple case forms only, so ASCII stays ASCII)
 * or `lower` (the `~` functions lower-case both sides, where U+212A KELVIN SIGN becomes `k` and U+0130
 * becomes `i` + a combining dot).
 */
export interface TextNeed {
  readonly kind: 'equals' | 'contains';
  readonly text: string;
  readonly caseInsensitive: boolean;
  readonly fold: 'simple' | 'lower';
}

/** Record-text literals implied by a need on an ECS field (one of them is in every such record), or null. */
export interface Literals {
  readonly anyOf: readonly string[];
  readonly caseInsensitive: boolean;
}

/** The mapping's hook: null when the field is not a verbatim copy or the need proves nothing. */
export type LiteralsFor = (field: string, need: TextNeed) => Literals | null;

/** Shorter literals admit nearly every record. */
const MIN_LITERAL = 3;
/** Printable ASCII a JSON writer never escapes (`/` may be written `\/`). */
const SAFE = /^[\x20-\x7e]*$/;
const UNSAFE = /["\\/]/;
const JSON_NUMBER = /^\s*-?(\d|\.\d)/;

/**
 * The hook for ECS fields that copy a CloudTrail string value verbatim (`isVerbatim(field)`): an exact
 * value is that JSON string token, quoted; a contained text appears unquoted.
 */
export function verbatimLiterals(isVerbatim: (field: string) => boolean): LiteralsFor {
  return (field, need) => {
    if (!isVerbatim(field)) return null;
    const text = need.text;
    if (!SAFE.test(text) || UNSAFE.test(text)) return null;
    // A keyword holding a JSON number or boolean has its text ("7", "true") but no quotes in the
    // record, and a number has other spellings (7.0, 7e0): decline numbers, unquote the literals.
    if (need.kind === 'equals' && JSON_NUMBER.test(text)) return null;
    if (need.kind === 'equals' && (need.caseInsensitive ? /^(true|false)$/i : /^(true|false)$/).test(text)) return { anyOf: [text.toLowerCase()], caseInsensitive: need.caseInsensitive };
    // Under lower-casing, record text with U+212A or U+0130 can produce `k` / `i` the ASCII fold misses.
    if (need.caseInsensitive && need.fold === 'lower' && /[ikIK]/.test(text)) return null;
    const body = need.caseInsensitive ? text.toLowerCase() : text;
    return { anyOf: [need.kind === 'equals' ? `"${body}"` : body], caseInsensitive: need.caseInsensitive };
  };
}

type Group = Literals;

function needsOf(e: Expr, hook: LiteralsFor): Group[] {
  switch (e.kind) {
    case 'and':
      return [...needsOf(e.left, hook), ...needsOf(e.right, hook)];
    case 'or': {
      const a = best(needsOf(e.left, hook));
      const b = best(needsOf(e.right, hook));
      if (a === null || b === null) return [];
      return [merge([a, b])];
    }
    case 'compare': {
      if (e.op !== '==') return [];
      const [field, lit] = e.left.kind === 'field' ? [e.left, e.right] : [e.right, e.left];
      if (field.kind !== 'field' || lit.kind !== 'literal' || typeof lit.value !== 'string') return [];
      return one(hook(field.path, { kind: 'equals', text: lit.value, caseInsensitive: false, fold: 'simple' }));
    }
    case 'pattern': {
      if (e.op !== 'like' || e.operand.kind !== 'field') return [];
      const path = e.operand.path;
      const parts: Group[] = [];
      for (const p of e.patterns) {
        if (typeof p.value !== 'string') return [];
        const runs = wildcardRuns(p.value);
        const wild = /[*?]/.test(p.value);
        const text = wild ? runs[0] : p.value;
        if (text === undefined) return [];
        const g = hook(path, { kind: wild ? 'contains' : 'equals', text, caseInsensitive: e.insensitive, fold: 'simple' });
        if (g === null) return [];
        parts.push(g);
      }
      return [merge(parts)];
    }
    case 'in': {
      if (e.negated || e.operand.kind !== 'field') return [];
      const path = e.operand.path;
      const parts: Group[] = [];
      for (const x of e.list) {
        if (x.kind !== 'literal' || typeof x.value !== 'string') return [];
        const g = hook(path, { kind: 'equals', text: x.value, caseInsensitive: e.insensitive, fold: 'simple' });
        if (g === null) return [];
        parts.push(g);
      }
      return [merge(parts)];
    }
    case 'call': {
      if (!['startsWith', 'endsWith', 'stringContains'].includes(e.name) || e.args.length !== 2) return [];
      const [field, lit] = e.args;
      if (field?.kind !== 'field' || lit?.kind !== 'literal' || typeof lit.value !== 'string' || lit.value === '') return [];
      return one(hook(field.path, { kind: 'contains', text: lit.value, caseInsensitive: e.insensitive, fold: 'lower' }));
    }
    default:
      return [];
  }
}

function one(g: Group | null): Group[] {
  return g === null ? [] : [g];
}

/** Alternatives of several groups as one group (case-insensitive when any of them is). */
function merge(groups: readonly Group[]): Group {
  const ci = groups.some((g) => g.caseInsensitive);
  const all = groups.flatMap((g) => (ci && !g.caseInsensitive ? g.anyOf.map(asciiLowerLiteral) : g.anyOf));
  return { anyOf: [...new Set(all)].sort(), caseInsensitive: ci };
}

/** Lower-cases ASCII letters only: the fold case-insensitive prefilters use (src/record/view.ts). */
function asciiLowerLiteral(s: string): string {
  return s.replace(/[A-Z]+/g, (x) => x.toLowerCase());
}

/** The most selective group: case-sensitive first, then fewest alternatives, then longest shortest literal. */
function best(groups: readonly Group[]): Group | null {
  let chosen: Group | null = null;
  const rank = (g: Group): [number, number, number] => [g.caseInsensitive ? 1 : 0, g.anyOf.length, -Math.min(...g.anyOf.map((l) => l.length))];
  for (const g of groups) {
    if (g.anyOf.length === 0 || g.anyOf.some((l) => l.length < MIN_LITERAL)) continue;
    if (chosen === null) {
      chosen = g;
      continue;
    }
    const [a, b] = [rank(g), rank(chosen)];
    if (a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])))) chosen = g;
  }
  return chosen;
}

/**
 * The prefilter of an event query: `category` (null for `any`) is tested on `categoryField`. Null when
 * no literal is provably required.
 */
export function eqlPrefilter(condition: Expr, category: string | null, categoryField: string, hook: LiteralsFor | undefined): Prefilter | null {
  if (hook === undefined) return null;
  const groups = needsOf(condition, hook);
  if (category !== null) groups.push(...one(hook(categoryField, { kind: 'equals', text: category, caseInsensitive: false, fold: 'simple' })));
  const usable = groups.filter((g) => g.anyOf.length > 0 && g.anyOf.every((l) => l.length >= MIN_LITERAL));
  const first = best(usable);
  if (first === null) return null;
  // One Prefilter has one case mode: when any chosen group is case-insensitive, all are, lower-cased.
  const ci = usable.some((g) => g.caseInsensitive);
  const norm = (g: Group): string[] => [...new Set(ci ? g.anyOf.map(asciiLowerLiteral) : g.anyOf)].sort();
  const anyOf = norm(first);
  const also: string[][] = [];
  for (const g of usable) {
    if (g === first) continue;
    const lits = norm(g);
    if (lits.join('\n') !== anyOf.join('\n') && !also.some((a) => a.join('\n') === lits.join('\n'))) also.push(lits);
  }
  return also.length > 0 ? { anyOf, caseInsensitive: ci, also } : { anyOf, caseInsensitive: ci };
}
