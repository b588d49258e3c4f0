// The local source: files and folder trees in stable order, pruned by the CloudTrail key layout
// `AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/` (docs/cloudtrail.md §4.1,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html), dates
// widened by a day on each side because folders are delivery days (issue 2 §2).
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { localSource } from '../../src/sources/local/index.js';
import { SourceError, type SelectionFilter } from '../../src/sources/types.js';

async function list(location: string, filter: SelectionFilter = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const o of localSource.list(location, filter)) out.push(o.skip !== undefined ? `${o.skip}: ${o.uri}` : o.uri);
  return out;
}

const root = 'fixtures/AWSLogs';
const F = {
  mgmtEu: `${root}/111122223333/CloudTrail/eu-west-1/2026/03/10/111122223333_CloudTrail_eu-west-1_20260310T0930Z_Pm5kR8tVx2NbQ4eJ.json.gz`,
  mgmtEuDup: `${root}/111122223333/CloudTrail/eu-west-1/2026/03/10/111122223333_CloudTrail_eu-west-1_20260310T0935Z_Zt6yU1oIe7WqA3sD.json.gz`,
  mgmt09: `${root}/111122223333/CloudTrail/us-east-1/2026/03/09/111122223333_CloudTrail_us-east-1_20260309T0825Z_Xq7bN2mKp4RtY8sL.json.gz`,
  mgmt10: `${root}/111122223333/CloudTrail/us-east-1/2026/03/10/111122223333_CloudTrail_us-east-1_20260310T1610Z_Hc3vW9pLs1DfG6aZ.json.gz`,
  digest: `cloudtrail-digest: ${root}/111122223333/CloudTrail-Digest/us-east-1/2026/03/09/111122223333_CloudTrail-Digest_us-east-1_management-trail_us-east-1_20260309T092500Z.json.gz`,
  insight: `cloudtrail-insight: ${root}/111122223333/CloudTrail-Insight/us-east-1/2026/03/10/111122223333_CloudTrail-Insight_us-east-1_20260310T1200Z_Bn4mK7jH2gF5dS8a.json.gz`,
  workEu11: `${root}/o-a1b2c3d4e5/444455556666/CloudTrail/eu-central-1/2026/03/11/444455556666_CloudTrail_eu-central-1_20260311T1110Z_Qw3eR5tYu7IoP9aS.json.gz`,
  work10: `${root}/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/03/10/444455556666_CloudTrail_us-east-1_20260310T1605Z_Lk2jH8gFd5SaP0oI.json.gz`,
  work11: `${root}/o-a1b2c3d4e5/444455556666/CloudTrail/us-east-1/2026/03/11/444455556666_CloudTrail_us-east-1_20260311T0645Z_Vb8nM1cXz3AsD6fG.json.gz`,
  sand10: `${root}/o-a1b2c3d4e5/777788889999/CloudTrail/us-east-1/2026/03/10/777788889999_CloudTrail_us-east-1_20260310T1405Z_Jh4gF7dS2aQw9eRt.json.gz`,
  sand12: `${root}/o-a1b2c3d4e5/777788889999/CloudTrail/us-east-1/2026/03/12/777788889999_CloudTrail_us-east-1_20260312T0005Z_Uy6tR3eW8qAz1xSc.json.gz`,
};
const ALL = [F.mgmtEu, F.mgmtEuDup, F.mgmt09, F.mgmt10, F.digest, F.insight, F.workEu11, F.work10, F.work11, F.sand10, F.sand12];

t.test('the whole tree, in stable sorted order, digests and Insights listed as skipped', async (t) => {
  t.same(await list(root), ALL);
  t.same(await list(`${root}/`), ALL.map((p) => p.replace('fixtures/AWSLogs/', 'fixtures/AWSLogs/')));
});

