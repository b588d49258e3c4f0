/**
 * `threshold` rules (elastic-rules.md §7): an alert when at least `value` documents match the query
 * with the same values of the threshold fields (and, with `cardinality`, at least N distinct values of
 * another field) within one run's look-back (`from`, default 6 minutes). Runs start every `interval`;
 * trailproof slides the look-back window over the matches instead, so it reports every group of records
 * some run could have seen together (an upper bound: docs/elastic.md).
 */
import type { CorrelationInput } from '../types.js';

/** What the evaluation needs: the look-back, the count, and per cardinality field its minimum. */
export interface ThresholdSpec {
  readonly lookbackMs: number;
  readonly value: number;
  /** How many of `CorrelationInput.fields` are group-by fields (the rest are cardinality fields). */
  readonly groupFields: number;
  readonly cardinality: readonly number[];
}

/** Ordinals of the records in some window where the threshold was reached, ascending. */
export function evaluateThreshold(spec: ThresholdSpec, events: readonly CorrelationInput[]): number[] {
  const groups = new Map<string, CorrelationInput[]>();
  for (const e of events) {
    const keys = e.fields.slice(0, spec.groupFields);
    // A terms aggregation has no bucket for a document without the field.
    if (keys.some((k) => k === null)) continue;
    const key = JSON.stringify(keys);
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  const out = new Set<number>();
  for (const list of groups.values()) {
    list.sort((a, b) => a.time - b.time || a.ordinal - b.ordinal);
    let start = 0;
    for (let end = 0; end < list.length; end++) {
      while (list[end]!.time - list[start]!.time >= spec.lookbackMs) start++;
      const window = list.slice(start, end + 1);
      if (window.length < spec.value) continue;
      const distinct = spec.cardinality.every((min, i) => new Set(window.map((e) => e.fields[spec.groupFields + i]).filter((v) => v !== null)).size >= min);
      if (distinct) for (const e of window) out.add(e.ordinal);
    }
  }
  return [...out].sort((a, b) => a - b);
}
