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
    ...result,
    total: result.total + own.total,
    evaluated: result.evaluated + own.evaluated,
    filtered: result.filtered + own.filtered,
    skipped: result.skipped + own.skipped,
    skipReasons,
    // Both sides keep their first notes in record order: the first of their union are the first overall.
    skipNotes: byIndex(result.skipNotes, own.skipNotes).slice(0, MAX_SKIP_NOTES),
    roots: byIndex(result.roots, own.roots),
    nonRootHits: own.nonRootHits.map((n, i) => n + (result.nonRootHits[i] ?? 0)),
    nonRootSamples: own.nonRootSamples.map((s, i) =>
      [...(result.nonRootSamples[i] ?? []), ...s].sort((a, b) => a.source.record - b.source.record).slice(0, plan.sampleSize),
    ),
    correlationHits: byIndex(result.correlationHits, own.correlationHits),
    ruleErrors: own.ruleErrors.map((n, i) => n + (result.ruleErrors[i] ?? 0)),
    ruleErrorSamples: byIndex(result.ruleErrorSamples, own.ruleErrorSamples).slice(0, MAX_SKIP_NOTES),
    deferred: [],
  };
}

/** Two lists each in record order, merged in record order (stable: equal indexes keep their order). */
function byIndex<T extends { readonly index?: number }>(a: readonly T[], b: readonly T[]): T[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  return [...a, ...b].sort((x, y) => (x.index ?? 0) - (y.index ?? 0));
}
