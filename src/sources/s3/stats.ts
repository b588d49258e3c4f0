/**
 * Counters an S3 source keeps while it lists and reads, for progress displays, reports and tests
 * ("no object fetched twice", "only one day listed").
 */

/** Running totals for one S3 source; the source mutates them, readers treat them as read-only. */
export interface S3SourceStats {
  /** ListObjectsV2 requests sent (retries included). */
  listRequests: number;
  /** Keys returned in listing pages (`Contents`), whether yielded, skipped or filtered out. */
  keysListed: number;
  /** Folder names returned in listing pages (`CommonPrefixes`). */
  prefixesListed: number;
  /** Objects yielded by `list()` to be read (not skipped). */
  objectsListed: number;
  /** Their total listed size in bytes. */
  bytesListed: number;
  /** Objects yielded with `skip` set (digests, insights). */
  objectsSkipped: number;
  /** `open()` calls. */
  opens: number;
  /** `open()` calls on an object already opened once (each one fetches it again; a replay makes none). */
  reopens: number;
  /** GetObject requests sent (first reads, retries and ranged resumes). */
  getRequests: number;
  /** Ranged GetObject requests resuming a partly delivered object. */
  resumes: number;
  /** Requests retried after a transient failure (listing and reading). */
  retries: number;
  /** Bytes handed to consumers by `open()` streams. */
  bytesDelivered: number;
  /** Objects whose stream ended in a final error. */
  failedObjects: number;
}

/** Fresh, zeroed counters. */
export function newS3SourceStats(): S3SourceStats {
  return {
    listRequests: 0,
    keysListed: 0,
    prefixesListed: 0,
    objectsListed: 0,
    bytesListed: 0,
    objectsSkipped: 0,
    opens: 0,
    reopens: 0,
    getRequests: 0,
    resumes: 0,
    retries: 0,
    bytesDelivered: 0,
    failedObjects: 0,
  };
}

/** One request, reported to an optional trace callback (verbose logs, tests). */
export type S3TraceEvent =
  | {
      readonly type: 'list';
      readonly prefix: string;
      /** `/` for folder discovery, null for a flat listing of keys. */
      readonly delimiter: string | null;
      readonly attempt: number;
    }
  | {
      readonly type: 'get';
      readonly key: string;
      /** First byte requested: 0 for a full read, the resume offset for a ranged read. */
      readonly offset: number;
      readonly attempt: number;
    }
  | {
      readonly type: 'retry';
      readonly what: string;
      readonly detail: string;
      readonly delayMs: number;
    };
