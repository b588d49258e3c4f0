// The shared aggregate for rules over many records (src/dialects/aggregate; docs/dialects.md "Rules
// over many records: the aggregate"): window kinds, null keys, measures, ordered inputs, episodes,
// chaining and boundaries. The dialects' own semantic tests (test/sigma, test/elastic, test/panther)
// prove that Sigma correlations, Elastic threshold and Panther alert grouping kept their meaning.
import t from 'tap';
import { aggregateDetection, evaluateAggregate, type AggregateInput, type AggregateSpec, type AggregateTest, type Measure } from '../../src/dialects/aggregate/index.js';
import type { Occurrence } from '../../src/dialects/aggregate/measure.js';
import { windowsOf, type Range } from '../../src/dialects/aggregate/windows.js';
import type { CorrelationInput } from '../../src/dialects/types.js';

/** A match of detection `id` on record `ordinal` at `seconds`, with field values. */
const ev = (ordinal: number, seconds: number, id: string, ...fields: (string | null)[]): CorrelationInput => ({ detectionId: id, ordinal, eventID: null, time: seconds * 1000, fields });
const records = (detectionId: string | null, keys: number[] = [], values: number[] = []): AggregateInput => ({ kind: 'records', detectionId, keys, values });
const atLeast = (value: number, measure: Measure = { kind: 'count' }): AggregateTest => ({ measure, op: 'gte', value });

function spec(over: Partial<AggregateSpec>): AggregateSpec {
  return {
    inputs: [records(null)],
    groupBy: { width: 0, nullKey: 'own-group' },
    window: { kind: 'sliding-forward', span: 10_000 },
    ordered: false,
    condition: [atLeast(2)],
    ...over,
  };
}
const ordinals = (s: AggregateSpec, events: CorrelationInput[]): number[] => evaluateAggregate(s, events).ordinals;

t.test('sliding-forward windows are [t, t + span], closed', async (t) => {
  const s = spec({});
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 10, 'a')]), [1, 2], 'exactly span apart: one window');
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 10.001, 'a')]), [], 'one millisecond more: two windows');
  t.same(ordinals(spec({ window: { kind: 'sliding-forward', span: 0 } }), [ev(1, 5, 'a'), ev(2, 5, 'a')]), [1, 2], 'span 0: the same millisecond');
});

t.test('look-back windows are (t - span, t]', async (t) => {
  const s = spec({ window: { kind: 'look-back', span: 10_000 } });
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 10, 'a')]), [], 'exactly span apart: the first is out of the window');
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 9.999, 'a')]), [1, 2], 'one millisecond less: inside');
  t.same(ordinals(spec({ window: { kind: 'look-back', span: 0 }, condition: [atLeast(1)] }), [ev(1, 0, 'a')]), [1], 'span 0: a window still holds its own record');
});

t.test('fixed-from-first windows are [first, first + span)', async (t) => {
  const s = spec({ window: { kind: 'fixed-from-first', span: 10_000 } });
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 10, 'a')]), [], 'exactly span apart: the second opens a new window');
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 9, 'a'), ev(3, 12, 'a')]), [1, 2], 'windows do not slide: 9 and 12 are in different ones');
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 12, 'a'), ev(3, 21, 'a')]), [2, 3], 'the next window opens at the first record after the close');
});

t.test('group keys, and what a null key does', async (t) => {
  const keyed = (nullKey: 'own-group' | 'no-bucket'): AggregateSpec => spec({ inputs: [records(null, [0])], groupBy: { width: 1, nullKey } });
  const events = [ev(1, 0, 'a', 'x'), ev(2, 1, 'a', 'y'), ev(3, 2, 'a', null), ev(4, 3, 'a', null), ev(5, 4, 'a', 'x')];
  t.same(ordinals(keyed('own-group'), events), [1, 3, 4, 5], 'null is one more key');
  t.same(ordinals(keyed('no-bucket'), events), [1, 5], 'null keys have no group');
  t.same(evaluateAggregate(keyed('own-group'), events).firings.map((f) => f.key), [[null], ['x']], 'firings carry their key, by time');
  t.same(ordinals(spec({}), [ev(1, 0, 'a', 'x'), ev(2, 1, 'a', 'y')]), [1, 2], 'no group keys: one group');
});

