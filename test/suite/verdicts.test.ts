// Labels override the built-in classification (docs/suites.md "Labels"); a detection's false alarms are
// every record it fired on that is not root usage (docs/report-schema.md, detections[].falseAlarms).
import t from 'tap';
import type { EventLabel } from '../../src/suite/model.js';
import { computeVerdicts, type ProbedEvent } from '../../src/suite/verdicts.js';
import { detectionKey, type KeyedDetection } from '../../src/suite/detection-key.js';
import type { Report } from '../../src/report/model.js';
import { makeReport, rootEvent } from './make-report.js';

const events = [
  rootEvent('login', 'console-login-success'),
  rootEvent('api', 'root-api-call'),
  rootEvent('console', 'root-console-action'),
  rootEvent('svc', 'service-on-behalf-of-root'),
];

function keyed(report: Report): KeyedDetection[] {
  return report.detections.map((d) => ({ key: detectionKey(d, '/repo'), file: 'x', report: d }));
}

function verdict(report: Report, labels: Record<string, EventLabel> = {}, probed: ProbedEvent[] = []) {
  const v = computeVerdicts(report, keyed(report), new Map(Object.entries(labels)), new Map(probed.map((p) => [p.eventID, p])));
  return { events: v.events, d: v.detections[0]! };
}

t.test('without labels the verdict is the report', async (t) => {
  const report = makeReport(events, [{ id: 'cis', fired: ['login', 'api', 'svc'], nonRoot: ['n1', null] }]);
  const { d } = verdict(report);
  t.same(d.caught, ['login', 'api']);
  t.same(d.missed, ['console']);
  // svc (context) + n1 + one record without an eventID.
  t.same(d.falseAlarms, { count: 3, eventIDs: ['n1', 'svc'], complete: false });
});

t.test('a root-usage event labelled not-root leaves caught and becomes a false alarm', async (t) => {
  const report = makeReport(events, [{ id: 'cis', fired: ['login', 'api'] }]);
  const { d, events: facts } = verdict(report, { api: 'not-root', console: 'root-service-event' });
  t.same(d.caught, ['login']);
  t.same(d.missed, []);
  t.same(d.falseAlarms, { count: 1, eventIDs: ['api'], complete: true });
  t.equal(facts.get('api')!.builtIn, 'root-api-call');
  t.equal(facts.get('api')!.category, 'not-root');
});

t.test('a context event labelled root usage moves from the false alarms to caught', async (t) => {
  const report = makeReport(events, [{ id: 'sigma', fired: ['svc'] }, { id: 'cis', fired: [] }]);
  const v = computeVerdicts(report, keyed(report), new Map([['svc', 'root-api-call' as const]]), new Map());
  t.same(v.detections[0]!.caught, ['svc']);
  t.same(v.detections[0]!.falseAlarms, { count: 0, eventIDs: [], complete: true });
  t.same(v.detections[1]!.missed, ['login', 'api', 'console', 'svc']);
});

t.test('probed non-root records: labelled root usage, or only named', async (t) => {
  const report = makeReport(events, [{ id: 'cis', fired: ['login'], nonRoot: ['n1', 'n3'] }]);
  const id = report.detections[0]!.id;
  const probed: ProbedEvent[] = [
    { eventID: 'n1', eventName: 'GetObject', eventTime: '2024-06-03T10:00:00Z', firedBy: new Set([id]) },
    { eventID: 'n2', eventName: 'PutObject', eventTime: '2024-06-03T10:01:00Z', firedBy: new Set() },
    { eventID: 'n3', eventName: 'ListUsers', eventTime: '2024-06-03T10:02:00Z', firedBy: new Set([id]) },
  ];
  // n1 fired and is labelled root usage: caught, one false alarm fewer. n2 did not fire: missed.
  // n3 fired but is not labelled: a false alarm the sample did not list, now known by ID.
  const { d } = verdict(report, { n1: 'root-api-call', n2: 'root-api-call' }, probed);
  t.same(d.caught, ['login', 'n1']);
  t.same(d.missed, ['api', 'console', 'n2']);
  t.same(d.falseAlarms.eventIDs, ['n3']);
  t.same(d.falseAlarms, { count: 1, eventIDs: ['n3'], complete: true });
  t.ok(d.fired.has('n3'));
});

t.test('correlations: a probed record counts as fired only when their sample lists it', async (t) => {
  const report = makeReport(events, [{ id: 'corr', kind: 'correlation', fired: [], nonRoot: ['n1'] }]);
  const probed: ProbedEvent[] = [
    { eventID: 'n1', eventName: null, eventTime: null, firedBy: new Set() },
    { eventID: 'n2', eventName: null, eventTime: null, firedBy: new Set([report.detections[0]!.id]) },
  ];
  const { d } = verdict(report, { n1: 'root-api-call', n2: 'root-api-call' }, probed);
  t.same(d.caught, ['n1']);
  t.ok(d.missed.includes('n2'));
});
