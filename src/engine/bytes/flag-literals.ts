/**
 * The literals the byte scanner flags candidate records with, decided once per run.
 *
 * The text path parses a record only when its text, or that text with its `\u` escapes decoded, is a
 * root candidate (`ROOT_CANDIDATE_LITERALS`) or passes some detection's whole prefilter (one literal of
 * every group), or when it holds a malformed `\u` escape. A record without `\u` that contains none of
 * those root literals and, for each detection, no literal of one of its groups, all compared with
 * ASCII letters folded, is therefore one the text path counts as evaluated without parsing it,
 * whatever each literal's own case rule: the folded comparison admits a superset. Records holding `\u`
 * are flagged (the scanner does not decode), and flagged records go through the text path's tests.
 * Records holding `insight` are flagged too: the splitter skips Insights events (`isInsightRecord`,
 * which needs `Insight` or a `\u` in the text), and the byte path must check the same records.
 */
import type { Prefilter } from '../../dialects/types.js';
import { ROOT_CANDIDATE_LITERALS } from '../../record/root.js';
import { LiteralSet } from '../../text/aho-corasick.js';
import { boundLiteral } from '../prefilter/compile.js';
import { byteLiteral, type ByteLiteral } from './byte-scanner.js';

/** What every Insights event holds (folded): its `eventCategory` or `eventType` value. */
const INSIGHT_LITERAL = 'insight';

/** The flag literals for a run whose detections all have prefilters. */
export function flagLiterals(prefilters: readonly (Prefilter | null)[]): ByteLiteral[] {
  const all = new Have(['\\u', INSIGHT_LITERAL, ...ROOT_CANDIDATE_LITERALS.map((l) => l.toLowerCase())]);
  for (const p of prefilters) if (p !== null) for (const l of cheapestGroup(p, all)) all.add(l);
  // A literal that contains another adds nothing: the shorter one already flags every record it would.
  // Another literal inside `l` lies inside `l` without its first or without its last character.
  const list = [...all.literals];
  const set = LiteralSet.build(list, null);
  const contains = (text: string): boolean => (set !== null ? set.test(text) : list.some((o) => text.includes(o)));
  const kept = list.filter((l) => !contains(l.slice(1)) && !contains(l.slice(0, -1)));
  return kept.sort().map(byteLiteral);
}

/**
 * The literals chosen so far, and whether a literal contains one of them: each of its substrings as
 * long as some chosen literal is looked up in the set, so choosing for many detections stays linear in
 * their number (comparing with every chosen literal was quadratic).
 */
class Have {
  readonly literals = new Set<string>();
  private readonly lengths = new Set<number>();
  constructor(initial: readonly string[]) {
    for (const l of initial) this.add(l);
  }
  add(literal: string): void {
    this.literals.add(literal);
    this.lengths.add(literal.length);
  }
  coveredBy(literal: string): boolean {
    for (const n of this.lengths) {
      for (let at = 0; at + n <= literal.length; at++) if (this.literals.has(literal.slice(at, at + n))) return true;
    }
    return false;
  }
}

/**
 * A prefilter admits only records holding one literal of each of its groups (`anyOf` and every `also`
 * group), so flagging on any one group is sound. The one chosen adds the fewest literals to `have`
 * (a literal containing one of `have` adds none), then has the fewest: a Sigma rule whose groups are
 * `"signin.amazonaws.com"`, `"consolelogin"` and `"root"` is flagged by the root marker already
 * searched for, instead of by every sign-in event (lowercased literals).
 */
function cheapestGroup(p: Prefilter, have: Have): string[] {
  let best: string[] = [];
  let bestCost = Infinity;
  for (const group of [p.anyOf, ...(p.also ?? [])]) {
    const folded = group.map((l) => boundLiteral(l).toLowerCase());
    const added = folded.filter((l) => !have.coveredBy(l)).length;
    const cost = added * 1000 + folded.length;
    if (cost < bestCost) [best, bestCost] = [folded, cost];
  }
  return best;
}
