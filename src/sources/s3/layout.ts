/**
 * The CloudTrail S3 key layout, as a small state machine over key-prefix segments, so that a selection
 * (`since/until`, accounts, regions) becomes a set of key prefixes to list.
 *
 *   <prefix>/AWSLogs/[o-<org>/]<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<file>
 *
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html; the org
 * level comes from organization trails, and buckets often mix both shapes.) Digest and Insight folders
 * (`CloudTrail-Digest/`, `CloudTrail-Insight/`) sit beside `CloudTrail/` and are never descended.
 *
 * Folders are named by **delivery** time, and a file may hold records from before its folder's day, so the
 * date window is widened by one day on each side before it prunes day folders.
 */
import type { ObjectSkipReason, SelectionFilter } from '../types.js';

/** Where a prefix sits in the layout; `files` is a day folder whose keys are log files. */
export type LayoutLevel = 'awslogs' | 'org' | 'kind' | 'region' | 'year' | 'month' | 'day' | 'files';

/** A folder to visit: its full key prefix (ending in `/`) and its level. */
export interface LayoutNode {
  readonly prefix: string;
  readonly level: LayoutLevel;
  /** The year folder above, for month/day pruning. */
  readonly year: number;
  /** The month folder above (1-12), for day pruning. */
  readonly month: number;
}

/** What `admit` says about a child segment. */
export type Admission = LayoutNode | 'pruned' | 'foreign';

const MS_PER_DAY = 86_400_000;
/**
 * Widest window (in days, after widening) whose day folders are named directly instead of discovered
 * through year and month listings: a short replay then costs one listing per day folder and no
 * discovery round trips; longer windows over sparse data are cheaper to discover.
 */
const MAX_DIRECT_DAYS = 31;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
const YEAR = /^\d{4}$/;
const TWO_DIGITS = /^\d{2}$/;
/** Folder beside `CloudTrail/` holding digests or insights, and the matching skip reason. */
const SIDE_FOLDERS: ReadonlyMap<string, ObjectSkipReason> = new Map([
  ['CloudTrail-Digest', 'cloudtrail-digest'],
  ['CloudTrail-Insight', 'cloudtrail-insight'],
]);

/**
 * A selection compiled once for a listing: sets for accounts and regions, and the widened window as UTC
 * day numbers (days since 1970-01-01).
 */
export class LayoutPlan {
  /** Accounts to keep, or null for all. */
  readonly accounts: ReadonlySet<string> | null;
  /** Regions to keep, or null for all. */
  readonly regions: ReadonlySet<string> | null;
  /** First delivery day to list (inclusive), or -Infinity. */
  readonly firstDay: number;
  /** Last delivery day to list (inclusive), or +Infinity. */
  readonly lastDay: number;

  constructor(filter: SelectionFilter) {
    this.accounts = filter.accounts !== undefined && filter.accounts.length > 0 ? new Set(filter.accounts) : null;
    this.regions = filter.regions !== undefined && filter.regions.length > 0 ? new Set(filter.regions) : null;
    this.firstDay = filter.since === undefined ? -Infinity : dayNumber(filter.since.getTime()) - 1;
    // `until` is exclusive: the last instant kept is until - 1 ms.
    this.lastDay = filter.until === undefined ? Infinity : dayNumber(filter.until.getTime() - 1) + 1;
  }

  /**
   * Child segments to visit without listing the folder, when the selection names them all (accounts
   * under an org folder, the `CloudTrail` kind, selected regions); null when the folder must be listed.
   */
  directChildren(node: LayoutNode): readonly string[] | null {
    switch (node.level) {
      case 'org':
        return this.accounts === null ? null : [...this.accounts].sort();
      case 'kind':
        return ['CloudTrail'];
      case 'region':
        return this.regions === null ? null : [...this.regions].sort();
      default:
        return null;
    }
  }

  /**
   * The day folders under a region folder (level `year`) when the window is bounded and at most
   * {@link MAX_DIRECT_DAYS} long, in key order; null when years and months must be listed.
   */
  dayFolders(node: LayoutNode): LayoutNode[] | null {
    if (node.level !== 'year' || this.lastDay - this.firstDay + 1 > MAX_DIRECT_DAYS) return null;
    const folders: LayoutNode[] = [];
    for (let day = this.firstDay; day <= this.lastDay; day++) {
      const date = new Date(day * MS_PER_DAY);
      const [year, month] = [date.getUTCFullYear(), date.getUTCMonth() + 1];
      const path = `${year}/${pad2(month)}/${pad2(date.getUTCDate())}/`;
      folders.push({ prefix: `${node.prefix}${path}`, level: 'files', year, month });
    }
    return folders;
  }

