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
import { byteLiteral, type ByteLiteral } from './byte-scanner.js';

/** What every Insights event holds (folded): its `eventCategory` or `eventType` value. */
const INSIGHT_LITERAL = 'insight';

/** The flag literals for a run whose detections all have prefilters. */
export function flagLiterals(prefilters: readonly (Prefilter | null)[]): ByteLiteral[] {
  const all = new Set<string>(['\\u', INSIGHT_LITERAL, ...ROOT_CANDIDATE_LITERALS.map((l) => l.toLowerCase())]);
  for (const p of prefilters) if (p !== null) for (const l of cheapestGroup(p, all)) all.add(l);
  // A literal that contains another adds nothing: the shorter one already flags every record it would.
  const kept = [...all].filter((l) => ![...all].some((o) => o !== l && l.includes(o)));
  return kept.sort().map(byteLiteral);
}

/**
 * A prefilter admits only records holding one literal of each of its groups (`anyOf` and every `also`
 * group), so flagging on any one group is sound. The one chosen adds the fewest literals to `have`
 * (a literal containing one of `have` adds none), then has the fewest: a Sigma rule whose groups are
 * `"signin.amazonaws.com"`, `"consolelogin"` and `"root"` is flagged by the root marker already
 * searched for, instead of by every sign-in event (lowercased literals).
 */
function cheapestGroup(p: Prefilter, have: ReadonlySet<string>): string[] {
  let best: string[] = [];
  let bestCost = Infinity;
  for (const group of [p.anyOf, ...(p.also ?? [])]) {
    const folded = group.map((l) => l.toLowerCase());
    const added = folded.filter((l) => ![...have].some((h) => l.includes(h))).length;
    const cost = added * 1000 + folded.length;
    if (cost < bestCost) [best, bestCost] = [folded, cost];
  }
  return best;
}
