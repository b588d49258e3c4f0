/**
 * `trailproof plan`: lists the locations exactly as a replay would (same sources, same selection, same
 * order) and cuts the listing into shards. Same listing and options, byte-identical plan: no clock,
 * no randomness.
 */
import type { ReportProblem } from '../report/model.js';
import type { SelectionFilter, Source } from '../sources/types.js';
import { canonicalJson, sha256 } from './canonical-json.js';
import { cutByTarget, cutIntoCount, targetShardBytes, type Weighed } from './cut.js';
import { folderOf } from './folder.js';
import { RUN_SCHEMA, type RunFile, type Segment, type ShardItem } from './model.js';

/** Planning rate per vCPU, uncompressed (docs/scale-out.md: 25% under the measured 300-335 MB/s per core). */
export const PLANNING_RATE = 250e6;
/** gzip ratio of the bench corpus, used when nothing better is known. */
export const ASSUMED_GZIP_RATIO = 6.7;

/** How to size shards: a count, a target, or (neither) the sizing model of docs/scale-out.md. */
export interface PlanOptions {
  readonly locations: readonly string[];
  readonly resolveSource: (location: string) => Source;
  readonly filter: SelectionFilter;
  /** Exactly this many shards (byte-balanced, cuts may fall inside a day). */
  readonly shards?: number;
  /** About this many stored bytes per shard (whole days packed, big days split). */
  readonly targetShardBytes?: number;
  /** Concurrency the model fills (default 1,000, Lambda's default Regional quota). */
  readonly concurrency?: number;
}

/** A plan: the Distributed Map items and the run facts. */
export interface ShardPlan {
  readonly items: readonly ShardItem[];
  readonly run: RunFile;
}

interface ListedObject extends Weighed {
  readonly uri: string;
}

/** Lists the locations and cuts the listing into shards. */
export async function planShards(options: PlanOptions): Promise<ShardPlan> {
  const objects: ListedObject[] = [];
  const errors: ReportProblem[] = [];
  const warnings: string[] = [];
  for (const location of options.locations) {
    if (!location.startsWith('s3://') && (location === '-' || location.includes('://'))) {
      throw new Error(`cannot plan ${location}: shards are planned for local folders and s3:// locations only`);
    }
    try {
      for await (const obj of options.resolveSource(location).list(location, options.filter)) {
        // Reported once, by the reduce, where a replay reports them; shards never see them.
        if (obj.problem !== undefined) {
          if (obj.problem.severity === 'error') errors.push({ file: obj.uri, message: `cannot list: ${obj.problem.message}` });
          else warnings.push(`${obj.uri}: ${obj.problem.message}`);
          continue;
        }
        objects.push({ uri: obj.uri, size: obj.size ?? 0, folder: folderOf(obj.uri) });
      }
    } catch (e) {
      errors.push({ file: location, message: `cannot list: ${(e as Error).message}` });
    }
  }
  const bytes = objects.reduce((s, o) => s + o.size, 0);
  const target =
    options.shards !== undefined
      ? null
      : (options.targetShardBytes ??
        targetShardBytes(bytes, { rate: PLANNING_RATE, gzipRatio: ASSUMED_GZIP_RATIO, concurrency: options.concurrency ?? 1000, minSeconds: 5, maxSeconds: 300 }));
  const ranges = target === null ? cutIntoCount(objects, Math.max(1, options.shards!)) : cutByTarget(objects, target);
  const shards = ranges.map(([a, b], shard) => describeShard(objects, a, b, shard, ranges.length));
  const plan = sha256(canonicalJson({ sources: options.locations, filter: selectionOf(options.filter), shards, errors, warnings }));
  const run: RunFile = {
    schema: RUN_SCHEMA,
    plan,
    shards: shards.length,
    sources: [...options.locations],
    selection: selectionOf(options.filter),
    listing: { errors, warnings },
    objects: objects.length,
    bytes,
    sizing: { targetShardBytes: target, requestedShards: options.shards ?? null },
  };
  return { items: shards.map((s) => ({ plan, ...s })), run };
}

/** The selection as the report states it. */
export function selectionOf(filter: SelectionFilter): RunFile['selection'] {
  return {
    since: filter.since?.toISOString() ?? null,
    until: filter.until?.toISOString() ?? null,
    accounts: filter.accounts ?? [],
    regions: filter.regions ?? [],
  };
}

/** The selection filter back from the run file. */
export function filterOf(selection: RunFile['selection']): SelectionFilter {
  return {
    ...(selection.since !== null ? { since: new Date(selection.since) } : {}),
    ...(selection.until !== null ? { until: new Date(selection.until) } : {}),
    ...(selection.accounts.length > 0 ? { accounts: selection.accounts } : {}),
    ...(selection.regions.length > 0 ? { regions: selection.regions } : {}),
  };
}

function describeShard(all: readonly ListedObject[], start: number, end: number, shard: number, of: number): Omit<ShardItem, 'plan'> {
  const segments: Segment[] = [];
  // The neighbours in the same folder, so that an object added at a shard's edge after planning is seen.
  const neighbour = (i: number, folder: string): string | null => (all[i] !== undefined && all[i]!.folder === folder ? all[i]!.uri : null);
  for (let i = start; i < end; ) {
    const folder = all[i]!.folder;
    let j = i;
    while (j < end && all[j]!.folder === folder) j++;
    segments.push({ folder, before: neighbour(i - 1, folder), first: all[i]!.uri, last: all[j - 1]!.uri, after: neighbour(j, folder), objects: j - i });
    i = j;
  }
  const objects = all.slice(start, end);
  return { shard, of, segments, objects: objects.length, bytes: objects.reduce((s, o) => s + o.size, 0), keysDigest: keysDigest(objects) };
}

/** The digest a shard's worker recomputes from its own listing. */
export function keysDigest(objects: readonly { readonly uri: string; readonly size: number | null }[]): string {
  return sha256(objects.map((o) => `${o.uri}\t${o.size ?? 0}\n`).join(''));
}
