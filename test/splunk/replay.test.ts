// Fast paths change nothing for SPL searches: every matching fixture record passes its prefilter, and
// reports are identical with the prefilter off, on, and with worker threads (which load the rules and
// the --splunk-macros / --splunk-props files again). One end-to-end run of the built CLI.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import type { DetectionFile } from '../../src/dialects/types.js';
import { compilePrefilter } from '../../src/engine/prefilter/compile.js';
import { loadSpec, registeredDialects } from '../../src/engine/build-plan.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import { specFileOf } from '../../src/scale/spec-file.js';
import type { Report } from '../../src/report/model.js';
import { viewOfRecord } from '../../src/record/view.js';
import { resolveSource } from '../../src/sources/index.js';
import { runCli } from '../helpers/cli.js';
import { fixtureRecords } from '../eventbridge/fixtures.js';

const SEARCHES = [
  '`cloudtrail` userIdentity.type=Root NOT userIdentity.invokedBy=* NOT eventType=AwsServiceEvent',
  'eventName=ConsoleLogin | stats count by src | where count > 1',
  'eventName IN (Create*, Delete*) OR errorCode=AccessDenied*',
  'AwsConsoleSignIn responseElements.ConsoleLogin=failure',
  "eventSource=*amazonaws.com | eval t=lower('userIdentity.type') | where t=\"root\"",
  'userIdentity.type=CASE(Root) userIdentity.arn=arn:aws:iam::*:root',
  'errorCode=success action=success user_type=Root',
  '`root_only` is_root=1 | stats dc(eventName) as n values(eventName) as names by origin aws_account_id | where n >= 2',
  'userAgent!=*.amazonaws.com readOnly=true',
  'index=trail userIdentity.type=Root',
];

const dir = mkdtempSync(join(tmpdir(), 'trailproof-splunk-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const rules = join(dir, 'rules');
const macrosPath = join(dir, 'macros.conf');
const propsPath = join(dir, 'props.conf');
const conf = SEARCHES.map((s, i) => `[search ${i + 1}]\nsearch = ${s}\n`).join('\n');
const macros = '[root_only]\ndefinition = `cloudtrail` userIdentity.type=Root\n';
const props = "[aws:cloudtrail]\nFIELDALIAS-origin = sourceIPAddress AS origin\nEVAL-is_root = if('userIdentity.type'=\"Root\", 1, 0)\n";
mkdirSync(rules);
writeFileSync(join(rules, 'savedsearches.conf'), conf);
writeFileSync(macrosPath, macros);
writeFileSync(propsPath, props);
const dialectOptions = { 'splunk-spl': { macros: [{ path: macrosPath, text: macros } satisfies DetectionFile], props: [{ path: propsPath, text: props }], metadata: { index: 'trail' } } };

t.test('every fixture record a search keeps passes its prefilter', async (t) => {
  const loaded = await loadDetections([rules], { dialectOptions });
  t.same(loaded.diagnostics, []);
  t.equal(loaded.detections.length, SEARCHES.length);
  let checked = 0;
  for (const d of loaded.detections) {
    const gate = d.rule.prefilter === null ? null : compilePrefilter(d.rule.prefilter);
    for (const record of fixtureRecords) {
      const view = viewOfRecord(record);
      if (!d.rule.match(view)) continue;
      checked++;
      if (gate !== null && !gate.test(view.text)) t.fail(`${d.id} keeps ${String(record.eventID)} but its prefilter rejects it`);
    }
  }
  t.ok(checked > 20, `${checked} matches checked`);
  t.ok(loaded.detections.filter((d) => d.rule.prefilter !== null).length >= 5, 'most searches have a prefilter');
  t.equal(loaded.detections[6]!.rule.prefilter, null, 'add-on fields give no literal');
});

async function run(extra: Partial<ReplayOptions>): Promise<Report> {
  const detections = await loadDetections([rules], { dialectOptions });
  return replay({
    locations: ['fixtures/AWSLogs'],
    resolveSource: (l) => resolveSource(l, {}),
    detections,
    version: 'test',
    now: new Date('2026-11-27T00:00:00Z'),
    ...extra,
  });
}

t.test('identical reports with and without the fast paths', async (t) => {
  const plain = await run({ prefilter: 'off', workers: 0 });
  t.equal(plain.detections.length, SEARCHES.length, 'every search reported (aggregates once, not their record selectors)');
  t.ok(plain.detections.filter((d) => d.caught.length > 0).length >= 5, 'several searches catch root events');
  const byStats = plain.detections.find((d) => d.title === 'search 8');
  t.ok(byStats !== undefined && byStats.caught.length >= 2, 'the aggregate built from macros and props catches root events');
  t.ok((plain.detections.find((d) => d.title === 'search 10')?.caught.length ?? 0) >= 2, 'the index set for the run');
  t.same(await run({ prefilter: 'on', workers: 0 }), plain, 'prefilter on');
  t.same(await run({ prefilter: 'on', workers: 2 }), plain, 'prefilter on, 2 workers');
});

t.test('scale-out: spec.json carries the Splunk options, and a shard loads the same detections with them', async (t) => {
  const loaded = await loadDetections([rules], { dialectOptions });
  const spec = (JSON.parse(JSON.stringify(specFileOf({ detections: loaded, filter: {} }))) as ReturnType<typeof specFileOf>).spec;
  t.same(spec.dialectOptions, dialectOptions);
  const again = loadSpec(spec, registeredDialects(spec));
  t.same(again.detections.map((d) => d.id), loaded.detections.map((d) => d.id));
  t.throws(() => loadSpec({ ...spec, dialectOptions: {} }, registeredDialects(spec)), /other detections than the main thread/, 'without them the macro search does not compile');
});

t.test('end to end: the built CLI with --splunk-macros and --splunk-props', async (t) => {
  const r = await runCli(['replay', 'fixtures/AWSLogs', '--detections', rules, 'detections/splunk', '--splunk-macros', macrosPath, '--splunk-props', propsPath, '--splunk-index', 'trail', '-f', 'json', '-q', '--workers', '0']);
  t.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  const shipped = report.detections.find((d) => d.title === 'trailproof Root Account Usage');
  t.equal(shipped?.dialect, 'splunk-spl');
  t.equal(shipped?.missed.length, 0, 'the shipped root-usage search misses nothing in its scope');
  t.ok((report.detections.find((d) => d.title === 'search 8')?.caught.length ?? 0) >= 2, 'macros and props reach the CLI run');
  t.ok((report.detections.find((d) => d.title === 'search 10')?.caught.length ?? 0) >= 2, '--splunk-index reaches the CLI run');
});
