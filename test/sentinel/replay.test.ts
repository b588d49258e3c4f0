// Sentinel rules through the replay engine: the fast paths change nothing (prefilter on ≡ off, workers
// 0 ≡ 2, workers loading the same rule files again) for a per-record rule, a summarizing rule replayed as
// scheduled runs (a CorrelationDetection) and the shipped rule, on the project's fixtures.
import { mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';

const dir = mkdtempSync(join(tmpdir(), 'trailproof-sentinel-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync('detections/sentinel/root-usage.yaml', join(dir, 'root-usage.yaml'));
// Root sign-ins without MFA, the Sentinel way (a sign-in with no MFAUsed field counts as none).
writeFileSync(join(dir, 'no-mfa.kql'), 'AWSCloudTrail\n| where EventName =~ "ConsoleLogin" and UserIdentityType == "Root"\n| where tostring(parse_json(AdditionalEventData).MFAUsed) !~ "Yes"\n');
// Root activity per account and day, reported only where root did more than one thing.
writeFileSync(
  join(dir, 'busy-root.yaml'),
  `name: Busy root
queryFrequency: 1d
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
kind: Scheduled
query: |
  AWSCloudTrail
  | where UserIdentityType == "Root"
  | summarize actions = dcount(EventName), events = count() by RecipientAccountId, bin(TimeGenerated, 1d)
  | where actions > 1
`,
);

async function run(extra: Partial<ReplayOptions>): Promise<Report> {
  const detections = await loadDetections([dir]);
  t.same(detections.diagnostics, []);
  return replay({
    locations: ['fixtures/AWSLogs', 'fixtures/formats'],
    resolveSource: (l) => resolveSource(l, {}),
    detections,
    version: 'test',
    now: new Date('2026-11-27T00:00:00Z'),
    ...extra,
  });
}

t.test('identical reports with and without the fast paths', async (t) => {
  const plain = await run({ prefilter: 'off', workers: 0 });
  const byTitle = new Map(plain.detections.map((d) => [d.title, d]));
  t.same([...byTitle.keys()].sort(), ['AWS root account usage', 'Busy root', 'no-mfa'], 'the runs input detection is not reported');
  t.ok(byTitle.get('AWS root account usage')!.caught.length >= 5, 'the shipped rule catches root events');
  t.ok(byTitle.get('no-mfa')!.caught.length >= 1, 'the MFA rule catches a root sign-in without MFA');
  t.ok(byTitle.get('Busy root')!.caught.length >= 2, 'the summarizing rule catches the records folded into its rows');
  t.same(await run({ prefilter: 'on', workers: 0 }), plain, 'prefilter on');
  t.same(await run({ prefilter: 'on', workers: 2 }), plain, 'prefilter on, 2 workers');
});
