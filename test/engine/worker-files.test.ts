// Replay workers read local files themselves (`SourceObject.localPath`), in batches of consecutive
// files, while other objects still stream their bytes to the workers. Whatever the mix, a replay in
// worker threads must give the report the in-process replay gives: same order, same counts, and the
// same error for a file that cannot be read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { MOCKS_UNSUPPORTED } from '../helpers/mock-support.js';
import type { LoadedDetections } from '../../src/dialects/index.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { localSource } from '../../src/sources/local/index.js';
import { readLocalFile } from '../../src/sources/local/read.js';
import { captureIO } from '../suite/capture-io.js';
import type { Source, SourceObject } from '../../src/sources/types.js';
import { loadShippedDetections } from '../helpers/shipped-detections.js';

const now = new Date('2026-11-27T00:00:00Z');
const ACCOUNT = '555566667777';

// Records shaped as in the AWS documentation ("CloudTrail record contents"; a root identity is
// `userIdentity.type` "Root").
function record(i: number, root: boolean): string {
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: root
      ? { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT }
      : { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/ana`, accountId: ACCOUNT, userName: 'ana' },
    eventTime: `2026-03-10T00:${String(i % 60).padStart(2, '0')}:00Z`,
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  });
}

const logFile = (from: number, n: number): Buffer =>
  gzipSync(`{"Records":[${Array.from({ length: n }, (_, k) => record(from + k, (from + k) % 7 === 0)).join(',')}]}`);

/** A source of in-memory objects (no `localPath`): their bytes reach a worker as chunks. */
function memorySource(objects: Record<string, Buffer>): Source {
  return {
    id: 'mem',
    accepts: (l) => l.startsWith('mem://'),
    async *list(location) {
      for (const [name, bytes] of Object.entries(objects)) {
        yield {
          uri: `${location}/${name}`,
          size: bytes.length,
          async *open() {
            // Two chunks, so the streamed path's flow control is exercised too.
            yield bytes.subarray(0, bytes.length >> 1);
            yield bytes.subarray(bytes.length >> 1);
          },
        };
      }
    },
  };
}

/** A source listing local paths as they are, readable or not, with `localPath` set. */
function pathSource(paths: readonly string[]): Source {
  return {
    id: 'paths',
    accepts: (l) => l === 'paths://',
    async *list() {
      for (const path of paths) {
        const obj: SourceObject = { uri: path, size: 10, localPath: path, open: () => readLocalFile(path, 10) };
        yield obj;
      }
    },
  };
}

let detections: LoadedDetections | null = null;
async function run(locations: string[], sources: Source[], workers: number): Promise<Report> {
  detections ??= await loadShippedDetections();
  const resolveSource = (l: string): Source => sources.find((s) => s.accepts(l)) ?? localSource;
  return replay({ locations, resolveSource, detections, version: 'test', now, workers });
}

t.test('local files in batches, streamed objects between them: one report', async (t) => {
  const dir = t.testdir();
  const day = join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '03', '10');
  mkdirSync(day, { recursive: true });
  let next = 0;
  for (let f = 0; f < 23; f++) {
    const n = 1 + ((f * 37) % 90);
    writeFileSync(join(day, `${ACCOUNT}_CloudTrail_us-east-1_20260310T00${String(f).padStart(2, '0')}Z_f${f}.json.gz`), logFile(next, n));
    next += n;
  }
  // Files that are listed but not read by a worker: a digest name and a non-log name (skipped), and
  // a damaged one (read, reported).
  writeFileSync(join(day, `${ACCOUNT}_CloudTrail-Digest_us-east-1_x.json.gz`), logFile(9000, 3));
  writeFileSync(join(day, 'notes.md'), 'not a log');
  // Damaged ones, next to each other so that they share a batch (read, reported in listing order).
  for (const k of [1, 2, 3]) writeFileSync(join(day, `${ACCOUNT}_CloudTrail_us-east-1_20260310T0099Z_cut${k}.json.gz`), logFile(9100 * k, 50).subarray(0, 300));
  const mem = memorySource({ a: logFile(20000, 40), b: logFile(20100, 5) });

  const locations = [dir, 'mem://one', join(day, `${ACCOUNT}_CloudTrail_us-east-1_20260310T0001Z_f1.json.gz`), 'mem://two', dir];
  const plain = await run(locations, [mem], 0);
  t.equal(plain.stats.records.total > next, true, 'every file was read');
  const damaged = [...new Set(plain.stats.errors.map((e) => e.file.slice(-12)))];
  t.same(damaged, ['cut1.json.gz', 'cut2.json.gz', 'cut3.json.gz'], 'the damaged files are reported, in listing order');
  for (const workers of [1, 2]) t.same(await run(locations, [mem], workers), plain, `${workers} worker(s): the same report`);
});

t.test('a local file a worker cannot read: the same error as in-process', async (t) => {
  const dir = t.testdir({ 'ok.json.gz': logFile(0, 10), 'a-folder.json.gz': {} });
  const paths = [join(dir, 'ok.json.gz'), join(dir, 'missing.json.gz'), join(dir, 'a-folder.json.gz'), join(dir, 'ok.json.gz')];
  const source = pathSource(paths);
  const plain = await run(['paths://'], [source], 0);
  const messages = plain.stats.errors.map((e) => `${e.file}: ${e.message}`);
  t.match(messages, [new RegExp(`missing\\.json\\.gz: read failed: no such file or folder: .*missing\\.json\\.gz$`), new RegExp(`a-folder\\.json\\.gz: read failed: cannot read .*a-folder\\.json\\.gz: EISDIR`)]);
  t.equal(plain.stats.records.total, 20, 'the readable files around them are evaluated');
  t.same(await run(['paths://'], [source], 2), plain, 'workers report them identically');
});

t.test('the replay command reads S3 ahead, and leaves local files to the workers', { skip: MOCKS_UNSUPPORTED }, async (t) => {
  // An object that went through the read-ahead (sources/prefetch.ts) has been read in the main thread
  // and carries no localPath: the CLI must not read local locations ahead.
  let options: ReplayOptions | null = null;
  // Mocked modules are named by their .ts files: the test loader (tsx) resolves `.js` imports to them.
  const { runReplay } = await t.mockImport<typeof import('../../src/cli/commands/replay.js')>('../../src/cli/commands/replay.ts', {
    '../../src/engine/replay.ts': {
      replay: async (o: ReplayOptions) => {
        options = o;
        return replay({ ...o, workers: 0 });
      },
    },
  });
  const io = captureIO();
  t.equal(await runReplay(['fixtures/AWSLogs'], { detections: ['detections'], format: 'json', quiet: true }, io.io), 0);
  const readAhead = (options as ReplayOptions | null)?.readAhead;
  t.equal(readAhead?.('fixtures/AWSLogs'), 0, 'local: none');
  t.ok((readAhead?.('s3://bucket/AWSLogs/') ?? 0) > 1, 'S3: several objects');
});
