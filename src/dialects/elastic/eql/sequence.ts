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
 */

/** One record's match of one step (or of `until`, step -1), with its join key. */
export interface StepHit {
  /** The caller's reference to the record; hits of one record share it. */
  readonly ref: number;
  readonly time: number;
  /** Index of the step (after `with runs` expansion), or -1 for `until`. */
  readonly step: number;
  /** The join key (all `by` values serialised), or null when a required key is missing. */
  readonly key: string | null;
}

interface Pending {
  readonly start: number;
  readonly refs: readonly number[];
}

/** Returns the refs of every record in a completed sequence (each completed sequence's records, in order). */
export function runSequence(steps: number, maxspan: number | null, hits: readonly StepHit[]): number[][] {
  const ordered = hits.map((h, i) => ({ h, i })).sort((a, b) => a.h.time - b.h.time || a.i - b.i);
  const machines = new Map<string, (Pending | undefined)[]>();
  const done: number[][] = [];
  let k = 0;
  while (k < ordered.length) {
    // All hits of one record, until first, then steps from last to first.
    const ref = ordered[k]!.h.ref;
    const group: StepHit[] = [];
    while (k < ordered.length && ordered[k]!.h.ref === ref) group.push(ordered[k++]!.h);
    group.sort((a, b) => (a.step === -1 ? -1 : b.step === -1 ? 1 : b.step - a.step));
    for (const h of group) {
      if (h.key === null) continue;
      let m = machines.get(h.key);
      if (h.step === -1) {
        if (m !== undefined) m.fill(undefined);
        continue;
      }
      if (m === undefined) machines.set(h.key, (m = new Array<Pending | undefined>(steps).fill(undefined)));
      if (h.step === 0) {
        if (steps === 1) done.push([h.ref]);
        else m[1] = { start: h.time, refs: [h.ref] };
        continue;
      }
      const p = m[h.step];
      if (p === undefined) continue;
      if (maxspan !== null && h.time - p.start > maxspan) {
        m[h.step] = undefined;
        continue;
      }
      m[h.step] = undefined;
      const next: Pending = { start: p.start, refs: [...p.refs, h.ref] };
      if (h.step + 1 === steps) done.push([...next.refs]);
      else m[h.step + 1] = next;
    }
  }
  return done;
}
