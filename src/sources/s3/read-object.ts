/**
 * Reading one object as a byte stream that survives transient failures.
 *
 * The first request is a plain GetObject. When the connection drops mid-body, or a retryable error
 * (503 SlowDown, 5xx, reset) hits, the read resumes with a ranged GET from the first byte not yet handed
 * to the consumer, conditioned on the ETag of the first response (`If-Match`), so the consumer sees each
 * byte exactly once and never a splice of two versions of the object. 404 (listed, then deleted), 403 and
 * 412 (changed while being read) are final: the stream throws a `SourceError` naming the key.
 *
 * Stalls and corruption in transit: the client's socket idle timeout (`--read-timeout`) fails a request
 * or a body that stops arriving, and a body slower than `--min-throughput` is abandoned
 * (`watchThroughput`); both resume like a reset. A response whose object size (`Content-Length`, or
 * the total of `Content-Range`) differs from the listing's `Size` is refused before any of its bytes
 * is delivered and fetched again, so a body cut short with a matching `Content-Length` is not taken
 * for the whole object.
 */
import { GetObjectCommand, type GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { classifyFailure, type FailureInfo } from '../../aws/errors.js';
import { SlowBody, watchThroughput } from '../../aws/throughput.js';
import { SourceError } from '../types.js';
import { giveUp, waitBeforeRetry, type S3Context } from './context.js';
import { s3Uri } from './location.js';

/** A body that ended before the announced length: retried like a reset connection. */
class TruncatedBody extends Error {
  readonly code = 'TruncatedBody';
  constructor(received: number, expected: number) {
    super(`body ended after ${received} of ${expected} bytes`);
  }
}

/** A response for an object of another size than the listing's: retried, since a second GET may be whole. */
class SizeMismatch extends Error {
  readonly code = 'SizeMismatch';
  constructor(announced: number, listed: number) {
    super(`the response announces an object of ${announced} bytes, the listing ${listed} bytes`);
  }
}

/**
 * Streams the object's bytes. `etag` is the listing's ETag, used for resumes until a response supplies
 * its own; `size` is the listing's size, checked against each response's.
 */
export async function* readObject(context: S3Context, key: string, etag: string | null, size: number | null): AsyncGenerator<Uint8Array> {
  const uri = s3Uri(context.bucket, key);
  const { stats } = context;
  let delivered = 0;
  let expectedEtag = etag;
  let failures = 0;
  for (;;) {
    const offset = delivered;
    try {
      const output = await getObject(context, key, offset, offset > 0 ? expectedEtag : null, failures);
      const body = output.Body as (AsyncIterable<Uint8Array> & { destroy?: () => void }) | undefined;
      const announced = objectSize(output);
      if (size !== null && announced !== null && announced !== size) {
        body?.destroy?.();
        throw new SizeMismatch(announced, size);
      }
      expectedEtag = output.ETag ?? expectedEtag;
      // A store that ignores `Range` answers 200 with the whole object: drop what was delivered already.
      let skip = offset > 0 && output.ContentRange === undefined ? offset : 0;
      let received = 0;
      if (body !== undefined) {
        for await (const raw of watchThroughput(body, context.throughput, () => body.destroy?.())) {
          received += raw.byteLength;
          if (skip >= raw.byteLength) {
            skip -= raw.byteLength;
            continue;
          }
          const chunk = skip > 0 ? raw.subarray(skip) : raw;
          skip = 0;
          delivered += chunk.byteLength;
          stats.bytesDelivered += chunk.byteLength;
          yield chunk;
        }
      }
      const expected = output.ContentLength;
      if (expected !== undefined && received < expected) throw new TruncatedBody(received, expected);
      return;
    } catch (error) {
      const failure = classifyFailure(error);
      // A resume past the end: every byte was delivered before the failure.
      if (failure.status === 416 && offset > 0) return;
      if (failure.status === 412) {
        stats.failedObjects++;
        throw changedWhileReading(uri, delivered, error);
      }
      // An attempt that delivered bytes starts the count afresh (a long object on a flaky link), unless
      // it was abandoned for trickling: then every attempt brings a few bytes and the count must grow.
      if (delivered > offset && !(error instanceof SlowBody)) failures = 0;
      if (!(await waitBeforeRetry(context, failure, failures, `reading ${uri}`))) {
        stats.failedObjects++;
        throw finalError(uri, failure, failures + 1, delivered, error);
      }
      failures++;
    }
  }
}

/** The whole object's size a response states: the total of `Content-Range`, else `Content-Length`; null when unknown. */
function objectSize(output: GetObjectCommandOutput): number | null {
  if (output.ContentRange !== undefined) {
    const total = /\/(\d+)$/.exec(output.ContentRange)?.[1];
    return total === undefined ? null : Number(total);
  }
  return output.ContentLength ?? null;
}

function getObject(
  context: S3Context,
  key: string,
  offset: number,
  ifMatch: string | null,
  attempt: number,
): Promise<GetObjectCommandOutput> {
  context.stats.getRequests++;
  if (offset > 0) context.stats.resumes++;
  context.trace?.({ type: 'get', key, offset, attempt });
  return context.client.send(
    new GetObjectCommand({
      Bucket: context.bucket,
      Key: key,
      Range: offset > 0 ? `bytes=${offset}-` : undefined,
      IfMatch: ifMatch ?? undefined,
    }),
  );
}

function finalError(uri: string, failure: FailureInfo, attempts: number, delivered: number, cause: unknown): SourceError {
  const error = giveUp(uri, failure, attempts, 'reading the object', cause);
  if (failure.kind === 'not-found') {
    return new SourceError('not-found', uri, `${uri}: listed but gone when read (deleted or expired after listing; ${failure.detail})`, { cause });
  }
  if (delivered === 0) return error;
  return new SourceError(error.kind, uri, `${error.message}; ${delivered} bytes were read before the failure`, { cause });
}

function changedWhileReading(uri: string, delivered: number, cause: unknown): SourceError {
  return new SourceError(
    'other',
    uri,
    `${uri}: object changed while being read (ETag no longer matches); ${delivered} bytes were read, the rest is not, so that no two versions are spliced`,
    { cause },
  );
}
