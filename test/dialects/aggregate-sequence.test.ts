// The aggregate's sequence form (src/dialects/aggregate/sequence.ts; docs/dialects.md "Rules over many
// records: the aggregate"): pending sequences replaced, `until`, missing steps, maxspan, per-step keys,
// one record matching two steps, and samples. test/elastic-eql pins EQL's meaning through it.
import t from 'tap';
import { aggregateDetection, evaluateAggregate, type SequenceSpec, type SequenceStep } from '../../src/dialects/aggregate/index.js';
import type { CorrelationInput } from '../../src/dialects/types.js';

/** A match of detection `id` on record `ordinal` at `seconds`, with field values. */
const ev = (ordinal: number, seconds: number, id: string, ...fields: (string | null)[]): CorrelationInput => ({ detectionId: id, ordinal, eventID: null, time: seconds * 1000, fields });
const step = (detectionId: string, keys: number[] = [], missing = false): SequenceStep => ({ detectionId, keys, missing });

function seq(over: Partial<SequenceSpec>): SequenceSpec {
  return { kind: 'sequence', steps: [step('a'), step('b')], until: null, maxspan: null, sample: false, ...over };
}
/** Each firing's steps, one ordinal per step (matches here are one per record). */
const sequences = (s: SequenceSpec, events: CorrelationInput[]): number[][] => evaluateAggregate(s, events).firings.map((f) => (f.steps ?? []).map((o) => o[0]!));

t.test('a newer first step replaces the pending sequence', async (t) => {
  t.same(sequences(seq({}), [ev(1, 0, 'a'), ev(2, 1, 'a'), ev(3, 2, 'b')]), [[2, 3]], 'a1 a2 b: only (a2, b)');
  t.same(sequences(seq({}), [ev(1, 0, 'a'), ev(2, 1, 'b'), ev(3, 2, 'b')]), [[1, 2]], 'a b1 b2: the sequence completes once, b2 finds nothing pending');
  t.same(sequences(seq({ steps: [step('a'), step('b'), step('c')] }), [ev(1, 0, 'a'), ev(2, 1, 'b'), ev(3, 2, 'a'), ev(4, 3, 'b'), ev(5, 4, 'c')]), [[3, 4, 5]], 'state 2 is replaced by the newer (a, b)');
  t.same(evaluateAggregate(seq({}), [ev(1, 0, 'a'), ev(2, 1, 'a'), ev(3, 2, 'b')]).ordinals, [2, 3], 'a firing holds its steps only');
});

t.test('until drops the pending sequences of its key', async (t) => {
  const s = seq({ steps: [step('a', [0]), step('b', [0])], until: { detectionId: 'u', keys: [0] } });
  t.same(sequences(s, [ev(1, 0, 'a', 'k'), ev(2, 1, 'u', 'k'), ev(3, 2, 'b', 'k')]), [], 'until between the steps');
  t.same(sequences(s, [ev(1, 0, 'a', 'k'), ev(2, 1, 'u', 'other'), ev(3, 2, 'b', 'k')]), [[1, 3]], 'an until of another key');
  t.same(sequences(s, [ev(1, 0, 'a', 'k'), ev(2, 1, 'u', 'k'), ev(3, 2, 'a', 'k'), ev(4, 3, 'b', 'k')]), [[3, 4]], 'a sequence started after until');
  t.same(evaluateAggregate(s, [ev(1, 0, 'a', 'k'), ev(2, 1, 'b', 'k'), ev(3, 1, 'u', 'k')]).ordinals, [1, 2], 'until is never part of a firing');
});

