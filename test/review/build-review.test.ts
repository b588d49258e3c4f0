// The review model (docs/review.md): every root event of the window, sessions, counts, first/last seen.
import t from 'tap';
import { buildReview } from '../../src/review/build-review.js';
import { REVIEW_SCHEMA } from '../../src/review/model.js';
import { makeReport, rootEvent } from '../suite/make-report.js';

const A = '111122223333';
const B = '444455556666';
const EVENTS = [
  rootEvent('fail', 'console-login-failure', { eventTime: '2024-06-03T09:00:00Z', eventName: 'ConsoleLogin', outcome: 'failure', mfaUsed: false, userAgent: 'Mozilla/5.0' }),
  rootEvent('login', 'console-login-success', { eventTime: '2024-06-03T09:01:00Z', eventName: 'ConsoleLogin', mfaUsed: false, userAgent: 'Mozilla/5.0' }),
  rootEvent('console', 'root-console-action', { eventTime: '2024-06-03T09:05:00Z', eventName: 'StopLogging', userAgent: 'signin.amazonaws.com' }),
  rootEvent('api', 'root-api-call', { eventTime: '2024-06-03T11:00:00Z', accountId: B, sourceIPAddress: '198.51.100.7' }),
  rootEvent('svc', 'service-on-behalf-of-root', { eventTime: '2024-06-03T11:30:00Z', sourceIPAddress: 's3.amazonaws.com', userAgent: 's3.amazonaws.com' }),
  rootEvent('login-2', 'console-login-success', { eventTime: '2024-06-03T12:00:00Z', eventName: 'ConsoleLogin', mfaUsed: true, userAgent: 'Mozilla/5.0' }),
];

t.test('events, sessions and counts', async (t) => {
  const report = makeReport(EVENTS, [
    { id: 'cis', title: 'CIS', fired: ['fail', 'login', 'api', 'login-2'] },
    { id: 'sigma', title: 'Sigma', fired: ['login', 'console', 'svc'] },
  ]);
  const r = buildReview(report);
  t.equal(r.schema, REVIEW_SCHEMA);
  t.equal(r.sessionGapSeconds, 1800);
  t.same(
    r.events.map((e) => [e.eventID, e.session, e.detections.map((d) => d.replace(/^.*#/, ''))]),
    [
      ['fail', 1, ['cis']],
      ['login', 1, ['cis', 'sigma']],
      ['console', 2, ['sigma']],
      ['api', 3, ['cis']],
      ['svc', 4, ['sigma']],
      // Same IP and browser as session 1, but three hours later.
      ['login-2', 5, ['cis']],
    ],
  );
  t.same(r.summary, {
    events: 6,
    rootUsage: 5,
    context: 1,
    accounts: 2,
    sourceIPs: 3,
    sessions: 5,
    firstSeen: '2024-06-03T09:00:00Z',
    lastSeen: '2024-06-03T12:00:00Z',
    byCategory: {
      'console-login-success': 2,
      'console-login-failure': 1,
      'root-api-call': 1,
      'root-console-action': 1,
      'assume-root-session': 0,
      'service-on-behalf-of-root': 1,
      'root-service-event': 0,
      'root-sign-in-other': 0,
    },
    failedSignIns: 1,
    signInsWithoutMfa: 1,
    undetected: 0,
  });
  t.same(r.accounts, [
    { key: A, events: 5, rootUsage: 4, sessions: 4, firstSeen: '2024-06-03T09:00:00Z', lastSeen: '2024-06-03T12:00:00Z' },
    { key: B, events: 1, rootUsage: 1, sessions: 1, firstSeen: '2024-06-03T11:00:00Z', lastSeen: '2024-06-03T11:00:00Z' },
  ]);
  t.same(r.sourceIPs.map((c) => [c.key, c.events, c.sessions]), [
    ['203.0.113.45', 4, 3],
    ['198.51.100.7', 1, 1],
    ['s3.amazonaws.com', 1, 1],
  ]);
  const s1 = r.sessions[0]!;
  t.same(s1, {
    id: 1,
    sourceIPAddress: '203.0.113.45',
    userAgent: 'Mozilla/5.0',
    firstSeen: '2024-06-03T09:00:00Z',
    lastSeen: '2024-06-03T09:01:00Z',
    durationSeconds: 60,
    events: 2,
    rootUsage: 2,
    accounts: [A],
    regions: ['us-east-1'],
    categories: { 'console-login-failure': 1, 'console-login-success': 1 },
    eventNames: ['ConsoleLogin'],
    detections: [report.detections[0]!.id, report.detections[1]!.id],
    undetected: 0,
  });
  t.same(r.detections.map((d) => [d.title, d.fired]), [
    ['CIS', 4],
    ['Sigma', 3],
  ]);
});

t.test('the session gap is configurable; undetected root usage is counted', async (t) => {
  const report = makeReport(EVENTS, [{ id: 'cis', fired: ['fail', 'login'] }]);
  const r = buildReview(report, { sessionGapMs: 4 * 3_600_000 });
  t.same(r.events.map((e) => e.session), [1, 1, 2, 3, 4, 1]);
  t.equal(r.summary.undetected, 3);
  t.equal(r.sessions[0]!.undetected, 1);
});

t.test('an empty window', async (t) => {
  const r = buildReview(makeReport([], []));
  t.equal(r.summary.firstSeen, null);
  t.equal(r.summary.lastSeen, null);
  t.same([r.events, r.sessions, r.accounts, r.sourceIPs], [[], [], [], []]);
});
