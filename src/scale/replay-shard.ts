/**
 * One shard, anywhere: replays exactly a plan item's objects with the unchanged engine and returns its
 * partial report. The CLI (`replay --plan --shard`) and the Lambda worker both run this.
 */
import type { ResourceLimits } from 'node:worker_threads';
import type { LoadedDetections } from '../dialects/index.js';
import { loadSpec, registeredDialects } from '../engine/build-plan.js';
import { replayFold } from '../engine/replay.js';
import { canonicalJson } from './canonical-json.js';
import type { Source } from '../sources/types.js';
import type { PartialReport, RunFile, ShardItem, SpecFile } from './model.js';
import { makePartial, PartialMismatch } from './partial.js';
import { filterOf } from './plan-shards.js';
import { shardSource } from './shard-source.js';
import { scopeOf } from './spec-file.js';

export interface ShardOptions {
  readonly item: ShardItem;
  readonly run: RunFile;
  readonly spec: SpecFile;
  /** Sources for the plan's folders (the replay's own resolver, with its AWS options). */
  readonly resolveSource: (location: string) => Source;
  readonly workers?: number;
  readonly workerResourceLimits?: ResourceLimits;
  /** Objects read ahead of evaluation (S3). */
  readonly readAhead?: number;
}

/** The last rule set compiled, by its canonical spec: a container or process replays many shards of one run. */
let compiled: { key: string; value: LoadedDetections } | null = null;

function compile(spec: SpecFile): LoadedDetections {
  const key = canonicalJson(spec.spec);
  if (compiled?.key !== key) compiled = { key, value: loadSpec(spec.spec, registeredDialects(spec.spec)) };
  return compiled.value;
}

/** Replays one shard; throws PartialMismatch when the item is not of the run's plan. */
export async function replayShard(o: ShardOptions): Promise<PartialReport> {
  const { item, run, spec } = o;
  if (item.plan !== run.plan || item.of !== run.shards || item.shard < 0 || item.shard >= run.shards) {
    throw new PartialMismatch(`shard ${item.shard} is not an item of plan ${run.plan.slice(0, 12)} (${run.shards} shards)`);
  }
  const started = Date.now();
  const filter = filterOf(run.selection);
  const source = shardSource(item, filter, o.resolveSource);
  const fold = await replayFold(
    {
      locations: [`shard ${item.shard}`],
      resolveSource: () => source,
      // Loading problems are the reduce's to report, from the spec.
      detections: compile(spec),
      filter,
      prefilter: spec.spec.prefilterMode,
      falseAlarmSample: spec.spec.sampleSize,
      scope: scopeOf(spec),
      ...(o.workers !== undefined ? { workers: o.workers } : {}),
      ...(o.workerResourceLimits !== undefined ? { workerResourceLimits: o.workerResourceLimits } : {}),
      ...(o.readAhead !== undefined ? { readAhead: () => o.readAhead! } : {}),
    },
    [item.shard],
  );
  const state = fold.builder.state();
  // A shard's own listing failure (drift) goes before its objects' errors; the plan's listing
  // problems are the reduce's, where a replay reports them.
  state.errors = [...fold.sourceErrors.map((problem, i) => ({ at: [item.shard, -1, i], item: problem })), ...state.errors];
  return makePartial({ run, spec, shards: [item.shard], state }, { ms: Date.now() - started, objects: state.files });
}
