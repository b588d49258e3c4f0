/**
 * `threshold` rules (elastic-rules.md §7): an alert when at least `value` documents match the query
 * with the same values of the threshold fields (and, with `cardinality`, at least N distinct values of
 * another field) within one run's look-back (`from`, default 6 minutes). Runs start every `interval`;
 * trailproof slides the look-back window over the matches instead, so it reports every group of records
 * some run could have seen together (an upper bound: docs/elastic.md). The evaluation is the shared
 * aggregate's (src/dialects/aggregate): look-back windows, no bucket for a null key.
 */
import { evaluateAggregate, type AggregateSpec } from '../aggregate/index.js';
import type { CorrelationInput } from '../types.js';

/** What the evaluation needs: the look-back, the count, and per cardinality field its minimum. */
export interface ThresholdSpec {
  readonly lookbackMs: number;
  readonly value: number;
  /** How many of `CorrelationInput.fields` are group-by fields (the rest are cardinality fields). */
  readonly groupFields: number;
  readonly cardinality: readonly number[];
}

/** The aggregate of a threshold rule over its query stage's matches. */
export function thresholdAggregate(spec: ThresholdSpec): AggregateSpec {
  const indexes = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
  return {
    // The stage's id is assigned when the rule is linked; every match handed over is the stage's.
    inputs: [{ kind: 'records', detectionId: null, keys: indexes(0, spec.groupFields), values: indexes(spec.groupFields, spec.cardinality.length) }],
    // A terms aggregation has no bucket for a document without the field.
    groupBy: { width: spec.groupFields, nullKey: 'no-bucket' },
    window: { kind: 'look-back', span: spec.lookbackMs },
    ordered: false,
    condition: [
      { measure: { kind: 'count' }, op: 'gte', value: spec.value },
      ...spec.cardinality.map((min, slot) => ({ measure: { kind: 'distinct-values' as const, slots: [slot] }, op: 'gte' as const, value: min })),
    ],
  };
}

/** Ordinals of the records in some window where the threshold was reached, ascending. */
export function evaluateThreshold(spec: ThresholdSpec, events: readonly CorrelationInput[]): number[] {
  return evaluateAggregate(thresholdAggregate(spec), events).ordinals;
}
