/**
 * The `s3://bucket[/prefix]` source: lists a CloudTrail bucket pruned by the selection and streams its
 * objects with retries and resumable reads.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { networkLimits, type AwsClientOptions } from '../../aws/client-options.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../../aws/backoff.js';
import { createS3Client } from '../../aws/s3-client.js';
import type { SelectionFilter, Source, SourceObject } from '../types.js';
import type { S3Context } from './context.js';
import { LayoutPlan } from './layout.js';
import { isS3Location, parseS3Location, s3Uri } from './location.js';
import { readObject } from './read-object.js';
import { newS3SourceStats, type S3SourceStats, type S3TraceEvent } from './stats.js';
import { walkLocation, type ListedKey } from './walk.js';

import { DEFAULT_S3_CONCURRENCY, DEFAULT_S3_MAX_ATTEMPTS } from './defaults.js';

export { DEFAULT_S3_CONCURRENCY, DEFAULT_S3_MAX_ATTEMPTS };

/** Options of {@link createS3Source}; the AWS ones map to `--profile`, `--region`, `--endpoint-url`. */
export interface S3SourceOptions extends AwsClientOptions {
  /**
   * Requests in flight (`--concurrency`, default {@link DEFAULT_S3_CONCURRENCY}): day folders listed
   * ahead at once, and the number to pass to `prefetchObjects` for object reads. Sizes the socket pool.
   */
  readonly concurrency?: number;
  /**
   * Attempts per request, made by this source (default {@link DEFAULT_S3_MAX_ATTEMPTS}). The SDK's own
   * retries are turned off so that attempts, delays and resumes are decided and counted in one place.
   */
  readonly maxAttempts?: number;
  /** Backoff timing; tests shorten it. */
  readonly backoff?: Partial<BackoffOptions>;
  /** Keys per listing page (`MaxKeys`, 1-1000, default 1000). */
  readonly pageSize?: number;
  /** An existing client to use instead of building one from the options (its retry settings apply). */
  readonly client?: S3Client;
  /** Called for every request and retry (verbose output, tests). */
  readonly trace?: (event: S3TraceEvent) => void;
}

/** An S3 source with its running counters. */
export interface S3Source extends Source {
  /** Counters since creation, updated as listing and reading go. */
  readonly stats: Readonly<S3SourceStats>;
  /** The concurrency the source was configured for. */
  readonly concurrency: number;
  /** Closes the client's sockets (when the source built the client). */
  close(): void;
}

/**
 * Creates an S3 source. No AWS call is made until `list()` runs; the client is built then, once.
 *
 * `list()` throws `SourceError` (`invalid-location` for a bad location; `not-found` for a missing
 * bucket; `access-denied`; `throttled`/`network` once retries are spent). Each object's `open()` stream
 * throws a `SourceError` naming the key when the object cannot be read; a replay counts that object as
 * failed and goes on with the others.
 */
export function createS3Source(options: S3SourceOptions = {}): S3Source {
  const stats = newS3SourceStats();
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_S3_CONCURRENCY));
  const retry = {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_S3_MAX_ATTEMPTS)),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
  };
  const limits = networkLimits(options);
  const throughput = { minBytesPerSecond: limits.minThroughput, windowMs: limits.readTimeoutMs };
  const pageSize = Math.min(1000, Math.max(1, Math.floor(options.pageSize ?? 1000)));
  let client: S3Client | undefined = options.client;
  const ownsClient = client === undefined;

  function getClient(): S3Client {
    // Listings and bodies, `concurrency` each, with headroom for a resume racing a closing socket.
    client ??= createS3Client({ ...options, maxAttempts: 1, maxSockets: Math.max(50, 2 * concurrency + 4) });
    return client;
  }

  function toObject(context: S3Context, listed: ListedKey): SourceObject {
    const uri = s3Uri(context.bucket, listed.key);
    if (listed.skip !== undefined) {
      stats.objectsSkipped++;
      return { uri, size: listed.size, skip: listed.skip, open: emptyStream };
    }
    stats.objectsListed++;
    stats.bytesListed += listed.size ?? 0;
    let opened = false;
    return {
      uri,
      size: listed.size,
      refetch: true,
      open: () => {
        stats.opens++;
        if (opened) stats.reopens++;
        opened = true;
        return readObject(context, listed.key, listed.etag, listed.size);
      },
    };
  }

  return {
    id: 's3',
    stats,
    concurrency,
    accepts: isS3Location,
    async *list(location: string, filter: SelectionFilter): AsyncIterable<SourceObject> {
      const parsed = parseS3Location(location);
      const context: S3Context = {
        client: getClient(),
        bucket: parsed.bucket,
        stats,
        retry,
        throughput,
        pageSize,
        listAhead: concurrency,
        trace: options.trace ?? null,
      };
      for await (const listed of walkLocation(context, parsed, new LayoutPlan(filter))) {
        yield toObject(context, listed);
      }
    },
    close(): void {
      if (!ownsClient) return;
      client?.destroy();
      client = undefined;
    },
  };
}

/** Skipped objects are never read; opening one anyway yields nothing. */
async function* emptyStream(): AsyncGenerator<Uint8Array> {}

/** The `s3://` source with default options (SDK credential chain, default concurrency). */
export const s3Source: S3Source = createS3Source();