t.test('measures', async (t) => {
  const measured = (measure: Measure, op: AggregateTest['op'], value: number, inputs: AggregateInput[] = [records(null, [], [0, 1])]): AggregateSpec => spec({ inputs, condition: [{ measure, op, value }] });
  const two = [records('a', [], [0, 1]), records('b', [], [0, 1])];
  t.same(ordinals(measured({ kind: 'count' }, 'gte', 2, two), [ev(1, 0, 'a'), ev(1, 0, 'b')]), [], 'count: one record matched by two inputs counts once');
  t.same(ordinals(measured({ kind: 'count' }, 'gte', 2, two), [ev(1, 0, 'a'), ev(2, 0, 'b')]), [1, 2], 'count: two records in the same millisecond');
  const values = [ev(1, 0, 'a', 'u', 'x'), ev(2, 1, 'a', 'u', 'y'), ev(3, 2, 'a', 'u', null), ev(4, 3, 'a', 'u', 'x')];
  t.same(ordinals(measured({ kind: 'distinct-values', slots: [0] }, 'gte', 2), values), [], 'distinct-values: one value');
  t.same(ordinals(measured({ kind: 'distinct-values', slots: [0, 1] }, 'eq', 2), values), [1, 2, 3, 4], 'distinct-values: tuples, where every slot has a value');
  t.same(ordinals(measured({ kind: 'distinct-values', slots: [1] }, 'gte', 3), values), [], 'distinct-values: null is not a value');
  t.same(ordinals(measured({ kind: 'distinct-inputs' }, 'gte', 2, two), [ev(1, 0, 'a'), ev(1, 0, 'b')]), [1], 'distinct-inputs: one record, two inputs');
  t.same(ordinals(measured({ kind: 'distinct-inputs' }, 'gte', 2, two), [ev(1, 0, 'a'), ev(2, 1, 'a')]), [], 'distinct-inputs: one input twice');
  const nums = [ev(1, 0, 'a', '2'), ev(2, 1, 'a', '4'), ev(3, 2, 'a', 'n/a'), ev(4, 3, 'a', ' '), ev(5, 4, 'a', '9')];
  t.same(ordinals(measured({ kind: 'sum', slot: 0 }, 'eq', 15), nums), [1, 2, 3, 4, 5], 'sum: non-numbers and blanks skipped');
  t.same(ordinals(measured({ kind: 'avg', slot: 0 }, 'eq', 5), nums), [1, 2, 3, 4, 5], 'avg over the numbers only');
  t.same(ordinals(measured({ kind: 'percentile', slot: 0, rank: 50 }, 'eq', 4), nums), [1, 2, 3, 4, 5], 'percentile: nearest rank');
  t.same(ordinals(measured({ kind: 'percentile', slot: 0, rank: 0 }, 'eq', 2), nums), [1, 2, 3, 4, 5], 'percentile 0: the smallest');
  t.same(ordinals(measured({ kind: 'sum', slot: 0 }, 'neq', 1), [ev(1, 0, 'a', 'x')]), [], 'no numbers: no test holds, not even neq');
  const range = spec({ inputs: [records(null, [], [0])], condition: [{ measure: { kind: 'sum', slot: 0 }, op: 'gt', value: 5 }, { measure: { kind: 'count' }, op: 'lte', value: 2 }] });
  t.same(ordinals(range, [ev(1, 0, 'a', '3'), ev(2, 1, 'a', '3'), ev(3, 30, 'a', '3'), ev(4, 31, 'a', '3'), ev(5, 32, 'a', '3')]), [1, 2, 4, 5], 'tests are AND-ed, each with its own measure');
});

t.test('ordered inputs', async (t) => {
  const s = spec({ inputs: [records('a'), records('b'), records('c')], ordered: true, condition: [atLeast(3, { kind: 'distinct-inputs' })] });
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 1, 'b'), ev(3, 2, 'c')]), [1, 2, 3], 'in order');
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 1, 'c'), ev(3, 2, 'b')]), [], 'out of order');
  t.same(ordinals(s, [ev(1, 0, 'b'), ev(2, 1, 'a'), ev(3, 2, 'b'), ev(4, 3, 'c')]), [2, 3, 4], 'a window starts only at the first input');
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 1, 'b'), ev(2, 1, 'c')]), [], 'one record is never two links');
  t.same(ordinals(s, [ev(1, 5, 'a'), ev(2, 5, 'b'), ev(3, 5, 'c')]), [1, 2, 3], 'same millisecond: record order decides');
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 1, 'b'), ev(3, 2, 'c'), ev(4, 3, 'a')]), [1, 2, 3], 'the window ends at the chain');
  const partial = { ...s, condition: [atLeast(2, { kind: 'distinct-inputs' })] };
  t.same(ordinals(partial, [ev(1, 0, 'a'), ev(2, 1, 'c'), ev(3, 2, 'b')]), [1, 2, 3], 'distinct-inputs is the chain length, records between links included');
  t.same(ordinals(s, [ev(1, 0, 'a'), ev(2, 5, 'b'), ev(3, 11, 'c')]), [], 'the chain fits the window');
});

t.test('overlapping firing windows merge into episodes', async (t) => {
  const s = spec({ inputs: [records(null, [0])], groupBy: { width: 1, nullKey: 'own-group' } });
  const r = evaluateAggregate(s, [ev(1, 0, 'a', 'k'), ev(2, 8, 'a', 'k'), ev(3, 16, 'a', 'k'), ev(4, 40, 'a', 'k'), ev(5, 45, 'a', 'k'), ev(6, 41, 'a', 'j')]);
  t.same(
    r.firings.map((f) => [f.time, f.ordinals, f.key]),
    [
      [16_000, [1, 2, 3], ['k']],
      [45_000, [4, 5], ['k']],
    ],
    'windows [0, 8] and [8, 16] share a record: one episode at its last time',
  );
  t.same(r.ordinals, [1, 2, 3, 4, 5], 'the records of every firing');
});

