// `trailproof init` then `trailproof test` end to end with the real engine (issue 6: "trailproof test
// passes on the scaffold out of the box, and fails (exit 1) when the CIS pattern is edited so it no
// longer matches"); suite format and baselines per docs/suites.md; SARIF per OASIS SARIF 2.1.0.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runInit } from '../../src/cli/commands/init.js';
import { runTest } from '../../src/cli/commands/test.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { SAMPLE_EVENT_IDS } from '../../src/scaffold/index.js';
import { captureIO } from '../suite/capture-io.js';

// In-process evaluation keeps the test quick and its output deterministic.
const FLAGS = { workers: '0' };

t.test('scaffold → test passes → baseline → edited pattern fails', async (t) => {
  const dir = t.testdir({});
  const init = captureIO();
  t.equal(await runInit([dir], { install: 'trailproof@0.1.0' }, init.io), 0);
  t.match(init.stdout(), /created {6}trailproof\.yml\ncreated {6}detections\/cis-root-usage\.pattern\ncreated {6}samples\/AWSLogs\/111122223333\/CloudTrail\/us-east-1\/2024\/06\/04\/[^\n]+\.json\ncreated {6}\.github\/workflows\/trailproof\.yml\n/);
  const suite = join(dir, 'trailproof.yml');

  // Out of the box: every check passes.
  const first = captureIO();
  t.equal(await runTest([suite], FLAGS, first.io), 0, 'exit 0');
  const out = first.stdout();
  t.match(out, /replayed 1 file, 9 records: 7 root events \(6 root usage\), 1 detection/);
  t.match(out, /✓ catches console-login-success {2}2\/2 caught\n/);
  t.match(out, /✓ catches console-login-failure {2}1\/1 caught\n/);
  t.match(out, /✓ catches root-api-call {2}2\/2 caught\n/);
  t.match(out, /✓ at most 0 false alarms {2}0 false alarms\n/);
  t.match(out, new RegExp(`✓ never fires on ${SAMPLE_EVENT_IDS.serviceForRoot} {2}did not fire \\(`));
  // The IAM user's sign-in is not a root event: the probe found it and ran the rule on it.
  t.match(out, new RegExp(`✓ never fires on ${SAMPLE_EVENT_IDS.iamUserLogin} {2}did not fire \\(`));
  t.match(out, /note: no baseline at .*trailproof\.baseline\.json/);
  t.match(out, /\n6 passed, 0 failed\n$/);

  // Record a baseline; the next run compares with it.
  const update = captureIO();
  t.equal(await runTest([suite], { ...FLAGS, updateBaseline: true }, update.io), 0);
  t.match(update.stdout(), /note: baseline written to .*trailproof\.baseline\.json \(1 detection\); commit it with the rules/);
  const baseline = JSON.parse(readFileSync(join(dir, 'trailproof.baseline.json'), 'utf8')) as { detections: Record<string, { caught: Record<string, string[]>; missed: Record<string, string[]> }> };
  t.same(Object.keys(baseline.detections), ['detections/cis-root-usage.pattern#1']);
  const entry = baseline.detections['detections/cis-root-usage.pattern#1']!;
  t.same(entry.missed, { 'root-console-action': [SAMPLE_EVENT_IDS.rootConsoleStopLogging] });
  t.same(entry.caught['console-login-success'], [SAMPLE_EVENT_IDS.rootLoginMfa, SAMPLE_EVENT_IDS.rootLoginNoMfa].sort());
  const again = captureIO();
  t.equal(await runTest([suite], FLAGS, again.io), 0);
  t.match(again.stdout(), /baseline .*trailproof\.baseline\.json\n {2}✓ detections\/cis-root-usage\.pattern#1: no regressions {2}unchanged\n\n7 passed, 0 failed\n$/);

  // Edit the CIS pattern so it no longer matches root (CWL string comparisons are case-sensitive):
  // exit 1, and every report format says why.
  const pattern = join(dir, 'detections', 'cis-root-usage.pattern');
  writeFileSync(pattern, readFileSync(pattern, 'utf8').replace('"Root"', '"root"'));
  const broken = captureIO();
  const reports = { junit: join(dir, 'out', 'junit.xml'), markdown: join(dir, 'out', 'summary.md'), sarif: join(dir, 'out', 'results.sarif') };
  t.equal(await runTest([suite], { ...FLAGS, ...reports }, broken.io), 1, 'exit 1');
  const text = broken.stdout();
  t.match(text, /✗ catches console-login-success {2}missed 2 of 2\n/);
  t.match(text, /✗ catches root-api-call {2}missed 2 of 2\n/);
  t.match(text, /✗ detections\/cis-root-usage\.pattern#1: no regressions {2}5 newly missed\n/);
  t.match(text, /✓ at most 0 false alarms {2}0 false alarms\n/);
  t.match(text, /\n3 passed, 4 failed\n$/);
  t.match(readFileSync(reports.junit, 'utf8'), /<testsuites name="trailproof test root-usage detections" tests="7" failures="4" errors="0" time="0">/);
  t.match(readFileSync(reports.markdown, 'utf8'), /^## ❌ trailproof test: root-usage detections\n\n\*\*3 passed, 4 failed\*\*/);
  const sarif = JSON.parse(readFileSync(reports.sarif, 'utf8')) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
  const missed = sarif.runs[0]!.results.filter((r) => r.ruleId === 'TP-missed-category');
  t.equal(missed.length, 3);
  for (const r of missed) {
    t.match(r.locations[0]!.physicalLocation.artifactLocation.uri, /detections\/cis-root-usage\.pattern$/);
    t.equal(r.locations[0]!.physicalLocation.region.startLine, 1);
  }

  // A pattern that no longer parses fails as a rule-file error, still exit 1 (a failing test, not bad usage).
  writeFileSync(pattern, '{ $.userIdentity.type = \n');
  const unparsable = captureIO();
  t.equal(await runTest([suite], FLAGS, unparsable.io), 1);
  t.match(unparsable.stdout(), /detections\/cis-root-usage\.pattern\n {2}✗ loads without errors {2}1 error\n/);
  t.match(unparsable.stdout(), /✗ detection detections\/cis-root-usage\.pattern {2}its rule file did not load/);
});

t.test('init keeps existing files unless --force', async (t) => {
  const dir = t.testdir({ 'trailproof.yml': 'mine\n' });
  const keep = captureIO();
  t.equal(await runInit([dir], { install: 'trailproof@0.1.0' }, keep.io), 0);
  t.match(keep.stdout(), /kept {9}trailproof\.yml \(exists; --force to overwrite\)/);
  t.equal(readFileSync(join(dir, 'trailproof.yml'), 'utf8'), 'mine\n');
  t.ok(existsSync(join(dir, 'detections', 'cis-root-usage.pattern')));
  const force = captureIO();
  t.equal(await runInit([dir], { force: true, install: 'trailproof@0.1.0' }, force.io), 0);
  t.match(force.stdout(), /overwritten {2}trailproof\.yml/);
  t.match(readFileSync(join(dir, 'trailproof.yml'), 'utf8'), /^# trailproof regression suite/);
});

t.test('bad suites and missing files are usage errors', async (t) => {
  const dir = t.testdir({ 'bad.yml': 'sources: samples\ndetections: detections\nexpect:\n  - detection: x\n    catches: [root-api-cal]\n' });
  const bad = captureIO();
  t.equal(await runTest([join(dir, 'bad.yml')], FLAGS, bad.io), 2);
  t.match(bad.stderr(), /bad\.yml:5:15: error\[TP6005\]: unknown root category 'root-api-cal' \(did you mean 'root-api-call'\?\)/);
  await t.rejects(runTest([join(dir, 'missing.yml')], FLAGS, captureIO().io), new UsageError(`cannot read suite file ${join(dir, 'missing.yml')}: ENOENT: no such file or directory, open '${join(dir, 'missing.yml')}' (create one with \`trailproof init\`)`));
  writeFileSync(join(dir, 'ok.yml'), 'sources: samples\ndetections: detections\n');
  writeFileSync(join(dir, 'trailproof.baseline.json'), '{"schema": "other"}');
  const badBaseline = captureIO();
  t.equal(await runTest([join(dir, 'ok.yml')], FLAGS, badBaseline.io), 2);
  t.match(badBaseline.stderr(), /trailproof\.baseline\.json:1:1: error\[TP6006\]: not a trailproof baseline/);
});
