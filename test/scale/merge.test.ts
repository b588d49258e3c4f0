// Scale-out on one machine: plan → one partial per shard → merge equals a plain replay of the same
// listing (docs/scale-out.md §3.4 I1), in any order and grouping (I2), with re-delivered partials
// dropped and conflicting ones refused (I6), missing shards refused (I3) and drift named.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { exitCodeOf } from '../../src/cli/commands/replay.js';
import { main } from '../../src/cli/main.js';
import { loadDetections, type LoadedDetections } from '../../src/dialects/index.js';
import { replay } from '../../src/engine/replay.js';
import { canonicalJson } from '../../src/scale/canonical-json.js';
import { mergePartials } from '../../src/scale/merge.js';
import type { PartialReport } from '../../src/scale/model.js';
import { combinePartials, makePartial, deserializeState } from '../../src/scale/partial.js';
import { cutByTarget, cutIntoCount, targetShardBytes } from '../../src/scale/cut.js';
import { planShards } from '../../src/scale/plan-shards.js';
import { replayShard } from '../../src/scale/replay-shard.js';
import { specFileOf } from '../../src/scale/spec-file.js';
import { resolveSource } from '../../src/sources/index.js';
import type { SelectionFilter } from '../../src/sources/types.js';
import { generateCorpus } from '../../src/synth/index.js';
import { prng } from '../helpers/prng.js';
import { ACCOUNT, CORRELATION, writeTrail } from './trail.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const resolve = (l: string) => resolveSource(l, {});

async function shardsOf(loc: string, detections: LoadedDetections, cut: { shards: number } | { targetShardBytes: number }, filter: SelectionFilter = {}): Promise<PartialReport[]> {
  const { items, run } = await planShards({ locations: [loc], resolveSource: resolve, filter, ...cut });
  const spec = specFileOf({ detections, filter, version: 'test' });
  return Promise.all(items.map((item) => replayShard({ item, run, spec, resolveSource: resolve, workers: 0 })));
}

const plain = (loc: string, detections: LoadedDetections, filter: SelectionFilter = {}) =>
  replay({ locations: [loc], resolveSource: resolve, detections, filter, workers: 0, now: NOW, version: 'test' });