t.test('--since prunes day folders before the first day, widened by one', async (t) => {
  // 2026-03-12T00:00Z: keep day folders from 2026-03-11 on.
  t.same(await list(root, { since: new Date('2026-03-12T00:00:00Z') }), [F.workEu11, F.work11, F.sand12]);
  t.same(await list(root, { since: new Date('2026-03-11T23:59:59Z') }), [F.mgmtEu, F.mgmtEuDup, F.mgmt10, F.insight, F.workEu11, F.work10, F.work11, F.sand10, F.sand12]);
});

t.test('--until (exclusive) prunes day folders after its day, widened by one', async (t) => {
  // Until 2026-03-10T00:00Z: the last day with records is 03-09; keep up to 03-10.
  t.same(await list(root, { until: new Date('2026-03-10T00:00:00Z') }), [F.mgmtEu, F.mgmtEuDup, F.mgmt09, F.mgmt10, F.digest, F.insight, F.work10, F.sand10]);
  // Until 2026-03-11T00:00:01Z: the last day is 03-11; keep up to 03-12, where the 23:58 record was delivered.
  t.same(await list(root, { until: new Date('2026-03-11T00:00:01Z') }), ALL);
  t.same(await list(root, { until: new Date('2026-03-09T00:00:00Z') }), [F.mgmt09, F.digest]);
});

t.test('a window: one day on each side', async (t) => {
  t.same(await list(root, { since: new Date('2026-03-10T12:00:00Z'), until: new Date('2026-03-10T18:00:00Z') }), ALL.filter((f) => f !== F.sand12));
});

t.test('--account, at either layout level (own account or under the organization)', async (t) => {
  t.same(await list(root, { accounts: ['444455556666'] }), [F.workEu11, F.work10, F.work11]);
  t.same(await list(root, { accounts: ['111122223333', '777788889999'] }), [F.mgmtEu, F.mgmtEuDup, F.mgmt09, F.mgmt10, F.digest, F.insight, F.sand10, F.sand12]);
  t.same(await list(root, { accounts: [] }), ALL, 'an empty list selects all');
});

t.test('--region', async (t) => {
  t.same(await list(root, { regions: ['eu-west-1'] }), [F.mgmtEu, F.mgmtEuDup]);
  t.same(await list(root, { regions: ['us-east-1'], accounts: ['111122223333'] }), [F.mgmt09, F.mgmt10, F.digest, F.insight]);
});

t.test('starting inside the layout still prunes below', async (t) => {
  t.same(await list(`${root}/o-a1b2c3d4e5/444455556666/CloudTrail`, { regions: ['us-east-1'], since: new Date('2026-03-12T06:00:00Z') }), [F.work11]);
});

t.test('non-layout folders are walked whole; names and hidden entries', async (t) => {
  const dir = t.testdir({
    'b.json': '{}',
    'a.jsonl': '',
    'notes.md': '# notes',
    '.DS_Store': 'x',
    sub: { 'z.json.gz': 'x', 'y.log': 'x', '.hidden': { 'q.json': '{}' } },
    elsewhere: { AWSLogs: { '111122223333': { vpcflowlogs: { 'flow.log.gz': 'x' }, CloudTrail: { 'us-east-1': { 'x.json': '{}' } } } } },
  });
  const got = (await list(dir, { regions: ['eu-west-1'] })).map((p) => p.replace(dir, 'D'));
  t.same(got, ['D/a.jsonl', 'D/b.json', 'not-a-log-file: D/notes.md', 'D/sub/y.log', 'D/sub/z.json.gz']);
  const all = (await list(dir)).map((p) => p.replace(dir, 'D'));
  t.same(all, ['D/a.jsonl', 'D/b.json', 'D/elsewhere/AWSLogs/111122223333/CloudTrail/us-east-1/x.json', 'not-a-log-file: D/notes.md', 'D/sub/y.log', 'D/sub/z.json.gz'], 'other services under AWSLogs are pruned');
});

