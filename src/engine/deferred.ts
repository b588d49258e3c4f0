/**
 * The main thread's half of a worker without the rules (`candidatePlan`): the records a worker deferred
 * are evaluated here with the compiled plan, by the same `ObjectEvaluator`, and merged into the worker's
 * result. The merged result is the one evaluating the whole object in one thread gives: the worker
 * counted every other record and noted its skips, and neither side matched a record the other did.
 */
import { ObjectEvaluator, MAX_SKIP_NOTES } from './evaluate.js';
import type { ObjectResult } from './object-result.js';
import type { Plan } from './plan.js';

/** `result` with its deferred records evaluated against `plan` (a plan with its detections). */
export function settleDeferred(plan: Plan, result: ObjectResult): ObjectResult {
  // A worker's own plan fills the per-detection lists; a worker without the rules leaves them empty.
  if (result.deferred.length === 0 && result.nonRootHits.length === plan.detections.length) return result;
  const ev = new ObjectEvaluator(plan, result.seq, result.uri);
  for (const d of result.deferred) ev.record(d.text, d.index, d.line);
  ev.flush();
  const own = ev.result;
  const skipReasons = { ...result.skipReasons };
  for (const [reason, n] of Object.entries(own.skipReasons)) skipReasons[reason] = (skipReasons[reason] ?? 0) + n;
  return {
    // The worker matched nothing and classified no root (it deferred every record that could be either):
    // roots, hits, samples and rule errors are all the main thread's.
    ...own,
    fileSkipped: result.fileSkipped,
    damaged: result.damaged,
    errors: result.errors,
    warnings: result.warnings,
    bytes: result.bytes,
    total: result.total + own.total,
    evaluated: result.evaluated + own.evaluated,
    filtered: result.filtered + own.filtered,
    skipped: result.skipped + own.skipped,
    skipReasons,
    // Both sides keep their first notes in record order: the first of their union are the first overall.
    skipNotes: [...result.skipNotes, ...own.skipNotes].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).slice(0, MAX_SKIP_NOTES),
  };
}