function shuffle<T>(list: readonly T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

t.test('merge ≡ replay on a trail whose correlation burst and duplicate delivery span shard edges (I1, I2)', async (t) => {
  const dir = t.testdir({ 'rules.yml': CORRELATION });
  const loc = writeTrail(dir);
  const detections = await loadDetections(['detections', join(dir, 'rules.yml')]);
  const expected = JSON.stringify(await plain(loc, detections));
  const corr = (JSON.parse(expected) as { detections: { kind: string; caught: string[] }[] }).detections.find((d) => d.kind === 'correlation')!;
  t.same([...corr.caught].sort(), ['f1', 'f2', 'f3'], 'the burst fires the correlation in the plain replay');
  const random = prng(7);
  for (const cut of [{ shards: 2 }, { shards: 3 }, { shards: 9 }, { targetShardBytes: 400 }]) {
    const parts = await shardsOf(loc, detections, cut);
    t.equal(JSON.stringify(mergePartials(parts, { now: NOW })), expected, `${JSON.stringify(cut)}: merged = replay`);
    t.equal(JSON.stringify(mergePartials(shuffle(parts, random), { now: NOW })), expected, `${JSON.stringify(cut)}: any order`);
  }
});

t.test('merge ≡ replay on generated corpora, several seeds and cuts, with a selection', async (t) => {
  const detections = await loadDetections(['detections']);
  for (const seed of [1, 2]) {
    const dir = t.testdir();
    await generateCorpus({ outDir: dir, records: 600, files: 8, seed, start: new Date('2026-01-01T00:00:00Z'), days: 2, rootEvents: { rate: 0.02 } });
    const loc = join(dir, 'AWSLogs');
    for (const filter of (seed === 1 ? [{}] : [{ since: new Date('2026-01-01T12:00:00Z') }]) as SelectionFilter[]) {
      const expected = JSON.stringify(await plain(loc, detections, filter));
      for (const shards of [3, 7]) {
        const parts = await shardsOf(loc, detections, { shards }, filter);
        t.equal(JSON.stringify(mergePartials(parts.reverse(), { now: NOW })), expected, `seed ${seed}, ${shards} shards, filter ${JSON.stringify(filter)}`);
      }
    }
  }
});

t.test('merge algebra: associative, commutative, idempotent on re-delivery; conflicts refused (I2, I6)', async (t) => {
  const dir = t.testdir({ 'rules.yml': CORRELATION });
  const loc = writeTrail(dir);
  const detections = await loadDetections(['detections', join(dir, 'rules.yml')]);
  const parts = await shardsOf(loc, detections, { shards: 6 });
  const whole = parts.reduce((a, b) => combinePartials(a, b));
  const random = prng(11);
  for (let trial = 0; trial < 12; trial++) {
    // A random binary tree over a random permutation.
    let pool = shuffle(parts, random);
    while (pool.length > 1) {
      const i = Math.floor(random() * (pool.length - 1));
      pool = [...pool.slice(0, i), combinePartials(pool[i]!, pool[i + 1]!), ...pool.slice(i + 2)];
    }
    t.equal(pool[0]!.digest, whole.digest, `trial ${trial}: same partial whatever the order and grouping`);
  }
  t.equal(combinePartials(parts[2]!, parts[2]!), parts[2], 'a partial combined with itself is itself');
  t.equal(JSON.stringify(mergePartials([...parts, ...parts, parts[0]!], { now: NOW })), JSON.stringify(mergePartials(parts, { now: NOW })), 're-delivered partials count once');

  const state = deserializeState(parts[1]!.state);
  state.total += 1;
  const forged = makePartial({ run: parts[1]!.run, spec: parts[1]!.spec, shards: [1], state });
  t.throws(() => mergePartials([...parts, forged]), /conflicting partials for shard\(s\) 1/);
  t.throws(() => mergePartials(parts.slice(1)), /1 of 6 shards have no partial report: 0/);
  const incomplete = mergePartials(parts.slice(1), { allowIncomplete: true, now: NOW });
  t.match(incomplete.stats.errors[0], { file: 'shard 0', message: /shard 0 of 6 has no partial report/ });
  t.equal(exitCodeOf(incomplete, false), 3, 'an incomplete merge exits 3');
  const other = await shardsOf(loc, await loadDetections(['detections']), { shards: 6 });
  t.throws(() => mergePartials([...parts.slice(0, 3), ...other.slice(3)]), /different rule sets/);
});

t.test('plan: deterministic, contiguous, covering; drift after planning fails the shard by name', async (t) => {
  const dir = t.testdir({ 'rules.yml': CORRELATION });
  const loc = writeTrail(dir);
  const a = await planShards({ locations: [loc], resolveSource: resolve, filter: {}, shards: 4 });
  const b = await planShards({ locations: [loc], resolveSource: resolve, filter: {}, shards: 4 });
  t.equal(canonicalJson(a), canonicalJson(b), 'same listing, same plan');
  const listed: string[] = [];
  for await (const o of resolve(loc).list(loc, {})) listed.push(o.uri);
  t.equal(a.items.reduce((n, i) => n + i.objects, 0), listed.length, 'shards cover the listing');
  t.same(a.items.flatMap((i) => i.segments.map((s) => s.first)).map((u) => listed.indexOf(u)).every((x, i, xs) => i === 0 || x > xs[i - 1]!), true, 'in listing order');
  const byDay = await planShards({ locations: [loc], resolveSource: resolve, filter: {}, targetShardBytes: 1e9 });
  t.equal(byDay.items.length, 1, 'a large target packs whole days into one shard');
  t.equal(byDay.items[0]!.segments.length, 2, 'one segment per day folder');

  const detections = await loadDetections(['detections']);
  const spec = specFileOf({ detections, filter: {}, version: 'test' });
  const day = join(loc, ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '03', '01');
  writeFileSync(join(day, `${ACCOUNT}_CloudTrail_us-east-1_20260301T1006Z_late.json.gz`), gzipSync(JSON.stringify({ Records: [] })));
  const parts = await Promise.all(a.items.map((item) => replayShard({ item, run: a.run, spec, resolveSource: resolve, workers: 0 })));
  const report = mergePartials(parts, { now: NOW });
  t.match(report.stats.errors.map((e) => e.message).join('\n'), /cannot list: shard \d (of 4 )?changed since it was planned/);
  t.equal(exitCodeOf(report, false), 3, 'drift exits 3');
});

t.test('CLI: plan → replay --plan --shard → merge, in-process', async (t) => {
  const dir = t.testdir({ 'rules.yml': CORRELATION });
  const loc = writeTrail(dir);
  const out: string[] = [];
  const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true }, env: {} } as unknown as Parameters<typeof main>[1];
  const d = ['-d', 'detections', join(dir, 'rules.yml')];
  t.equal(await main(['plan', loc, ...d, '--shards', '3', '-o', join(dir, 'run', 'plan.json'), '-q'], io), 0);
  for (const k of [0, 1, 2]) {
    t.equal(await main(['replay', '--plan', join(dir, 'run', 'plan.json'), '--shard', String(k), '--partial-output', join(dir, 'run', `part-${k}.json.gz`), '--workers', '0', '-q'], io), 0);
  }
  t.equal(await main(['merge', join(dir, 'run'), '-f', 'json', '-o', join(dir, 'merged.json'), '-q'], io), 0, 'a folder: its partials, not the run files beside them');
  t.equal(await main(['replay', loc, ...d, '-f', 'json', '-o', join(dir, 'single.json'), '--workers', '0', '-q'], io), 0);
  const strip = (p: string) => ({ ...(JSON.parse(readFileSync(p, 'utf8')) as object), generatedAt: '' });
  t.same(strip(join(dir, 'merged.json')), strip(join(dir, 'single.json')), 'merged report = replay report');
  t.equal(await main(['merge', join(dir, 'run', 'part-0.json.gz'), '-q'], io), 2, 'missing shards: exit 2 with the shards named');
  t.equal(await main(['replay', '--plan', join(dir, 'run', 'plan.json'), '--shard', '7', '--partial-output', join(dir, 'x.json'), '-q'], io), 2);
});

