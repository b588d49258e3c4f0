// Baselines: docs/suites.md ("Baselines"). The file is meant for diffs: sorted, stable, no run-specific data.
import t from 'tap';
import { baselineOf, compareBaseline, parseBaseline, serializeBaseline, type Baseline } from '../../src/suite/baseline.js';
import { detectionKey } from '../../src/suite/detection-key.js';
import { computeVerdicts } from '../../src/suite/verdicts.js';
import { makeReport, rootEvent } from './make-report.js';

const EVENTS = [
  rootEvent('b-login', 'console-login-success'),
  rootEvent('a-login', 'console-login-success'),
  rootEvent('api', 'root-api-call'),
  rootEvent('console', 'root-console-action'),
  rootEvent('svc', 'service-on-behalf-of-root'),
];

function verdictsOf(detections: Parameters<typeof makeReport>[1], events = EVENTS) {
  const report = makeReport(events, detections);
  const keyed = report.detections.map((d) => ({ key: detectionKey(d, '/repo'), file: 'f', report: d }));
  return computeVerdicts(report, keyed, new Map(), new Map());
}

t.test('baselineOf: sets by category, sorted; detections sorted by key', async (t) => {
  const b = baselineOf(verdictsOf([{ id: 'z', fired: ['b-login', 'a-login', 'svc'], nonRoot: ['n2', 'n1'] }, { id: 'a', fired: [] }]));
  t.same(Object.keys(b.detections), ['detections/a.pattern#a', 'detections/z.pattern#z']);
  t.same(b.detections['detections/z.pattern#z'], {
    caught: { 'console-login-success': ['a-login', 'b-login'] },
    missed: { 'root-api-call': ['api'], 'root-console-action': ['console'] },
    falseAlarms: { count: 3, eventIDs: ['n1', 'n2', 'svc'] },
  });
});

t.test('serialise → parse round-trips, and the text is the same for the same verdicts', async (t) => {
  const b = baselineOf(verdictsOf([{ id: 'cis', fired: ['api'] }]));
  const text = serializeBaseline(b);
  t.equal(text, serializeBaseline(baselineOf(verdictsOf([{ id: 'cis', fired: ['api'] }]))));
  t.ok(text.endsWith('}\n'));
  // One event ID per line, so a diff shows exactly which events changed.
  t.match(text, /\n {10}"a-login",\n {10}"b-login"\n/);
  t.same(parseBaseline(text, 'b.json'), { baseline: b, diagnostics: [] });
});

t.test('parseBaseline rejects what is not a baseline, with a position', async (t) => {
  const bad = (text: string) => parseBaseline(text, 'b.json').diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
  t.match(bad('{\n  "schema": \n}'), [/^\d+:\d+ TP6006 not valid JSON/]);
  t.match(bad('{"schema": "trailproof/report@1"}'), ['1:1 TP6006 not a trailproof baseline']);
  t.match(bad('{"schema": "trailproof/baseline@1", "detections": []}'), ['1:1 TP6006 "detections" must be an object']);
  t.match(bad('{"schema": "trailproof/baseline@1",\n "detections": {\n  "x#1": {"caught": {"nope": []}, "missed": {}, "falseAlarms": {"count": 0, "eventIDs": []}}}}'), [
    /^3:3 TP6006 detection "x#1": expected caught, missed/,
  ]);
});

t.test('compareBaseline: regressions are newly missed events, new or more false alarms, removed detections', async (t) => {
  const before: Baseline = baselineOf(verdictsOf([{ id: 'cis', fired: ['a-login', 'b-login', 'api'] }, { id: 'old', fired: [] }]));
  // The rule now misses api, catches console, and fires on a new non-root record; "old" is gone; "new" appears.
  const after = verdictsOf([{ id: 'cis', fired: ['a-login', 'b-login', 'console'], nonRoot: ['n1'] }, { id: 'new', fired: ['api'] }]);
  const diffs = compareBaseline(before, after);
  t.same(
    diffs.map((d) => [d.key, d.status, d.regression]),
    [
      ['detections/cis.pattern#cis', 'changed', true],
      ['detections/new.pattern#new', 'new', false],
      ['detections/old.pattern#old', 'removed', true],
    ],
  );
  const cis = diffs[0]!;
  t.same(cis.newlyMissed, ['api']);
  t.same(cis.newlyCaught, ['console']);
  t.same(cis.newFalseAlarms, ['n1']);
  t.same(cis.falseAlarmCount, { before: 0, after: 1 });
});

t.test('compareBaseline: improvements, new data and vanished data are not regressions', async (t) => {
  const before = baselineOf(verdictsOf([{ id: 'cis', fired: ['a-login', 'api'], nonRoot: ['n1'] }]));
  const events = [...EVENTS.filter((e) => e.eventID !== 'api'), rootEvent('new-login', 'console-login-success')];
  const after = verdictsOf([{ id: 'cis', fired: ['a-login', 'b-login'] }], events);
  const [d] = compareBaseline(before, after);
  t.equal(d!.regression, false);
  t.equal(d!.status, 'changed');
  t.same(d!.newlyCaught, ['b-login']);
  t.same(d!.gone, ['api']);
  t.same(d!.untrackedMissed, ['new-login']);
  t.same(d!.fixedFalseAlarms, ['n1']);
  t.same(compareBaseline(before, verdictsOf([{ id: 'cis', fired: ['a-login', 'api'], nonRoot: ['n1'] }])).map((x) => x.status), ['same']);
});

t.test('compareBaseline: more false alarms without IDs is a regression too', async (t) => {
  const before = baselineOf(verdictsOf([{ id: 'cis', fired: [], nonRoot: [null] }]));
  const after = verdictsOf([{ id: 'cis', fired: [], nonRoot: [null, null] }]);
  const [d] = compareBaseline(before, after);
  t.same(d!.newFalseAlarms, []);
  t.same(d!.falseAlarmCount, { before: 1, after: 2 });
  t.equal(d!.regression, true);
});
