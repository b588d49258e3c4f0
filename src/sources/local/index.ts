/**
 * The local filesystem source: files and folder trees, CloudTrail's `AWSLogs/...` layout included.
 *
 * Brief overview: a location is a file or a folder (a path, or a `file://` URL). A file is listed as
 * is. A folder is walked in stable order; below an `AWSLogs` folder, the layout
 * (`[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/`) lets whole folders be pruned by account, region
 * and date (widened by a day on each side: folders are named by delivery time). Digest and Insights
 * files are listed with `skip` set; so are files whose names are not log-file names (`.json`, `.jsonl`,
 * `.ndjson`, `.log`, `.txt`, `.gz`), as `not-a-log-file`. Other folders are walked whole; hidden
 * entries are ignored. A subfolder that cannot be listed is an error, a dangling symbolic link or a
 * FIFO in a folder a warning, each listed with `problem` set; a FIFO or device named as the location
 * is refused.
 *
 * ```ts
 * for await (const obj of localSource.list('fixtures/AWSLogs', { regions: ['us-east-1'] })) {
 *   if (obj.skip === undefined) for await (const chunk of obj.open()) use(chunk);
 * }
 * ```
 */
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceError, type ListingProblem, type SelectionFilter, type Source, type SourceObject } from '../types.js';
import { readLocalFile, sourceError } from './read.js';
import { pathFilter } from './layout.js';
import { entryKind, fileSkip, walk } from './walk.js';

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
    // Reading a FIFO would wait for a writer forever.
    if (!info.isFile()) throw new SourceError('other', location, `not a regular file or folder: ${location} (${entryKind(info)})`);
    const byName = fileSkip(path, null);
    // A file named explicitly is read whatever its extension; only digest / Insights names are skipped.
    yield fileObject(path, info.size, byName === 'not-a-log-file' ? undefined : byName);
    return;
  }
  try {
    for await (const f of walk(path, layoutBelow(path), pathFilter(filter))) {
      yield f.problem !== undefined ? problemObject(f.path, f.problem) : fileObject(f.path, f.size, f.skip);
    }
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
  const open = (): AsyncIterable<Uint8Array> => readLocalFile(path, size);
  return skip !== undefined ? { uri: path, size, skip, open } : { uri: path, size, open, localPath: path };
}

function problemObject(path: string, problem: ListingProblem): SourceObject {
  return {
    uri: path,
    size: null,
    problem,
    // Never opened by the replay, which reports the problem instead.
    async *open(): AsyncGenerator<Uint8Array> {
      throw new SourceError('other', path, `${path}: ${problem.message}`);
    },
  };
}
