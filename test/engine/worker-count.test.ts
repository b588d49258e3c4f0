// `--workers` is bounded (issue 17.9: `--workers 1000` on 9 files took 112 s and 12.3 GiB): at most
// WORKERS_PER_CORE per core, and the workers beyond one per core start only when a lane has an object
// for them. The built modules (dist/) are used: their workers start from the bundle, much faster than
// workers loading the TypeScript sources.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { MOCKS_UNSUPPORTED } from '../helpers/mock-support.js';
import type { ReplayOptions } from '../../src/engine/replay.js';
import { captureIO } from '../suite/capture-io.js';

type Replay = typeof import('../../src/engine/replay.js');
type Pool = typeof import('../../src/engine/workers/pool.js');
type Dialects = typeof import('../../src/dialects/index.js');
type Local = typeof import('../../src/sources/local/index.js');
const dist = (path: string): Promise<unknown> => import(new URL(`../../dist/${path}`, import.meta.url).href);
const { replay } = (await dist('engine/replay.js')) as Replay;
const { WorkerPool, workerLimit, WORKERS_PER_CORE } = (await dist('engine/workers/pool.js')) as Pool;
const { loadDetections, DIALECTS } = (await dist('dialects/index.js')) as Dialects;
// Without Panther: its Python runner would start in every worker (test/helpers/shipped-detections.ts).
const withoutPanther = { dialects: DIALECTS.filter((d) => d.id !== 'panther') };
const { localSource } = (await dist('sources/local/index.js')) as Local;

const cores = availableParallelism();

t.test('at most WORKERS_PER_CORE per core', async (t) => {
  t.equal(WORKERS_PER_CORE, 4, 'as README.md documents');
  t.equal(workerLimit(1000), 4 * cores);
  t.equal(workerLimit(1), 1);
  t.equal(workerLimit(0), 0);
});

t.test('workers beyond one per core start when first used', async (t) => {
  const detections = await loadDetections(['detections'], withoutPanther);
  const pool = new WorkerPool({ files: detections.files, fieldMappings: [], dialects: detections.dialects, ids: [...detections.detections, ...detections.correlations].map((d) => d.id), prefilterMode: 'on', filter: null, sampleSize: 10 }, workerLimit(1000));
  t.teardown(() => pool.close());
  t.equal(pool.size, 4 * cores);
  t.equal(pool.startedCount, cores, 'one per core at once');
  const last = pool.worker(pool.size - 1);
  t.equal(pool.startedCount, cores + 1, 'another when a lane needs it');
  t.equal(pool.worker(pool.size - 1), last, 'and the same one after that');
});

t.test('--workers 1000 on three files: the in-process report', async (t) => {
  const record = (id: string): string =>
    JSON.stringify({ eventVersion: '1.09', userIdentity: { type: 'Root', accountId: '111122223333' }, eventTime: '2026-03-10T00:00:00Z', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', awsRegion: 'us-east-1', eventID: id });
  const dir = t.testdir({ 'a.json.gz': gzipSync(`{"Records":[${record('a')}]}`), 'b.json': `{"Records":[${record('b')}]}`, 'c.jsonl': `${record('c')}\n` });
  const detections = await loadDetections(['detections'], withoutPanther);
  const run = (workers: number) => replay({ locations: [dir], resolveSource: () => localSource, detections, version: 'test', now: new Date(0), workers });
  const plain = await run(0);
  t.equal(plain.stats.records.total, 3);
  t.same(await run(1000), plain);
});

t.test('the CLI notes the cap on stderr', { skip: MOCKS_UNSUPPORTED }, async (t) => {
  let options: ReplayOptions | null = null;
  // Mocked modules are named by their .ts files: the test loader (tsx) resolves `.js` imports to them.
  const { runReplay } = await t.mockImport<typeof import('../../src/cli/commands/replay.js')>('../../src/cli/commands/replay.ts', {
    '../../src/engine/replay.ts': {
      replay: async (o: ReplayOptions) => {
        options = o;
        return (await import('../../src/engine/replay.js')).replay({ ...o, workers: 0 });
      },
    },
  });
  const io = captureIO();
  const file = join('fixtures', 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '03', '09', '111122223333_CloudTrail_us-east-1_20260309T0825Z_Xq7bN2mKp4RtY8sL.json.gz');
  t.equal(await runReplay([file], { detections: ['detections'], format: 'json', workers: '1000' }, io.io), 0);
  t.match(io.stderr(), `note: --workers 1000 is more than 4 per core: using ${4 * cores}\n`);
  t.equal((options as ReplayOptions | null)?.workers, 1000, 'the replay caps it');
});
