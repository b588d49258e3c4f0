// End to end: the built binary on the repo's fixtures and detections, checking exact report contents
// (the root events are listed in fixtures/README.md) and the documented exit codes (README.md).
// The report formats and usage errors are in replay-formats.solo.test.ts: each replay here starts the
// CLI, its workers and a Python runner for the Panther rule, so one file holding both ran near 30 s.
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { runCli } from '../helpers/cli.js';

const CIS = 'detections/cis-root-usage.pattern#1';

const ROOT_EVENTS: Record<string, string> = {
  'c5a3dbd0-8c5c-431f-8e9d-2c02bbfa0658': 'console-login-failure',
  '8e100eab-32ca-4831-a554-71978af3a8a6': 'console-login-success',
  'b32eb130-15c9-4ead-9fb5-248415650d4e': 'root-console-action',
  '02cf4f05-627f-4f36-b364-2c54e1ad1236': 'service-on-behalf-of-root',
  'b47de4a8-9d03-472b-b96b-51fdd7aa54b0': 'service-on-behalf-of-root',
  'fc3e356e-2af8-4124-94b8-21287005589a': 'root-api-call',
  'c5b5ff5e-9982-44b6-be2f-3240d936d429': 'root-sign-in-other',
  'ffb810cc-87bd-46d7-a056-9db6e7d14507': 'console-login-success',
  'c50933a9-5771-46ba-a7cb-925f739fda9d': 'assume-root-session',
  '96c8f7e2-79f9-4c9b-a250-7b9ff916285d': 'assume-root-session',
  '7e9cb185-b2dd-4506-8431-ede6b7ea6f80': 'console-login-success',
  '98ac82c3-aa1c-4922-996e-bf5bba95b1b3': 'root-service-event',
  'ffa3fa77-362e-4383-b87d-4ed1fe4aa507': 'root-api-call',
  '86e15364-f6da-4229-965b-db2008caba6b': 'root-api-call',
};

function parse(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

t.test('replay of the fixture trail: every root event, classified, and the CIS coverage', async (t) => {
  const r = await runCli(['replay', 'fixtures/AWSLogs', '--format', 'json']);
  t.equal(r.code, 0, r.stderr);
  const report = parse(r.stdout);
  t.equal(report.schema, 'trailproof/report@3');
  t.same(Object.fromEntries(report.rootEvents.map((e) => [e.eventID, e.category])), ROOT_EVENTS);
  t.match(report.stats.files, { total: 11, skipped: { 'cloudtrail-digest': 1, 'cloudtrail-insight': 1 }, skippedFilesNotListed: 0, errored: 0 });
  t.same(report.stats.files.skippedFiles.map((f) => f.reason), ['cloudtrail-digest', 'cloudtrail-insight'], 'each skipped file named');
  t.same(report.stats.records, { total: 26, evaluated: 26, filtered: 0, skipped: 0, duplicateRootEvents: 1 });
  t.equal(report.rootEvents.find((e) => e.eventID === 'fc3e356e-2af8-4124-94b8-21287005589a')?.duplicates, 1, 'duplicate delivery counted');

  const cis = report.detections.find((d) => d.id === CIS);
  t.ok(cis, 'the CIS pattern is loaded');
  t.equal(cis!.dialect, 'cwl');
  // The CIS pattern cannot see console actions (invokedBy signin.amazonaws.com) nor the AssumeRoot call
  // (made by a role), which its declared scope leaves out; it fires on the root password-recovery
  // sign-in event, which is not root usage.
  t.same(cis!.scope, { categories: ['console-login-success', 'console-login-failure', 'root-api-call'], source: 'declared', partial: ['root-console-action', 'assume-root-session'] });
  t.same(cis!.missed, []);
  t.same([...cis!.outOfScope].sort(), ['b32eb130-15c9-4ead-9fb5-248415650d4e', 'c50933a9-5771-46ba-a7cb-925f739fda9d']);
  t.equal(cis!.caught.length, 8);
  t.equal(cis!.falseAlarms.count, 1);
  t.equal(cis!.falseAlarms.sample[0]?.eventID, 'c5b5ff5e-9982-44b6-be2f-3240d936d429');
  t.same(cis!.coverage['root-console-action'], { total: 1, caught: 0 });
  t.same(cis!.coverage['console-login-success'], { total: 3, caught: 3 });

  const mfa = report.detections.find((d) => d.title.includes('Without MFA'));
  t.same(mfa?.caught, ['ffb810cc-87bd-46d7-a056-9db6e7d14507'], 'only the MFAUsed=No sign-in');
  const login = report.rootEvents.find((e) => e.eventID === '7e9cb185-b2dd-4506-8431-ede6b7ea6f80');
  t.equal(login?.mfaUsed, null, 'MFAUsed absent is null, not false');
});

// test/scope/fail-on-miss.test.ts covers a broken rule and --scope all in-process.
t.test('--fail-on-miss passes with the shipped rules, each judged on its scope', async (t) => {
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'json', '--fail-on-miss', '-q']);
  t.equal(r.code, 0, 'no shipped rule misses an event of its scope');
  t.ok(parse(r.stdout).detections.every((d) => d.missed.length === 0 && d.rootDetection));
});

