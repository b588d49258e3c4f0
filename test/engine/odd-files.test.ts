// Odd files (issue 17.10): NUL padding after a valid document is a warning naming the file, with every
// record counted, on every engine path; a FIFO named as a source is refused (exit 3) instead of
// blocking; a dangling symbolic link or a FIFO in a folder is named in the report's warnings.
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { exitCodeOf } from '../../src/cli/commands/replay.js';
import type { LoadedDetections } from '../../src/dialects/index.js';
import type { PrefilterMode } from '../../src/engine/plan.js';
import { replay } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { localSource } from '../../src/sources/local/index.js';
import { loadShippedDetections } from '../helpers/shipped-detections.js';

const record = (id: string): string =>
  JSON.stringify({
    eventVersion: '1.09',
    userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
    eventTime: '2026-03-10T00:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    eventID: id,
    recipientAccountId: '111122223333',
  });

let detections: LoadedDetections | null = null;
async function run(location: string, prefilter: PrefilterMode = 'on'): Promise<Report> {
  detections ??= await loadShippedDetections();
  return replay({ locations: [location], resolveSource: () => localSource, detections, version: 'test', now: new Date(0), workers: 0, prefilter });
}

t.test('NUL padding after the document: a warning naming the file, nothing lost, exit 0', async (t) => {
  const doc = `{"Records":[${record('a')},${record('b')}]}`;
  const dir = t.testdir({ 'padded.json': Buffer.concat([Buffer.from(doc), Buffer.alloc(4096)]) });
  const report = await run(dir);
  t.same(report.stats.errors, []);
  t.equal(report.stats.records.total, 2);
  t.same(report.warnings, [`${join(dir, 'padded.json')}: line 1: NUL bytes after the document, from column ${doc.length + 1}, ignored`]);
  t.equal(exitCodeOf(report, false), 0);
  for (const mode of ['text', 'off'] as const) t.same(await run(dir, mode), report, `prefilter ${mode}: the same report`);
});

t.test('a dangling symbolic link and a FIFO in a folder: named in the warnings; the rest is read', async (t) => {
  const dir = t.testdir({ 'a.json': `{"Records":[${record('a')}]}` });
  symlinkSync(join(dir, 'gone.json'), join(dir, 'b.json'));
  execFileSync('mkfifo', [join(dir, 'c.json')]);
  const report = await run(dir);
  t.same(report.warnings, [
    `${join(dir, 'b.json')}: dangling symbolic link (to ${join(dir, 'gone.json')}): skipped`,
    `${join(dir, 'c.json')}: not a regular file (a FIFO): skipped`,
  ]);
  t.equal(report.stats.records.total, 1);
  t.same(report.stats.errors, []);
});

t.test('a FIFO named as the source: refused with a message, exit 3', async (t) => {
  const fifo = join(t.testdir({}), 'pipe.json');
  execFileSync('mkfifo', [fifo]);
  const report = await run(fifo);
  t.same(report.stats.errors, [{ file: fifo, message: `cannot list: not a regular file or folder: ${fifo} (a FIFO)` }]);
  t.equal(exitCodeOf(report, false), 3);
});
