// The review model (docs/review.md): every root event of the window, sessions, counts, first/last seen.
import t from 'tap';
import { buildReview } from '../../src/review/build-review.js';
import { REVIEW_PROBLEM_LIMIT, REVIEW_SCHEMA } from '../../src/review/model.js';
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
      // The console action after the sign-in: same account and IP, another user agent, same session.
      ['console', 1, ['sigma']],
      ['api', 2, ['cis']],
      ['svc', 3, ['sigma']],
      // Same account and IP as session 1, but three hours later.
      ['login-2', 4, ['cis']],
    ],
  );
  t.same(r.summary, {
    events: 6,
    rootUsage: 5,
    context: 1,
    accounts: 2,
    sourceIPs: 3,
    sessions: 4,
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
    { key: A, events: 5, rootUsage: 4, sessions: 3, firstSeen: '2024-06-03T09:00:00Z', lastSeen: '2024-06-03T12:00:00Z' },
    { key: B, events: 1, rootUsage: 1, sessions: 1, firstSeen: '2024-06-03T11:00:00Z', lastSeen: '2024-06-03T11:00:00Z' },
  ]);
  t.same(r.sourceIPs.map((c) => [c.key, c.events, c.sessions]), [
    ['203.0.113.45', 4, 2],
    ['198.51.100.7', 1, 1],
    ['s3.amazonaws.com', 1, 1],
  ]);
  const s1 = r.sessions[0]!;
  t.same(s1, {
    id: 1,
    sourceIPAddress: '203.0.113.45',
    userAgent: 'Mozilla/5.0',
    userAgents: ['Mozilla/5.0', 'signin.amazonaws.com'],
    firstSeen: '2024-06-03T09:00:00Z',
    lastSeen: '2024-06-03T09:05:00Z',
    durationSeconds: 300,
    events: 3,
    rootUsage: 3,
    accounts: [A],
    regions: ['us-east-1'],
    categories: { 'console-login-failure': 1, 'console-login-success': 1, 'root-console-action': 1 },
    eventNames: ['ConsoleLogin', 'StopLogging'],
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
  t.same(r.events.map((e) => e.session), [1, 1, 1, 2, 3, 1]);
  t.equal(r.summary.undetected, 3);
  t.equal(r.sessions[0]!.undetected, 2);
});

t.test('an empty window', async (t) => {
  const r = buildReview(makeReport([], []));
  t.equal(r.summary.firstSeen, null);
  t.equal(r.summary.lastSeen, null);
  t.same([r.events, r.sessions, r.accounts, r.sourceIPs], [[], [], [], []]);
});

t.test('a session without user agents; the same IP in two accounts is two sessions', async (t) => {
  const r = buildReview(
    makeReport(
      [
        rootEvent('a', 'root-api-call', { eventTime: '2024-06-03T09:00:00Z', userAgent: null }),
        rootEvent('b', 'root-api-call', { eventTime: '2024-06-03T09:01:00Z', accountId: B, userAgent: null }),
      ],
      [],
    ),
  );
  t.same(r.sessions.map((s) => [s.id, s.accounts, s.userAgent, s.userAgents]), [
    [1, [A], null, []],
    [2, [B], null, []],
  ]);
});

t.test('input problems are listed with file and position, capped with a count of the rest', async (t) => {
  const base = makeReport([], []);
  const problem = (i: number) => ({ file: `/data/f${i}.json`, message: `line ${i}: skipped (malformed-json): unexpected end`, line: i, column: 7 });
  const few = buildReview({ ...base, stats: { ...base.stats, errors: [problem(1), { file: 's3://b/k.json.gz', message: 'read failed: truncated gzip' }] } });
  t.same(few.input, {
    files: base.stats.files.total,
    records: base.stats.records.total,
    errors: 2,
    problems: [problem(1), { file: 's3://b/k.json.gz', message: 'read failed: truncated gzip' }],
    moreProblems: 0,
  });
  const many = buildReview({ ...base, stats: { ...base.stats, errors: Array.from({ length: REVIEW_PROBLEM_LIMIT + 3 }, (_, i) => problem(i + 1)) } });
  t.equal(many.input.errors, REVIEW_PROBLEM_LIMIT + 3);
  t.equal(many.input.problems.length, REVIEW_PROBLEM_LIMIT);
  t.same(many.input.problems[0], problem(1));
  t.equal(many.input.moreProblems, 3);
});
