// Expectations and their checks: docs/suites.md ("Expectations", "Output").
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { evaluateSuite } from '../../src/suite/evaluate-suite.js';
import { parseSuite } from '../../src/suite/parse-suite.js';
import type { Baseline } from '../../src/suite/baseline.js';
import { makeReport, rootEvent } from './make-report.js';

const EVENTS = [
  rootEvent('login-1', 'console-login-success', { eventTime: '2024-06-03T09:00:00Z' }),
  rootEvent('login-2', 'console-login-success', { eventTime: '2024-06-03T09:01:00Z' }),
  rootEvent('fail-1', 'console-login-failure', { eventTime: '2024-06-03T09:02:00Z', eventName: 'ConsoleLogin' }),
  rootEvent('api-1', 'root-api-call', { eventTime: '2024-06-03T09:03:00Z', eventName: 'CreateAccessKey' }),
  rootEvent('console-1', 'root-console-action', { eventTime: '2024-06-03T09:04:00Z', eventName: 'StopLogging' }),
  rootEvent('svc-1', 'service-on-behalf-of-root', { eventTime: '2024-06-03T09:05:00Z', eventName: 'GenerateDataKey' }),
];

function run(suiteText: string, report: Report, extra: { baseline?: Baseline; texts?: Record<string, string> } = {}) {
  const { suite, diagnostics } = parseSuite(suiteText, '/repo/trailproof.yml');
  if (suite === null) throw new Error(JSON.stringify(diagnostics));
  return evaluateSuite({
    suite,
    baseDir: '/repo',
    report,
    probed: new Map(),
    diagnostics: [],
    ruleTexts: new Map(Object.entries(extra.texts ?? {})),
    baseline: extra.baseline !== undefined ? { file: 'trailproof.baseline.json', content: extra.baseline } : null,
    version: '0.1.0',
  });
}

const HEAD = 'sources: [data]\ndetections: [detections]\n';
const lines = (checks: readonly { passed: boolean; name: string; summary: string }[]): string[] =>
  checks.map((c) => `${c.passed ? 'PASS' : 'FAIL'} ${c.name}: ${c.summary}`);

t.test('catches: every event of each category, one check per category', async (t) => {
  const report = makeReport(EVENTS, [{ id: 'cis', title: 'CIS root usage', fired: ['login-1', 'login-2', 'fail-1', 'api-1'] }]);
  const { result } = run(
    `${HEAD}expect:\n  - detection: detections/cis.pattern\n    catches: [console-login-success, root-api-call, root-console-action, assume-root-session]\n`,
    report,
  );
  t.same(lines(result.checks), [
    'PASS catches console-login-success: 2/2 caught',
    'PASS catches root-api-call: 1/1 caught',
    'FAIL catches root-console-action: missed 1 of 1',
    'FAIL catches assume-root-session: no assume-root-session events in the sources: nothing to test',
  ]);
  t.same(result.checks[2]!.details, ['missed console-1 (StopLogging 2024-06-03T09:04:00Z)']);
  t.equal(result.checks[0]!.group, 'detections/cis.pattern#cis');
  t.same(result.checks[0]!.rule, { key: 'detections/cis.pattern#cis', title: 'CIS root usage', file: 'detections/cis.pattern', line: 1 });
  t.same(result.checks[0]!.suiteAt, { line: 5, column: 5 });
  t.equal(result.passed, 2);
  t.equal(result.failed, 2);
  t.same(result.stats, { files: 2, records: 40, rootEvents: 6, rootUsage: 5, detections: 1 });
});

t.test('catches_events, never_fires_on and unknown event IDs', async (t) => {
  const report = makeReport(EVENTS, [{ id: 'cis', fired: ['login-1', 'svc-1'] }]);
  const { result } = run(`${HEAD}expect:\n  - detection: detections/cis.pattern#cis\n    catches_events: [login-1, api-1, nope]\n    never_fires_on: [svc-1, console-1, nope]\n`, report);
  t.same(lines(result.checks), [
    'PASS catches event login-1: fired (ConsoleLogin 2024-06-03T09:00:00Z)',
    'FAIL catches event api-1: did not fire (CreateAccessKey 2024-06-03T09:03:00Z)',
    'FAIL catches event nope: no record with this eventID in the sources',
    'FAIL never fires on svc-1: fired (GenerateDataKey 2024-06-03T09:05:00Z)',
    'PASS never fires on console-1: did not fire (StopLogging 2024-06-03T09:04:00Z)',
    'FAIL never fires on nope: no record with this eventID in the sources',
  ]);
});