t.test('a single file is listed whatever its name; digest names are skipped', async (t) => {
  const dir = t.testdir({ 'notes.md': 'x', '111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20260309T092500Z.json.gz': 'x' });
  t.same(await list(join(dir, 'notes.md')), [join(dir, 'notes.md')]);
  t.same(await list(join(dir, '111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20260309T092500Z.json.gz')), [
    `cloudtrail-digest: ${join(dir, '111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20260309T092500Z.json.gz')}`,
  ]);
  t.same(await list(`file://${join(process.cwd(), F.mgmt09)}`), [join(process.cwd(), F.mgmt09)]);
});

t.test('opening reads the bytes (small files whole, large ones streamed)', async (t) => {
  const dir = t.testdir({});
  const big = Buffer.alloc(5 * 1024 * 1024 + 3, 7);
  writeFileSync(join(dir, 'big.json'), big);
  writeFileSync(join(dir, 'small.json'), '{"Records":[]}');
  for await (const o of localSource.list(dir, {})) {
    const parts: Buffer[] = [];
    for await (const c of o.open()) parts.push(Buffer.from(c));
    const data = Buffer.concat(parts);
    t.equal(data.length, o.size, o.uri);
    if (o.uri.endsWith('big.json')) t.ok(parts.length > 1, 'streamed in chunks');
  }
});

t.test('symbolic links are followed once (no loops)', async (t) => {
  const dir = t.testdir({ real: { 'r.json': '{}' } });
  symlinkSync(join(dir, 'real'), join(dir, 'link'));
  symlinkSync(dir, join(dir, 'real', 'loop'));
  mkdirSync(join(dir, 'empty'));
  const got = (await list(dir)).map((p) => p.replace(dir, 'D'));
  t.same(got, ['D/link/r.json', 'D/real/r.json']);
});

t.test('a missing path is a not-found SourceError', async (t) => {
  const err = await list('fixtures/no-such-folder').then(
    () => null,
    (e: unknown) => e,
  );
  t.ok(err instanceof SourceError);
  t.match(err, { kind: 'not-found', location: 'fixtures/no-such-folder', message: 'no such file or folder: fixtures/no-such-folder' });
  t.equal(localSource.accepts('fixtures'), true);
  t.equal(localSource.accepts('file:///tmp/x'), true);
  t.equal(localSource.accepts('s3://bucket/key'), false);
});

/** Lists with problems shown as `<severity>: <uri>: <message>`. */
async function listAll(location: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of localSource.list(location, {})) out.push(o.problem !== undefined ? `${o.problem.severity}: ${o.uri}: ${o.problem.message}` : o.uri);
  return out;
}

t.test('a dangling symbolic link and a FIFO in a folder are named and skipped; the walk goes on', async (t) => {
  const dir = t.testdir({ 'a.json': '{}', 'z.json': '{}' });
  symlinkSync(join(dir, 'gone.json'), join(dir, 'b-dangling.json'));
  execFileSync('mkfifo', [join(dir, 'c-pipe.json')]);
  const got = (await listAll(dir)).map((p) => p.replaceAll(dir, 'D'));
  t.same(got, [
    'D/a.json',
    'warning: D/b-dangling.json: dangling symbolic link (to D/gone.json): skipped',
    'warning: D/c-pipe.json: not a regular file (a FIFO): skipped',
    'D/z.json',
  ]);
  for await (const o of localSource.list(dir, {})) {
    if (o.problem === undefined) continue;
    await t.rejects(async () => {
      for await (const _ of o.open()) void _;
    }, { message: new RegExp(`^${o.uri}: `) }, 'an entry with a problem cannot be opened');
  }
});

t.test('a FIFO named as the location is refused, not opened (it would block)', async (t) => {
  const dir = t.testdir({});
  const fifo = join(dir, 'pipe.json');
  execFileSync('mkfifo', [fifo]);
  await t.rejects(list(fifo), { name: 'SourceError', message: `not a regular file or folder: ${fifo} (a FIFO)` });
});
