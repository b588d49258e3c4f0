// One folder the user may not list (issue 17.3) costs that folder only: it is named with its cause,
// everything else is read, and the exit code is 3. chmod does not deny root, so as root the CLI runs
// as `nobody` (uid/gid 65534) on a copy of the fixture trail that `nobody` may read.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { replay } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { localSource } from '../../src/sources/local/index.js';
import { BIN, REPO } from '../helpers/cli.js';

const NOBODY = 65534;
const DAY = join('AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '03', '10');

t.test('an unreadable day folder is named; every other file is replayed; exit 3', async (t) => {
  const asRoot = process.getuid?.() === 0;
  const top = mkdtempSync(join(tmpdir(), 'trailproof-17-3-'));
  t.teardown(() => rmSync(top, { recursive: true, force: true }));
  chmodSync(top, 0o755);
  cpSync(join(REPO, 'fixtures', 'AWSLogs'), join(top, 'AWSLogs'), { recursive: true });
  const day = join(top, DAY);

  const detections = await loadDetections([join(REPO, 'detections')]);
  const inProcess = (location: string): Promise<Report> =>
    replay({ locations: [location], resolveSource: () => localSource, detections, version: 'test', workers: 0 });
  const whole = await inProcess(join(top, 'AWSLogs'));
  const inDay = await inProcess(day);
  t.ok(inDay.stats.records.total > 0 && whole.stats.records.total > inDay.stats.records.total, 'the folder holds some of the records');

  chmodSync(day, 0o000);
  const child = spawnSync(process.execPath, [BIN, 'replay', join(top, 'AWSLogs'), '-d', join(REPO, 'detections'), '--format', 'json', '--workers', '0'], {
    cwd: top,
    encoding: 'utf8',
    timeout: 30_000,
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  chmodSync(day, 0o755);
  if (child.error !== undefined) {
    t.skip(`cannot run the CLI as a user chmod applies to: ${child.error.message}`, () => undefined);
    return;
  }
  // A checkout in a folder `nobody` cannot enter (mktemp -d is 0700): the CLI itself cannot load.
  if (child.status !== 3 && /ERR_MODULE_NOT_FOUND|EACCES/.test(child.stderr)) {
    t.skip(`nobody cannot load the CLI from ${REPO}: the checkout's folder is not readable to that user`, () => undefined);
    return;
  }
  t.equal(child.status, 3, child.stderr);
  const report = JSON.parse(child.stdout) as Report;
  t.same(report.stats.errors, [{ file: day, message: 'cannot list: permission denied' }], 'the folder is named, with its cause');
  t.equal(report.stats.records.total, whole.stats.records.total - inDay.stats.records.total, 'every readable record is replayed');
  t.equal(report.stats.files.total, whole.stats.files.total - inDay.stats.files.total, 'every readable file is read');
  t.match(child.stderr, `error: ${day}: cannot list: permission denied`);
});
