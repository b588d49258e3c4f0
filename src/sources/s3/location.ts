/**
 * Parsing `s3://bucket[/prefix]` locations.
 */
import { SourceError } from '../types.js';

/** A parsed S3 location. */
export interface S3Location {
  readonly bucket: string;
  /**
   * Key prefix to read: empty (whole bucket) or ending in `/`; when `singleKey` is set, the exact key of
   * one object.
   */
  readonly prefix: string;
  /** True when the location names one object (`…/file.json.gz`) rather than a folder. */
  readonly singleKey: boolean;
}

/** Names that mark the last path segment as an object rather than a folder. */
const OBJECT_SUFFIXES = ['.json', '.json.gz', '.gz', '.jsonl', '.ndjson'];

/** True for locations this module parses (`s3://…`, scheme case-insensitive). */
export function isS3Location(location: string): boolean {
  return location.length > 5 && location.slice(0, 5).toLowerCase() === 's3://';
}

/**
 * Parses an `s3://` location. A prefix without a trailing slash means that folder (`s3://b/logs` reads
 * `logs/`, not `logs-old/`), unless its last segment ends like a log file, in which case it names one
 * object. Keys are taken literally (no percent-decoding): they are what `aws s3 ls` prints.
 *
 * @throws SourceError of kind `invalid-location` for a missing or malformed bucket name.
 */
export function parseS3Location(location: string): S3Location {
  if (!isS3Location(location)) {
    throw new SourceError('invalid-location', location, `expected an s3://bucket[/prefix] location, found '${location}'`);
  }
  const rest = location.slice(5);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(bucket)) {
    const found = bucket === '' ? 'nothing' : `'${bucket}'`;
    throw new SourceError('invalid-location', location, `expected a bucket name after s3://, found ${found} in '${location}'`);
  }
  let prefix = slash < 0 ? '' : rest.slice(slash + 1);
  while (prefix.startsWith('/')) prefix = prefix.slice(1);
  if (prefix === '' || prefix.endsWith('/')) return { bucket, prefix, singleKey: false };
  const last = prefix.slice(prefix.lastIndexOf('/') + 1).toLowerCase();
  if (OBJECT_SUFFIXES.some((suffix) => last.endsWith(suffix))) return { bucket, prefix, singleKey: true };
  return { bucket, prefix: `${prefix}/`, singleKey: false };
}

/** The `s3://bucket/key` URI shown in reports for a key. */
export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
