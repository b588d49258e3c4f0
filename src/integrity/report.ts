/**
 * The integrity report: counts, one summary per digest stream, and every problem found, as data.
 */
import type { Severity } from '../diagnostics/diagnostic.js';

/**
 * What went wrong. Log files:
 * - `missing-log-file`: listed in a verified digest, absent from the store;
 * - `modified-log-file`: its uncompressed SHA-256 differs from the digest's, or it is not one clean
 *   gzip member (corrupt, a second member, trailing bytes);
 * - `unlisted-log-file`: present, delivered inside the digests' coverage, listed in no digest;
 * - `unvouched-log-file`: listed only in digests that failed verification, so nothing vouches for it;
 * - `unreadable-object`: the store refused or failed to return an object (access denied, throttled).
 * Digests:
 * - `malformed-digest`: not gzip, not JSON, a required field missing or of the wrong type;
 * - `invalid-digest-signature`: the RSA signature does not verify (content, end time, location or
 *   previous signature changed) or is not hex;
 * - `unsigned-digest`: no signature in S3 metadata (or sidecar) and no later digest supplies it;
 * - `unknown-public-key`: no key with the digest's fingerprint for its region (or the key will not load);
 * - `public-key-lookup-failed`: the key provider failed for a region;
 * - `public-key-validity`: the signing time lies outside the matched key's validity window;
 * - `unsupported-algorithm`: a signature or hash algorithm other than SHA256withRSA / SHA-256;
 * - `relocated-digest`: read from a place other than the one it records (or another account's folder).
 * Chain and coverage:
 * - `missing-digest`: a digest names a previous digest that is not there;
 * - `chain-broken`: the previous digest exists but its hash or signature differs from what its
 *   successor recorded;
 * - `unlinked-digest`: a digest no later digest points to although later digests exist;
 * - `delivery-gap`: an interval without digest coverage (see `IntegrityProblem.gap`).
 */
export type IntegrityProblemKind =
  | 'missing-log-file'
  | 'modified-log-file'
  | 'unlisted-log-file'
  | 'unvouched-log-file'
  | 'unreadable-object'
  | 'malformed-digest'
  | 'invalid-digest-signature'
  | 'unsigned-digest'
  | 'unknown-public-key'
  | 'public-key-lookup-failed'
  | 'public-key-validity'
  | 'unsupported-algorithm'
  | 'relocated-digest'
  | 'missing-digest'
  | 'chain-broken'
  | 'unlinked-digest'
  | 'delivery-gap';

/**
 * Why an interval has no digest coverage:
 * - `missing-digests`: the chain points at digests that were deleted (count estimated from the hourly cadence);
 * - `chain-restart`: a new chain starts (log file validation or logging was off, or the trail was
 *   recreated); log files may have been delivered undigested, so this never claims "no logs";
 * - `coverage-starts` / `coverage-ends`: the first chain starts after the window start / the newest
 *   digest ends before the window end (deleted newest digests look like this too);
 * - `discontinuity`: linked digests whose times do not abut;
 * - `unreadable-digest`: the digest of the interval exists but could not be read or parsed;
 * - `no-digests`: log files in the window but no digest at all for their account and region.
 */
export type GapCause =
  | 'missing-digests'
  | 'chain-restart'
  | 'coverage-starts'
  | 'coverage-ends'
  | 'discontinuity'
  | 'unreadable-digest'
  | 'no-digests';

/** One finding. */
export interface IntegrityProblem {
  readonly kind: IntegrityProblemKind;
  /** `error` makes the report not ok; gaps are warnings unless `failOnGaps` is set. */
  readonly severity: Severity;
  /** Store key of the object concerned (for gaps: the digest after the gap, or the newest one). */
  readonly key: string;
  /** The key as people see it (`s3://bucket/key` or a file path). */
  readonly location: string;
  /** Stream (`[o-id/]account/region/trail`) or, for log files, `[o-id/]account/region`. */
  readonly scope: string;
  /** Lowercase, specific: what was expected and what was found. */
  readonly detail: string;
  /** For `delivery-gap`: the uncovered interval (ISO 8601) and its cause. */
  readonly gap?: { readonly start: string; readonly end: string; readonly cause: GapCause };
}

/** One digest stream: (organization, account, delivering region, trail, home region). */
export interface StreamSummary {
  /** `[o-id/]account/region/trail`. */
  readonly id: string;
  readonly organization: string | null;
  readonly account: string;
  readonly region: string;
  readonly trail: string;
  readonly homeRegion: string;
  /** Standard digests read in the window. */
  readonly digests: number;
  readonly backfillDigests: number;
  /** Digests that verified (signature and key), standard and backfill. */
  readonly validDigests: number;
  /** Verified digests with `logFiles: []`: CloudTrail asserts no log file was delivered in that hour. */
  readonly emptyDigests: number;
  /** Earliest `digestStartTime` and latest `digestEndTime` read (ISO 8601), or null. */
  readonly coverageStart: string | null;
  readonly coverageEnd: string | null;
}

/** The result of `verifyIntegrity`. */
export interface IntegrityReport {
  /** The window asked for (ISO 8601, event time). */
  readonly since: string;
  readonly until: string;
  /** Digests read and checked (standard and backfill). */
  readonly digestsChecked: number;
  /** Of those, digests whose signature verified. */
  readonly digestsValid: number;
  /** Log files fetched and hashed. */
  readonly logFilesChecked: number;
  /** Of those, log files whose hash matched. */
  readonly logFilesValid: number;
  readonly streams: readonly StreamSummary[];
  /** Sorted by scope, key, kind, detail: independent of concurrency. */
  readonly problems: readonly IntegrityProblem[];
  /** True when no problem has severity `error`. */
  readonly ok: boolean;
}

/** Collects problems during a run; `sorted()` gives the report order. */
export class ProblemList {
  private readonly items: IntegrityProblem[] = [];

  /** Records one problem. */
  add(problem: IntegrityProblem): void {
    this.items.push(problem);
  }

  /** Problems in report order. */
  sorted(): IntegrityProblem[] {
    return [...this.items].sort(compareProblems);
  }
}

function compareProblems(a: IntegrityProblem, b: IntegrityProblem): number {
  return cmp(a.scope, b.scope) || cmp(a.key, b.key) || cmp(a.kind, b.kind) || cmp(a.detail, b.detail);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