t.test('an eventID shared by distinct root events names them all; a key names one', async (t) => {
  // Test data reusing eventID "1": the report keys the events 1#1, 1#2, 1#3 (docs/report-schema.md).
  const shared = [
    rootEvent('1', 'console-login-failure', { key: '1#1', eventName: 'ConsoleLogin', eventTime: '2024-06-03T09:00:00Z' }),
    rootEvent('1', 'root-api-call', { key: '1#2', eventName: 'CreateAccessKey', eventTime: '2024-06-03T09:01:00Z' }),
    rootEvent('1', 'root-api-call', { key: '1#3', eventName: 'CreateUser', eventTime: '2024-06-03T09:02:00Z' }),
  ];
  const report = makeReport(shared, [{ id: 'keys', fired: ['1#2'] }]);
  const { result } = run(
    `${HEAD}labels:\n  '1#3': not-root\nexpect:\n  - detection: keys\n    catches_events: ['1', '1#2']\n    never_fires_on: ['1', '1#1']\n    catches: [root-api-call]\n`,
    report,
  );
  t.same(lines(result.checks), [
    'PASS label 1#3 as not-root: was root-api-call',
    'PASS catches root-api-call: 1/1 caught',
    'FAIL catches event 1: fired on 1 of the 3 root events sharing this eventID (1#1, 1#2, 1#3)',
    'PASS catches event 1#2: fired (CreateAccessKey 2024-06-03T09:01:00Z)',
    'FAIL never fires on 1: fired on 1 of the 3 root events sharing this eventID (1#1, 1#2, 1#3)',
    'PASS never fires on 1#1: did not fire (ConsoleLogin 2024-06-03T09:00:00Z)',
  ]);
  const all = run(`${HEAD}labels:\n  '1': not-root\nexpect:\n  - detection: keys\n    max_false_alarms: 0\n`, report);
  t.same(lines(all.result.checks), [
    'PASS label 1 as not-root: applies to the 3 root events sharing this eventID (1#1, 1#2, 1#3)',
    'FAIL at most 0 false alarms: 1 false alarm',
  ]);
});

t.test('max_false_alarms counts non-root records and context hits, minus intended catches', async (t) => {
  const report = makeReport(EVENTS, [{ id: 'sigma', fired: ['login-1', 'svc-1'], nonRoot: ['n1', 'n2'] }]);
  const over = run(`${HEAD}expect:\n  - detection: sigma\n    max_false_alarms: 2\n`, report);
  t.same(lines(over.result.checks), ['FAIL at most 2 false alarms: 3 false alarms']);
  t.same(over.result.checks[0]!.details, ['fired on n1', 'fired on n2', 'fired on svc-1 (GenerateDataKey 2024-06-03T09:05:00Z)']);
  // Asking the detection to catch the context category makes svc-1 an intended hit.
  const intended = run(`${HEAD}expect:\n  - detection: sigma\n    catches: service-on-behalf-of-root\n    max_false_alarms: 2\n`, report);
  t.same(lines(intended.result.checks), ['PASS catches service-on-behalf-of-root: 1/1 caught', 'PASS at most 2 false alarms: 2 false alarms']);
  const one = run(`${HEAD}expect:\n  - detection: sigma\n    max_false_alarms: 1\n`, makeReport(EVENTS, [{ id: 'sigma', fired: [], nonRoot: [null] }]));
  t.same(lines(one.result.checks), ['PASS at most 1 false alarm: 1 false alarm']);
});

t.test('detection selectors: key, file, title; none and ambiguous ones fail', async (t) => {
  const report = makeReport(EVENTS, [
    { id: 'a', title: 'Root login', file: '/repo/detections/multi.json', fired: ['login-1', 'login-2'] },
    { id: 'b', title: 'Root API', file: '/repo/detections/multi.json', fired: ['api-1'] },
  ]);
  const { result } = run(
    `${HEAD}expect:\n  - detection: Root API\n    catches: root-api-call\n  - detection: ./detections/multi.json#a\n    catches: console-login-success\n  - detection: detections/multi.json\n    catches: root-api-call\n  - detection: missing.yml\n    catches: root-api-call\n`,
    report,
  );
  t.same(lines(result.checks), [
    'PASS catches root-api-call: 1/1 caught',
    'PASS catches console-login-success: 2/2 caught',
    'FAIL detection detections/multi.json: names 2 detections; name one by its id',
    'FAIL detection missing.yml: no loaded detection has this file, id or title',
  ]);
  t.same(result.checks[2]!.details, ['matches: detections/multi.json#a', 'matches: detections/multi.json#b']);
  t.same(result.checks[3]!.suiteAt, { line: 10, column: 5 });
});

