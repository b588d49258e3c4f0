/**
 * Prefilter literals: text that every record a rule matches must contain, so the engine can skip the
 * JSON parse for records without it (ripgrep's contract: false positives allowed, false negatives never).
 *
 * Soundness argument, per construct (declines return null = "no literal provable"):
 *   - and: every conjunct's literals are required (all conjuncts hold); or: every disjunct must have
 *     literals, and the union of each one's best is required; not, `neq`, `null`, `exists`: decline.
 *   - Equality with a whole string value (no wildcard) needs that value as a JSON string token:
 *     the literal is the value in quotes (a record value that is a number or boolean is compared
 *     through its text, so number-like values and true/false/null are never quoted).
 *   - A string pattern needs each of its literal runs inside some record value. A JSON string holds
 *     printable ASCII verbatim except `"`, `\` and `/` (which a writer may escape as `\/`); other escapes
 *     are `\u`, and the engine treats every record with `\u` as a candidate. So any run of safe ASCII
 *     characters of a required literal appears in the text. Case: values match case-insensitively
 *     through a fold that never maps non-ASCII onto ASCII (compile/fold.ts), so the ASCII-lowercased
 *     literal appears in the ASCII-lowercased text; `cased` patterns are only stricter.
 *   - A pattern can also match a number through `String(n)`, whose JSON text may differ (`1e3` vs
 *     `1000`): a literal made only of number characters (digits . e + -) is therefore never used.
 *     Booleans are always written `true`/`false`, so those literals are safe.
 *   - Keywords match values anywhere in the record: the same argument holds.
 *   - `re`: only literal characters outside groups and classes of a regex without top-level
 *     alternation; under case-insensitive matching RE2 folds `k` and `s` onto non-ASCII characters
 *     (U+212A, U+017F), so those letters split literals.
 *   - Numbers, comparisons, time parts, CIDR, field references: decline.
 */
import { LiteralSet } from '../../text/aho-corasick.js';
import type { Prefilter } from '../types.js';
import type { CompiledItem } from './compile/compile-item.js';
import type { EvalNode } from './compile/compile-rule.js';
import type { Leaf } from './compile/leaves.js';
import type { StringMatcher } from './compile/string-match.js';

/** Literals shorter than this admit nearly every record: not worth a prefilter. */
const MIN_LITERAL = 3;

/** Literals of which a matching record contains at least one; null when none can be proved. */
type Requirement = readonly string[] | null;
/** Requirements that all hold for a matching record (a conjunction); empty when none can be proved. */
type Requirements = readonly Requirement[];

/**
 * The prefilter for a compiled detection, or null when no literal can be proved required. A rule that
 * is a conjunction yields every provable requirement: the best one as `anyOf`, the others as `also`.
 */
export function prefilterOf(root: EvalNode): Prefilter | null {
  const groups: string[][] = [];
  const seen = new Set<string>();
  for (const r of requirements(root)) {
    if (!usable(r)) continue;
    const g = minimal(r);
    const key = g.join('\n');
    if (!seen.has(key)) {
      seen.add(key);
      groups.push(g);
    }
  }
  const first = best(groups);
  if (first === null) return null;
  // A group the chosen one implies (each chosen literal contains one of its literals) adds nothing.
  const also = groups.filter((g) => g !== first && !first.every((l) => g.some((m) => l.includes(m))));
  return also.length > 0 ? { anyOf: first, caseInsensitive: true, also } : { anyOf: first, caseInsensitive: true };
}

/** Drops duplicates and literals that contain another literal of the set (the shorter one already admits). */
function minimal(literals: readonly string[]): string[] {
  const unique = [...new Set(literals)].sort((a, b) => a.length - b.length);
  // Another literal inside `l` lies inside `l` without its first or without its last character; an
  // automaton over them all finds it in one pass, where comparing pairs was quadratic in the values.
  const set = unique.length > 1 ? LiteralSet.build(unique, null) : null;
  if (set === null) return unique;
  return unique.filter((l) => !set.test(l.slice(1)) && !set.test(l.slice(0, -1)));
}

/** Lower score is better: fewer alternatives, then longer shortest literal. */
function better(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return a.length < b.length;
  return shortest(a) > shortest(b);
}

function shortest(literals: readonly string[]): number {
  let n = Infinity;
  for (const l of literals) if (l.length < n) n = l.length;
  return n;
}

/** A requirement worth searching for: some literals, none too short. */
function usable(r: Requirement): r is readonly string[] {
  return r !== null && r.length > 0 && r.every((l) => l.length >= MIN_LITERAL);
}

function best<T extends Requirement>(reqs: readonly T[]): T | null {
  let chosen: T | null = null;
  for (const r of reqs) if (usable(r) && (chosen === null || better(r, chosen))) chosen = r;
  return chosen;
}

function union(reqs: readonly Requirement[]): Requirement {
  const out: string[] = [];
  for (const r of reqs) {
    if (r === null || r.length === 0) return null;
    for (const l of r) out.push(l);
  }
  return out;
}

/** One requirement for a disjunction: the union of each branch's best one. */
function either(branches: readonly Requirements[]): Requirements {
  const u = union(branches.map((b) => best(b)));
  return u === null ? [] : [u];
}

function requirements(node: EvalNode): Requirements {
  switch (node.op) {
    case 'and':
      return node.children.flatMap(requirements);
    case 'or':
      return either(node.children.map(requirements));
    case 'not':
      return [];
    case 'search': {
      const alternatives = node.alternatives.map((alt) => alt.flatMap(itemRequirements));
      return alternatives.length === 1 ? alternatives[0]! : either(alternatives);
    }
  }
}

