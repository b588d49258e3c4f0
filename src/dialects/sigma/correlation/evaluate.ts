/**
 * Correlation evaluation over the replayed stream (sigma-correlation-rules-specification.md
 * "Correlation Types"), in event-time order.
 *
 * Windows: for every occurrence (per group), the window holds the group's occurrences with time in
 * [t, t + timespan] (sliding, not fixed buckets, as the specification recommends: "The time frame
 * should not be restricted to boundaries"). A window fires when the type's aggregate satisfies every
 * condition test. Overlapping firing windows of a group merge into one firing (an episode), whose
 * records are the union of the windows' records and whose time is its last occurrence's time — a
 * chained correlation sees one occurrence per episode.
 */
import type { CorrelationOp, CorrelationType } from '../model.js';

/** One input of a correlation: a rule match or a firing of a referenced correlation. */
export interface Occurrence {
  /** Index of the referenced rule in the correlation's `rules` list. */
  readonly source: number;
  readonly time: number;
  readonly ordinals: readonly number[];
  /** Group-by values, in `groupBy` order. */
  readonly group: readonly (string | null)[];
  /** Values of `condition.field` (value_* types), in order. */
  readonly values: readonly (string | null)[];
}

/** A firing: the records of one episode, its group and the time of its last occurrence. */
export interface Firing {
  readonly time: number;
  readonly ordinals: readonly number[];
  readonly group: readonly (string | null)[];
}

/** What decides whether a window fires. */
export interface WindowSpec {
  readonly type: CorrelationType;
  readonly timespan: number;
  readonly tests: readonly { readonly op: CorrelationOp; readonly value: number }[];
  /** Number of referenced rules (temporal types). */
  readonly sources: number;
  /** value_percentile rank (default 50). */
  readonly percentile: number;
}

function holds(spec: WindowSpec, aggregate: number): boolean {
  for (const { op, value } of spec.tests) {
    switch (op) {
      case 'gt':
        if (!(aggregate > value)) return false;
        break;
      case 'gte':
        if (!(aggregate >= value)) return false;
        break;
      case 'lt':
        if (!(aggregate < value)) return false;
        break;
      case 'lte':
        if (!(aggregate <= value)) return false;
        break;
      case 'eq':
        if (aggregate !== value) return false;
        break;
      case 'neq':
        if (aggregate === value) return false;
        break;
    }
  }
  return true;
}

/** Evaluates a correlation over occurrences sorted by time. */
export function evaluateWindows(spec: WindowSpec, occurrences: readonly Occurrence[]): Firing[] {
  const groups = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const key = JSON.stringify(o.group);
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(o);
  }
  const firings: Firing[] = [];
  for (const list of groups.values()) firings.push(...evaluateGroup(spec, list));
  return firings.sort((a, b) => a.time - b.time);
}

function evaluateGroup(spec: WindowSpec, occ: readonly Occurrence[]): Firing[] {
  const n = occ.length;
  const windows: [number, number][] = [];
  let end = 0;
  for (let i = 0; i < n; i++) {
    const start = occ[i] as Occurrence;
    if (end < i) end = i;
    while (end + 1 < n && (occ[end + 1] as Occurrence).time - start.time <= spec.timespan) end++;
    let fired = -1;
    if (spec.type === 'temporal_ordered') fired = orderedChainEnd(spec, occ, i, end);
    else {
      const value = aggregate(spec, occ, i, end);
      // No numeric values in the window: nothing to compare (not even with neq).
      if (!Number.isNaN(value) && holds(spec, value)) fired = end;
    }
    if (fired >= 0) windows.push([i, fired]);
  }
  return mergeWindows(occ, windows);
}

/** The type's aggregate over occ[from..to]. */
function aggregate(spec: WindowSpec, occ: readonly Occurrence[], from: number, to: number): number {
  switch (spec.type) {
    case 'event_count': {
      // A record matched by two referenced rules is one event.
      const records = new Set<number>();
      for (let k = from; k <= to; k++) records.add(firstOrdinal(occ[k] as Occurrence));
      return records.size;
    }
    case 'value_count': {
      const values = new Set<string>();
      for (let k = from; k <= to; k++) {
        const v = (occ[k] as Occurrence).values;
        if (v.length > 0 && v.every((x) => x !== null)) values.add(JSON.stringify(v));
      }
      return values.size;
    }
    case 'temporal': {
      const seen = new Set<number>();
      for (let k = from; k <= to; k++) seen.add((occ[k] as Occurrence).source);
      return seen.size;
    }
    case 'value_sum':
    case 'value_avg':
    case 'value_percentile': {
      const nums = numbers(occ, from, to);
      if (nums.length === 0) return NaN;
      if (spec.type === 'value_sum') return nums.reduce((a, b) => a + b, 0);
      if (spec.type === 'value_avg') return nums.reduce((a, b) => a + b, 0) / nums.length;
      return percentile(nums, spec.percentile);
    }
    case 'temporal_ordered':
      return NaN;
  }
}

function firstOrdinal(o: Occurrence): number {
  // Chained correlations count episodes: key them by their first record.
  return o.ordinals[0] ?? -1;
}

function numbers(occ: readonly Occurrence[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k <= to; k++) {
    const v = (occ[k] as Occurrence).values[0];
    if (v === null || v === undefined || v.trim() === '') continue;
    const n = Number(v);
    if (Number.isFinite(n)) out.push(n);
  }
  return out;
}

/** Nearest-rank percentile of the values (p in 0..100). */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * temporal_ordered: starting at occurrence `from` (which must match the first rule), greedily find
 * the referenced rules in their listed order inside the window; the chain length is the aggregate.
 * Returns the index of the chain's last occurrence when the condition holds, else -1.
 */
function orderedChainEnd(spec: WindowSpec, occ: readonly Occurrence[], from: number, to: number): number {
  if ((occ[from] as Occurrence).source !== 0) return -1;
  let wanted = 1;
  let last = from;
  for (let k = from + 1; k <= to && wanted < spec.sources; k++) {
    const o = occ[k] as Occurrence;
    // A later occurrence of the next rule; one record cannot be both steps.
    if (o.source === wanted && firstOrdinal(o) !== firstOrdinal(occ[last] as Occurrence)) {
      wanted++;
      last = k;
    }
  }
  return holds(spec, wanted) ? last : -1;
}

/** Merges overlapping firing windows into episodes. */
function mergeWindows(occ: readonly Occurrence[], windows: readonly [number, number][]): Firing[] {
  const firings: Firing[] = [];
  let cur: [number, number] | null = null;
  const flush = (w: [number, number]): void => {
    const ordinals = new Set<number>();
    for (let k = w[0]; k <= w[1]; k++) for (const o of (occ[k] as Occurrence).ordinals) ordinals.add(o);
    const last = occ[w[1]] as Occurrence;
    firings.push({ time: last.time, ordinals: [...ordinals].sort((a, b) => a - b), group: last.group });
  };
  for (const w of windows) {
    if (cur !== null && w[0] <= cur[1]) cur = [cur[0], Math.max(cur[1], w[1])];
    else {
      if (cur !== null) flush(cur);
      cur = [w[0], w[1]];
    }
  }
  if (cur !== null) flush(cur);
  return firings;
}
