/**
 * The one evaluator of rules over many records. A `SequenceSpec` goes to its state machine
 * (sequence.ts). For the window form: given every input match of the replay (the map side:
 * per-record detections), it builds each input's occurrences, sorts them by time (then first record,
 * then input), splits them into groups by key, looks at every window of each group
 * (windows.ts), keeps the windows where the condition holds, and merges a group's overlapping firing
 * windows into episodes (`Firing`s). The records of a firing window are all its occurrences' records.
 */
import type { CorrelationInput } from '../types.js';
import { conditionHolds, firstOrdinal, type Occurrence } from './measure.js';
import { sequenceFirings } from './sequence.js';
import type { AggregateSpec, Firing, SequenceSpec } from './spec.js';
import { windowsOf, type Range } from './windows.js';

/** What an aggregate gives: the records of its firings (ascending) and the firings by time. */
export interface AggregateResult {
  readonly ordinals: number[];
  readonly firings: Firing[];
}

/** Evaluates `spec` over the input matches (any order). */
export function evaluateAggregate(spec: AggregateSpec | SequenceSpec, events: readonly CorrelationInput[]): AggregateResult {
  const firings = spec.kind === 'sequence' ? sequenceFirings(spec, events) : firingsOf(spec, events);
  const ordinals = new Set<number>();
  for (const f of firings) for (const o of f.ordinals) ordinals.add(o);
  return { ordinals: [...ordinals].sort((a, b) => a - b), firings };
}

function firingsOf(spec: AggregateSpec, events: readonly CorrelationInput[]): Firing[] {
  const groups = new Map<string, Occurrence[]>();
  for (const o of occurrencesOf(spec, events)) {
    if (spec.groupBy.nullKey === 'no-bucket' && o.key.includes(null)) continue;
    const key = JSON.stringify(o.key);
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(o);
  }
  const firings: Firing[] = [];
  for (const list of groups.values()) firings.push(...episodes(list, firingWindows(spec, list)));
  // Stable: firings at one time keep their group's order of first appearance.
  return firings.sort((a, b) => a.time - b.time);
}

function occurrencesOf(spec: AggregateSpec, events: readonly CorrelationInput[]): Occurrence[] {
  const out: Occurrence[] = [];
  spec.inputs.forEach((input, index) => {
    if (input.kind === 'records') {
      for (const e of events) {
        if (input.detectionId !== null && e.detectionId !== input.detectionId) continue;
        out.push({
          input: index,
          time: e.time,
          ordinals: [e.ordinal],
          key: input.keys.map((f) => e.fields[f] ?? null),
          values: input.values.map((f) => e.fields[f] ?? null),
        });
      }
    } else {
      for (const f of firingsOf(input.spec, events)) out.push({ input: index, time: f.time, ordinals: f.ordinals, key: input.keys.map((k) => f.key[k] ?? null), values: [] });
    }
  });
  return out.sort((a, b) => a.time - b.time || firstOrdinal(a) - firstOrdinal(b) || a.input - b.input);
}

/** The firing windows of one group, in increasing start order. */
function firingWindows(spec: AggregateSpec, occ: readonly Occurrence[]): Range[] {
  const out: Range[] = [];
  for (const [from, to] of windowsOf(spec.window, occ)) {
    if (spec.ordered) {
      const chain = orderedChain(spec.inputs.length, occ, from, to);
      if (chain !== null && conditionHolds(spec.condition, occ, from, chain.last, chain.length)) out.push([from, chain.last]);
    } else if (conditionHolds(spec.condition, occ, from, to, null)) out.push([from, to]);
  }
  return out;
}

/**
 * From occ[from] (which must be input 0), the inputs in their listed order, each taken at its first
 * occurrence after the previous link (one record is never two links). Null when occ[from] is not input 0.
 */
function orderedChain(inputs: number, occ: readonly Occurrence[], from: number, to: number): { length: number; last: number } | null {
  if (occ[from]!.input !== 0) return null;
  let length = 1;
  let last = from;
  for (let k = from + 1; k <= to && length < inputs; k++) {
    const o = occ[k]!;
    if (o.input === length && firstOrdinal(o) !== firstOrdinal(occ[last]!)) {
      length++;
      last = k;
    }
  }
  return { length, last };
}

/** Merges overlapping windows (sharing an occurrence) into episodes. */
function episodes(occ: readonly Occurrence[], windows: readonly Range[]): Firing[] {
  const out: Firing[] = [];
  const flush = ([from, to]: Range): void => {
    const ordinals = new Set<number>();
    for (let k = from; k <= to; k++) for (const o of occ[k]!.ordinals) ordinals.add(o);
    const last = occ[to]!;
    out.push({ time: last.time, ordinals: [...ordinals].sort((a, b) => a - b), key: last.key });
  };
  let cur: Range | null = null;
  for (const w of windows) {
    if (cur !== null && w[0] <= cur[1]) cur = [cur[0], Math.max(cur[1], w[1])];
    else {
      if (cur !== null) flush(cur);
      cur = w;
    }
  }
  if (cur !== null) flush(cur);
  return out;
}
