/**
 * The CloudTrail S3 key layout, as far as integrity checking needs it: digest and log file names, the
 * compact UTC timestamps inside them, and the day folders a time window spans.
 *
 * Digest: `[prefix/]AWSLogs/[o-id/]<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/`
 *         `<acct>_CloudTrail-Digest_<region>_<trail>_<home-region>_<YYYYMMDDTHHMMSSZ>[_backfill].json.gz`
 * Log:    `[prefix/]AWSLogs/[o-id/]<acct>/CloudTrail/<region>/YYYY/MM/DD/`
 *         `<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html)
 */

/** The parts of a digest file name. */
export interface DigestName {
  readonly account: string;
  /** The region that delivered the digest (folder and first region in the name). */
  readonly region: string;
  /** Trail names may contain `_`, so the name is parsed from both ends. */
  readonly trail: string;
  /** The trail's home region (second region in the name). */
  readonly homeRegion: string;
  /** The digest end time from the name, epoch ms. */
  readonly end: number;
  /** True for `_backfill.json.gz` digests. */
  readonly backfill: boolean;
}

/** The parts of a log file name. */
export interface LogName {
  readonly account: string;
  readonly region: string;
  /** The minute in the name, epoch ms (the file's delivery-side timestamp, never later than delivery). */
  readonly time: number;
}

const GZ_JSON = '.json.gz';
const BACKFILL = '_backfill';
const DIGEST_MARK = '_CloudTrail-Digest_';
const LOG_MARK = '_CloudTrail_';

/** The last path segment of a key. */
export function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Parses a digest file name (last key segment); `null` when it is not one. */
export function parseDigestName(name: string): DigestName | null {
  if (!name.endsWith(GZ_JSON)) return null;
  let stem = name.slice(0, -GZ_JSON.length);
  const backfill = stem.endsWith(BACKFILL);
  if (backfill) stem = stem.slice(0, -BACKFILL.length);
  const mark = stem.indexOf(DIGEST_MARK);
  if (mark < 0) return null;
  const account = stem.slice(0, mark);
  const rest = stem.slice(mark + DIGEST_MARK.length);
  const r = rest.indexOf('_');
  const t = rest.lastIndexOf('_');
  const h = rest.lastIndexOf('_', t - 1);
  if (r <= 0 || h <= r + 1 || t <= h + 1) return null;
  const end = parseCompactTime(rest.slice(t + 1), true);
  if (end === null || !isAccountId(account)) return null;
  return { account, region: rest.slice(0, r), trail: rest.slice(r + 1, h), homeRegion: rest.slice(h + 1, t), end, backfill };
}

/** Parses a log file name (last key segment); `null` when it is not one. */
export function parseLogName(name: string): LogName | null {
  if (!name.endsWith(GZ_JSON)) return null;
  const stem = name.slice(0, -GZ_JSON.length);
  const mark = stem.indexOf(LOG_MARK);
  if (mark < 0) return null;
  const account = stem.slice(0, mark);
  const rest = stem.slice(mark + LOG_MARK.length);
  const r = rest.indexOf('_');
  const u = rest.indexOf('_', r + 1);
  if (r <= 0 || u <= r + 1) return null;
  const time = parseCompactTime(rest.slice(r + 1, u), false);
  if (time === null || !isAccountId(account)) return null;
  return { account, region: rest.slice(0, r), time };
}

/**
 * Parses `YYYYMMDDTHHMMSSZ` (`withSeconds`) or `YYYYMMDDTHHmmZ` to epoch ms; `null` when malformed or
 * out of range.
 */
export function parseCompactTime(s: string, withSeconds: boolean): number | null {
  const len = withSeconds ? 16 : 14;
  if (s.length !== len || s.charCodeAt(8) !== 84 /* T */ || s.charCodeAt(len - 1) !== 90 /* Z */) return null;
  const y = digits(s, 0, 4);
  const mo = digits(s, 4, 2);
  const d = digits(s, 6, 2);
  const h = digits(s, 9, 2);
  const mi = digits(s, 11, 2);
  const sec = withSeconds ? digits(s, 13, 2) : 0;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
    return null;
  }
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  return new Date(ms).getUTCDate() === d ? ms : null;
}

/** True for a 12-digit account ID. */
export function isAccountId(s: string): boolean {
  return s.length === 12 && digits(s, 0, 12) >= 0;
}

/** `YYYY/MM/DD/` folders for every UTC day that `[start, end]` (epoch ms) touches. */
export function dayFolders(start: number, end: number): string[] {
  const out: string[] = [];
  const first = new Date(start);
  let day = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate());
  for (; day <= end; day += 86_400_000) {
    const d = new Date(day);
    out.push(`${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/`);
  }
  return out;
}

/** Formats epoch ms as ISO 8601 UTC without milliseconds, the way CloudTrail writes times. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Parses `count` ASCII digits at `at`; -1 when any is not a digit. */
function digits(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
