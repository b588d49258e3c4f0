// Sessions: same account and source IP, no gap longer than the session gap (docs/review.md "Sessions").
import t from 'tap';
import { assignSessions, parseGap } from '../../src/review/sessions.js';

const ev = (time: string, ip: string | null = '203.0.113.5', account: string | null = '111122223333') => ({ eventTime: time, sourceIPAddress: ip, accountId: account });
const MIN = 60_000;

t.test('a gap up to the limit keeps the session; a longer one starts a new one', async (t) => {
  t.same(assignSessions([ev('2024-06-03T09:00:00Z'), ev('2024-06-03T09:30:00Z'), ev('2024-06-03T10:00:01Z')], 30 * MIN), [1, 1, 2]);
  // The gap is between consecutive events, not from the session's start.
  t.same(assignSessions([ev('2024-06-03T09:00:00Z'), ev('2024-06-03T09:25:00Z'), ev('2024-06-03T09:50:00Z'), ev('2024-06-03T10:15:00Z')], 30 * MIN), [1, 1, 1, 1]);
});

t.test('different source IP or account: different sessions, numbered by first event', async (t) => {
  const list = [
    ev('2024-06-03T09:00:00Z'),
    ev('2024-06-03T09:01:00Z', '198.51.100.7'),
    ev('2024-06-03T09:02:00Z', '203.0.113.5', '444455556666'),
    ev('2024-06-03T09:03:00Z'),
    ev('2024-06-03T09:04:00Z', null, null),
    ev('2024-06-03T09:05:00Z', null, null),
  ];
  t.same(assignSessions(list, 30 * MIN), [1, 2, 3, 1, 4, 4]);
  // Fields that would collide if simply concatenated stay apart.
  t.same(assignSessions([ev('2024-06-03T09:00:00Z', 'a b', 'c'), ev('2024-06-03T09:00:01Z', 'a', 'b c')], 30 * MIN), [1, 2]);
});

t.test('a sign-in and the console actions after it from the same IP are one session, whatever the user agent', async (t) => {
  // The sign-in carries the browser's user agent, the console actions `signin.amazonaws.com`: the user
  // agent is not part of the key, so the sitting is not split in two.
  const list = [
    { eventTime: '2024-06-03T09:00:00Z', sourceIPAddress: '203.0.113.5', accountId: '111122223333', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
    { eventTime: '2024-06-03T09:04:00Z', sourceIPAddress: '203.0.113.5', accountId: '111122223333', userAgent: 'signin.amazonaws.com' },
    { eventTime: '2024-06-03T09:20:00Z', sourceIPAddress: '203.0.113.5', accountId: '111122223333', userAgent: 'aws-cli/2.17.2' },
  ];
  t.same(assignSessions(list, 30 * MIN), [1, 1, 1]);
});

t.test('an unparsable time is a session of its own and does not extend another', async (t) => {
  t.same(assignSessions([ev('2024-06-03T09:00:00Z'), ev(''), ev('2024-06-03T09:10:00Z')], 30 * MIN), [1, 2, 3]);
});

t.test('parseGap', async (t) => {
  t.equal(parseGap('30m'), 30 * MIN);
  t.equal(parseGap('45'), 45 * MIN);
  t.equal(parseGap('90s'), 90_000);
  t.equal(parseGap('2h'), 120 * MIN);
  t.equal(parseGap('1d'), 1440 * MIN);
  t.throws(() => parseGap('0m'), /invalid session gap '0m'/);
  t.throws(() => parseGap('ten'), /invalid session gap/);
  t.throws(() => parseGap('5w'), /invalid session gap/);
});
