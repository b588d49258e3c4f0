// --fail-on-miss judges each detection on its scope: a rule broken on purpose (the shipped CIS
// pattern, header and all, with "root" for "Root") still fails, and --scope all restores the strict
// view in which every shipped rule misses something. In-process, on the fixture trail; the plain
// end-to-end run of the shipped rules is in test/cli/replay.solo.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runReplay } from '../../src/cli/commands/replay.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import type { Report } from '../../src/report/model.js';
import { captureIO } from '../suite/capture-io.js';

async function replayFixtures(detections: string[], extra: { scope?: string[] } = {}): Promise<{ code: number; report: Report }> {
  const io = captureIO();
  const code = await runReplay(['fixtures/AWSLogs'], { detections, format: 'json', failOnMiss: true, workers: '0', quiet: true, ...extra }, io.io);
  return { code, report: JSON.parse(io.stdout()) as Report };
}

t.test('a deliberately broken rule misses the events of its declared scope and fails', async (t) => {
  const dir = t.testdir();
  const shipped = readFileSync('detections/cis-root-usage.pattern', 'utf8');
  t.match(shipped, /"Root"/);
  writeFileSync(join(dir, 'cis-typo.pattern'), shipped.replace('"Root"', '"root"'));
  const { code, report } = await replayFixtures([dir]);
  t.equal(code, EXIT.MISSED);
  const d = report.detections[0]!;
  t.equal(d.scope.source, 'declared');
  t.equal(d.rootDetection, true, 'declared root detection, though it fires on nothing');
  t.equal(d.missed.length, 7, 'every sign-in and API call of the trail');
  t.equal(d.outOfScope.length, 3, 'console action and AssumeRoot events stay outside');
});

t.test('--scope all: every root-usage event in every scope, and the shipped rules fail', async (t) => {
  const { code, report } = await replayFixtures(['detections'], { scope: ['all'] });
  t.equal(code, EXIT.MISSED);
  t.ok(report.detections.every((d) => d.scope.source === 'all' && d.outOfScope.length === 0 && d.missed.length > 0));
});

t.test('--scope on the command line overrides a declaration', async (t) => {
  const { code, report } = await replayFixtures(['detections'], { scope: ['AWS Root User Console Sign-In=console-login-success,console-login-failure'] });
  t.equal(code, EXIT.MISSED, 'the sign-in rule is not meant for failed sign-ins, so asking for them fails');
  const d = report.detections.find((x) => x.title === 'AWS Root User Console Sign-In')!;
  t.same([d.scope.source, d.missed], ['cli', ['c5a3dbd0-8c5c-431f-8e9d-2c02bbfa0658']]);
});
