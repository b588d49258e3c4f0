/**
 * Step 4: the log files the digests list. Each is fetched, gunzipped strictly and its SHA-256 over
 * the uncompressed bytes compared with the digest's `hashValue`
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html §F).
 * Only digests that verified (or are unsigned but consistent) vouch for their logs; a log listed only
 * by a digest that failed is reported as unvouched and not fetched.
 */
import { createHash } from 'node:crypto';
import { HASH_ALGORITHM } from './digest.js';
import { gunzipStrict } from './gzip.js';
import type { LocationMapper } from './locations.js';
import type { ObjectStore } from './object-store.js';
import { mapBounded } from './pool.js';
import type { DigestRecord } from './read-digests.js';
import type { IntegrityProblemKind, ProblemList } from './report.js';
import { SourceError } from '../sources/types.js';

/** What log checking needs. */
export interface LogCheckContext {
  readonly store: ObjectStore;
  readonly mapper: LocationMapper;
  readonly problems: ProblemList;
  readonly concurrency: number;
}

/** Counts of a log check, and every store key some digest lists. */
export interface LogCheckResult {
  readonly checked: number;
  readonly valid: number;
  /** Store keys of every log file named by any digest read (valid or not). */
  readonly listed: ReadonlySet<string>;
}

/** One log file and the hashes the trusted digests record for it. */
interface LogTask {
  readonly key: string;
  readonly scope: string;
  /** Digest file names and the hash each records. */
  readonly expected: { readonly digest: string; readonly hash: string }[];
}

/** Checks every log file listed by the digests; adds problems; returns the counts. */
export async function checkLogFiles(ctx: LogCheckContext, digests: readonly DigestRecord[]): Promise<LogCheckResult> {
  const listed = new Set<string>();
  const tasks = new Map<string, LogTask>();
  const untrusted = new Map<string, { scope: string; digest: string }>();
  for (const d of digests) {
    const f = d.fields;
    if (f === null) continue;
    const trusted = d.status === 'valid' || d.status === 'unsigned';
    const scope = d.scope.slice(0, d.scope.lastIndexOf('/'));
    for (const log of f.logFiles) {
      const key = ctx.mapper.resolve(log.s3Bucket, log.s3Object);
      if (key === null) {
        add(ctx, 'unreadable-object', `s3://${log.s3Bucket}/${log.s3Object}`, scope, `log file location in ${d.key} has no AWSLogs/ folder to map onto this store`);
        continue;
      }
      listed.add(key);
      if (!trusted) {
        if (!untrusted.has(key)) untrusted.set(key, { scope, digest: d.key });
        continue;
      }
      if (log.hashAlgorithm !== HASH_ALGORITHM) {
        add(ctx, 'unsupported-algorithm', key, scope, `${d.key} hashes this log file with "${log.hashAlgorithm}", expected "${HASH_ALGORITHM}"`);
        continue;
      }
      const task = tasks.get(key) ?? { key, scope, expected: [] };
      task.expected.push({ digest: d.key, hash: log.hashValue });
      tasks.set(key, task);
    }
  }
  for (const [key, { scope, digest }] of untrusted) {
    if (!tasks.has(key)) add(ctx, 'unvouched-log-file', key, scope, `listed only in ${digest}, which did not verify`, 'warning');
  }
  const ordered = [...tasks.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const verdicts = await mapBounded(ordered, ctx.concurrency, (task) => checkOne(ctx, task));
  let checked = 0;
  let valid = 0;
  for (const v of verdicts) {
    if (v === 'unread') continue;
    checked++;
    if (v === 'valid') valid++;
  }
  return { checked, valid, listed };
}

async function checkOne(ctx: LogCheckContext, task: LogTask): Promise<'valid' | 'invalid' | 'unread'> {
  const { key, scope } = task;
  let body: Buffer;
  try {
    body = (await ctx.store.get(key)).body;
  } catch (err) {
    const kind = err instanceof SourceError ? err.kind : 'other';
    if (kind === 'not-found') {
      add(ctx, 'missing-log-file', key, scope, `listed in ${task.expected[0]?.digest ?? 'a digest'} but not in the store`);
    } else if (kind === 'access-denied') {
      // Without s3:ListBucket, S3 answers a missing key with 403, so this may also be a deletion.
      add(ctx, 'missing-log-file', key, scope, 'access denied: missing, or not readable (s3:GetObject and s3:ListBucket settle which)');
    } else {
      add(ctx, 'unreadable-object', key, scope, `log file could not be read (${kind}): ${(err as Error).message}`);
    }
    return 'unread';
  }
  const raw = gunzipStrict(body);
  if (!raw.ok) {
    add(ctx, 'modified-log-file', key, scope, `not the gzip file CloudTrail delivered: ${raw.reason}`);
    return 'invalid';
  }
  const actual = createHash('sha256').update(raw.data).digest('hex');
  let result: 'valid' | 'invalid' = 'valid';
  for (const { digest, hash } of task.expected) {
    if (hash !== actual) {
      add(ctx, 'modified-log-file', key, scope, `SHA-256 of the uncompressed file is ${actual}, ${digest} records ${hash}`);
      result = 'invalid';
    }
  }
  return result;
}

function add(ctx: LogCheckContext, kind: IntegrityProblemKind, key: string, scope: string, detail: string, severity: 'error' | 'warning' = 'error'): void {
  ctx.problems.add({ kind, severity, key, location: key.startsWith('s3://') ? key : ctx.store.uri(key), scope, detail });
}
