/**
 * Step 3: the chain of one digest stream. Each digest names its predecessor (location, SHA-256 of its
 * uncompressed bytes, signature); the successor's signature covers that signature, so links are signed
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html §G).
 *
 * This works on the set of digests read, not by following pointers one by one, so that it reports what
 * `aws cloudtrail validate-logs` misses: the whole interval when several consecutive digests are gone
 * (aws/aws-cli#7054), predecessors whose hash or signature differ from what the successor recorded,
 * digests nothing points to, times that do not abut, and a chain that ends before the window does.
 */
import { HASH_ALGORITHM } from './digest.js';
import { baseName, isoSeconds, parseDigestName } from './layout.js';
import type { LocationMapper } from './locations.js';
import type { ObjectStore } from './object-store.js';
import type { DigestRecord } from './read-digests.js';
import type { GapCause, ProblemList } from './report.js';
import type { Severity } from '../diagnostics/diagnostic.js';

const HOUR = 3_600_000;

/** An interval without digest coverage; turned into a `delivery-gap` problem once logs are counted. */
export interface Gap {
  readonly scope: string;
  /** The digest after the gap (or the newest digest, for `coverage-ends`). */
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly cause: GapCause;
  readonly severity: Severity;
  readonly detail: string;
}

/** What the chain walk needs besides the digests. */
export interface ChainContext {
  readonly store: ObjectStore;
  readonly mapper: LocationMapper;
  readonly problems: ProblemList;
  /** Window start and end (event time), epoch ms; digests ending from `since` on were listed. */
  readonly since: number;
  readonly until: number;
  /** Coverage is expected up to `min(until, now - 90 min)`: the newest digest may not be out yet. */
  readonly now: number;
}

/** The `previousDigestSignature` each digest records, keyed by the store key of the digest it names. */
export function successorSignatures(digests: readonly DigestRecord[], mapper: LocationMapper): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of digests) {
    const f = d.fields;
    if (f === null || d.name.backfill || f.previousDigestS3Bucket === null || f.previousDigestS3Object === null || f.previousDigestSignature === null) continue;
    const key = mapper.resolve(f.previousDigestS3Bucket, f.previousDigestS3Object);
    if (key !== null && !out.has(key)) out.set(key, f.previousDigestSignature);
  }
  return out;
}

/**
 * Walks one stream's standard digests (sorted by end time) and reports missing digests, broken links,
 * unlinked digests; returns the coverage gaps.
 */
