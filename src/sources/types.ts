/**
 * Sources: where the bytes of CloudTrail archives come from (local files, S3, CloudWatch Logs).
 *
 * A source lists `SourceObject`s (named byte streams) for a location the user gave; it knows the
 * CloudTrail layout well enough to prune by date, account and region, but nothing about JSON. The engine
 * decompresses, splits and evaluates what `open()` yields.
 */

/** What the user asked to replay, used by sources to prune whole folders / key prefixes. */
export interface SelectionFilter {
  /** Inclusive lower bound on eventTime. */
  readonly since?: Date;
  /** Exclusive upper bound on eventTime. */
  readonly until?: Date;
  /** Account IDs to keep (empty or absent: all). */
  readonly accounts?: readonly string[];
  /** Regions to keep (empty or absent: all). */
  readonly regions?: readonly string[];
}

/** Why a whole object is skipped without being read. */
export type ObjectSkipReason = 'cloudtrail-digest' | 'cloudtrail-insight' | 'not-a-log-file';

/** One file or object to read. */
export interface SourceObject {
  /** Path or URI as shown in reports (`fixtures/x.json.gz`, `s3://bucket/key`, `cwlogs://group/stream`). */
  readonly uri: string;
  /** Size in bytes as stored (compressed), when known. */
  readonly size: number | null;
  /** When set, the object is counted as skipped for this reason and never opened. */
  readonly skip?: ObjectSkipReason;
  /**
   * Opens the object's bytes from the start. A source that can resume (S3 ranged GET) hides transient
   * failures inside the stream; an error thrown by the iterator is final for this object.
   */
  open(): AsyncIterable<Uint8Array>;
  /**
   * Set by sources whose bytes cross a network (S3): a second `open()` may bring intact what the first
   * brought damaged, so the engine reads such an object once more when its gzip data is damaged.
   */
  readonly refetch?: boolean;
  /**
   * Set by the local source: the object is this file, and `readLocalFile(localPath, size)`
   * (sources/local/read.ts) yields what `open()` yields. A replay worker reads such a file itself, so
   * its bytes never cross threads.
   */
  readonly localPath?: string;
  /**
   * Set when the listing found an entry it cannot offer for reading (a folder it cannot list, a dangling
   * symbolic link, a FIFO): the replay reports it, naming `uri`, and never opens it; `open()` throws.
   */
  readonly problem?: ListingProblem;
}

/** What a listing could not read, reported in its place in the listing. */
export interface ListingProblem {
  /** `error`: something that may hold records was not read; `warning`: nothing readable was left out. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** A kind of location (`s3://`, `cwlogs://`, local paths). Registered in `src/sources/index.ts`. */
export interface Source {
  readonly id: string;
  /** True when this source handles the location the user typed. */
  accepts(location: string): boolean;
  /** Lists the objects to read, in a stable order, pruned by the filter where the layout allows. */
  list(location: string, filter: SelectionFilter): AsyncIterable<SourceObject>;
}

/** A failure of a source (listing or opening), with a kind the CLI maps to messages and exit codes. */
export class SourceError extends Error {
  readonly kind: 'not-found' | 'access-denied' | 'throttled' | 'network' | 'invalid-location' | 'other';
  readonly location: string;
  constructor(kind: SourceError['kind'], location: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceError';
    this.kind = kind;
    this.location = location;
  }
}
