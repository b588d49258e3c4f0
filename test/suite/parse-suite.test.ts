// Suite file format: docs/suites.md ("The suite file"). YAML positions are 1-based line/column, as the
// `yaml` package's LineCounter reports them (https://eemeli.org/yaml/#line-counter).
import t from 'tap';
import { parseSuite } from '../../src/suite/parse-suite.js';

const codes = (text: string): string[] => parseSuite(text, 's.yml').diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`);
const messages = (text: string): string[] => parseSuite(text, 's.yml').diagnostics.map((d) => d.message);

t.test('a complete suite parses into the model', async (t) => {
  const { suite, diagnostics } = parseSuite(
    `name: root rules
sources: [samples, s3://bucket/AWSLogs/]
detections: detections
window:
  since: 2024-06-01
  until: 2024-07-01T00:00:00Z
  accounts: [011122223333]
  regions: us-east-1
baseline: base.json
allow_input_errors: true
labels:
  1e10: root-api-call
  abc-1: not-root
expect:
  - detection: detections/cis.pattern
    catches: [console-login-success, root-usage]
    catches_events: 1e10
    max_false_alarms: 0
    never_fires_on: [abc-1, abc-2]
`,
    's.yml',
  );
  t.same(diagnostics, []);
  t.ok(suite);
  t.equal(suite!.name, 'root rules');
  t.same(suite!.sources, ['samples', 's3://bucket/AWSLogs/']);
  t.same(suite!.detections, ['detections']);
  // Failsafe schema: the account keeps its leading zero, the event ID "1e10" stays text.
  t.same(suite!.window, { since: '2024-06-01T00:00:00.000Z', until: '2024-07-01T00:00:00.000Z', accounts: ['011122223333'], regions: ['us-east-1'] });
  t.equal(suite!.baseline, 'base.json');
  t.equal(suite!.allowInputErrors, true);
  t.same(suite!.labels.map((l) => [l.eventID, l.label, l.at.line]), [
    ['1e10', 'root-api-call', 12],
    ['abc-1', 'not-root', 13],
  ]);
  const e = suite!.expectations[0]!;
  t.equal(e.detection, 'detections/cis.pattern');
  // root-usage expands to the five root-usage categories, without repeating console-login-success.
  t.same(e.catches, ['console-login-success', 'console-login-failure', 'root-api-call', 'root-console-action', 'assume-root-session']);
  t.same(e.catchesEvents, ['1e10']);
  t.equal(e.maxFalseAlarms, 0);
  t.same(e.neverFiresOn, ['abc-1', 'abc-2']);
  t.same(e.at, { line: 15, column: 5 });
  t.same(e.keyAt.max_false_alarms, { line: 18, column: 5 });
});

t.test('defaults: no name, no window, no labels, no expectations', async (t) => {
  const { suite } = parseSuite('sources: a\ndetections: b\n', 's.yml');
  t.same(suite, {
    file: 's.yml',
    name: null,
    sources: ['a'],
    detections: ['b'],
    window: { since: null, until: null, accounts: [], regions: [] },
    baseline: null,
    allowInputErrors: false,
    labels: [],
    expectations: [],
  });
});

t.test('errors carry the line and column of the offending node', async (t) => {
  t.same(codes('sources: a\ndetections: b\nexpect:\n  - detection: x\n    catch: [root-api-call]\n'), ['5:5 TP6002', '4:5 TP6004']);
  t.match(messages('sources: a\ndetections: b\nexpect:\n  - detection: x\n    catch: [root-api-call]\n')[0], /unknown key 'catch' in expect\[0\] \(did you mean 'catches'\?\)/);
  t.same(codes('sources: a\ndetections: b\nexpect:\n  - detection: x\n    catches: [root-api-cal]\n'), ['5:15 TP6005']);
  t.match(messages('sources: a\ndetections: b\nexpect:\n  - detection: x\n    catches: [root-api-cal]\n')[0], /did you mean 'root-api-call'/);
  t.same(codes('sources: a\ndetections: b\nexpect:\n  - detection: x\n    max_false_alarms: -1\n'), ['5:23 TP6003']);
  t.same(codes('sources: a\ndetections: b\nexpect:\n  - detection: x\n    max_false_alarms: 1.5\n'), ['5:23 TP6003']);
  t.same(codes('detections: b\n'), ['1:1 TP6004']);
  t.same(codes('sources: []\ndetections: b\n'), ['1:1 TP6003']);
  t.same(codes('sources: a\ndetections: b\nlabels:\n  e1: console-login\n'), ['4:7 TP6005']);
  t.same(codes('sources: a\ndetections: b\nexpect:\n  - catches: root-api-call\n'), ['4:5 TP6004']);
  t.same(codes('sources: a\ndetections: b\nexpect:\n  - detection: x\n'), ['4:5 TP6004']);
  t.same(codes('sources: a\ndetections: b\nexpect: x\n'), ['3:9 TP6003']);
  t.same(codes('sources: a\ndetections: b\nallow_input_errors: yes\n'), ['3:21 TP6003']);
});

t.test('a suite window must be absolute and ordered', async (t) => {
  // Relative times (30d) would make a committed suite replay different records each day.
  t.same(codes('sources: a\ndetections: b\nwindow:\n  since: 30d\n'), ['4:10 TP6003']);
  t.same(codes('sources: a\ndetections: b\nwindow:\n  since: 2024-02-01\n  until: 2024-01-01\n'), ['4:3 TP6003']);
  t.same(codes('sources: a\ndetections: b\nwindow:\n  accounts: [12345]\n'), ['4:14 TP6003']);
  t.same(codes('sources: a\ndetections: b\nwindow:\n  region: us-east-1\n'), ['4:3 TP6002']);
});

t.test('YAML syntax errors and duplicate keys are reported with positions', async (t) => {
  t.same(codes('sources: a\nsources: b\ndetections: c\n'), ['2:1 TP6001']);
  const bad = parseSuite('sources: [a\ndetections: b\n', 's.yml');
  t.equal(bad.suite, null);
  t.equal(bad.diagnostics[0]!.code, 'TP6001');
  t.equal(bad.diagnostics[0]!.file, 's.yml');
  t.ok(bad.diagnostics[0]!.line! >= 1);
  t.same(codes(''), ['1:1 TP6004']);
  t.same(codes('- a\n- b\n'), ['1:1 TP6003']);
});

t.test('every problem in a file is reported, not just the first', async (t) => {
  const d = codes('sources: a\ndetections: b\nexpect:\n  - detection: x\n    catches: nope\n    max_false_alarms: many\n  - detection: y\n    never_fires_on: [""]\n');
  t.same(d, ['5:14 TP6005', '6:23 TP6003', '8:22 TP6003']);
});
