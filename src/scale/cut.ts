/**
 * Cutting a listing into shards: contiguous runs of it, in listing order (shard i precedes shard i+1),
 * so the merge can order everything by (shard, place in shard).
 */

/** What cutting needs to know of a listed object. */
export interface Weighed {
  readonly folder: string;
  /** Stored bytes (0 when unknown: every object weighs at least 1). */
  readonly size: number;
}

/**
 * Exactly `n` shards of near-equal bytes: object i goes to the shard its starting byte offset falls in,
 * so a cut may fall inside a folder (a day), and a shard may be empty when objects are few.
 * Returns each shard's [start, end) object range.
 */
export function cutIntoCount(objects: readonly Weighed[], n: number): [number, number][] {
  const total = objects.reduce((s, o) => s + weight(o), 0);
  const ranges: [number, number][] = Array.from({ length: n }, () => [0, 0]);
  let offset = 0;
  let shard = 0;
  let start = 0;
  objects.forEach((o, i) => {
    const at = Math.min(n - 1, Math.floor((offset * n) / total));
    while (shard < at) {
      ranges[shard] = [start, i];
      shard++;
      start = i;
    }
    offset += weight(o);
  });
  for (; shard < n; shard++) {
    ranges[shard] = [start, objects.length];
    start = objects.length;
  }
  return ranges;
}

/**
 * Shards of about `target` bytes: whole folders packed greedily in listing order; a folder larger than
 * the target alone is split into near-equal byte ranges at object boundaries. At least one shard.
 */
export function cutByTarget(objects: readonly Weighed[], target: number): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < objects.length; ) {
    let end = i;
    let folderBytes = 0;
    while (end < objects.length && objects[end]!.folder === objects[i]!.folder) folderBytes += weight(objects[end++]!);
    if (folderBytes > target) {
      if (i > start) ranges.push([start, i]);
      const parts = Math.ceil(folderBytes / target);
      for (const [a, b] of cutIntoCount(objects.slice(i, end), parts)) if (b > a) ranges.push([i + a, i + b]);
      start = end;
      bytes = 0;
    } else if (bytes + folderBytes > target && i > start) {
      ranges.push([start, i]);
      start = i;
      bytes = folderBytes;
    } else {
      bytes += folderBytes;
    }
    i = end;
  }
  if (start < objects.length || ranges.length === 0) ranges.push([start, objects.length]);
  return ranges;
}

function weight(o: Weighed): number {
  return Math.max(1, o.size);
}

/**
 * The planned stored bytes per shard (docs/scale-out.md "Sizing"): enough shards to fill the
 * concurrency, none under `minSeconds` or over `maxSeconds` of work at `rate` uncompressed bytes/s, and
 * whole waves when there is more work than one wave.
 */
export function targetShardBytes(totalStored: number, o: { rate: number; gzipRatio: number; concurrency: number; minSeconds: number; maxSeconds: number }): number {
  const total = totalStored * o.gzipRatio;
  const most = o.rate * o.maxSeconds;
  const perWorker = total / o.concurrency;
  const work = perWorker > most ? total / (o.concurrency * Math.ceil(perWorker / most)) : Math.max(o.rate * o.minSeconds, perWorker);
  return Math.max(1, Math.floor(work / o.gzipRatio));
}
