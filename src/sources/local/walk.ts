/**
 * Walking a folder tree in a stable order (names compared by code unit, depth first), pruning layout
 * folders the selection cannot need and following symbolic links once. What it cannot read (a folder it
 * may not list, a dangling symbolic link, a FIFO or device) is listed as a problem in its place, and the
 * walk goes on.
 */
import { readlinkSync, statSync, type Dirent, type Stats } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListingProblem, ObjectSkipReason } from '../types.js';
import { layoutSkip, pruneFolder, type PathFilter } from './layout.js';

/** A file found by the walk, or an entry it could not read (`problem` set). */
export interface WalkedFile {
  readonly path: string;
  readonly size: number;
  readonly skip?: ObjectSkipReason;
  readonly problem?: ListingProblem;
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
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    // One folder the walk may not list costs that folder only.
    yield { path: dir, size: 0, problem: { severity: 'error', message: causeOf(err) } };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const kind = kindOf(entry, path);
    if (kind === null) continue;
    if ('problem' in kind) {
      yield { path, size: 0, problem: kind.problem };
      continue;
    }
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
 * Whether an entry is a folder or a file, and a file's size; a problem for what cannot be read (a FIFO
 * would block the reader); null for a file removed during the walk. `statSync`: 900 asynchronous stats
 * cost 130 ms of the main thread's CPU in a replay of 900 files, synchronous ones a few
 * (docs/benchmarks.md).
 */
function kindOf(entry: Dirent, path: string): { dir: boolean; size: number } | { problem: ListingProblem } | null {
  if (entry.isDirectory()) return { dir: true, size: 0 };
  if (!entry.isFile() && !entry.isSymbolicLink()) return { problem: notRegular(entryKind(entry)) };
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    if (!entry.isSymbolicLink()) return null;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: { severity: 'warning', message: `dangling symbolic link (to ${linkTarget(path)}): skipped` } };
    return { problem: { severity: 'error', message: `cannot follow symbolic link: ${causeOf(err)}` } };
  }
  if (st.isDirectory()) return { dir: true, size: 0 };
  if (st.isFile()) return { dir: false, size: st.size };
  return { problem: notRegular(entryKind(st)) };
}

function notRegular(kind: string): ListingProblem {
  return { severity: 'warning', message: `not a regular file (${kind}): skipped` };
}

/** What kind of non-regular file an entry is, in words. */
export function entryKind(e: Dirent | Stats): string {
  if (e.isFIFO()) return 'a FIFO';
  if (e.isSocket()) return 'a socket';
  if (e.isCharacterDevice() || e.isBlockDevice()) return 'a device';
  return 'not a file or folder';
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return 'a missing target';
  }
}

/** Why a filesystem call failed, in words (the path is named by the problem's entry). */
function causeOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}
