/**
 * A local copy of a CloudTrail bucket (e.g. made with `aws s3 sync`) as an `ObjectStore`.
 *
 * A copy keeps object bodies only; S3 user metadata (a digest's `signature`, `signature-algorithm`,
 * `backfill-generation-timestamp`) is lost. It may be kept in a sidecar file next to the object:
 * `<object>.metadata.json`, holding what `aws s3api head-object --query Metadata` prints, e.g.
 * `{"signature": "…", "signature-algorithm": "SHA256withRSA"}`. Names may also carry the
 * `x-amz-meta-` prefix. Sidecars are never listed as objects. See docs/integrity.md.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { SourceError } from '../sources/types.js';
import type { ObjectStore, StoredObject, StoredObjectInfo } from './object-store.js';

/** Suffix of the metadata sidecar of a local object. */
export const METADATA_SIDECAR_SUFFIX = '.metadata.json';

const META_PREFIX = 'x-amz-meta-';

/** An `ObjectStore` over a folder; keys are paths relative to it with `/` separators. */
export class LocalFolderStore implements ObjectStore {
  readonly bucket = null;
  readonly carriesMetadata = false;
  /** Absolute path of the folder the keys are relative to. */
  readonly root: string;

  /** @param root the folder that holds the copy (the folder containing `AWSLogs/`, or one above it). */
  constructor(root: string) {
    this.root = resolve(root);
  }

  /** Lists files under `prefix` in ascending key order, skipping metadata sidecars. */
  async *list(prefix: string): AsyncIterable<StoredObjectInfo> {
    const slash = prefix.lastIndexOf('/');
    const folder = slash < 0 ? '' : prefix.slice(0, slash + 1);
    const entries = await this.walk(folder);
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const e of entries) if (e.key.startsWith(prefix)) yield e;
  }

  /** Lists sub-folders of `prefix` (which ends with `/`), ascending. */
  async *folders(prefix: string): AsyncIterable<string> {
    const dir = this.pathOf(prefix);
    let names: string[];
    try {
      const dirents = await readdir(dir, { withFileTypes: true });
      names = dirents.filter((d) => d.isDirectory()).map((d) => d.name);
    } catch (err) {
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return;
      throw toSourceError(err, dir);
    }
    names.sort();
    for (const n of names) yield `${prefix}${n}/`;
  }

  /** Reads a file and its sidecar metadata (empty when there is no sidecar). */
  async get(key: string): Promise<StoredObject> {
    const path = this.pathOf(key);
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch (err) {
      throw toSourceError(err, path);
    }
    return { body, metadata: await readSidecar(path + METADATA_SIDECAR_SUFFIX) };
  }

  /** The file path of a key. */
  uri(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  private pathOf(key: string): string {
    const path = resolve(this.root, ...key.split('/'));
    // Keys come from digests, which anyone with write access to the copy can edit.
    if (path !== this.root && !path.startsWith(this.root + sep)) {
      throw new SourceError('invalid-location', key, `key "${key}" points outside ${this.root}`);
    }
    return path;
  }

  private async walk(folder: string): Promise<StoredObjectInfo[]> {
    const out: StoredObjectInfo[] = [];
    const pending = [folder];
    while (pending.length > 0) {
      const current = pending.pop() as string;
      let dirents;
      try {
        dirents = await readdir(this.pathOf(current), { withFileTypes: true });
      } catch (err) {
        if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') continue;
        throw toSourceError(err, this.uri(current));
      }
      for (const d of dirents) {
        if (d.isDirectory()) pending.push(`${current}${d.name}/`);
        else if (d.isFile() && !d.name.endsWith(METADATA_SIDECAR_SUFFIX)) {
          const key = current + d.name;
          out.push({ key, size: (await stat(this.pathOf(key))).size });
        }
      }
    }
    return out;
  }
}

async function readSidecar(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return {};
    throw toSourceError(err, path);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new SourceError('other', path, `metadata sidecar ${path} is not JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SourceError('other', path, `metadata sidecar ${path}: expected a JSON object of strings`);
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') continue;
    const lower = name.toLowerCase();
    out[lower.startsWith(META_PREFIX) ? lower.slice(META_PREFIX.length) : lower] = value;
  }
  return out;
}

function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

function toSourceError(err: unknown, path: string): SourceError {
  const code = errorCode(err);
  const kind = code === 'ENOENT' || code === 'ENOTDIR' ? 'not-found' : code === 'EACCES' || code === 'EPERM' ? 'access-denied' : 'other';
  const what = kind === 'not-found' ? 'no such file' : kind === 'access-denied' ? 'permission denied' : String(code ?? err);
  return new SourceError(kind, path, `${path}: ${what}`, { cause: err });
}