  /**
   * Decides whether the folder `segment` under `parent` is visited: the child node, `'pruned'` when the
   * selection excludes it, or `'foreign'` when it is not part of the CloudTrail layout at that level.
   */
  admit(parent: LayoutNode, segment: string): Admission {
    const prefix = `${parent.prefix}${segment}/`;
    const { year, month } = parent;
    switch (parent.level) {
      case 'awslogs':
        if (ORG_ID.test(segment)) return { prefix, level: 'org', year, month };
        return this.admitAccount(prefix, segment);
      case 'org':
        return this.admitAccount(prefix, segment);
      case 'kind':
        // Digest and insight folders are never walked into (`directChildren` names only `CloudTrail`);
        // a location pointing into one is listed flat, its keys marked skipped.
        return segment === 'CloudTrail' ? { prefix, level: 'region', year, month } : 'foreign';
      case 'region':
        if (this.regions !== null && !this.regions.has(segment)) return 'pruned';
        return { prefix, level: 'year', year, month };
      case 'year': {
        if (!YEAR.test(segment)) return 'foreign';
        const y = Number(segment);
        const overlaps = this.overlaps(utcDay(y, 1, 1), utcDay(y + 1, 1, 1) - 1);
        return overlaps ? { prefix, level: 'month', year: y, month } : 'pruned';
      }
      case 'month': {
        const m = Number(segment);
        if (!TWO_DIGITS.test(segment) || m < 1 || m > 12) return 'foreign';
        const overlaps = this.overlaps(utcDay(year, m, 1), utcDay(year, m + 1, 1) - 1);
        return overlaps ? { prefix, level: 'day', year, month: m } : 'pruned';
      }
      case 'day': {
        const d = Number(segment);
        if (!TWO_DIGITS.test(segment) || d < 1 || d > 31) return 'foreign';
        const day = utcDay(year, month, d);
        return this.overlaps(day, day) ? { prefix, level: 'files', year, month } : 'pruned';
      }
      case 'files':
        return 'foreign';
    }
  }

  /**
   * Keeps or drops a key found outside a pruned walk (flat listing): keys whose path follows the layout
   * are filtered by account, region and delivery day like folders are; other keys are kept.
   */
  keepsKey(key: string): boolean {
    const parts = parseLayoutKey(key);
    if (parts === null) return true;
    if (this.accounts !== null && !this.accounts.has(parts.account)) return false;
    if (parts.region !== null && this.regions !== null && !this.regions.has(parts.region)) return false;
    return parts.day === null || this.overlaps(parts.day, parts.day);
  }

  private admitAccount(prefix: string, segment: string): Admission {
    if (!ACCOUNT_ID.test(segment)) return 'foreign';
    if (this.accounts !== null && !this.accounts.has(segment)) return 'pruned';
    return { prefix, level: 'kind', year: 0, month: 0 };
  }

  private overlaps(first: number, last: number): boolean {
    return last >= this.firstDay && first <= this.lastDay;
  }
}

/** The layout fields read from a key's path, as far as the path follows the layout. */
export interface LayoutKey {
  readonly account: string;
  /** `CloudTrail`, `CloudTrail-Digest`, `CloudTrail-Insight`, ... */
  readonly kind: string | null;
  readonly region: string | null;
  /** UTC day number of the delivery folder. */
  readonly day: number | null;
}

/** Reads account, kind, region and day folder from a key containing `AWSLogs/`; null when it has none. */
export function parseLayoutKey(key: string): LayoutKey | null {
  const segments = key.split('/');
  const start = segments.indexOf('AWSLogs');
  if (start < 0) return null;
  let i = start + 1;
  if (ORG_ID.test(segments[i] ?? '')) i++;
  const account = segments[i] ?? '';
  if (!ACCOUNT_ID.test(account)) return null;
  const kind = segments[i + 1] ?? null;
  const region = segments[i + 2] ?? null;
  const [y, m, d] = [segments[i + 3] ?? '', segments[i + 4] ?? '', segments[i + 5] ?? ''];
  // Only a full path (a file below the day folder) pins the day.
  const hasDay = YEAR.test(y) && TWO_DIGITS.test(m) && TWO_DIGITS.test(d) && segments.length > i + 6;
  return {
    account,
    kind: segments.length > i + 2 ? kind : null,
    region: segments.length > i + 3 ? region : null,
    day: hasDay ? utcDay(Number(y), Number(m), Number(d)) : null,
  };
}

/** Why a key is skipped unread: digests and insights by folder or file name, else undefined. */
export function skipReasonForKey(key: string): ObjectSkipReason | undefined {
  for (const [folder, reason] of SIDE_FOLDERS) {
    if (key.includes(`/${folder}/`) || key.includes(`_${folder}_`)) return reason;
  }
  return undefined;
}

/**
 * Where a location's key prefix (empty or ending in `/`) starts in the layout: the `AWSLogs/` folder below
 * it when the prefix ends above the layout (`base: true`), or the node the prefix's own segments lead to when the user pointed inside the layout
 * (`s3://b/AWSLogs/123456789012/`). `'pruned'` means the selection excludes the prefix itself;
 * `'foreign'` means the prefix leaves the layout (list it flat and filter key by key).
 */
export function locatePrefix(prefix: string, plan: LayoutPlan): { readonly base: boolean; readonly node: Admission } {
  const segments = prefix === '' ? [] : prefix.slice(0, -1).split('/');
  const start = segments.indexOf('AWSLogs');
  if (start < 0) {
    return { base: true, node: { prefix: `${prefix}AWSLogs/`, level: 'awslogs', year: 0, month: 0 } };
  }
  let node: LayoutNode = {
    prefix: `${segments.slice(0, start + 1).join('/')}/`,
    level: 'awslogs',
    year: 0,
    month: 0,
  };
  for (const segment of segments.slice(start + 1)) {
    const next = plan.admit(node, segment);
    if (typeof next === 'string') return { base: false, node: next };
    node = next;
  }
  return { base: false, node };
}

/** Days since 1970-01-01 (UTC) of an instant. */
export function dayNumber(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_DAY);
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** Day number of a calendar date; month may be 13 (January of the next year). */
function utcDay(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}
