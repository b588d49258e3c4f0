/**
 * Prefilters compiled to tests over a record's raw JSON text, decided once per run.
 *
 * The contract (src/dialects/types.ts): a prefilter admits a record when the text contains one of its
 * literals, compared against the ASCII-lowercased text when it is case-insensitive. Lowercasing every
 * record's text cost 38% of a replay (bench: --cpu-prof on a 200k-record synth corpus, asciiLower +
 * its regex); a `RegExp` with the `i` flag and without `u` gives the same answer without a copy: in that
 * mode ECMAScript's Canonicalize never maps a non-ASCII character onto an ASCII one (ECMA-262
 * §22.2.2.7.3: "If the numeric value of ch ≥ 128 and the numeric value of cu < 128, return ch"), so an
 * ASCII literal matches exactly the case-variants of its ASCII letters, as `asciiLower` folds them.
 * test/engine/prefilter.test.ts checks the two agree, Kelvin sign and long s included.
 */
import type { Prefilter } from '../../dialects/types.js';
import { asciiFold, LiteralSet } from '../../text/aho-corasick.js';

/** A compiled prefilter: true when the record may match. */
export interface TextTest {
  test(text: string): boolean;
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

function escape(literal: string): string {
  return literal.replace(REGEX_SPECIAL, '\\$&');
}

/** One case-sensitive literal: `indexOf` (V8 searches a single literal faster than a RegExp does). */
class IndexOfTest implements TextTest {
  constructor(private readonly literal: string) {}
  test(text: string): boolean {
    return text.indexOf(this.literal) !== -1;
  }
}

/**
 * A whole-token literal (`"Root"`): searches for `Root"` and checks the quote before it. Searches start
 * with a scan for the first character, and `"` is the commonest character of JSON text: leading with
 * it made this test 5x slower (bench: --cpu-prof of the 200k-record synth corpus).
 */
class QuotedIndexOfTest implements TextTest {
  private readonly tail: string;
  constructor(literal: string) {
    this.tail = literal.slice(1);
  }
  test(text: string): boolean {
    const tail = this.tail;
    for (let at = text.indexOf(tail, 1); at !== -1; at = text.indexOf(tail, at + 1)) {
      if (text.charCodeAt(at - 1) === 34 /* " */) return true;
    }
    return false;
  }
}

/**
 * Characters of a literal a prefilter searches for. A record holding a literal holds each of its
 * substrings, so searching for a prefix only admits more; a long literal made the RegExp too large for
 * V8 (a 32 KB Sigma value failed every file).
 */
export const MAX_PREFILTER_LITERAL = 64;

/**
 * Alternatives up to which one RegExp searches a literal set; beyond, an Aho–Corasick automaton does
 * (one pass whatever the count, where the RegExp tries alternatives one by one).
 */
export const MAX_REGEX_ALTERNATIVES = 32;

/** `literal` cut to MAX_PREFILTER_LITERAL characters (a cut whole-token literal loses its quote). */
export function boundLiteral(literal: string): string {
  if (literal.length <= MAX_PREFILTER_LITERAL) return literal;
  const from = literal.charCodeAt(0) === 34 ? 1 : 0;
  return literal.slice(from, from + MAX_PREFILTER_LITERAL);
}

/** Compiles literals to one test; `caseInsensitive` folds ASCII letters only (see the module comment). */
export function compileLiterals(literals: readonly string[], caseInsensitive: boolean): TextTest {
  const bounded = [...new Set(literals.map(boundLiteral))];
  if (!caseInsensitive && bounded.length === 1) {
    const only = bounded[0]!;
    return only.length > 1 && only.charCodeAt(0) === 34 ? new QuotedIndexOfTest(only) : new IndexOfTest(only);
  }
  if (bounded.length > MAX_REGEX_ALTERNATIVES) {
    const set = LiteralSet.build(bounded, caseInsensitive ? asciiFold : null);
    if (set !== null) return set;
  }
  // A RegExp also scans for a first character: a leading quote is dropped, which only admits more
  // (a superset is still sound).
  const re = new RegExp(bounded.map((l) => escape(l.length > 1 && l.charCodeAt(0) === 34 ? l.slice(1) : l)).join('|'), caseInsensitive ? 'i' : '');
  // V8 compiles a RegExp on first use: do it now, so a pattern it cannot compile fails the plan, not each file.
  re.test('');
  return re;
}

/** Compiles one rule's prefilter, its `also` groups included. */
export function compilePrefilter(p: Prefilter): TextTest {
  const first = compileLiterals(p.anyOf, p.caseInsensitive);
  if (p.also === undefined || p.also.length === 0) return first;
  const tests = [first, ...p.also.map((group) => compileLiterals(group, p.caseInsensitive))];
  return { test: (text) => tests.every((x) => x.test(text)) };
}

/**
 * A gate over every rule at once: false means no rule's prefilter admits the record. Null when some rule
 * has no prefilter (every record is then a candidate for it).
 */
export function compileGate(prefilters: readonly (Prefilter | null)[]): TextTest | null {
  if (prefilters.length === 0 || prefilters.some((p) => p === null)) return null;
  const sensitive = new Set<string>();
  const insensitive = new Set<string>();
  for (const p of prefilters) for (const l of p!.anyOf) (p!.caseInsensitive ? insensitive : sensitive).add(l);
  const tests: TextTest[] = [];
  if (sensitive.size > 0) tests.push(compileLiterals([...sensitive], false));
  if (insensitive.size > 0) tests.push(compileLiterals([...insensitive], true));
  if (tests.length === 1) return tests[0]!;
  const [a, b] = tests as [TextTest, TextTest];
  return { test: (text) => a.test(text) || b.test(text) };
}
