/**
 * The CloudTrail key layout, for pruning a folder tree by path before reading anything:
 * `AWSLogs/[<o-org-id>/]<account>/CloudTrail[-Digest|-Insight]/<region>/<YYYY>/<MM>/<DD>/<file>`
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html; the
 * organization level is the org trail's). Buckets often mix both shapes under one `AWSLogs`.
 *
 * Folders are named by *delivery* time and a file holds records from before it, so a day folder is kept
 * when it lies within the selection's days widened by one day on each side.
 */
import type { ObjectSkipReason, SelectionFilter } from '../types.js';

const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const YEAR = /^\d{4}$/;
const TWO_DIGITS = /^\d{2}$/;
const DAY_MS = 86_400_000;

/** The services folders of CloudTrail under an account. */
const CLOUDTRAIL_FOLDERS: Readonly<Record<string, ObjectSkipReason | null>> = {
  CloudTrail: null,
  'CloudTrail-Digest': 'cloudtrail-digest',
  'CloudTrail-Insight': 'cloudtrail-insight',
};

/** A selection filter prepared for path tests. */
export interface PathFilter {
  readonly accounts: ReadonlySet<string> | null;
  readonly regions: ReadonlySet<string> | null;
  /** First and last day (UTC, in days since the epoch) a day folder may have, widened by one each side. */
  readonly firstDay: number;
  readonly lastDay: number;
}

/** Prepares a selection filter for path tests. */
export function pathFilter(filter: SelectionFilter): PathFilter {
  const nonEmpty = (xs: readonly string[] | undefined): ReadonlySet<string> | null =>
    xs !== undefined && xs.length > 0 ? new Set(xs) : null;
  return {
    accounts: nonEmpty(filter.accounts),
    regions: nonEmpty(filter.regions),
    firstDay: filter.since !== undefined ? Math.floor(filter.since.getTime() / DAY_MS) - 1 : -Infinity,
    // `until` is exclusive: its last day is the day of the instant just before it.
    lastDay: filter.until !== undefined ? Math.floor((filter.until.getTime() - 1) / DAY_MS) + 1 : Infinity,
  };
}

/** Where a path is in the layout: the segments below `AWSLogs`, parsed. */
interface Parsed {
  readonly account?: string;
  readonly service?: string;
  readonly region?: string;
  readonly year?: string;
  readonly month?: string;
  readonly day?: string;
}

/** Parses segments below `AWSLogs`; stops at the first segment that does not fit the layout. */
function parse(segs: readonly string[]): Parsed {
  let i = 0;
  if (i < segs.length && ORG_ID.test(segs[i] as string)) i++;
  const out: { -readonly [K in keyof Parsed]: string } = {};
  const next = (test: (s: string) => boolean): string | undefined => {
    const s = segs[i];
    if (s === undefined || !test(s)) return undefined;
    i++;
    return s;
  };
  const steps: [keyof Parsed, (s: string) => boolean][] = [
    ['account', (s) => ACCOUNT_ID.test(s)],
    ['service', () => true],
    ['region', (s) => REGION.test(s)],
    ['year', (s) => YEAR.test(s)],
    ['month', (s) => TWO_DIGITS.test(s)],
    ['day', (s) => TWO_DIGITS.test(s)],
  ];
  for (const [key, test] of steps) {
    const v = next(test);
    if (v === undefined) break;
    out[key] = v;
    if (key === 'service' && !isCloudTrailFolder(v)) break;
  }
  return out;
}

/**
 * True when the folder at `segs` (segments below `AWSLogs`, the folder's own name last) cannot hold a
 * selected record: another account or region, days outside the window, another service's logs.
 */
export function pruneFolder(segs: readonly string[], filter: PathFilter): boolean {
  const p = parse(segs);
  if (p.account !== undefined && filter.accounts !== null && !filter.accounts.has(p.account)) return true;
  if (p.service !== undefined && !isCloudTrailFolder(p.service)) return true;
  if (p.region !== undefined && filter.regions !== null && !filter.regions.has(p.region)) return true;
  if (p.year === undefined) return false;
  const y = Number(p.year);
  const m = p.month !== undefined ? Number(p.month) : undefined;
  const d = p.day !== undefined ? Number(p.day) : undefined;
  // The folder covers [first, last] days.
  const first = Date.UTC(y, (m ?? 1) - 1, d ?? 1) / DAY_MS;
  const last = d !== undefined ? first : Date.UTC(m !== undefined ? y : y + 1, m !== undefined ? m : 0, 1) / DAY_MS - 1;
  return last < filter.firstDay || first > filter.lastDay;
}

/** Digest and Insights files under the layout (by their service folder), else undefined. */
export function layoutSkip(segs: readonly string[]): ObjectSkipReason | undefined {
  const p = parse(segs);
  if (p.service === undefined || !isCloudTrailFolder(p.service)) return undefined;
  return CLOUDTRAIL_FOLDERS[p.service] ?? undefined;
}

function isCloudTrailFolder(name: string): boolean {
  return Object.hasOwn(CLOUDTRAIL_FOLDERS, name);
}
