// Panther rules in the replay (docs/panther.md): prefilter on ≡ off and 0 ≡ 2 workers on every clean
// fixture, a raising rule reported as a rule error (never a miss), Threshold/DedupPeriodMinutes as an
// alert view, a machine without python3 still running the other dialects, and `panther-test` end to end.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { renderTable } from '../../src/report/table/table.js';
import { resolveSource } from '../../src/sources/index.js';
import { mergePartials } from '../../src/scale/merge.js';
import { planShards } from '../../src/scale/plan-shards.js';
import { replayShard } from '../../src/scale/replay-shard.js';
import { specFileOf } from '../../src/scale/spec-file.js';
import { runCli } from '../helpers/cli.js';

const now = new Date('2026-11-27T00:00:00Z');

async function run(locations: string[], detectionPaths: string[], extra: Partial<ReplayOptions>): Promise<Report> {
  return replay({ locations, resolveSource: (l) => resolveSource(l, {}), detections: await loadDetections(detectionPaths), version: 'test', now, ...extra });
}

const byRule = (r: Report): Record<string, { fired: number; caught: number; errors: number }> =>
  Object.fromEntries(r.detections.map((d) => [d.id.slice(d.id.indexOf('#') + 1), { fired: d.fired, caught: d.caught.length, errors: d.ruleErrors?.count ?? 0 }]));

t.test('prefilter on ≡ off, 0 ≡ 2 workers; rule errors reported, not misses', async (t) => {
  const paths = ['fixtures/panther'];
  const plain = await run(['fixtures/AWSLogs', 'fixtures/formats'], paths, { prefilter: 'off', workers: 0 });
  const fast = await run(['fixtures/AWSLogs', 'fixtures/formats'], paths, { prefilter: 'on', workers: 2 });
  t.same(fast, plain, 'identical reports');
  const rules = byRule(plain);
  t.ok(rules['TP.Root.ConsoleLogin']!.caught > 0 && rules['TP.Root.Activity']!.caught > 0, 'the root rules catch root events');
  const brittle = plain.detections.find((d) => d.id.endsWith('#TP.Brittle'))!;
  t.equal(brittle.fired, 0);
  // Records without requestParameters.bucketName raise (KeyError, or TypeError on a null).
  t.ok(brittle.ruleErrors !== undefined && brittle.ruleErrors.count > 0 && brittle.ruleErrors.count < plain.stats.records.evaluated, 'a rule error, counted');
  t.match(brittle.ruleErrors?.sample[0], { message: /^(KeyError|TypeError): /, source: { uri: /^fixtures\//, record: 0 } });
  t.equal(rules['TP.Root.ConsoleLogin']!.errors, 0, 'other rules have none');
  const table = renderTable(plain, { color: false });
  t.match(table, /RULE ERRORS[^\n]*\n.*TP\.Brittle: \d+ rule errors\n {4}fixtures\/\S+: (KeyError|TypeError): /, 'the table lists them apart from misses');
});

t.test('scale-out: merged shards carry the rule errors of a plain replay (docs/scale-out.md I1)', async (t) => {
  const detections = await loadDetections(['fixtures/panther']);
  const resolve = (l: string) => resolveSource(l, {});
  const loc = 'fixtures/AWSLogs';
  const expected = await replay({ locations: [loc], resolveSource: resolve, detections, workers: 0, now, version: 'test' });
  t.ok((expected.detections.find((d) => d.id.endsWith('#TP.Brittle'))?.ruleErrors?.count ?? 0) > 0, 'the plain replay has rule errors');
  const { items, run } = await planShards({ locations: [loc], resolveSource: resolve, filter: {}, shards: 3 });
  const spec = specFileOf({ detections, filter: {}, version: 'test' });
  const parts = await Promise.all(items.map((item) => replayShard({ item, run, spec, resolveSource: resolve, workers: 0 })));
  t.same(mergePartials([...parts].reverse(), { now }), expected, 'merged = replay, counts and samples');
});

t.test('Threshold and DedupPeriodMinutes: which records would have raised an alert', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'trailproof-panther-alerts-'));
  const failed = (id: string, time: string, account: string): string =>
    JSON.stringify({ eventVersion: '1.08', eventTime: time, eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', eventID: id, recipientAccountId: account, userIdentity: { type: 'Root', accountId: account }, responseElements: { ConsoleLogin: 'Failure' } });
  const file = join(dir, 'logins.jsonl');
  writeFileSync(file, [
    failed('a1', '2026-03-10T10:00:00Z', '111122223333'),
    failed('a2', '2026-03-10T10:20:00Z', '111122223333'), // second within 30 min, same dedup: an alert
    failed('b1', '2026-03-10T10:05:00Z', '444455556666'), // alone for its account: no alert
    failed('a3', '2026-03-10T11:00:00Z', '111122223333'), // a new period, alone
  ].join('\n') + '\n');
  const report = await run([file], ['fixtures/panther/rules/root_login_failed.yml'], { workers: 0 });
  const rule = report.detections.find((d) => d.id.endsWith('#TP.Root.ConsoleLoginFailed'))!;
  const alerts = report.detections.find((d) => d.id.endsWith('#alerts'))!;
  t.equal(rule.fired, 4, 'every failed root login matches');
  t.equal(alerts.kind, 'correlation');
  t.same(alerts.caught.map((k) => report.rootEvents.find((e) => e.key === k)!.eventID).sort(), ['a1', 'a2'], 'two of them raise an alert');
});

t.test('without python3 the Panther rules are not loaded, with the reason, and the other dialects run', async (t) => {
  const saved = process.env['TRAILPROOF_PYTHON'];
  process.env['TRAILPROOF_PYTHON'] = join(tmpdir(), 'no-such-dir', 'python3');
  t.teardown(() => {
    if (saved === undefined) delete process.env['TRAILPROOF_PYTHON'];
    else process.env['TRAILPROOF_PYTHON'] = saved;
  });
  const loaded = await loadDetections(['detections']);
  t.notOk(loaded.detections.some((d) => d.dialect === 'panther'));
  t.match(loaded.notApplicable.find((n) => n.file === 'detections/panther/root_usage.yml'), { reason: /^not loaded: .*python3 not found/ });
  const report = await run(['fixtures/AWSLogs'], ['detections'], { workers: 0 });
  const cis = report.detections.find((d) => d.file === 'detections/cis-root-usage.pattern')!;
  t.ok(cis.caught.length > 0, 'the CloudWatch Logs pattern still replays');
});

t.test('trailproof panther-test runs the project rules\' own tests', async (t) => {
  const r = await runCli(['panther-test', 'fixtures/panther', 'detections/panther']);
  t.equal(r.code, 0, r.stdout + r.stderr);
  t.match(r.stdout, /^PASS TP\.Root\.ConsoleLogin: root sign-in$/m);
  t.match(r.stdout, /\n\d+ passed, 0 failed\n$/);
});
