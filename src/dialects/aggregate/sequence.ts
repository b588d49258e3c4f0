/**
 * The sequence form of the aggregate (spec.ts `SequenceSpec`): EQL sequences and samples
 * (elastic-rules.md Q12; EQLSYN "Sequences", "`until` keyword", "How sequence queries handle matches",
 * "Missing events", "Samples"), over the step matches the map side handed over.
 *
 * Occurrences are taken in time order (ties keep their order). Per join key there is one machine whose
 * state i holds at most one pending sequence that has matched steps 0..i-1: an occurrence of step 0
 * starts a sequence in state 1, replacing the one there; an occurrence of step i moves the pending
 * sequence of state i to state i+1 (replacing the one there) when it is still within `maxspan` of the
 * sequence's first record, and completes it after the last step. A record matching several steps is
 * tried from the last step down, so one record is never two steps of one sequence. An `until`
 * occurrence drops every pending sequence of its key; it is not part of a firing.
 *
 * Missing steps do not take part in the machine: a completed sequence is dropped when an occurrence of
 * its key matches a missing step inside that step's interval, between the records of its neighbouring
 * steps; a leading one looks back `maxspan` from the last record, a trailing one forward `maxspan` from
 * the first. When the spec has both a leading and a trailing missing step, only both together drop it,
 * and only when the whole span still fits `maxspan` (EQLQA `leadingAndTrailingExcluded1`/`2`;
 * docs/elastic.md "EQL").
 *
 * A firing is one completed sequence: its steps' records only (not what lies between them).
 */
import type { CorrelationInput } from '../types.js';
import type { Firing, SequenceInput, SequenceSpec } from './spec.js';

/** One record's match of one step. */
interface StepOccurrence {
  /** The record (occurrences of one record share it). */
  readonly record: number;
  readonly time: number;
  /** Positive step index; -1 for `until`, -2 for a missing step. */
  readonly step: number;
  /** For a missing step: how many positive steps come before it. */
  readonly after: number;
  /** The join key serialised, or null when a key has no value. */
  readonly key: string | null;
}

interface Pending {
  readonly start: number;
  readonly records: readonly number[];
  readonly times: readonly number[];
}

interface Completed extends Pending {
  readonly key: string;
}

/** The firings of a sequence spec over the input matches (in the engine's order: time, then ordinal). */
export function sequenceFirings(spec: SequenceSpec, events: readonly CorrelationInput[]): Firing[] {
  const { occurrences, ordinals } = occurrencesOf(spec, events);
  const positive = spec.steps.filter((s) => s.missing !== true).length;
  const completed = spec.sample ? samples(positive, occurrences) : sequences(spec, positive, occurrences);
  return completed.map((c) => {
    const steps = c.records.map((r) => [...new Set(ordinals.get(r))].sort((a, b) => a - b));
    return {
      time: Math.max(...c.times),
      ordinals: [...new Set(steps.flat())].sort((a, b) => a - b),
      key: JSON.parse(c.key) as (string | null)[],
      steps,
    };
  });
}

/** The step occurrences of each match, and each record's ordinals (from its positive-step matches). */
function occurrencesOf(spec: SequenceSpec, events: readonly CorrelationInput[]): { occurrences: StepOccurrence[]; ordinals: Map<number, number[]> } {
  // Matches of one record (one per step it matched) share its eventID and time.
  const records = new Map<string, number>();
  const recordOf = (e: CorrelationInput): number => {
    const k = e.eventID === null ? `#${e.ordinal}` : `${e.eventID}@${e.time}`;
    let r = records.get(k);
    if (r === undefined) records.set(k, (r = records.size));
    return r;
  };
  const occurrences: StepOccurrence[] = [];
  const ordinals = new Map<number, number[]>();
  for (const e of events) {
    const record = recordOf(e);
    if (spec.until !== null && e.detectionId === spec.until.detectionId) {
      occurrences.push({ record, time: e.time, step: -1, after: 0, key: keyOf(spec.until, e) });
      continue;
    }
    let step = 0;
    for (const s of spec.steps) {
      if (s.detectionId === e.detectionId) {
        if (s.missing === true) occurrences.push({ record, time: e.time, step: -2, after: step, key: keyOf(s, e) });
        else {
          let list = ordinals.get(record);
          if (list === undefined) ordinals.set(record, (list = []));
          list.push(e.ordinal);
          occurrences.push({ record, time: e.time, step, after: 0, key: keyOf(s, e) });
        }
      }
      if (s.missing !== true) step++;
    }
  }
  return { occurrences, ordinals };
}

function keyOf(input: SequenceInput, e: CorrelationInput): string | null {
  const values = input.keys.map((k) => e.fields[k] ?? null);
  return values.includes(null) ? null : JSON.stringify(values);
}

