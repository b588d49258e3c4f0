// One rule for a record's time in every format (issue 11.5): a record whose eventTime is missing or not
// an ISO 8601 time is a record (evaluated, as JSON Lines and inside {"Records"} alike); under a time
// window it is skipped as `no-event-time`, named, never silently filtered; it never reaches the
// review's timeline as a time. Text path, byte path and no prefilter agree.
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import { eventTimeMs, validEventTime } from '../../src/record/event-time.js';
import type { Report } from '../../src/report/model.js';
import { buildReview } from '../../src/review/build-review.js';
import { resolveSource } from '../../src/sources/index.js';

t.test('eventTimeMs accepts ISO 8601 date-times only', async (t) => {
  t.equal(eventTimeMs('2026-03-01T10:00:00Z'), Date.UTC(2026, 2, 1, 10));
  t.equal(eventTimeMs('2026-03-01T10:00:00.123456Z'), Date.UTC(2026, 2, 1, 10, 0, 0, 123));
  t.equal(eventTimeMs('2026-03-01T11:00:00+01:00'), Date.UTC(2026, 2, 1, 10));
  t.equal(eventTimeMs('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
  for (const bad of [null, '', 'redacted', '2026-03-01', '2026-03-01T10:00:00', 'Mar 1 2026 10:00:00 GMT', '2026-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z', '1614592800']) {
    t.ok(Number.isNaN(eventTimeMs(bad)), `${String(bad)} is not a time`);
    t.equal(validEventTime(bad), null);
  }
});

const root = { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' };
const user = { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::111122223333:user/x', accountId: '111122223333', userName: 'x' };
const rec = (eventID: string, identity: object, eventName: string, time: string | undefined): object => ({
  eventVersion: '1.08',
  userIdentity: identity,
  ...(time !== undefined ? { eventTime: time } : {}),
  eventSource: 'iam.amazonaws.com',
  eventName,
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.5',
  userAgent: 'aws-cli/2.15.0',
  eventID,
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
});
const RECORDS = [
  rec('r-redacted', root, 'ListUsers', 'redacted'),
  rec('r-none', root, 'CreateAccessKey', undefined),
  rec('r-ok', root, 'CreateUser', '2026-03-01T10:00:00Z'),
  rec('u-none', user, 'ListRoles', undefined),
  rec('u-old', user, 'ListRoles', '2026-02-01T10:00:00Z'),
];

async function run(location: string, dir: string, extra: Partial<ReplayOptions>): Promise<Report> {
  const detections = await loadDetections([`${dir}/rules`]);
  return replay({ locations: [`${dir}/${location}`], resolveSource: (l) => resolveSource(l, {}), detections, version: 'test', now: new Date(0), workers: 0, ...extra });
}

t.test('the same records give the same counts in every format and on every path', async (t) => {
  const dir = t.testdir({
    ct: { 'a.json': JSON.stringify({ Records: RECORDS }) },
    jl: { 'a.jsonl': RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n' },
    rules: { 'root.pattern': '{ $.userIdentity.type = "Root" }\n' },
  });
  const since = { since: new Date('2026-02-15T00:00:00Z') };

  const plain = await run('ct', dir, { prefilter: 'off' });
  t.same(plain.stats.records, { total: 5, evaluated: 5, filtered: 0, skipped: 0, duplicateRootEvents: 0 }, 'without a window every record is evaluated');
  t.same(
    plain.rootEvents.map((e) => [e.eventID, e.eventTime]),
    [['r-ok', '2026-03-01T10:00:00Z'], ['r-none', null], ['r-redacted', null]],
    'no time is shown as a time; untimed events last',
  );
  const windowed = await run('ct', dir, { prefilter: 'off', filter: since });
  t.same(windowed.stats.records, { total: 5, evaluated: 1, filtered: 1, skipped: 3, duplicateRootEvents: 0 });
  t.same(windowed.stats.skipped, { 'no-event-time': 3 });
  t.same(
    windowed.stats.errors.map((e) => e.message),
    [
      'record index 0: skipped (no-event-time): eventTime "redacted" is not an ISO 8601 time: --since/--until cannot place the record',
      'record index 1: skipped (no-event-time): eventTime is missing or not a string: --since/--until cannot place the record',
      'record index 3: skipped (no-event-time): eventTime is missing or not a string: --since/--until cannot place the record',
    ],
    'each one named with its position',
  );

  // The formats differ only in bytes and in the line JSON Lines adds to a position.
  const strip = (r: Report): unknown => ({
    stats: { ...r.stats, bytes: 0, errors: r.stats.errors.map((e) => e.message.replace(/ \(line \d+\)/, '')) },
    rootEvents: r.rootEvents.map((e) => [e.key, e.eventTime]),
    detections: r.detections.map((d) => [d.caught, d.missed, d.fired]),
  });
  for (const [location, prefilter, workers] of [['ct', 'text', 0], ['ct', 'on', 0], ['ct', 'on', 2], ['jl', 'on', 0]] as const) {
    const what = `${location}, prefilter ${prefilter}, ${workers} workers`;
    t.same(strip(await run(location, dir, { prefilter, workers })), strip(plain), `${what}: same without a window`);
    t.same(strip(await run(location, dir, { prefilter, workers, filter: since })), strip(windowed), `${what}: same with --since`);
  }
});

t.test('the review never puts a missing or redacted time on the timeline', async (t) => {
  const dir = t.testdir({ ct: { 'a.json': JSON.stringify({ Records: RECORDS }) }, rules: { 'root.pattern': '{ $.userIdentity.type = "Root" }\n' } });
  const review = buildReview(await run('ct', dir, {}));
  t.equal(review.summary.firstSeen, '2026-03-01T10:00:00Z');
  t.equal(review.summary.lastSeen, '2026-03-01T10:00:00Z', 'not "redacted"');
  t.same(review.events.map((e) => e.eventTime), ['2026-03-01T10:00:00Z', null, null]);
  t.same(review.accounts.map((a) => [a.firstSeen, a.lastSeen]), [['2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z']]);
  const untimed = review.sessions.filter((s) => s.firstSeen === null);
  t.equal(untimed.length, 2, 'each untimed event is a session of its own, without a time');
  t.ok(untimed.every((s) => s.lastSeen === null && s.durationSeconds === 0));
});
