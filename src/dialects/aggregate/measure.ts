/** Measures of one window and the condition's tests (spec.ts `Measure`, `AggregateTest`). */
import type { AggregateTest, CompareOp, Measure } from './spec.js';

/** One input occurrence: a record's match, or an episode of a chained aggregate. */
export interface Occurrence {
  /** Index of the input in `AggregateSpec.inputs`. */
  readonly input: number;
  readonly time: number;
  /** Ascending; one for a record, the episode's records for a chained aggregate. */
  readonly ordinals: readonly number[];
  readonly key: readonly (string | null)[];
  readonly values: readonly (string | null)[];
}

/** The record an occurrence counts as (an episode counts as its first record). */
export function firstOrdinal(o: Occurrence): number {
  return o.ordinals[0] ?? -1;
}

/**
 * Whether every test holds over occ[from..to]. `chain`, for ordered aggregates, is the chain's length,
 * which `distinct-inputs` measures instead of the window.
 */
export function conditionHolds(tests: readonly AggregateTest[], occ: readonly Occurrence[], from: number, to: number, chain: number | null): boolean {
  for (const test of tests) {
    const value = test.measure.kind === 'distinct-inputs' && chain !== null ? chain : measure(test.measure, occ, from, to);
    // Nothing to compute over (no numeric values): nothing to compare, not even with neq.
    if (Number.isNaN(value) || !compare(test.op, value, test.value)) return false;
  }
  return true;
}

function compare(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
    case 'eq':
      return a === b;
    case 'neq':
      return a !== b;
  }
}

function measure(m: Measure, occ: readonly Occurrence[], from: number, to: number): number {
  switch (m.kind) {
    case 'count': {
      const records = new Set<number>();
      for (let k = from; k <= to; k++) records.add(firstOrdinal(occ[k]!));
      return records.size;
    }
    case 'distinct-values': {
      if (m.slots.length === 0) return 0;
      const tuples = new Set<string>();
      for (let k = from; k <= to; k++) {
        const { values } = occ[k]!;
        const tuple = m.slots.map((s) => values[s] ?? null);
        if (tuple.every((v) => v !== null)) tuples.add(JSON.stringify(tuple));
      }
      return tuples.size;
    }
    case 'distinct-inputs': {
      const inputs = new Set<number>();
      for (let k = from; k <= to; k++) inputs.add(occ[k]!.input);
      return inputs.size;
    }
    case 'sum':
    case 'avg':
    case 'percentile': {
      const nums = numbers(occ, from, to, m.slot);
      if (nums.length === 0) return NaN;
      const sum = nums.reduce((a, b) => a + b, 0);
      if (m.kind === 'sum') return sum;
      if (m.kind === 'avg') return sum / nums.length;
      return percentile(nums, m.rank);
    }
  }
}

function numbers(occ: readonly Occurrence[], from: number, to: number, slot: number): number[] {
  const out: number[] = [];
  for (let k = from; k <= to; k++) {
    const v = occ[k]!.values[slot];
    if (v === null || v === undefined || v.trim() === '') continue;
    const n = Number(v);
    if (Number.isFinite(n)) out.push(n);
  }
  return out;
}

/** Nearest-rank percentile of the values (p in 0..100). */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}