export function walkChain(ctx: ChainContext, digests: readonly DigestRecord[]): Gap[] {
  const gaps: Gap[] = [];
  if (digests.length === 0) return gaps;
  const scope = (digests[0] as DigestRecord).scope;
  const byKey = new Map<string, DigestRecord>();
  for (const d of digests) byKey.set(d.key, d);
  const referenced = new Set<string>();
  // Digests whose lack of a successor link is already explained by a reported gap.
  const explained = new Set<string>();
  const problem = (kind: 'missing-digest' | 'chain-broken' | 'unlinked-digest' | 'unsupported-algorithm', severity: Severity, key: string, detail: string): void =>
    ctx.problems.add({ kind, severity, key, location: ctx.store.uri(key), scope, detail });

  for (let i = 0; i < digests.length; i++) {
    const d = digests[i] as DigestRecord;
    const f = d.fields;
    const older = i > 0 ? (digests[i - 1] as DigestRecord) : null;
    if (f === null) {
      // Unreadable: its predecessor link is unknown, and its hour has no verified coverage.
      if (older !== null) explained.add(older.key);
      const from = older !== null ? endOf(older) : d.name.end - HOUR;
      gaps.push({ scope, key: d.key, start: from, end: d.name.end, cause: 'unreadable-digest', severity: 'warning',
        detail: `no verified digest coverage between ${isoSeconds(from)} and ${isoSeconds(d.name.end)}: the digest for this hour is unreadable` });
      continue;
    }
    if (f.previousDigestS3Object === null || f.previousDigestS3Bucket === null) {
      if (older !== null) {
        explained.add(older.key);
        const from = endOf(older);
        gaps.push({ scope, key: d.key, start: from, end: f.start, cause: 'chain-restart', severity: 'warning',
          detail: `no digest coverage between ${isoSeconds(from)} and ${isoSeconds(f.start)}: a new digest chain starts here (log file validation or logging was off, or the trail was recreated)` });
      } else if (f.start > ctx.since) {
        gaps.push({ scope, key: d.key, start: ctx.since, end: f.start, cause: 'coverage-starts', severity: 'info',
          detail: `digest coverage starts at ${isoSeconds(f.start)} (a starting digest), after the window start` });
      }
      continue;
    }
    const prevKey = ctx.mapper.resolve(f.previousDigestS3Bucket, f.previousDigestS3Object);
    const prev = prevKey === null ? undefined : byKey.get(prevKey);
    if (prev !== undefined) {
      referenced.add(prev.key);
      checkLink(d, prev, problem, gaps);
      continue;
    }
    const prevEnd = prevKey === null ? null : parseDigestName(baseName(prevKey))?.end ?? null;
    // A predecessor that ends before the first listed digest was never expected to be read.
    if (prevKey !== null && prevEnd !== null && prevEnd < ctx.since) continue;
    const missing = prevKey ?? `s3://${f.previousDigestS3Bucket}/${f.previousDigestS3Object}`;
    problem('missing-digest', 'error', missing, `digest ${baseName(d.key)} names this previous digest, which is not in the store`);
    const from = older !== null ? endOf(older) : ctx.since;
    if (older !== null) explained.add(older.key);
    const count = Math.max(1, Math.round((f.start - from) / HOUR));
    gaps.push({ scope, key: d.key, start: from, end: f.start, cause: 'missing-digests', severity: 'warning',
      detail: `no verified digest coverage between ${isoSeconds(from)} and ${isoSeconds(f.start)}: about ${count} hourly digest${count === 1 ? '' : 's'} missing` });
  }

  for (let i = 0; i < digests.length - 1; i++) {
    const d = digests[i] as DigestRecord;
    if (!referenced.has(d.key) && !explained.has(d.key)) {
      problem('unlinked-digest', 'warning', d.key, 'no later digest names this digest as its predecessor, although later digests exist');
    }
  }

  const newest = digests[digests.length - 1] as DigestRecord;
  const expectedEnd = Math.min(ctx.until, ctx.now - 90 * 60_000);
  const newestEnd = endOf(newest);
  if (newestEnd < expectedEnd) {
    gaps.push({ scope, key: newest.key, start: newestEnd, end: ctx.until, cause: 'coverage-ends', severity: 'warning',
      detail: `the newest digest ends at ${isoSeconds(newestEnd)}, before the window end: later digests are missing (deleted?) or the trail stopped` });
  }
  return gaps;
}

/** Link checks between a digest and the predecessor it names, which the AWS CLI does not make. */
function checkLink(
  d: DigestRecord,
  prev: DigestRecord,
  problem: (kind: 'chain-broken' | 'unsupported-algorithm', severity: Severity, key: string, detail: string) => void,
  gaps: Gap[],
): void {
  const f = d.fields;
  const p = prev.fields;
  if (f === null || p === null || prev.sha256 === null) return;
  const successor = baseName(d.key);
  if (f.previousDigestHashAlgorithm !== null && f.previousDigestHashAlgorithm !== HASH_ALGORITHM) {
    problem('unsupported-algorithm', 'error', d.key, `previousDigestHashAlgorithm is "${f.previousDigestHashAlgorithm}", expected "${HASH_ALGORITHM}"`);
  } else if (f.previousDigestHashValue === null || f.previousDigestHashValue.toLowerCase() !== prev.sha256) {
    problem('chain-broken', 'error', prev.key, `SHA-256 of this digest is ${prev.sha256}, but ${successor} records ${f.previousDigestHashValue ?? 'null'}`);
  }
  const own = prev.metadata.signature;
  if (own !== undefined && f.previousDigestSignature !== null && own.toLowerCase() !== f.previousDigestSignature.toLowerCase()) {
    problem('chain-broken', 'error', prev.key, `signature metadata of this digest differs from the previousDigestSignature ${successor} records`);
  }
  if (p.end !== f.start) {
    gaps.push({ scope: d.scope, key: d.key, start: Math.min(p.end, f.start), end: Math.max(p.end, f.start), cause: 'discontinuity', severity: 'warning',
      detail: `digest starts at ${f.digestStartTime} but its predecessor ends at ${p.digestEndTime}` });
  }
}

/** A digest's end time: from its content, or its name when unreadable. */
function endOf(d: DigestRecord): number {
  return d.fields?.end ?? d.name.end;
}