t.test('missing steps drop completed sequences inside their interval', async (t) => {
  const middle = seq({ steps: [step('a'), step('m', [], true), step('b')], maxspan: 10_000 });
  t.same(sequences(middle, [ev(1, 0, 'a'), ev(2, 1, 'm'), ev(3, 2, 'b')]), [], 'a missing record between the steps');
  t.same(sequences(middle, [ev(1, 0, 'a'), ev(2, 3, 'b'), ev(3, 4, 'm')]), [[1, 2]], 'after the interval');
  const trailing = seq({ steps: [step('a'), step('b'), step('m', [], true)], maxspan: 10_000 });
  t.same(sequences(trailing, [ev(1, 0, 'a'), ev(2, 1, 'b'), ev(3, 10, 'm')]), [], 'trailing: up to maxspan after the first record');
  t.same(sequences(trailing, [ev(1, 0, 'a'), ev(2, 1, 'b'), ev(3, 10.001, 'm')]), [[1, 2]], 'trailing: one millisecond later');
  const leading = seq({ steps: [step('m', [], true), step('a'), step('b')], maxspan: 10_000 });
  t.same(sequences(leading, [ev(1, 0, 'm'), ev(2, 5, 'a'), ev(3, 10, 'b')]), [], 'leading: up to maxspan before the last record');
  t.same(sequences(leading, [ev(1, 0, 'm'), ev(2, 5, 'a'), ev(3, 10.001, 'b')]), [[2, 3]], 'leading: one millisecond earlier');
  const both = seq({ steps: [step('m', [], true), step('a'), step('m2', [], true)], maxspan: 10_000 });
  t.same(sequences(both, [ev(1, 0, 'm'), ev(2, 5, 'a')]), [[2]], 'leading and trailing: one alone does not drop');
  t.same(sequences(both, [ev(1, 0, 'm'), ev(2, 5, 'a'), ev(3, 10, 'm2')]), [], 'both within maxspan drop');
  t.same(sequences(both, [ev(1, 0, 'm'), ev(2, 5, 'a'), ev(3, 10.001, 'm2')]), [[2]], 'both, but wider than maxspan');
  const keyed = seq({ steps: [step('a', [0]), step('m', [0], true), step('b', [0])], maxspan: 10_000 });
  t.same(sequences(keyed, [ev(1, 0, 'a', 'k'), ev(2, 1, 'm', 'other'), ev(3, 2, 'b', 'k')]), [[1, 3]], 'a missing record of another key');
});

t.test('maxspan: first to last record, exactly maxspan included', async (t) => {
  const s = seq({ maxspan: 5000 });
  t.same(sequences(s, [ev(1, 0, 'a'), ev(2, 5, 'b')]), [[1, 2]], 'exactly maxspan');
  t.same(sequences(s, [ev(1, 0, 'a'), ev(2, 5.001, 'b')]), [], 'one millisecond more');
  t.same(sequences(seq({ maxspan: 0 }), [ev(1, 0, 'a'), ev(2, 0, 'b')]), [[1, 2]], 'maxspan 0: the same millisecond');
  t.same(sequences(s, [ev(1, 0, 'a'), ev(2, 6, 'b'), ev(3, 7, 'b')]), [], 'an expired pending sequence is dropped, not kept for later');
});

t.test('per-step keys join on values, a null key takes no part', async (t) => {
  // Step a keys on field 0, step b on field 1: a's user must be b's target.
  const s = seq({ steps: [step('a', [0]), step('b', [1])] });
  t.same(sequences(s, [ev(1, 0, 'a', 'alice', 'x'), ev(2, 1, 'b', 'y', 'alice')]), [[1, 2]], 'field 0 of a = field 1 of b');
  t.same(sequences(s, [ev(1, 0, 'a', 'alice', 'x'), ev(2, 1, 'b', 'alice', 'y')]), [], 'field 0 of b does not join');
  t.same(sequences(s, [ev(1, 0, 'a', null, 'x'), ev(2, 1, 'b', 'y', null)]), [], 'null keys never join');
  const two = seq({ steps: [step('a', [0]), step('a', [0]), step('b', [0])] });
  t.same(sequences(two, [ev(1, 0, 'a', 'k'), ev(2, 1, 'a', 'j'), ev(3, 2, 'a', 'k'), ev(4, 3, 'b', 'j'), ev(5, 4, 'b', 'k')]), [[1, 3, 5]], 'one machine per key');
  t.same(evaluateAggregate(two, [ev(1, 0, 'a', 'k'), ev(3, 2, 'a', 'k'), ev(5, 4, 'b', 'k')]).firings[0]!.key, ['k'], 'a firing carries its key');
});