t.test('sizing model: shards of the design digest for 1, 10 and 100 TB (scale-out.md §2 "Sizing", §6)', async (t) => {
  const model = { rate: 250e6, gzipRatio: 6.7, concurrency: 1000, minSeconds: 5, maxSeconds: 300 };
  for (const [tb, shards, seconds] of [
    [1, 800, 5],
    [10, 1000, 40],
    [100, 2000, 200],
  ] as const) {
    const stored = (tb * 1e12) / model.gzipRatio;
    const target = targetShardBytes(stored, model);
    t.equal(Math.round(stored / target), shards, `${tb} TB: ${shards} shards`);
    t.equal(Math.round((target * model.gzipRatio) / model.rate), seconds, `${tb} TB: ${seconds} s of work each`);
  }
  t.same(cutIntoCount([{ folder: 'a', size: 10 }, { folder: 'a', size: 10 }], 4), [[0, 1], [1, 1], [1, 2], [2, 2]], 'more shards than objects: some are empty, order kept');
  t.same(cutByTarget([{ folder: 'a', size: 5 }, { folder: 'b', size: 5 }, { folder: 'c', size: 30 }, { folder: 'd', size: 1 }], 12), [[0, 2], [2, 3], [3, 4]], 'days packed; a day over the target alone');
});
