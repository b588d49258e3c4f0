/**
 * Sessionising: events in the same account from the same source IP belong to one session as long as no
 * more than the gap separates each from the previous one (the usual inactivity-timeout definition of a
 * session; 30 minutes by default, the AWS console's own idle sign-out is longer, so a gap this size
 * separates distinct sittings rather than pauses).
 *
 * The user agent is not part of the key: a console sign-in carries the browser's user agent but the
 * console actions after it carry `signin.amazonaws.com` (or a console service's), so keying on it would
 * split one sitting in two. The account is: each account has its own root user, so the same address
 * using two accounts' root is two sign-ins with two credentials, which a responder follows apart.
 */

import { eventTimeMs } from '../record/event-time.js';

/** What sessionising needs from an event. */
export interface SessionInput {
  readonly eventTime: string | null;
  readonly accountId: string | null;
  readonly sourceIPAddress: string | null;
}

/**
 * Assigns a 1-based session number to each event. `events` must be sorted by time; numbers follow the
 * order of each session's first event. Events without a valid eventTime (src/record/event-time.ts) start a session of their own.
 */
export function assignSessions(events: readonly SessionInput[], gapMs: number): number[] {
  const open = new Map<string, { id: number; last: number }>();
  let next = 1;
  return events.map((e) => {
    // JSON keeps every (account, IP) pair apart, whatever characters the fields hold.
    const key = JSON.stringify([e.accountId, e.sourceIPAddress]);
    const time = eventTimeMs(e.eventTime);
    const current = open.get(key);
    if (current !== undefined && !Number.isNaN(time) && time - current.last <= gapMs) {
      current.last = time;
      return current.id;
    }
    const id = next++;
    if (!Number.isNaN(time)) open.set(key, { id, last: time });
    else open.delete(key);
    return id;
  });
}

const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a session gap: `90s`, `30m`, `2h`, `1d`, or a bare number of minutes. Throws on anything else. */
export function parseGap(text: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  const ms = m === null ? NaN : Number(m[1]) * UNITS[m[2] === '' ? 'm' : m[2]!]!;
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`invalid session gap '${text}': expected a duration like 30m, 90s, 2h or a number of minutes`);
  return ms;
}