t.test('a record matching two steps is tried from the last step down', async (t) => {
  // Record 2 matches a and b: as b it completes (1, 2); as a it then starts a new pending sequence.
  const both = [ev(1, 0, 'a'), ev(2, 1, 'a'), ev(2, 1, 'b'), ev(3, 2, 'b')];
  t.same(sequences(seq({}), both), [[1, 2], [2, 3]], 'one record is never two steps of one sequence');
  t.same(sequences(seq({}), [ev(1, 0, 'a'), ev(1, 0, 'b')]), [], 'alone it cannot complete a two-step sequence');
  // Matches of one record with an eventID share it (and its time) whatever their ordinals.
  const dup = (ordinal: number, id: string): CorrelationInput => ({ ...ev(ordinal, 1, id), eventID: 'E' });
  t.same(sequences(seq({}), [ev(1, 0, 'a'), dup(2, 'a'), dup(3, 'b')]), [[1, 2]], 'two ordinals, one record');
  t.same(evaluateAggregate(seq({}), [ev(1, 0, 'a'), dup(2, 'a'), dup(3, 'b')]).firings[0]!.steps, [[1], [2, 3]], 'a step reports every ordinal of its record');
  const runs = seq({ steps: [step('a'), step('a')] });
  t.same(sequences(runs, [ev(1, 0, 'a')]), [], 'a repeated step (with runs=2) needs two records');
  t.same(sequences(runs, [ev(1, 0, 'a'), ev(2, 1, 'a'), ev(3, 2, 'a')]), [[1, 2], [2, 3]], 'each record completes the pending pair, then starts the next');
});

t.test('samples: any order, no window, one per key', async (t) => {
  const s = seq({ steps: [step('a', [0]), step('b', [0])], sample: true });
  t.same(sequences(s, [ev(1, 0, 'b', 'k'), ev(2, 1000, 'a', 'k')]), [[2, 1]], 'steps in any order and any distance, reported in step order');
  t.same(sequences(s, [ev(1, 0, 'a', 'k'), ev(2, 1, 'a', 'k'), ev(3, 2, 'b', 'k'), ev(4, 3, 'b', 'k')]), [[1, 3]], 'one sample per key: the earliest records');
  t.same(sequences(s, [ev(1, 0, 'a', 'k'), ev(1, 0, 'b', 'k')]), [], 'one record is never two steps');
  t.same(sequences(s, [ev(1, 0, 'a', 'k'), ev(1, 0, 'b', 'k'), ev(2, 5, 'b', 'k')]), [[1, 2]], 'the next record for the later step');
  t.same(sequences(s, [ev(1, 0, 'a', 'j'), ev(2, 1, 'a', 'k'), ev(3, 2, 'b', 'k'), ev(4, 3, 'b', 'j')]), [[1, 4], [2, 3]], 'keys in order of first match');
});

t.test('aggregateDetection takes a sequence spec and checks it', async (t) => {
  const d = aggregateDetection({ id: 'x', title: 'x', dialect: 'elastic-eql', file: 'f', meta: {}, inputs: ['a', 'b'], generate: false, fields: [] }, seq({}));
  t.same(d.evaluate([ev(1, 0, 'a'), ev(2, 1, 'b'), ev(3, 2, 'c')]), [1, 2]);
  t.throws(() => aggregateDetection({ id: 'x', title: 'x', dialect: 'd', file: 'f', meta: {}, inputs: [], generate: false, fields: [] }, seq({ steps: [step('a', [0]), step('b')] })), /join keys/);
  t.throws(() => aggregateDetection({ id: 'x', title: 'x', dialect: 'd', file: 'f', meta: {}, inputs: [], generate: false, fields: [] }, seq({ sample: true, maxspan: 1 })), /sample/);
});
