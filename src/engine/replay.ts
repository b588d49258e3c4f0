/**
 * Replay orchestration: list objects from the sources, evaluate them (in worker threads or in-process),
 * merge the results in listing order into the report.
 */
import { availableParallelism } from 'node:os';
import type { ResourceLimits } from 'node:worker_threads';
import { unreachableDialects } from '../dialects/dialect-ref.js';
import type { LoadedDetections } from '../dialects/index.js';
import type { CorrelationDetection } from '../dialects/types.js';
import type { Report, ReportProblem } from '../report/model.js';
import { resolveSource } from '../sources/index.js';
import { prefetchObjects } from '../sources/prefetch.js';
import type { SelectionFilter, Source, SourceObject } from '../sources/types.js';
import { evaluateObject, failedObject, skippedObject } from './evaluate-object.js';
import type { ObjectResult } from './object-result.js';
import { planSpecOf, recordFilterOf } from './plan-spec.js';
import { candidatePrefilters, makePlan, type Plan, type PrefilterMode } from './plan.js';
import { settleDeferred } from './deferred.js';
import { ReportBuilder } from './report-builder.js';
import { applyScopes } from './scope/apply-scope.js';
import { resolveScopes, type ScopeOptions } from './scope/resolve-scope.js';
import type { InputFormat } from './split/index.js';
import { BYTES_PER_MESSAGE, FILES_PER_MESSAGE, OBJECTS_PER_WORKER, workerLimit, WorkerDied, WorkerPool, type ReplayWorker } from './workers/pool.js';
import { VERSION } from '../version.js';

/** Sources as the CLI resolves them, with the SDK's defaults for AWS. */
const defaultResolve = (location: string): Source => resolveSource(location, {});

/** Progress of a replay, for the progress display. */
export interface ReplayProgress {
  readonly objectsListed: number;
  readonly objectsDone: number;
  readonly bytesListed: number;
  readonly bytesDone: number;
  readonly records: number;
  /** True once every source has been listed completely. */
  readonly listingDone: boolean;
}

/** What to replay and how. */
export interface ReplayOptions {
  /** Locations as the user typed them (paths, `s3://...`, `cwlogs://...`). */
  readonly locations: readonly string[];
  /**
   * Resolves a location to the source that reads it. Default: `resolveSource(location, {})` of
   * src/sources (local paths, `-`, `s3://` and `cwlogs://` with the SDK's default credentials and region).
   */
  readonly resolveSource?: (location: string) => Source;
  /**
   * What to replay through (`loadDetections`), evaluated as given in the main thread. When every
   * detection has a prefilter, worker threads hand the main thread the records a prefilter admits (and
   * root candidates) and load the rules only for an object too large to read whole, or when those
   * records are many (src/engine/deferred.ts, src/engine/workers/worker.ts); otherwise they load the
   * same files with the same dialects and field mappings again.
   */
  readonly detections: LoadedDetections;
  readonly filter?: SelectionFilter;
  /** Force an input format instead of detecting it per file. */
  readonly format?: InputFormat;
  /**
   * Worker threads; 0 evaluates in the main thread. Default: available parallelism. At most
   * WORKERS_PER_CORE per core (workers/pool.ts); those beyond one per core start only when there is an
   * object for them.
   */
  readonly workers?: number;
  /**
   * Memory limits of each worker thread. A worker that dies (out of memory, or otherwise) is replaced;
   * the objects it held go again one at a time, and only one that kills a worker alone fails.
   */
  readonly workerResourceLimits?: ResourceLimits;
  /**
   * True: every worker loads the rules and evaluates its records itself, as it does when some detection
   * has no prefilter (the plain twin of handing candidates to the main thread; reports are identical).
   */
  readonly rulesInWorkers?: boolean;
  /** `off` is the plain twin (every record parsed); reports must be identical either way. */
  readonly prefilter?: PrefilterMode;
  /**
   * Per location, how many objects to fetch ahead of evaluation (sources with latency, like S3, want
   * more than the worker count); 0 or absent reads each object only when a lane takes it.
   */
  readonly readAhead?: (location: string) => number;
  readonly warnings?: readonly string[];
  /** How many false alarms per detection the report lists (default 10; the count is always exact). */
  readonly falseAlarmSample?: number;
  /** The tool version the report names; default: this package's. */
  readonly version?: string;
  readonly onProgress?: (p: ReplayProgress) => void;
  /** Fixed clock for reproducible reports (tests). */
  readonly now?: Date;
  /** How detections' scopes are decided (default: declared, else inferred). */
  readonly scope?: ScopeOptions;
}

