/**
 * Walking a folder tree in a stable order (names compared by code unit, depth first), pruning layout
 * folders the selection cannot need and following symbolic links once.
 */
import { statSync, type Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectSkipReason } from '../types.js';
import { layoutSkip, pruneFolder, type PathFilter } from './layout.js';

/** A file found by the walk. */
export interface WalkedFile {
  readonly path: string;
  readonly size: number;
  readonly skip?: ObjectSkipReason;
}

// Names of files worth opening in a folder walk; anything else is listed as `not-a-log-file`.
const LOG_FILE_NAME = /\.(?:json|jsonl|ndjson|log|txt|gz)$/i;
const DIGEST_OR_INSIGHT_NAME = /_CloudTrail-(Digest|Insight)_/;

/**
 * Walks `root` (a folder). `layout`: the segments below the nearest `AWSLogs` folder at or above
 * `root` (null when there is none). Hidden entries (names starting with '.') are not listed.
 */
export async function* walk(root: string, layout: readonly string[] | null, filter: PathFilter): AsyncGenerator<WalkedFile> {
  yield* walkFolder(root, layout, filter, new Set([await realpath(root)]));
}

async function* walkFolder(
  dir: string,
  layout: readonly string[] | null,
  filter: PathFilter,
  seen: Set<string>,
): AsyncGenerator<WalkedFile> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const kind = kindOf(entry, path);
    if (kind === null) continue;
    const segs = layout !== null ? [...layout, entry.name] : entry.name === 'AWSLogs' ? [] : null;
    if (kind.dir) {
      if (layout !== null && pruneFolder(segs as string[], filter)) continue;
      if (entry.isSymbolicLink()) {
        const real = await realpath(path);
        if (seen.has(real)) continue;
        seen.add(real);
      }
      yield* walkFolder(path, segs, filter, seen);
      continue;
    }
    const skip = fileSkip(entry.name, layout !== null ? (segs as string[]) : null);
    yield skip !== undefined ? { path, size: kind.size, skip } : { path, size: kind.size };
  }
}

/** Why a file found by the walk is not opened, if it is not. */
export function fileSkip(name: string, layout: readonly string[] | null): ObjectSkipReason | undefined {
  const digestOrInsight = DIGEST_OR_INSIGHT_NAME.exec(name);
  if (digestOrInsight !== null) return digestOrInsight[1] === 'Digest' ? 'cloudtrail-digest' : 'cloudtrail-insight';
  const byLayout = layout !== null ? layoutSkip(layout) : undefined;
  if (byLayout !== undefined) return byLayout;
  return LOG_FILE_NAME.test(name) ? undefined : 'not-a-log-file';
}

/**
 * Whether an entry is a folder or a file, and a file's size. `statSync`: 900 asynchronous stats cost
 * 130 ms of the main thread's CPU in a replay of 900 files, synchronous ones a few (docs/benchmarks.md).
 */
function kindOf(entry: Dirent, path: string): { dir: boolean; size: number } | null {
  if (entry.isDirectory()) return { dir: true, size: 0 };
  if (entry.isFile() || entry.isSymbolicLink()) {
    try {
      const st = statSync(path);
      if (st.isDirectory()) return { dir: true, size: 0 };
      if (st.isFile()) return { dir: false, size: st.size };
    } catch {
      // A dangling symbolic link or a file removed during the walk: nothing to read.
    }
  }
  return null;
}
