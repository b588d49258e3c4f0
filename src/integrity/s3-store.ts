/**
 * An S3 bucket as an `ObjectStore`, through `@aws-sdk/client-s3` (ListObjectsV2, GetObject).
 *
 * The caller builds the `S3Client` (credentials, region, endpoint, path-style addressing); retries of
 * throttling and 5xx are the SDK's own retry strategy. Bodies slower than `throughput` fail as
 * `network` errors. `GetObject` returns S3 user metadata in
 * `Metadata` with the `x-amz-meta-` prefix removed, which is where a digest's signature lives.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { watchThroughput, type ThroughputRule } from '../aws/throughput.js';
import { SourceError } from '../sources/types.js';
import type { ObjectStore, StoredObject, StoredObjectInfo } from './object-store.js';

/** Options of `S3ObjectStore`. */
export interface S3ObjectStoreOptions {
  /** A configured client; the store never creates or destroys one. */
  readonly client: S3Client;
  /** Bucket name (no `s3://`). */
  readonly bucket: string;
  /** The minimum throughput of bodies (`--min-throughput`); none when absent. */
  readonly throughput?: ThroughputRule;
}

/** An `ObjectStore` over one S3 bucket. */
export class S3ObjectStore implements ObjectStore {
  readonly bucket: string;
  readonly carriesMetadata = true;
  private readonly client: S3Client;
  private readonly throughput: ThroughputRule;

  /** @param options the client, the bucket and the throughput rule. */
  constructor(options: S3ObjectStoreOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.throughput = options.throughput ?? { minBytesPerSecond: 0, windowMs: 0 };
  }

  /** Lists keys under `prefix` (paginated ListObjectsV2, ascending as S3 returns them). */
  async *list(prefix: string): AsyncIterable<StoredObjectInfo> {
    let token: string | undefined;
    do {
      const page = await this.send(
        () => this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })),
        prefix,
      );
      for (const o of page.Contents ?? []) {
        if (o.Key !== undefined) yield { key: o.Key, size: o.Size ?? 0 };
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  /** Lists common prefixes under `prefix` with delimiter `/`. */
  async *folders(prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.send(
        () =>
          this.client.send(
            new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }),
          ),
        prefix,
      );
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix !== undefined) yield p.Prefix;
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  /** GetObject: the whole body and the user metadata. */
  async get(key: string): Promise<StoredObject> {
    return this.send(async () => {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (out.Body === undefined) throw new SourceError('other', this.uri(key), `${this.uri(key)}: empty response body`);
      const body = out.Body as AsyncIterable<Uint8Array> & { destroy?: () => void };
      const chunks: Uint8Array[] = [];
      for await (const chunk of watchThroughput(body, this.throughput, () => body.destroy?.())) chunks.push(chunk);
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(out.Metadata ?? {})) metadata[name.toLowerCase()] = value;
      return { body: Buffer.concat(chunks), metadata };
    }, key);
  }

  /** `s3://bucket/key`. */
  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  private async send<T>(call: () => Promise<T>, key: string): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof SourceError) throw err;
      throw toSourceError(err, this.uri(key));
    }
  }
}

/** Maps an SDK error to a `SourceError` by S3 error code, then by HTTP status. */
function toSourceError(err: unknown, location: string): SourceError {
  const e = err as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  const name = typeof e.name === 'string' ? e.name : '';
  const status = e.$metadata?.httpStatusCode;
  let kind: SourceError['kind'] = 'other';
  if (name === 'NoSuchKey' || name === 'NotFound' || name === 'NoSuchBucket' || status === 404) kind = 'not-found';
  else if (name === 'AccessDenied' || status === 403) kind = 'access-denied';
  else if (name === 'SlowDown' || name === 'Throttling' || status === 503 || status === 429) kind = 'throttled';
  else if (status === undefined) kind = 'network';
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : name || 'request failed';
  return new SourceError(kind, location, `${location}: ${message}`, { cause: err });
}