t.test('labels: applied to the checks, and failing when the event is not in the sources', async (t) => {
  const report = makeReport(EVENTS, [{ id: 'cis', fired: ['login-1', 'login-2', 'api-1'] }]);
  const { result } = run(
    `${HEAD}labels:\n  console-1: not-root\n  ghost: root-api-call\nexpect:\n  - detection: cis\n    catches: [root-usage]\n`,
    report,
  );
  t.same(lines(result.checks).slice(0, 2), ['PASS label console-1 as not-root: was root-console-action', 'FAIL label ghost as root-api-call: no record with this eventID in the sources']);
  // console-1 is no longer root usage, so only the failed login is missed.
  t.same(lines(result.checks).slice(2), [
    'PASS catches console-login-success: 2/2 caught',
    'FAIL catches console-login-failure: missed 1 of 1',
    'PASS catches root-api-call: 1/1 caught',
    'FAIL catches root-console-action: no root-console-action events in the sources: nothing to test',
    'FAIL catches assume-root-session: no assume-root-session events in the sources: nothing to test',
  ]);
});

t.test('input errors fail the suite unless allowed; rule-file errors fail their file', async (t) => {
  const base = makeReport(EVENTS, [{ id: 'cis', fired: ['api-1'] }]);
  const report: Report = { ...base, stats: { ...base.stats, errors: [{ file: '/repo/data/bad.json.gz', message: 'unexpected end of gzip data at byte 812' }] } };
  const failing = run(`${HEAD}expect:\n  - detection: cis\n    catches: root-api-call\n`, report);
  t.same(lines(failing.result.checks)[0], 'FAIL sources read without errors: 1 input problem (set allow_input_errors: true to accept them)');
  t.same(failing.result.checks[0]!.details, ['data/bad.json.gz: unexpected end of gzip data at byte 812']);
  const allowed = run(`${HEAD}allow_input_errors: true\nexpect:\n  - detection: cis\n    catches: root-api-call\n`, report);
  t.same(lines(allowed.result.checks), ['PASS catches root-api-call: 1/1 caught']);

  const { suite } = parseSuite(`${HEAD}expect:\n  - detection: detections/broken.pattern\n    catches: root-api-call\n`, '/repo/trailproof.yml');
  const broken = evaluateSuite({
    suite: suite!,
    baseDir: '/repo',
    report: makeReport(EVENTS, []),
    probed: new Map(),
    diagnostics: [{ code: 'TP1003', severity: 'error', file: '/repo/detections/broken.pattern', line: 1, column: 3, message: "expected '}'" }],
    ruleTexts: new Map(),
    baseline: null,
    version: '0.1.0',
  });
  t.same(lines(broken.result.checks), ['FAIL loads without errors: 1 error', 'FAIL detection detections/broken.pattern: its rule file did not load (see the errors above)']);
  t.same(broken.result.checks[0]!.details, ["1:3: TP1003: expected '}'"]);
  t.same(broken.result.checks[0]!.rule, { key: 'detections/broken.pattern', title: 'detections/broken.pattern', file: 'detections/broken.pattern', line: 1 });
});

t.test('rule locations: a Sigma rule points at its detection line', async (t) => {
  const report = makeReport(EVENTS, [{ id: 'x', title: 'Root use', dialect: 'sigma', file: '/repo/detections/sigma/root.yml', fired: [] }]);
  const text = 'title: Root use\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  sel:\n    userIdentity.type: Root\n  condition: sel\n';
  const { result } = run(`${HEAD}expect:\n  - detection: detections/sigma/root.yml\n    catches: root-api-call\n`, report, { texts: { '/repo/detections/sigma/root.yml': text } });
  t.equal(result.checks[0]!.rule!.line, 5);
});

t.test('a baseline adds one check per detection, failing on regressions only', async (t) => {
  const report = makeReport(EVENTS, [
    { id: 'cis', fired: ['login-1', 'login-2'] },
    { id: 'sigma', fired: ['login-1', 'api-1', 'console-1'] },
  ]);
  const baseline: Baseline = {
    schema: 'trailproof/baseline@1',
    detections: {
      'detections/cis.pattern#cis': { caught: { 'console-login-success': ['login-1', 'login-2'], 'root-api-call': ['api-1'] }, missed: {}, falseAlarms: { count: 0, eventIDs: [] } },
      'detections/sigma.pattern#sigma': { caught: { 'root-api-call': ['api-1'] }, missed: { 'console-login-success': ['login-1'] }, falseAlarms: { count: 0, eventIDs: [] } },
    },
  };
  const { result } = run(HEAD, report, { baseline });
  t.same(lines(result.checks), [
    'FAIL detections/cis.pattern#cis: no regressions: 1 newly missed, 2 new events missed',
    'PASS detections/sigma.pattern#sigma: no regressions: 2 newly caught, 2 new events missed',
  ]);
  t.same(result.checks[0]!.details, [
    'newly missed: api-1 (CreateAccessKey 2024-06-03T09:03:00Z)',
    'new event, missed: console-1 (StopLogging 2024-06-03T09:04:00Z)',
    'new event, missed: fail-1 (ConsoleLogin 2024-06-03T09:02:00Z)',
  ]);
  t.equal(result.baseline!.diffs.length, 2);
});