function itemRequirements(item: CompiledItem): Requirements {
  if (item.kind !== 'values' || item.negated) return [];
  const reqs = item.leaves.map(leafRequirement);
  return item.all ? reqs : [union(reqs)];
}

function leafRequirement(leaf: Leaf): Requirement {
  switch (leaf.kind) {
    case 'string':
      return matcherRequirement(leaf.matcher);
    case 'contains-any':
      return union(leaf.matchers.map(matcherRequirement));
    case 'boolean':
      return [leaf.value ? 'true' : 'false'];
    case 'regex': {
      const ignoreCase = leaf.ignoreCase || /\(\?[a-zA-Z]*i/.test(leaf.source);
      const runs = regexLiteralRuns(leaf.source);
      if (runs === null) return null;
      let chosen: string | null = null;
      for (const run of runs) for (const frag of safeFragments(run, ignoreCase)) if (chosen === null || frag.length > chosen.length) chosen = frag;
      return chosen === null ? null : [chosen];
    }
    case 'any':
      return union(leaf.leaves.map(leafRequirement));
    default:
      return null;
  }
}

function matcherRequirement(matcher: StringMatcher): Requirement {
  const parts = matcher.parts;
  if (parts.length === 1 && typeof parts[0] === 'string' && isQuotable(parts[0])) {
    // Whole-value equality: the value is a complete JSON string token in the raw text, quotes
    // included ("root" does not admit a role named SecurityHub-RootActivityMonitor).
    return [`"${parts[0].toLowerCase()}"`];
  }
  let chosen: string | null = null;
  for (const part of parts) {
    if (typeof part !== 'string') continue;
    for (const frag of safeFragments(part, false)) if (chosen === null || frag.length > chosen.length) chosen = frag;
  }
  return chosen === null ? null : [chosen];
}

function isSafe(c: number, foldedRegex: boolean): boolean {
  if (c < 0x20 || c > 0x7e || c === 0x22 /* " */ || c === 0x5c /* \ */ || c === 0x2f /* / */) return false;
  // RE2 case folding: k ~ U+212A KELVIN SIGN, s ~ U+017F LATIN SMALL LETTER LONG S.
  if (foldedRegex && (c === 0x6b || c === 0x4b || c === 0x73 || c === 0x53)) return false;
  return true;
}

const NUMBER_CHARS = /^[0-9.e+-]*$/;

/**
 * True when equality with this string can only hold for a JSON string token spelling it: safe characters,
 * at least MIN_LITERAL of them, and not text a number or a JSON literal could also stand for.
 */
function isQuotable(value: string): boolean {
  if (value.length < MIN_LITERAL) return false;
  for (let i = 0; i < value.length; i++) if (!isSafe(value.charCodeAt(i), false)) return false;
  const lower = value.toLowerCase();
  return !NUMBER_CHARS.test(lower) && lower !== 'true' && lower !== 'false' && lower !== 'null';
}

/** Maximal runs of safe characters, ASCII-lowercased, excluding runs a number's text could spell. */
function safeFragments(text: string, foldedRegex: boolean): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && isSafe(text.charCodeAt(i), foldedRegex)) continue;
    if (i > start) {
      const frag = text.slice(start, i).toLowerCase();
      if (!NUMBER_CHARS.test(frag)) out.push(frag);
    }
    start = i + 1;
  }
  return out;
}

/**
 * Literal runs a match of `source` must contain: characters at the top level (outside groups and
 * classes) that are not made optional or repeatable by a quantifier. Null when the regex has a
 * top-level alternation or an escape we do not model.
 */
export function regexLiteralRuns(source: string): string[] | null {
  const runs: string[] = [];
  let run = '';
  let depth = 0;
  let lastLiteral = false;
  const end = (): void => {
    if (run.length > 0) runs.push(run);
    run = '';
    lastLiteral = false;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source.charAt(i);
    if (c === '\\') {
      const n = source.charAt(i + 1);
      i++;
      if (/[0-9A-Za-z]/.test(n)) {
        if (!'dDwWsSbBAz'.includes(n)) return null;
        if (depth === 0) end();
        continue;
      }
      if (depth === 0) {
        run += n;
        lastLiteral = true;
      }
      continue;
    }
    if (c === '[') {
      // Skip the class: a leading ']' (after an optional '^') is literal.
      let j = i + 1;
      if (source.charAt(j) === '^') j++;
      if (source.charAt(j) === ']') j++;
      while (j < source.length && source.charAt(j) !== ']') j += source.charAt(j) === '\\' ? 2 : 1;
      i = j;
      if (depth === 0) end();
      continue;
    }
    if (c === '(') {
      if (depth === 0) end();
      depth++;
      continue;
    }
    if (c === ')') {
      depth--;
      if (depth === 0) end();
      continue;
    }
    if (depth > 0) continue;
    if (c === '|') return null;
    if (c === '*' || c === '?' || c === '{') {
      // The preceding literal character is optional: drop it from the run.
      if (lastLiteral) run = run.slice(0, -1);
      end();
      if (c === '{') while (i < source.length && source.charAt(i) !== '}') i++;
      if (source.charAt(i + 1) === '?' || source.charAt(i + 1) === '+') i++;
      continue;
    }
    if (c === '+') {
      end();
      if (source.charAt(i + 1) === '?' || source.charAt(i + 1) === '+') i++;
      continue;
    }
    if (c === '.' || c === '^' || c === '$') {
      end();
      continue;
    }
    run += c;
    lastLiteral = true;
  }
  if (depth !== 0) return null;
  end();
  return runs;
}
