/**
 * Messages between the main thread and replay workers. Workers receive the prefilters of the main
 * thread's detections, and hand back the records those admit for the main thread to evaluate; or, when
 * some detection has none (or deferring costs too much), rule *sources* and the dialects to load them
 * with, and compile them themselves (objects with methods do not cross threads). They receive
 * compressed bytes and send back compact `ObjectResult`s, never parsed records.
 *
 * main → worker: `init` once, then per batch of local files (which the worker reads itself) `files`, and
 * per other object `open`, `chunk`* (transferred buffers), `end`.
 * worker → main: `ready` (or `fatal`), `ack` per chunk consumed (flow control), `results` per batch of
 * files or per other object.
 *
 * Files go in batches because a message costs ~70 µs of CPU here (bench: a worker posting 900 small
 * results), about what the work on a small file costs.
 */
import type { DetectionInputs } from '../../dialects/index.js';
import type { Prefilter } from '../../dialects/types.js';
import type { ObjectResult } from '../object-result.js';
import type { PrefilterMode } from '../plan.js';
import type { InputFormat } from '../split/index.js';

/** The plan, as data: the inputs the main thread loaded its detections from, and the run's settings. */
export interface PlanSpec extends DetectionInputs {
  /**
   * The ids of the main thread's detections and correlations, in order: a worker that compiles others
   * fails to start, rather than report different detections.
   */
  readonly ids: readonly string[];
  readonly prefilterMode: PrefilterMode;
  readonly filter: {
    readonly since: number | null;
    readonly until: number | null;
    readonly accounts: readonly string[] | null;
    readonly regions: readonly string[] | null;
  } | null;
  readonly sampleSize: number;
}

export type ToWorker =
  /** `candidates`: the main thread matches, the worker defers candidates (`candidatePlan`); null: it loads the rules. */
  | { readonly type: 'init'; readonly plan: PlanSpec; readonly candidates: readonly Prefilter[] | null }
  | { readonly type: 'files'; readonly files: readonly FileJob[] }
  | { readonly type: 'open'; readonly seq: number; readonly uri: string; readonly format: InputFormat | null }
  | { readonly type: 'chunk'; readonly seq: number; readonly data: Uint8Array }
  | { readonly type: 'end'; readonly seq: number; readonly error: string | null };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'ack'; readonly seq: number }
  | { readonly type: 'results'; readonly results: readonly ObjectResult[] };

/** A local file for the worker to read and evaluate (see `SourceObject.localPath`). */
export interface FileJob {
  readonly seq: number;
  readonly uri: string;
  readonly path: string;
  readonly size: number | null;
  readonly format: InputFormat | null;
}
