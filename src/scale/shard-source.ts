/**
 * The objects of one shard, listed again by the source that listed them for the plan: each segment's
 * folder is re-listed with the run's selection and cut at its first and last object. Before anything
 * is read, the shard's keys digest is checked against the plan: a delivery that landed in the shard's
 * days after planning, or an object deleted since, fails the shard by name instead of changing the
 * counts silently.
 */
import type { SelectionFilter, Source, SourceObject } from '../sources/types.js';
import { SourceError } from '../sources/types.js';
import { folderOf } from './folder.js';
import type { ShardItem } from './model.js';
import { keysDigest } from './plan-shards.js';

/** A source whose `list` yields exactly the shard's objects, in plan order (the location is ignored). */
export function shardSource(item: ShardItem, filter: SelectionFilter, resolve: (location: string) => Source): Source {
  return {
    id: 'shard',
    accepts: () => true,
    async *list(): AsyncIterable<SourceObject> {
      const objects: SourceObject[] = [];
      for (const seg of item.segments) objects.push(...(await segmentObjects(item.shard, seg, filter, resolve)));
      const digest = keysDigest(objects);
      if (objects.length !== item.objects || digest !== item.keysDigest) {
        throw new SourceError(
          'other',
          `shard ${item.shard}`,
          `shard ${item.shard} of ${item.of} changed since it was planned (${item.objects} objects planned, ${objects.length} listed now; keys digest ${digest === item.keysDigest ? 'equal' : 'differs'}): plan again`,
        );
      }
      yield* objects;
    },
  };
}

async function segmentObjects(shard: number, seg: ShardItem['segments'][number], filter: SelectionFilter, resolve: (location: string) => Source): Promise<SourceObject[]> {
  const out: SourceObject[] = [];
  let previous: string | null = null;
  let inside = false;
  let done = false;
  const changed = (what: string): SourceError => new SourceError('other', seg.folder, `shard ${shard} changed since it was planned: ${what} (plan again)`);
  for await (const obj of resolve(seg.folder).list(seg.folder, filter)) {
    if (obj.problem !== undefined || folderOf(obj.uri) !== seg.folder) continue;
    if (done) {
      if (obj.uri !== seg.after) throw changed(`${obj.uri} is listed after ${seg.last}`);
      return out;
    }
    if (obj.uri === seg.first) {
      if (previous !== seg.before) throw changed(`${previous ?? 'nothing'} is listed before ${seg.first}`);
      inside = true;
    }
    if (inside) out.push(obj);
    if (inside && obj.uri === seg.last) done = true;
    previous = obj.uri;
  }
  if (!done) throw changed(`${inside ? seg.last : seg.first} is no longer listed under ${seg.folder}`);
  if (seg.after !== null) throw changed(`${seg.after} is no longer listed after ${seg.last}`);
  return out;
}
