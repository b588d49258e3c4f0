/** The folder of a listed object, as a location its source lists again (shards re-list their folders). */
import { dirname } from 'node:path';

export function folderOf(uri: string): string {
  // An S3 folder is a key prefix ending in '/'; a local one is a path.
  return uri.startsWith('s3://') ? uri.slice(0, uri.lastIndexOf('/') + 1) : dirname(uri);
}
