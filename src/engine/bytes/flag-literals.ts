/**
 * The literals the byte scanner flags candidate records with, decided once per run.
 *
 * The text path parses a record only when its text holds `\u`, is a root candidate
 * (`ROOT_CANDIDATE_LITERALS`), or passes some detection's prefilter. A record containing none of the
 * literals of all three, compared with ASCII letters folded, is therefore one the text path counts as
 * evaluated without parsing it, whatever each literal's own case rule: the folded comparison admits a
 * superset, and flagged records go through the text path's exact tests.
 */
import type { Prefilter } from '../../dialects/types.js';
import { ROOT_CANDIDATE_LITERALS } from '../../record/root.js';
import { byteLiteral, type ByteLiteral } from './byte-scanner.js';

/** The flag literals for a run whose detections all have prefilters. */
export function flagLiterals(prefilters: readonly (Prefilter | null)[]): ByteLiteral[] {
  const all = new Set<string>(['\\u', ...ROOT_CANDIDATE_LITERALS.map((l) => l.toLowerCase())]);
  for (const p of prefilters) for (const l of p?.anyOf ?? []) all.add(l.toLowerCase());
  // A literal that contains another adds nothing: the shorter one already flags every record it would.
  const kept = [...all].filter((l) => ![...all].some((o) => o !== l && l.includes(o)));
  return kept.sort().map(byteLiteral);
}
