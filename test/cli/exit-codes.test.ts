// Exit codes and usage errors as a user meets them through the built bin (issue 12, items 6 and 7):
// a suite with no expectations exits 5 as pytest does with no tests; a bad choice prints one line and
// a hint, not the whole help.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../helpers/cli.js';

t.test('a suite with no expectations exits 5: no expectations collected', async (t) => {
  const dir = t.testdir({ 'detections': { 'root.pattern': '{ $.userIdentity.type = "Root" }\n' }, 'samples': {} });
  writeFileSync(join(dir, 'samples', 'r.jsonl'), `${JSON.stringify({ eventVersion: '1.08', eventTime: '2024-01-01T00:00:00Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventID: 'e1', userIdentity: { type: 'Root' } })}\n`);
  writeFileSync(join(dir, 'trailproof.yml'), 'sources: [samples]\ndetections: [detections]\n');
  const r = await runCli(['test', 'trailproof.yml', '--workers', '0'], { cwd: dir });
  t.equal(r.code, 5, r.stderr);
  t.match(r.stderr, /no expectations collected/);
});

t.test('a bad --format value is one line with a hint, not the whole help', async (t) => {
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'yaml']);
  t.equal(r.code, 2);
  t.match(r.stderr, /argument 'yaml' is invalid\. Allowed choices are table, json, markdown, junit\./);
  t.match(r.stderr, /\(run with --help for usage\)/);
  t.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
});

const RULE = (title: string): string => `title: ${title}\nid: 0b6a5d8e-4c1f-4b57-9a43-2f8c1f9e7a11\nlogsource: { product: aws, service: cloudtrail }\ndetection:\n  s: { userIdentity.type: Root }\n  condition: s\n`;

t.test('a rule warning alone (a duplicate rule id) never gives exit 2', async (t) => {
  const dir = t.testdir({ rules: { 'a.yml': RULE('one'), 'b.yml': RULE('two') } });
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-d', join(dir, 'rules'), '-f', 'json', '--workers', '0']);
  t.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { ruleProblems: { code: string; severity: string }[] };
  t.match(report.ruleProblems, [{ code: 'TP3021', severity: 'warning' }], 'the warning is reported, with its severity');
});

t.test('outside a repository with no ./detections: how to name rules or scaffold them', async (t) => {
  const dir = t.testdir({});
  const r = await runCli(['replay', join(process.cwd(), 'fixtures/AWSLogs')], { cwd: dir });
  t.equal(r.code, 2);
  t.match(r.stderr, /no \.\/detections folder here: name your rule files or folders with --detections PATH\.\.\., or run `trailproof init`/);
});

t.test('a window that reads no record says so, and --fail-on-miss fails on it', async (t) => {
  // The fixtures are from March 2026; `--since 2100-01-01` leaves every record outside.
  const quietRun = await runCli(['replay', 'fixtures/AWSLogs', '--since', '2100-01-01', '-f', 'json', '--workers', '0']);
  t.equal(quietRun.code, 0, 'without --fail-on-miss: the run completed');
  // The layout prunes the trail's day folders: no file is even read.
  t.equal(quietRun.stderr.match(/warning: no record was evaluated \(no record read from \d+ file\(s\) in the selection\): the detections were not tested; check --since\/--until\/--account\/--region against the archive\n/g)?.length, 1, 'said once');
  t.match((JSON.parse(quietRun.stdout) as { warnings: string[] }).warnings, [/no record was evaluated/]);
  const failing = await runCli(['replay', 'fixtures/AWSLogs', '--since', '2100-01-01', '--fail-on-miss', '-f', 'json', '--workers', '0']);
  t.equal(failing.code, 1, 'nothing replayed proves nothing');
});