/** Replays the sources through the detections and returns the report. */
export async function replay(options: ReplayOptions): Promise<Report> {
  const folding = replayFold(options);
  // Scopes depend on the detections alone: worked out (~20 ms of matching) while the workers start,
  // not after the run.
  const scopes = resolveScopes(options.detections.detections, options.detections.correlations, options.scope);
  const run = await folding;
  const filter = options.filter ?? {};
  const merged = run.builder.finish({
    version: options.version ?? VERSION,
    sources: options.locations,
    since: filter.since?.toISOString() ?? null,
    until: filter.until?.toISOString() ?? null,
    accounts: filter.accounts ?? [],
    regions: filter.regions ?? [],
    correlations: run.correlations,
    diagnostics: options.detections.diagnostics,
    notApplicable: options.detections.notApplicable,
    warnings: [...(options.warnings ?? []), ...run.warnings],
    sourceErrors: run.sourceErrors,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  return applyScopes(merged, scopes);
}

/** A replay folded but not yet finished into a report (scale-out shards stop here, src/scale). */
export interface ReplayFold {
  readonly plan: Plan;
  readonly correlations: readonly CorrelationDetection[];
  readonly builder: ReportBuilder;
  readonly sourceErrors: readonly ReportProblem[];
  /** The run's own warnings: listing problems, detections kept out of worker threads. */
  readonly warnings: readonly string[];
}

/**
 * Lists and evaluates every object into a `ReportBuilder`. `atPrefix` goes before each object's place
 * in the listing (a shard's index).
 */
export async function replayFold(options: ReplayOptions, atPrefix: readonly number[] = []): Promise<ReplayFold> {
  const filter = options.filter ?? {};
  const loaded = options.detections;
  const spec = planSpecOf(loaded, options);
  // A dialect no worker can import would silently vanish from workers' results: it runs in the main thread.
  const unreachable = unreachableDialects(loaded.dialects);
  const threadWarnings =
    unreachable.length > 0 && options.workers !== 0
      ? [`evaluated in the main thread: dialect ${unreachable.map((id) => `'${id}'`).join(', ')} names no module worker threads can import (Dialect.module)`]
      : [];
  // Workers start first: their start-up (loading modules, and the rules where they need them)
  // overlaps the main thread's own plan.
  const workerCount = unreachable.length > 0 ? 0 : workerLimit(options.workers ?? availableParallelism());
  const candidates = options.rulesInWorkers === true ? null : candidatePrefilters(loaded.detections, spec.prefilterMode);
  const pool = workerCount === 0 ? null : new WorkerPool(spec, workerCount, options.workerResourceLimits, candidates);
  const correlations = loaded.correlations;
  const plan = makePlan(loaded.detections, correlations, recordFilterOf(spec.filter), spec.prefilterMode, spec.sampleSize);
  const builder = new ReportBuilder(plan, atPrefix);
  const sourceErrors: ReportProblem[] = [];
  const listingWarnings: string[] = [];

  const progress = { objectsListed: 0, objectsDone: 0, bytesListed: 0, bytesDone: 0, records: 0, listingDone: false };
  const report = (): void => options.onProgress?.({ ...progress });

  let seq = 0;
  async function* listAll(): AsyncGenerator<Listed> {
    for (const location of options.locations) {
      try {
        const source = (options.resolveSource ?? defaultResolve)(location);
        const ahead = options.readAhead?.(location) ?? 0;
        const listed = source.list(location, filter);
        // Every object prefetchObjects yields is read to its end or abandoned by `break` in the worker pool.
        const objects = ahead > 0 ? prefetchObjects(listed, { concurrency: ahead }) : listed;
        for await (const obj of objects) {
          if (obj.problem !== undefined) {
            // Listed where it was found, in listing order: the same report whatever the worker count.
            if (obj.problem.severity === 'error') sourceErrors.push({ file: obj.uri, message: `cannot list: ${obj.problem.message}` });
            else listingWarnings.push(`${obj.uri}: ${obj.problem.message}`);
            continue;
          }
          progress.objectsListed++;
          progress.bytesListed += obj.size ?? 0;
          yield { seq: seq++, obj };
        }
      } catch (e) {
        sourceErrors.push({ file: location, message: `cannot list: ${(e as Error).message}` });
      }
    }
    progress.listingDone = true;
  }
  const listing = listAll();

  const pending = new Map<number, ObjectResult>();
  let nextSeq = 0;
  const deliver = (worked: ObjectResult, size: number): void => {
    const r = settleDeferred(plan, worked);
    progress.objectsDone++;
    progress.bytesDone += size;
    progress.records += r.total;
    pending.set(r.seq, r);
    for (let next = pending.get(nextSeq); next !== undefined; next = pending.get(nextSeq)) {
      pending.delete(nextSeq);
      builder.add(next);
      nextSeq++;
    }
    report();
  };

  const lanes = workerCount === 0 ? 1 : workerCount * OBJECTS_PER_WORKER;
  const take = async (): Promise<Listed | null> => {
    const next = await listing.next();
    return next.done === true ? null : next.value;
  };
  try {
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        const worker = pool === null ? null : { pool, index: lane % workerCount };
        let carried: Listed | null = null;
        for (;;) {
          const first = carried ?? (await take());
          carried = null;
          if (first === null) return;
          if (worker === null || !isLocalJob(first.obj)) {
            deliver(await runOne(plan, first, worker, options.format), first.obj.size ?? 0);
            continue;
          }
          // Consecutive local files go to the worker in one message (see FILES_PER_MESSAGE).
          const batch = [first];
          let bytes = first.obj.size ?? 0;
          while (batch.length < FILES_PER_MESSAGE && bytes < BYTES_PER_MESSAGE) {
            const more = await take();
            if (more === null) break;
            if (!isLocalJob(more.obj)) {
              carried = more;
              break;
            }
            batch.push(more);
            bytes += more.obj.size ?? 0;
          }
          const results = await runFiles(plan, batch, worker, options.format);
          batch.forEach((b, i) => deliver(results[i]!, b.obj.size ?? 0));
        }
      }),
    );
  } finally {
    await pool?.close();
  }

  return { plan, correlations, builder, sourceErrors, warnings: [...threadWarnings, ...listingWarnings] };
}

