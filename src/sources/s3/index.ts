/**
 * Brief overview: the `s3://bucket[/prefix]` source.
 *
 * Takes a location and a `SelectionFilter`; gives `SourceObject`s whose `open()` streams the stored bytes
 * (still gzipped: the engine decompresses). On one side sits the AWS SDK S3 client (credentials from the
 * default chain, `--profile`, `--region`, `--endpoint-url` with path-style addressing); on the other, the
 * engine, which reads objects through `prefetchObjects` to keep `--concurrency` downloads going with
 * bounded memory.
 *
 * - Listing (`walk.ts`, `layout.ts`) follows the CloudTrail layout
 *   `AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/` with delimiter listings, so the selection
 *   prunes whole folders: a one-day replay of one account lists three day folders (the day widened by one
 *   on each side, because folders are named by delivery time). Digest and Insight folders are never
 *   listed; a location pointing into one, or outside any layout, is listed flat with digests and insights
 *   marked `skip`.
 * - Reading (`read-object.ts`) retries throttling, 5xx and dropped connections with exponential backoff
 *   and full jitter, resuming with ranged GETs under `If-Match` so no byte is delivered twice; 404, 403 and
 *   an object changed mid-read end the object's stream with a `SourceError` naming it.
 * - `stats` counts requests, keys, bytes, retries and resumes (progress display, tests).
 *
 * ```ts
 * const source = createS3Source({ profile: 'audit', concurrency: 8 });
 * const filter = { since: new Date('2024-03-05T00:00:00Z'), until: new Date('2024-03-06T00:00:00Z'), accounts: ['111111111111'] };
 * for await (const object of prefetchObjects(source.list('s3://trail-bucket/logs', filter), { concurrency: source.concurrency })) {
 *   if (object.skip !== undefined) continue;
 *   for await (const chunk of object.open()) consume(object.uri, chunk);
 * }
 * source.close();
 * ```
 */
export { createS3Source, s3Source, DEFAULT_S3_CONCURRENCY, DEFAULT_S3_MAX_ATTEMPTS } from './source.js';
export type { S3Source, S3SourceOptions } from './source.js';
export type { S3SourceStats, S3TraceEvent } from './stats.js';
export { prefetchObjects, DEFAULT_PREFETCH_BUFFER } from '../prefetch.js';
export type { PrefetchOptions, PrefetchedObject } from '../prefetch.js';
export { parseS3Location, isS3Location } from './location.js';
export type { S3Location } from './location.js';