/** The completed sequences that no missing-step occurrence drops, in completion order. */
function sequences(spec: SequenceSpec, steps: number, occurrences: readonly StepOccurrence[]): Completed[] {
  const ordered = occurrences.map((o, i) => ({ o, i })).sort((a, b) => a.o.time - b.o.time || a.i - b.i);
  const machines = new Map<string, (Pending | undefined)[]>();
  const done: Completed[] = [];
  const missing = new Map<string, StepOccurrence[]>();
  let k = 0;
  while (k < ordered.length) {
    // All occurrences of one record: until first, then steps from last to first.
    const record = ordered[k]!.o.record;
    const group: StepOccurrence[] = [];
    while (k < ordered.length && ordered[k]!.o.record === record) group.push(ordered[k++]!.o);
    group.sort((a, b) => (a.step === -1 ? -1 : b.step === -1 ? 1 : b.step - a.step));
    for (const o of group) {
      if (o.key === null) continue;
      if (o.step === -2) {
        let list = missing.get(o.key);
        if (list === undefined) missing.set(o.key, (list = []));
        list.push(o);
        continue;
      }
      let m = machines.get(o.key);
      if (o.step === -1) {
        if (m !== undefined) m.fill(undefined);
        continue;
      }
      if (m === undefined) machines.set(o.key, (m = new Array<Pending | undefined>(steps).fill(undefined)));
      const p: Pending | undefined = o.step === 0 ? { start: o.time, records: [], times: [] } : m[o.step];
      if (p === undefined) continue;
      m[o.step] = undefined;
      if (spec.maxspan !== null && o.time - p.start > spec.maxspan) continue;
      const next: Pending = { start: p.start, records: [...p.records, o.record], times: [...p.times, o.time] };
      if (o.step + 1 === steps) done.push({ ...next, key: o.key });
      else m[o.step + 1] = next;
    }
  }
  const leading = spec.steps[0]!.missing === true;
  const trailing = spec.steps[spec.steps.length - 1]!.missing === true;
  return done.filter((c) => !dropped(c, missing.get(c.key) ?? [], spec.maxspan, leading && trailing));
}

/** Whether the missing-step occurrences (of the sequence's key) drop a completed sequence. */
function dropped(c: Completed, missing: readonly StepOccurrence[], maxspan: number | null, bothEdges: boolean): boolean {
  const n = c.times.length;
  let lead = -Infinity;
  let trail = Infinity;
  for (const o of missing) {
    if (!inInterval(c, o, maxspan)) continue;
    if (o.after > 0 && o.after < n) return true;
    if (o.after === 0) lead = Math.max(lead, o.time);
    else trail = Math.min(trail, o.time);
  }
  if (bothEdges) return lead !== -Infinity && trail !== Infinity && trail - lead <= (maxspan ?? Infinity);
  return lead !== -Infinity || trail !== Infinity;
}

/** Whether a missing-step occurrence falls in the completed sequence's interval for that step. */
function inInterval(c: Completed, o: StepOccurrence, maxspan: number | null): boolean {
  if (c.records.includes(o.record)) return false;
  const n = c.times.length;
  const span = maxspan ?? Infinity;
  const from = o.after === 0 ? c.times[n - 1]! - span : c.times[o.after - 1]!;
  const to = o.after >= n ? c.times[0]! + span : c.times[o.after]!;
  return o.time >= from && o.time <= to;
}

/**
 * Samples: per join key, one sample needing one record per step, each a different record. Elasticsearch
 * returns one sample per key by default (`max_samples_per_key: 1`); **decision** (docs/elastic.md,
 * "EQL"): each step takes the earliest record not already taken by an earlier step, over the whole
 * replay (ties: the first handed over). Keys in order of first occurrence.
 */
function samples(steps: number, occurrences: readonly StepOccurrence[]): Completed[] {
  const byKey = new Map<string, StepOccurrence[][]>();
  for (const o of occurrences) {
    if (o.key === null || o.step < 0) continue;
    let perStep = byKey.get(o.key);
    if (perStep === undefined) byKey.set(o.key, (perStep = Array.from({ length: steps }, () => [])));
    perStep[o.step]!.push(o);
  }
  const out: Completed[] = [];
  for (const [key, perStep] of byKey) {
    const taken: StepOccurrence[] = [];
    for (const list of perStep) {
      let best: StepOccurrence | null = null;
      for (const o of list) if (!taken.some((t) => t.record === o.record) && (best === null || o.time < best.time)) best = o;
      if (best === null) break;
      taken.push(best);
    }
    if (taken.length === steps) out.push({ start: Math.min(...taken.map((t) => t.time)), records: taken.map((t) => t.record), times: taken.map((t) => t.time), key });
  }
  return out;
}
