/**
 * Panther's alert grouping (digest §5.5): matches with the same `dedup()` string are grouped for
 * `DedupPeriodMinutes` from the first of them; the group raises an alert once it holds `Threshold`
 * matches. A group that never reaches the threshold raises nothing. The windows are Panther's fixed
 * ones (opened by a match, closed after the period), not Sigma's sliding windows: the shared
 * aggregate's `fixed-from-first` windows (src/dialects/aggregate).
 */
import { aggregateDetection, evaluateAggregate, type AggregateSpec } from '../aggregate/index.js';
import type { CorrelationDetection, CorrelationInput, DetectionMeta } from '../types.js';

/** The pseudo-field the rule's matches carry their dedup string in (CompiledRule.fieldOf). */
export const DEDUP_FIELD = 'panther.dedup';

/** The aggregate of alert grouping over one rule's matches. */
function alertAggregate(threshold: number, periodMinutes: number): AggregateSpec {
  return {
    // The rule's id is assigned when the dialect links the alert view; every match handed over is the rule's.
    inputs: [{ kind: 'records', detectionId: null, keys: [0], values: [] }],
    // Every match belongs to an alert: one whose dedup string is unknown (null) groups with the others that lack one.
    groupBy: { width: 1, nullKey: 'own-group' },
    window: { kind: 'fixed-from-first', span: periodMinutes * 60_000 },
    ordered: false,
    condition: [{ measure: { kind: 'count' }, op: 'gte', value: threshold }],
  };
}

/** Ordinals of the records in groups that reached the threshold, ascending. */
export function alertingRecords(events: readonly CorrelationInput[], threshold: number, periodMinutes: number): number[] {
  return evaluateAggregate(alertAggregate(threshold, periodMinutes), events).ordinals;
}

/** The alert view of a rule with `Threshold` above 1: which records would have raised an alert. */
export function alertDetection(input: { id: string; title: string; file: string; meta: DetectionMeta }, threshold: number, periodMinutes: number): CorrelationDetection {
  const head = {
    id: `${input.id}#alerts`,
    title: `${input.title} (alerts: ${threshold} matches with one dedup string in ${periodMinutes} min)`,
    dialect: 'panther',
    file: input.file,
    meta: input.meta,
    inputs: [input.id],
    generate: true,
    fields: [DEDUP_FIELD],
  };
  return aggregateDetection(head, alertAggregate(threshold, periodMinutes));
}
