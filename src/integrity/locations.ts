/**
 * Maps the S3 locations recorded in digests (`s3Bucket` + `s3Object`) to keys of the store at hand.
 *
 * In the original bucket the recorded key is the key. Elsewhere (a local copy, an archive bucket, a
 * copy under another prefix) the part from `AWSLogs/` on is kept and put under the folder the user
 * pointed at: the layout below `AWSLogs/` names account, region, date and file, which is unique.
 */
import type { ObjectStore } from './object-store.js';

const ANCHOR = 'AWSLogs/';

/** Resolves recorded locations against one store and the folder above its `AWSLogs/`. */
export class LocationMapper {
  private readonly bucket: string | null;
  /** The store prefix above `AWSLogs/` (`''` or ending with `/`). */
  readonly root: string;

  /**
   * @param store the store being checked
   * @param root the key prefix that holds `AWSLogs/` (`''`, or e.g. `archive/2024/`)
   */
  constructor(store: ObjectStore, root: string) {
    this.bucket = store.bucket;
    this.root = root;
  }

  /** The store key of a recorded location; `null` when the object key has no `AWSLogs/` to anchor on. */
  resolve(s3Bucket: string, s3Object: string): string | null {
    if (this.bucket !== null && s3Bucket === this.bucket) return s3Object;
    // The last occurrence: a user prefix may itself be called AWSLogs, the layout below it never is.
    const at = s3Object.lastIndexOf(ANCHOR);
    return at < 0 ? null : this.root + s3Object.slice(at);
  }
}

/**
 * Splits the user's prefix into the folder above `AWSLogs/`: `'logs'` and `'logs/'` give `'logs/'`,
 * `'logs/AWSLogs/'` gives `'logs/'`, `''` gives `''`.
 */
export function rootOf(prefix: string): string {
  let p = prefix.startsWith('/') ? prefix.slice(1) : prefix;
  if (p !== '' && !p.endsWith('/')) p += '/';
  return p.endsWith(ANCHOR) ? p.slice(0, -ANCHOR.length) : p;
}
