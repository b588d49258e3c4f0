/**
 * The sequence state machine (elastic-rules.md Q12; EQLSYN "Sequences", "`until` keyword", "How
 * sequence queries handle matches"), over step matches already computed per record.
 *
 * Records are taken in time order (ties keep their order). Per join key there is one machine whose
 * state i holds at most one pending sequence that has matched steps 0..i-1: a record matching step 0
 * starts a sequence in state 1, replacing the one there; a record matching step i moves the pending
 * sequence of state i to state i+1 (replacing the one there) when it is still within `maxspan` of the
 * sequence's first record, and completes it after the last step. A record matching several steps is
 * tried from the last step down, so one record is never two steps of one sequence. An `until` record
 * drops every pending sequence of its key; it is not part of a match.
 *
 * Missing-event steps (`![...]`, EQLSYN "Missing events") do not take part in the machine: a completed
 * sequence is dropped when a record of its key matches a missing step inside that step's interval,
 * between the records of its neighbouring steps; a leading one looks back `maxspan` from the last
 * record, a trailing one forward `maxspan` from the first. When the query has both a leading and a
 * trailing missing step, only both together drop it, and only when the whole span still fits
 * `maxspan` (EQLQA `leadingAndTrailingExcluded1`/`2`; docs/elastic.md "EQL").
 */

/** One record's match of one step (or of `until`, step -1), with its join key. */
export interface StepHit {
  /** The caller's reference to the record; hits of one record share it. */
  readonly ref: number;
  readonly time: number;
  /** Index of the step (after `with runs` expansion), -1 for `until`, -2 for a missing-event step. */
  readonly step: number;
  /** For a missing-event step: how many (expanded) positive steps come before it. */
  readonly gap?: number;
  /** The join key (all `by` values serialised), or null when a required key is missing. */
  readonly key: string | null;
}

interface Pending {
  readonly start: number;
  readonly refs: readonly number[];
  readonly times: readonly number[];
}

interface Completed extends Pending {
  readonly key: string;
}

/** Returns the refs of every record in a completed sequence (each completed sequence's records, in order). */
export function runSequence(steps: number, maxspan: number | null, hits: readonly StepHit[], edges: MissingEdges = NO_EDGES): number[][] {
  const ordered = hits.map((h, i) => ({ h, i })).sort((a, b) => a.h.time - b.h.time || a.i - b.i);
  const machines = new Map<string, (Pending | undefined)[]>();
  const done: Completed[] = [];
  const missing: StepHit[] = [];
  let k = 0;
  while (k < ordered.length) {
    // All hits of one record, until first, then steps from last to first.
    const ref = ordered[k]!.h.ref;
    const group: StepHit[] = [];
    while (k < ordered.length && ordered[k]!.h.ref === ref) group.push(ordered[k++]!.h);
    group.sort((a, b) => (a.step === -1 ? -1 : b.step === -1 ? 1 : b.step - a.step));
    for (const h of group) {
      if (h.key === null) continue;
      if (h.step === -2) {
        missing.push(h);
        continue;
      }
      let m = machines.get(h.key);
      if (h.step === -1) {
        if (m !== undefined) m.fill(undefined);
        continue;
      }
      if (m === undefined) machines.set(h.key, (m = new Array<Pending | undefined>(steps).fill(undefined)));
      if (h.step === 0) {
        const first: Pending = { start: h.time, refs: [h.ref], times: [h.time] };
        if (steps === 1) done.push({ ...first, key: h.key });
        else m[1] = first;
        continue;
      }
      const p = m[h.step];
      if (p === undefined) continue;
      if (maxspan !== null && h.time - p.start > maxspan) {
        m[h.step] = undefined;
        continue;
      }
      m[h.step] = undefined;
      const next: Pending = { start: p.start, refs: [...p.refs, h.ref], times: [...p.times, h.time] };
      if (h.step + 1 === steps) done.push({ ...next, key: h.key });
      else m[h.step + 1] = next;
    }
  }
  // Only missing-step records of a sequence's own key can drop it.
  const missingByKey = new Map<string, StepHit[]>();
  for (const h of missing) {
    let list = missingByKey.get(h.key as string);
    if (list === undefined) missingByKey.set(h.key as string, (list = []));
    list.push(h);
  }
  return done.filter((c) => !dropped(c, missingByKey.get(c.key) ?? [], maxspan, edges)).map((c) => [...c.refs]);
}

/** Whether the query has a missing step before its first and after its last positive step. */
export interface MissingEdges {
  readonly leading: boolean;
  readonly trailing: boolean;
}

const NO_EDGES: MissingEdges = { leading: false, trailing: false };

/** Whether the missing-step records drop a completed sequence (see the module comment). */
function dropped(c: Completed, missing: readonly StepHit[], maxspan: number | null, edges: MissingEdges): boolean {
  const n = c.times.length;
  let lead = -Infinity;
  let trail = Infinity;
  for (const h of missing) {
    if (!inInterval(c, h, maxspan)) continue;
    const gap = h.gap ?? 0;
    if (gap > 0 && gap < n) return true;
    if (gap === 0) lead = Math.max(lead, h.time);
    else trail = Math.min(trail, h.time);
  }
  if (edges.leading && edges.trailing) return lead !== -Infinity && trail !== Infinity && trail - lead <= (maxspan ?? Infinity);
  return lead !== -Infinity || trail !== Infinity;
}

/** Whether a missing-step record falls in the completed sequence's interval for that step. */
function inInterval(c: Completed, h: StepHit, maxspan: number | null): boolean {
  if (c.refs.includes(h.ref)) return false;
  const n = c.times.length;
  const gap = h.gap ?? 0;
  const span = maxspan ?? Infinity;
  const from = gap === 0 ? (c.times[n - 1] as number) - span : (c.times[gap - 1] as number);
  const to = gap >= n ? (c.times[0] as number) + span : (c.times[gap] as number);
  return h.time >= from && h.time <= to;
}

/**
 * `sample by k [q1] [q2] …` (EQLSYN "Samples"; elastic-rules.md Q12): the steps match in any order; per
 * join key, a sample needs one record per step, each a different record. Elasticsearch returns one
 * sample per key by default (`max_samples_per_key: 1`); **decision** (docs/elastic.md, "EQL"): each step
 * takes the earliest record not already taken by an earlier step, over the whole replay. Returns the
 * refs of each key's sample, in step order.
 */
export function runSample(steps: number, hits: readonly StepHit[]): number[][] {
  const byKey = new Map<string, StepHit[][]>();
  for (const h of hits) {
    if (h.key === null || h.step < 0) continue;
    let perStep = byKey.get(h.key);
    if (perStep === undefined) byKey.set(h.key, (perStep = Array.from({ length: steps }, () => [])));
    perStep[h.step]!.push(h);
  }
  const out: number[][] = [];
  for (const perStep of byKey.values()) {
    const taken: number[] = [];
    for (const list of perStep) {
      let best: StepHit | null = null;
      for (const h of list) if (!taken.includes(h.ref) && (best === null || h.time < best.time)) best = h;
      if (best === null) break;
      taken.push(best.ref);
    }
    if (taken.length === steps) out.push(taken);
  }
  return out;
}
