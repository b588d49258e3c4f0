// A worker that dies (here: out of memory on one huge record, under `workerResourceLimits`) costs the
// file that killed it only (issue 17.7): the worker is replaced, the other files it held go again one
// at a time, none of their records is lost or counted twice, and the killer is named with the reason.
// The built modules (dist/) are used: their workers start from the bundle, several times faster than
// workers loading the TypeScript sources, and this test starts four.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import t from 'tap';

type Replay = typeof import('../../src/engine/replay.js');
type Dialects = typeof import('../../src/dialects/index.js');
type Local = typeof import('../../src/sources/local/index.js');
const dist = (path: string): Promise<unknown> => import(new URL(`../../dist/${path}`, import.meta.url).href);
const { replay } = (await dist('engine/replay.js')) as Replay;
const { loadDetections } = (await dist('dialects/index.js')) as Dialects;
const { localSource } = (await dist('sources/local/index.js')) as Local;

const ACCOUNT = '111122223333';
// A root API call as in the AWS documentation ("CloudTrail record contents"), with a padded parameter.
const record = (eventID: string, padding = ''): string =>
  JSON.stringify({
    eventVersion: '1.09',
    userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
    eventTime: '2026-03-10T00:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    eventID,
    requestParameters: { marker: padding },
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  });

t.test('the file that kills a worker fails alone; the files it shared the worker with are all counted', async (t) => {
  const dir = t.testdir({});
  const innocent = ['a', 'b', 'd', 'e'];
  for (const name of innocent) writeFileSync(join(dir, `${name}.json.gz`), gzipSync(`{"Records":[${record(`${name}-1`)},${record(`${name}-2`)}]}`));
  // 100 MB of text in one record (100 KB gzipped): more than the worker's heap may hold.
  writeFileSync(join(dir, 'c-huge.json.gz'), gzipSync(`{"Records":[${record('huge', 'x'.repeat(100_000_000))}]}`));

  // The CIS pattern alone: the test is about the worker, not the rules. Workers start without the test
  // runner's loaders (src/engine/workers/pool.ts); so started, limits of 24 to 64 MB hold the small
  // files and not the huge record on Node 20 and Node 22, and 96 MB holds both.
  const detections = await loadDetections(['detections/cis-root-usage.pattern']);
  const report = await replay({
    locations: [dir],
    resolveSource: () => localSource,
    detections,
    version: 'test',
    workers: 1,
    workerResourceLimits: { maxOldGenerationSizeMb: 48 },
  });
  t.same(
    report.stats.errors.map((e) => ({ file: e.file, message: e.message })),
    [{ file: join(dir, 'c-huge.json.gz'), message: 'worker died on this object: Worker terminated due to reaching memory limit: JS heap out of memory' }],
    'only the killer fails, named with the reason',
  );
  t.equal(report.stats.records.total, 2 * innocent.length, 'every record of the other files, once');
  t.same(report.rootEvents.map((e) => e.eventID).sort(), innocent.flatMap((n) => [`${n}-1`, `${n}-2`]), 'each root event once');
  t.equal(report.stats.files.total, innocent.length + 1);
});