/** An object as listed, with its position in the run's listing. */
interface Listed {
  readonly seq: number;
  readonly obj: SourceObject;
}

/** A local file a worker can read itself. */
function isLocalJob(obj: SourceObject): obj is SourceObject & { localPath: string } {
  return obj.skip === undefined && obj.localPath !== undefined;
}

/** The pool's worker a lane uses. */
interface LaneWorker {
  readonly pool: WorkerPool;
  readonly index: number;
}

/**
 * Evaluates a batch of local files in a worker, which reads them itself. When the worker dies, none of
 * the batch's results was counted: each file goes again alone (see `retryAlone`).
 */
async function runFiles(plan: Plan, batch: readonly Listed[], worker: LaneWorker, format: InputFormat | undefined): Promise<ObjectResult[]> {
  const jobs = batch.map(({ seq, obj }) => ({ seq, uri: obj.uri, path: obj.localPath!, size: obj.size, format: format ?? null }));
  try {
    return await worker.pool.worker(worker.index).runFiles(jobs);
  } catch (e) {
    if (!(e instanceof WorkerDied)) return batch.map(({ seq, obj }) => failedObject(plan, seq, obj.uri, `worker failed: ${(e as Error).message}`));
    return Promise.all(batch.map((b, i) => retryAlone(plan, b, worker.pool, async (w) => (await w.runFiles([jobs[i]!]))[0]!)));
  }
}

/**
 * Evaluates one object the main thread reads. An object whose bytes crossed a network
 * (`SourceObject.refetch`) and turned out damaged is read once more, and only that reading's result is
 * kept: corruption in transit costs one more fetch, and no record of the damaged reading is counted.
 * Damaged twice, it is reported damaged once (the second reading's errors).
 */
async function runOne(plan: Plan, item: Listed, worker: LaneWorker | null, format: InputFormat | undefined): Promise<ObjectResult> {
  const { seq, obj } = item;
  if (obj.skip !== undefined) return skippedObject(plan, seq, obj.uri, obj.skip);
  const first = await evaluateOnce(plan, item, worker, format);
  if (!first.damaged || obj.refetch !== true) return first;
  return evaluateOnce(plan, item, worker, format);
}

async function evaluateOnce(plan: Plan, item: Listed, worker: LaneWorker | null, format: InputFormat | undefined): Promise<ObjectResult> {
  const { seq, obj } = item;
  if (worker === null) return evaluateObject(plan, seq, obj.uri, obj.open(), format);
  try {
    return await worker.pool.worker(worker.index).run(seq, obj.uri, obj.open(), format);
  } catch (e) {
    if (!(e instanceof WorkerDied)) return failedObject(plan, seq, obj.uri, `worker failed: ${(e as Error).message}`);
    return retryAlone(plan, item, worker.pool, (w) => w.run(seq, obj.uri, obj.open(), format));
  }
}

/**
 * Runs an object of a worker that died again, alone in a worker: it fails only if it kills that one
 * too, and then it is the object that killed both.
 */
async function retryAlone(plan: Plan, item: Listed, pool: WorkerPool, task: (w: ReplayWorker) => Promise<ObjectResult>): Promise<ObjectResult> {
  const outcome = await pool.alone(task);
  if (!(outcome instanceof Error)) return outcome;
  const message = outcome instanceof WorkerDied ? `worker died on this object: ${outcome.message}` : `worker failed: ${outcome.message}`;
  return failedObject(plan, item.seq, item.obj.uri, message);
}