t.test('--since/--until/--region filter records and warn about us-east-1', async (t) => {
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'json', '--since', '2026-03-10', '--until', '2026-03-11', '--region', 'eu-west-1']);
  t.equal(r.code, 0);
  t.match(r.stderr, /--region leaves out us-east-1/);
  const report = parse(r.stdout);
  t.same(report.rootEvents.map((e) => e.eventID), ['fc3e356e-2af8-4124-94b8-21287005589a']);
  t.equal(report.stats.records.total, report.stats.records.evaluated + report.stats.records.filtered + report.stats.records.skipped);
  t.same(report.options.regions, ['eu-west-1']);
  t.equal(report.options.since, '2026-03-10T00:00:00.000Z');
  t.equal(report.warnings.length, 1);
});

t.test('--account prunes to one account', async (t) => {
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'json', '--account', '777788889999']);
  const report = parse(r.stdout);
  t.ok(report.rootEvents.length > 0);
  t.ok(report.rootEvents.every((e) => e.accountId === '777788889999'));
});

t.test('bad input: named errors, counted records, exit 3, nothing silently dropped', async (t) => {
  const r = await runCli(['replay', 'fixtures/bad', '-f', 'json']);
  t.equal(r.code, 3);
  const report = parse(r.stdout);
  const s = report.stats.records;
  t.equal(s.total, s.evaluated + s.filtered + s.skipped, 'every record accounted for');
  t.ok(s.skipped > 0);
  t.equal(Object.values(report.stats.skipped).reduce((a, b) => a + b, 0), s.skipped, 'every skip has a reason');
  const messages = report.stats.errors.map((e) => `${e.file}: ${e.message}`).join('\n');
  t.match(messages, /fixtures\/bad\/corrupt\.json\.gz: .*compressed byte \d+/);
  t.match(messages, /fixtures\/bad\/malformed-lines\.jsonl: record index 2 \(line 3\): skipped \(malformed-json\)/);
  t.match(messages, /fixtures\/bad\/not-an-object\.json: record index \d+ \(line 1\): skipped \(not-an-object\)/);
  t.ok(report.stats.files.skipped['not-cloudtrail'] !== undefined, 'non-CloudTrail JSON is a skipped file');
  t.ok(report.stats.files.skipped['empty'] !== undefined, 'empty files are counted');
  t.match(r.stderr, /error: fixtures\/bad\/corrupt\.json\.gz/);
});

t.test('an unloadable detection: exit 2, position in the message, other rules still run', async (t) => {
  const dir = t.testdir({ 'bad.pattern': '{ $.userIdentity.type = }\n', 'good.pattern': '{ $.userIdentity.type = "Root" }\n' });
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'json', '-d', dir]);
  t.equal(r.code, 2);
  t.match(r.stderr, /bad\.pattern:1:\d+: error\[TP1\d{3}\]/);
  const report = parse(r.stdout);
  t.equal(report.detections.length, 1);
  t.equal(report.ruleProblems.length, 1);
  t.equal(report.ruleProblems[0]?.line, 1);
});

