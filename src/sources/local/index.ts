/**
 * The local filesystem source: files and folder trees, CloudTrail's `AWSLogs/...` layout included.
 *
 * Brief overview: a location is a file or a folder (a path, or a `file://` URL). A file is listed as
 * is. A folder is walked in stable order; below an `AWSLogs` folder, the layout
 * (`[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/`) lets whole folders be pruned by account, region
 * and date (widened by a day on each side: folders are named by delivery time). Digest and Insights
 * files are listed with `skip` set; so are files whose names are not log-file names (`.json`, `.jsonl`,
 * `.ndjson`, `.log`, `.txt`, `.gz`), as `not-a-log-file`. Other folders are walked whole; hidden
 * entries are ignored.
 *
 * ```ts
 * for await (const obj of localSource.list('fixtures/AWSLogs', { regions: ['us-east-1'] })) {
 *   if (obj.skip === undefined) for await (const chunk of obj.open()) use(chunk);
 * }
 * ```
 */
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceError, type SelectionFilter, type Source, type SourceObject } from '../types.js';
import { pathFilter } from './layout.js';
import { fileSkip, walk } from './walk.js';

/**
 * Files up to this size are read in one synchronous call; larger ones are streamed. A CloudTrail log
 * file is ~100 KB: reading 900 of them with `fs.promises.readFile` cost 230 ms of CPU (thread-pool
 * hand-offs for open, fstat, read and close), with `readFileSync` 33 ms (docs/benchmarks.md), and the
 * event loop is blocked for tens of microseconds per file.
 */
const WHOLE_FILE_LIMIT = 4 * 1024 * 1024;
const STREAM_CHUNK = 1024 * 1024;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The local filesystem source. */
export const localSource: Source = {
  id: 'local',
  accepts(location: string): boolean {
    return location.startsWith('file://') || !URL_SCHEME.test(location);
  },
  list(location: string, filter: SelectionFilter): AsyncIterable<SourceObject> {
    return listLocal(location, filter);
  },
};

async function* listLocal(location: string, filter: SelectionFilter): AsyncGenerator<SourceObject> {
  const path = location.startsWith('file://') ? fileURLToPath(location) : location;
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    throw sourceError(err, location, 'cannot read');
  }
  if (!info.isDirectory()) {
    const byName = fileSkip(path, null);
    // A file named explicitly is read whatever its extension; only digest / Insights names are skipped.
    yield fileObject(path, info.size, byName === 'not-a-log-file' ? undefined : byName);
    return;
  }
  try {
    for await (const f of walk(path, layoutBelow(path), pathFilter(filter))) yield fileObject(f.path, f.size, f.skip);
  } catch (err) {
    throw sourceError(err, location, 'cannot list');
  }
}

/** The segments below the nearest `AWSLogs` folder at or above `path`, or null. */
function layoutBelow(path: string): string[] | null {
  const segs = resolve(path).split(sep).filter((s) => s !== '');
  const at = segs.lastIndexOf('AWSLogs');
  return at === -1 ? null : segs.slice(at + 1);
}

function fileObject(path: string, size: number, skip: SourceObject['skip']): SourceObject {
  const open = (): AsyncIterable<Uint8Array> => readLocal(path, size);
  return skip !== undefined ? { uri: path, size, skip, open } : { uri: path, size, open };
}

async function* readLocal(path: string, size: number): AsyncGenerator<Uint8Array> {
  try {
    if (size <= WHOLE_FILE_LIMIT) {
      yield readFileSync(path);
      return;
    }
    for await (const chunk of createReadStream(path, { highWaterMark: STREAM_CHUNK })) yield chunk as Buffer;
  } catch (err) {
    throw sourceError(err, path, 'cannot read');
  }
}

function sourceError(err: unknown, location: string, doing: string): SourceError {
  if (err instanceof SourceError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new SourceError('not-found', location, `no such file or folder: ${location}`, { cause: err });
  if (code === 'EACCES' || code === 'EPERM') return new SourceError('access-denied', location, `${doing} ${location}: permission denied`, { cause: err });
  return new SourceError('other', location, `${doing} ${location}: ${message}`, { cause: err });
}