t.test('chaining: an input that is another aggregate, one occurrence per episode', async (t) => {
  // Inner: two matches of `a` per user within 10 s, grouped by user and host.
  const inner = spec({ inputs: [records('a', [0, 1])], groupBy: { width: 2, nullKey: 'own-group' } });
  // Outer: two episodes of the inner one per user (its key 0) within 60 s.
  const outer = spec({ inputs: [{ kind: 'aggregate', spec: inner, keys: [0] }], groupBy: { width: 1, nullKey: 'own-group' }, window: { kind: 'sliding-forward', span: 60_000 } });
  const events = [ev(1, 0, 'a', 'u', 'h1'), ev(2, 5, 'a', 'u', 'h1'), ev(3, 8, 'a', 'u', 'h1'), ev(4, 30, 'a', 'u', 'h2'), ev(5, 31, 'a', 'u', 'h2'), ev(6, 32, 'a', 'v', 'h1'), ev(7, 33, 'a', 'v', 'h1')];
  t.same(evaluateAggregate(inner, events).firings.length, 3, 'the inner aggregate: three episodes (u/h1 merged from two windows)');
  const r = evaluateAggregate(outer, events);
  t.same(r.firings.map((f) => [f.time, f.ordinals, f.key]), [[31_000, [1, 2, 3, 4, 5], ['u']]], 'two episodes of u; v has one');
  const mixed = spec({ inputs: [{ kind: 'aggregate', spec: inner, keys: [0] }, records('b', [0])], groupBy: { width: 1, nullKey: 'own-group' }, condition: [atLeast(2, { kind: 'distinct-inputs' })] });
  t.same(ordinals(mixed, [ev(1, 0, 'a', 'u', 'h'), ev(2, 1, 'a', 'u', 'h'), ev(3, 5, 'b', 'u')]), [1, 2, 3], 'an episode and a record, joined by key');
  t.same(ordinals({ ...outer, condition: [atLeast(2)] }, [ev(1, 0, 'a', 'u', 'h'), ev(2, 1, 'a', 'u', 'h')]), [], 'count: an episode counts as one (its first record)');
});

t.test('inputs: a detection id, or every match handed over', async (t) => {
  t.same(ordinals(spec({ inputs: [records('a')] }), [ev(1, 0, 'a'), ev(2, 1, 'b')]), [], 'only the named detection');
  t.same(ordinals(spec({ inputs: [records(null)] }), [ev(1, 0, 'a'), ev(2, 1, 'b')]), [1, 2], 'null: every match');
  t.same(ordinals(spec({}), [ev(2, 3, 'a'), ev(1, 0, 'a')]), [1, 2], 'matches in any order');
});

t.test('aggregateDetection: a CorrelationDetection from a spec', async (t) => {
  const head = { id: 'r', title: 'R', dialect: 'test', file: 'r.yml', meta: {}, inputs: ['a'], generate: false, fields: ['user'] };
  const detection = aggregateDetection(head, spec({ inputs: [records('a', [0])], groupBy: { width: 1, nullKey: 'no-bucket' } }));
  t.same(detection.evaluate([ev(1, 0, 'a', 'u'), ev(2, 1, 'a', 'u'), ev(3, 2, 'a', null)]), [1, 2]);
  t.equal(detection.id, 'r');
  t.throws(() => aggregateDetection(head, spec({ inputs: [records('a', [0])] })), /1 group keys, expected 0/, 'an input with the wrong number of keys is a bug');
});

// The windows by their definitions, one occurrence at a time (the plain twin of windows.ts).
function plainWindows(kind: 'sliding-forward' | 'look-back' | 'fixed-from-first', span: number, times: readonly number[]): Range[] {
  const idx = times.map((_, i) => i);
  if (kind === 'sliding-forward') return idx.map((i) => [i, Math.max(...idx.filter((j) => j >= i && times[j]! - times[i]! <= span))]);
  if (kind === 'look-back') return idx.map((i) => [Math.min(i, ...idx.filter((j) => j <= i && times[i]! - times[j]! < span)), i]);
  const out: Range[] = [];
  for (let i = 0; i < times.length; ) {
    const members = idx.filter((j) => j >= i && times[j]! < times[i]! + span);
    const last = members.length === 0 ? i : Math.max(...members);
    out.push([i, last]);
    i = last + 1;
  }
  return out;
}

t.test('windows.ts agrees with the windows by definition (seeded random times)', async (t) => {
  let seed = 7;
  const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  for (let round = 0; round < 2000; round++) {
    let time = 0;
    const times = Array.from({ length: next(12) }, () => (time += [0, 0, 1, 2, 5][next(5)]!));
    const occ: Occurrence[] = times.map((time, i) => ({ input: 0, time, ordinals: [i], key: [], values: [] }));
    const span = next(8);
    for (const kind of ['sliding-forward', 'look-back', 'fixed-from-first'] as const) {
      const got = windowsOf({ kind, span }, occ);
      const want = plainWindows(kind, span, times);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        t.same(got, want, `${kind} span ${span} over ${JSON.stringify(times)}`);
        return;
      }
    }
  }
  t.pass('2000 rounds agree');
});
