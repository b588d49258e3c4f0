// The probe (docs/suites.md "Labels"): the verdicts of the records a suite names that are not root
// events, read from the sources again with the suite's window applied.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { SAMPLE_EVENT_IDS, writeScaffold } from '../../src/scaffold/index.js';
import { resolveSource } from '../../src/sources/index.js';
import { probeEvents } from '../../src/suite/probe.js';
import { runTest } from '../../src/cli/commands/test.js';
import { captureIO } from './capture-io.js';

const ids = SAMPLE_EVENT_IDS;

t.test('probeEvents finds the named records and runs the rules on them', async (t) => {
  const dir = t.testdir({});
  await writeScaffold(dir, { install: 'trailproof@0.1.0' });
  const detections = await loadDetections([join(dir, 'detections')]);
  const options = { locations: [join(dir, 'samples')], resolveSource: (l: string) => resolveSource(l, {}), detections: detections.detections };
  const found = await probeEvents({ ...options, filter: {}, eventIDs: new Set([ids.iamUserLogin, ids.rootListBuckets, 'not-there']) });
  t.same([...found.keys()].sort(), [ids.iamUserLogin, ids.rootListBuckets].sort());
  t.same(found.get(ids.iamUserLogin), { eventID: ids.iamUserLogin, eventName: 'ConsoleLogin', eventTime: '2024-06-03T08:02:44Z', firedBy: new Set() });
  t.same([...found.get(ids.rootListBuckets)!.firedBy], [detections.detections[0]!.id]);
  // The window applies: the IAM user's sign-in is before 09:00.
  const windowed = await probeEvents({ ...options, filter: { since: new Date('2024-06-03T09:00:00Z') }, eventIDs: new Set([ids.iamUserLogin, ids.rootListBuckets]) });
  t.same([...windowed.keys()], [ids.rootListBuckets]);
  t.same(await probeEvents({ ...options, filter: { regions: ['eu-west-1'] }, eventIDs: new Set([ids.rootListBuckets]) }), new Map());
});

t.test('a label turning an ordinary record into root usage is checked end to end', async (t) => {
  const dir = t.testdir({});
  await writeScaffold(dir, { install: 'trailproof@0.1.0' });
  const suite = join(dir, 'labelled.yml');
  writeFileSync(
    suite,
    `sources: samples\ndetections: detections\nlabels:\n  ${ids.iamUserLogin}: console-login-success\n  ${ids.rootListBuckets}: not-root\nexpect:\n  - detection: detections/cis-root-usage.pattern\n    catches: console-login-success\n    max_false_alarms: 0\n`,
  );
  const out = captureIO();
  t.equal(await runTest([suite], { workers: '0' }, out.io), 1);
  t.match(out.stdout(), new RegExp(`✓ label ${ids.iamUserLogin} as console-login-success {2}was not-root\\n`));
  t.match(out.stdout(), new RegExp(`✓ label ${ids.rootListBuckets} as not-root {2}was root-api-call\\n`));
  t.match(out.stdout(), new RegExp(`✗ catches console-login-success {2}missed 1 of 3\\n {6}missed ${ids.iamUserLogin} \\(ConsoleLogin 2024-06-03T08:02:44Z, labelled console-login-success\\)\\n`));
  // ListBuckets is no longer root usage, and the pattern fired on it: a false alarm now.
  t.match(out.stdout(), new RegExp(`✗ at most 0 false alarms {2}1 false alarm\\n {6}fired on ${ids.rootListBuckets} \\(ListBuckets 2024-06-03T09:42:30Z, labelled not-root\\)\\n`));
});
