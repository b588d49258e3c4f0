/**
 * Where CloudTrail objects live, seen by the integrity checker: an S3 bucket or a local copy of one.
 *
 * Keys always use `/` separators and are relative to the store's root (the bucket, or the folder the
 * user gave). Failures are `SourceError`s (`src/sources/types.ts`), so the CLI maps them like any other
 * source failure.
 */

/** One listed object. */
export interface StoredObjectInfo {
  /** Key relative to the store root, `/`-separated. */
  readonly key: string;
  /** Size in bytes as stored (compressed). */
  readonly size: number;
}

/** One fetched object: its bytes as stored and its S3 user metadata (names without `x-amz-meta-`). */
export interface StoredObject {
  readonly body: Buffer;
  /** Lowercase metadata names without the `x-amz-meta-` prefix, e.g. `signature`, `signature-algorithm`. */
  readonly metadata: Readonly<Record<string, string>>;
}

/** A bucket or folder holding a CloudTrail archive (`[prefix/]AWSLogs/...`). */
export interface ObjectStore {
  /**
   * The S3 bucket the keys live in, or `null` for a local copy. When it equals a digest's recorded
   * `digestS3Bucket`, locations are checked exactly; otherwise they are matched from `AWSLogs/` on.
   */
  readonly bucket: string | null;
  /**
   * True when every object carries its S3 user metadata (S3). A digest without a `signature` is then
   * suspicious; in a local copy without sidecars it is expected.
   */
  readonly carriesMetadata: boolean;
  /** Lists every object whose key starts with `prefix`, in ascending key order. */
  list(prefix: string): AsyncIterable<StoredObjectInfo>;
  /** Lists the immediate sub-folders of `prefix` (which ends with `/`), each ending with `/`, ascending. */
  folders(prefix: string): AsyncIterable<string>;
  /** Fetches one object; throws `SourceError` (`not-found`, `access-denied`, `throttled`, ...) on failure. */
  get(key: string): Promise<StoredObject>;
  /** How a key is shown to people: `s3://bucket/key` or a file path. */
  uri(key: string): string;
}
