/**
 * What listing and reading share for one bucket: the client, retry policy, counters and trace hook.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { backoffDelay, sleep, type BackoffOptions } from '../../aws/backoff.js';
import { classifyFailure, FAILURE_WORDS, type FailureInfo } from '../../aws/errors.js';
import type { ThroughputRule } from '../../aws/throughput.js';
import { SourceError } from '../types.js';
import type { S3SourceStats, S3TraceEvent } from './stats.js';

/** How often and how patiently a request is retried. */
export interface RetryPolicy {
  /** Attempts per request, first one included. */
  readonly maxAttempts: number;
  readonly backoff: BackoffOptions;
}

/** Shared state for requests against one bucket. */
export interface S3Context {
  readonly client: S3Client;
  readonly bucket: string;
  readonly stats: S3SourceStats;
  readonly retry: RetryPolicy;
  /** The minimum-throughput rule for object bodies. */
  readonly throughput: ThroughputRule;
  /** `MaxKeys` per ListObjectsV2 page. */
  readonly pageSize: number;
  /** Day folders whose listing may run ahead of the consumer, at once. */
  readonly listAhead: number;
  readonly trace: ((event: S3TraceEvent) => void) | null;
}

/**
 * After failed attempt number `retry` (0-based): when the failure is retryable and attempts remain,
 * counts the retry, waits the backoff delay and returns true; otherwise returns false at once and the
 * caller gives up.
 */
export async function waitBeforeRetry(
  context: S3Context,
  failure: FailureInfo,
  retry: number,
  what: string,
): Promise<boolean> {
  if (!failure.retryable || retry + 1 >= context.retry.maxAttempts) return false;
  const delayMs = backoffDelay(retry, context.retry.backoff);
  context.stats.retries++;
  context.trace?.({ type: 'retry', what, detail: failure.detail, delayMs });
  await sleep(delayMs);
  return true;
}

/** The final error for a failed request on `uri`, with what was tried. */
export function giveUp(uri: string, failure: FailureInfo, attempts: number, action: string, cause: unknown): SourceError {
  const tried = failure.retryable ? ` after ${attempts} attempt${attempts === 1 ? '' : 's'}` : '';
  // Access denied names the IAM action the caller lacks, on what (the URI gives bucket and prefix or key).
  const permission = failure.kind === 'access-denied' && failure.code !== 'CredentialsProviderError' ? iamAction(action, uri) : '';
  return new SourceError(failure.kind, uri, `${uri}: ${FAILURE_WORDS[failure.kind]}${tried} while ${action}${permission} (${failure.detail})`, { cause });
}

/** `; needs s3:ListBucket on arn:aws:s3:::bucket` for a listing, s3:GetObject on the object for a read. */
function iamAction(action: string, uri: string): string {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (m === null) return '';
  const [, bucket, key] = m;
  if (action === 'listing') return `; needs s3:ListBucket on arn:aws:s3:::${bucket}${key !== '' ? ` for prefix ${key}` : ''}`;
  if (action === 'reading the object') return `; needs s3:GetObject on arn:aws:s3:::${bucket}/${key}`;
  return '';
}

/** Runs one request with retries; listing and other small calls use it (object bodies resume instead). */
export async function withRetries<T>(
  context: S3Context,
  uri: string,
  action: string,
  request: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request(attempt);
    } catch (error) {
      const failure = classifyFailure(error);
      if (!(await waitBeforeRetry(context, failure, attempt, `${action} ${uri}`))) {
        throw giveUp(uri, failure, attempt + 1, action, error);
      }
    }
  }
}
