// Worker threads started before a replay knows its plan (prestartWorkers, src/engine/workers/pool.ts):
// the next pool takes them, and the report is the same as without them; a failed one is not taken; at
// most one per core waits; a waiting thread does not keep the process alive. The built modules (dist/)
// are used, as in worker-count.test.ts.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { gzipSync } from 'node:zlib';
import t from 'tap';

type Replay = typeof import('../../src/engine/replay.js');
type Pool = typeof import('../../src/engine/workers/pool.js');
type Dialects = typeof import('../../src/dialects/index.js');
type Local = typeof import('../../src/sources/local/index.js');
const poolUrl = new URL('../../dist/engine/workers/pool.js', import.meta.url).href;
const dist = (path: string): Promise<unknown> => import(new URL(`../../dist/${path}`, import.meta.url).href);
const { replay } = (await dist('engine/replay.js')) as Replay;
const { prestartWorkers, prestartedThreads, WorkerPool } = (await import(poolUrl)) as Pool;
const { loadDetections } = (await dist('dialects/index.js')) as Dialects;
const { localSource } = (await dist('sources/local/index.js')) as Local;

const cores = availableParallelism();
const record = (id: string, type: string): string =>
  JSON.stringify({ eventVersion: '1.09', userIdentity: { type, accountId: '111122223333' }, eventTime: '2026-03-10T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', awsRegion: 'us-east-1', eventID: id });

/** Takes (and stops) every waiting thread, so that no test leaves one to the next. */
async function drain(): Promise<void> {
  const threads = prestartedThreads();
  if (threads.length === 0) return;
  await new WorkerPool({ files: [], fieldMappings: [], dialects: [], ids: [], prefilterMode: 'on', filter: null, sampleSize: 10 }, threads.length).close();
}

t.test('a count the command would refuse starts none', async (t) => {
  for (const count of [Number.NaN, 0, -1, 1.5]) prestartWorkers(count);
  t.equal(prestartedThreads().length, 0);
});

t.test('at most one per core waits, whatever the calls', async (t) => {
  t.teardown(drain);
  prestartWorkers(1000);
  prestartWorkers(1000);
  t.equal(prestartedThreads().length, cores);
});

t.test('a replay takes them and reports what it reports without them', async (t) => {
  t.teardown(drain);
  const dir = t.testdir({ 'a.json.gz': gzipSync(`{"Records":[${record('a', 'Root')},${record('b', 'IAMUser')}]}`), 'c.json': `{"Records":[${record('c', 'Root')}]}` });
  const detections = await loadDetections(['detections/cis-root-usage.pattern']);
  const run = (workers: number) => replay({ locations: [dir], resolveSource: () => localSource, detections, version: 'test', now: new Date(0), workers });
  const plain = await run(0);
  t.equal(plain.stats.records.total, 3);
  prestartWorkers(cores);
  const waiting = prestartedThreads();
  t.equal(waiting.length, cores);
  t.same(await run(cores), plain);
  t.equal(prestartedThreads().length, 0, 'all taken');
  // A pool stops the threads it took: their exit code is the one terminate() gives.
  t.same(await Promise.all(waiting.map((w) => w.terminate())), waiting.map(() => undefined), 'and stopped them');
});

t.test('a pool with resource limits starts its own', async (t) => {
  t.teardown(drain);
  prestartWorkers(1);
  const pool = new WorkerPool({ files: [], fieldMappings: [], dialects: [], ids: [], prefilterMode: 'on', filter: null, sampleSize: 10 }, 1, { maxOldGenerationSizeMb: 256 });
  t.teardown(() => pool.close());
  t.equal(prestartedThreads().length, 1, 'the waiting one is left');
});

t.test('a thread that failed while waiting is not taken', async (t) => {
  t.teardown(drain);
  prestartWorkers(1);
  const [thread] = prestartedThreads();
  await thread!.terminate();
  const dir = t.testdir({ 'a.json': `{"Records":[${record('a', 'Root')}]}` });
  const detections = await loadDetections(['detections/cis-root-usage.pattern']);
  const report = await replay({ locations: [dir], resolveSource: () => localSource, detections, version: 'test', now: new Date(0), workers: 1 });
  t.equal(report.stats.records.evaluated, 1, 'a fresh thread replayed it');
  t.equal(prestartedThreads().length, 0);
});

t.test('a waiting thread does not keep the process alive', async (t) => {
  const started = Date.now();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const p = await import(${JSON.stringify(poolUrl)}); p.prestartWorkers(2); console.log(p.prestartedThreads().length);`], { encoding: 'utf8', timeout: 30_000 });
  t.equal(out.trim(), String(Math.min(2, cores)));
  t.ok(Date.now() - started < 30_000, 'it exited by itself');
});

t.test('a plan is checked against the main thread\'s ids', async (t) => {
  const { buildPlan } = (await dist('engine/build-plan.js')) as typeof import('../../src/engine/build-plan.js');
  const cis = await loadDetections(['detections/cis-root-usage.pattern']);
  const spec = { files: cis.files, fieldMappings: cis.fieldMappings, dialects: cis.dialects, ids: cis.detections.map((d) => d.id), prefilterMode: 'on' as const, filter: null, sampleSize: 10 };
  t.same((await buildPlan(spec)).detections.map((d) => d.id), spec.ids);
  await t.rejects(buildPlan({ ...spec, ids: ['x'] }), /other detections than the main thread/);
});
