/**
 * Replay workers. The main thread streams each object's bytes to a worker with a small credit window
 * per object, so memory stays bounded whatever the object size. A worker takes more than one object at
 * a time (its event loop interleaves them) so that it is never idle while the main thread fetches the
 * next object's bytes: with one object per worker, workers sat idle 15% of a replay (bench: --cpu-prof
 * of the 200k-record synth corpus).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Prefilter } from '../../dialects/types.js';
import type { ObjectResult } from '../object-result.js';
import type { InputFormat } from '../split/index.js';
import type { FileJob, FromWorker, PlanSpec, ToWorker } from './protocol.js';

/** Chunks of one object in flight before the main thread waits for an ack. */
const WINDOW = 4;

/**
 * Objects the replay hands one worker at once (one per lane). With two, workers sat idle 15% of a
 * replay waiting for the main thread, which shares the cores with them (docs/benchmarks.md).
 */
export const OBJECTS_PER_WORKER = 4;

/**
 * A lane hands a worker up to this many consecutive local files (and about this many compressed bytes)
 * in one message, and gets their results in one. Messages went from five per file (open, chunk, end,
 * ack, result) to two per four files, and the workers' time in postMessage from 4–5% of a replay to
 * 1–3% (bench: --cpu-prof of the issue-5 corpus); eight files per message measured no better.
 */
export const FILES_PER_MESSAGE = 4;
export const BYTES_PER_MESSAGE = 1 << 20;

/**
 * The worker's module: built, the bundle of worker.js and its imports (scripts/bundle.mjs: ready in
 * about half the time), or worker.js when there is none. Under the TypeScript test loader, the built
 * bundle too (`npm test` builds first), started without the loader: a worker that compiled its ~100
 * modules itself took seconds to start on a loaded machine. worker.ts only when nothing is built, or
 * with TRAILPROOF_TEST_WORKER=ts (then run `npm run build` to get the fast path back): it needs the
 * parent's loader. Built JavaScript needs none of the parent's loaders or preloads (a test runner's,
 * an application's tsx or APM agent) and starts without them: under tap, a replay with one worker
 * took 1.8 s with them and 0.8 s without.
 */
const WORKER: { readonly url: URL; readonly execArgv?: string[] } = ((): { url: URL; execArgv?: string[] } => {
  if (import.meta.url.endsWith('.ts')) {
    const built = new URL('../../../dist/bundle/worker.js', import.meta.url);
    if (process.env.TRAILPROOF_TEST_WORKER !== 'ts' && existsSync(built)) return { url: built, execArgv: [] };
    return { url: new URL('./worker.ts', import.meta.url) };
  }
  const bundle = new URL('../../bundle/worker.js', import.meta.url);
  return { url: existsSync(bundle) ? bundle : new URL('./worker.js', import.meta.url), execArgv: [] };
})();

function startThread(resourceLimits?: ResourceLimits): Worker {
  return new Worker(WORKER.url, {
    ...(WORKER.execArgv !== undefined ? { execArgv: WORKER.execArgv } : {}),
    ...(resourceLimits !== undefined ? { resourceLimits } : {}),
  });
}

/** A thread started before its plan was known, and whether it has failed since. */
interface Prestarted {
  readonly worker: Worker;
  failed: boolean;
  readonly onFailure: () => void;
}
const prestarted: Prestarted[] = [];

/**
 * Starts worker threads before a replay knows its plan, so that their start-up (Node's own, ~100 ms
 * here, and compiling the bundle) overlaps the main thread's: loading the command's modules and the
 * detections. The next workers a replay starts take them (those without resource limits). At most
 * one per core waits at a time, whatever the calls; a waiting thread does not keep the process alive.
 * Measured: docs/benchmarks.md, "Start-up".
 */
export function prestartWorkers(count: number): void {
  if (!Number.isInteger(count) || count < 1) return;
  const wanted = Math.min(count, availableParallelism()) - prestarted.length;
  for (let i = 0; i < wanted; i++) {
    const worker = startThread();
    const entry: Prestarted = { worker, failed: false, onFailure: () => (entry.failed = true) };
    worker.on('error', entry.onFailure);
    worker.on('exit', entry.onFailure);
    worker.unref();
    prestarted.push(entry);
  }
}

/** The prestarted threads still waiting for a replay (for tests). */
export function prestartedThreads(): readonly Worker[] {
  return prestarted.map((p) => p.worker);
}

/** A prestarted thread that has not failed, now holding the process alive like any worker; else null. */
function takePrestarted(): Worker | null {
  for (let p = prestarted.shift(); p !== undefined; p = prestarted.shift()) {
    p.worker.off('error', p.onFailure);
    p.worker.off('exit', p.onFailure);
    if (!p.failed) {
      p.worker.ref();
      return p.worker;
    }
    void p.worker.terminate();
  }
  return null;
}

/** Copies a chunk into its own ArrayBuffer when it shares one (pooled Buffers must not be transferred). */
function ownBuffer(chunk: Uint8Array): Uint8Array {
  if (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer) return chunk;
  return new Uint8Array(chunk);
}

/** Flow-control state of one object being evaluated by the worker. */
interface Flight {
  credits: number;
  finished: boolean;
  wake: (() => void) | null;
  resolve: (r: ObjectResult) => void;
  reject: (e: Error) => void;
}

/**
 * A worker died (out of memory, an uncaught exception, an exit) while it held objects: none of them is
 * to blame yet, and none of their records was counted (results count only when a worker returns them).
 */
export class WorkerDied extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WorkerDied';
  }
}

/** One worker thread. */
export class ReplayWorker {
  private readonly worker: Worker;
  private readonly flights = new Map<number, Flight>();
  private failure: Error | null = null;
  private closing = false;
  private started = false;
  private readonly ready: Promise<void>;

  constructor(plan: PlanSpec, candidates: readonly Prefilter[] | null, resourceLimits?: ResourceLimits) {
    this.worker = (resourceLimits === undefined ? takePrestarted() : null) ?? startThread(resourceLimits);
    this.ready = new Promise<void>((resolve, reject) => {
      const die = (e: Error): void => {
        if (this.failure !== null) return;
        this.failure = e;
        reject(e);
        for (const f of this.flights.values()) {
          f.finished = true;
          this.wake(f);
          f.reject(e);
        }
        this.flights.clear();
      };
      this.worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready':
            this.started = true;
            resolve();
            return;
          case 'fatal':
            reject(new Error(`worker failed to start: ${m.message}`));
            return;
          case 'ack': {
            const f = this.flights.get(m.seq);
            if (f === undefined) return;
            f.credits++;
            this.wake(f);
            return;
          }
          case 'results':
            for (const result of m.results) {
              const f = this.flights.get(result.seq);
              if (f === undefined) continue;
              this.flights.delete(result.seq);
              // The worker may finish before consuming every chunk (a file it gave up on): stop sending.
              f.finished = true;
              this.wake(f);
              f.resolve(result);
            }
            return;
        }
      });
      this.worker.on('error', (e) => die(new WorkerDied(e.message, { cause: e })));
      // An exit without an error (process.exit in a dependency) would leave its objects waiting forever.
      this.worker.on('exit', (code) => {
        if (!this.closing) die(new WorkerDied(`worker exited with code ${code}`));
      });
    });
    // Nobody may be waiting for it yet (a worker that dies before its first object).
    this.ready.catch(() => undefined);
    this.post({ type: 'init', plan, candidates });
  }

  private wake(f: Flight): void {
    const w = f.wake;
    f.wake = null;
    w?.();
  }

  private post(m: ToWorker, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(m, transfer);
  }

  /** Streams one object to the worker and resolves with its result. */
  async run(seq: number, uri: string, chunks: AsyncIterable<Uint8Array>, format: InputFormat | undefined): Promise<ObjectResult> {
    await this.ready;
    if (this.failure !== null) throw this.failure;
    let flight!: Flight;
    const result = new Promise<ObjectResult>((resolve, reject) => {
      flight = { credits: WINDOW, finished: false, wake: null, resolve, reject };
    });
    // The worker may die while the chunks are still being read: awaited below, handled now.
    result.catch(() => undefined);
    this.flights.set(seq, flight);
    this.post({ type: 'open', seq, uri, format: format ?? null });
    let error: string | null = null;
    try {
      for await (const chunk of chunks) {
        while (flight.credits === 0 && !flight.finished) {
          await new Promise<void>((resolve) => {
            flight.wake = resolve;
          });
        }
        if (flight.finished) break;
        flight.credits--;
        const data = ownBuffer(chunk);
        this.post({ type: 'chunk', seq, data }, [data.buffer as ArrayBuffer]);
      }
    } catch (e) {
      error = (e as Error).message;
    }
    if (!flight.finished) this.post({ type: 'end', seq, error });
    return result;
  }

  /**
   * Has the worker read the local files of `jobs` itself (see `SourceObject.localPath`) and evaluate
   * them; resolves with their results, in the same order, when all are done.
   */
  async runFiles(jobs: readonly FileJob[]): Promise<ObjectResult[]> {
    await this.ready;
    if (this.failure !== null) throw this.failure;
    const results = jobs.map(
      (job) =>
        new Promise<ObjectResult>((resolve, reject) => {
          this.flights.set(job.seq, { credits: 0, finished: false, wake: null, resolve, reject });
        }),
    );
    this.post({ type: 'files', files: jobs });
    return Promise.all(results);
  }

  /** True once the thread has died or failed to start: it takes no more objects. */
  get failed(): boolean {
    return this.failure !== null;
  }

  /** True when the thread died before it was ready: another one would most likely die too. */
  get diedStarting(): boolean {
    return this.failure !== null && !this.started;
  }

  /** Stops the thread. */
  async close(): Promise<void> {
    this.closing = true;
    await this.worker.terminate();
  }
}

/**
 * Upper bound on worker threads: more threads than this many per core only cost memory (each holds its
 * own compiled plan and buffers; `--workers 1000` on 9 files took 112 s and 12.3 GiB, issue 17).
 */
export const WORKERS_PER_CORE = 4;

/** The worker count a replay uses for `requested` threads: at most WORKERS_PER_CORE per core. */
export function workerLimit(requested: number): number {
  return Math.min(requested, WORKERS_PER_CORE * availableParallelism());
}

/**
 * The replay's workers. The first ones (one per core at most) start at once, so that their start-up
 * overlaps the main thread's; the others only when a lane has an object for them, so a run never
 * starts more of those than it has objects. A worker that died is replaced by the next call to
 * `worker()`. `alone()` runs an object in a worker of its own, one object at a time, to tell which
 * object of a dead worker killed it.
 */
export class WorkerPool {
  private readonly workers: (ReplayWorker | undefined)[];
  private isolated: ReplayWorker | null = null;
  private isolatedQueue: Promise<unknown> = Promise.resolve();
  private readonly all: ReplayWorker[] = [];

  constructor(
    private readonly spec: PlanSpec,
    readonly size: number,
    private readonly resourceLimits?: ResourceLimits,
    /** The main thread's prefilters when it evaluates the candidates (`candidatePlan`), else null. */
    private readonly candidates: readonly Prefilter[] | null = null,
  ) {
    const atOnce = availableParallelism();
    this.workers = Array.from({ length: size }, (_, i) => (i < atOnce ? this.start() : undefined));
  }

  private start(): ReplayWorker {
    const w = new ReplayWorker(this.spec, this.candidates, this.resourceLimits);
    this.all.push(w);
    return w;
  }

  /** The `i`th worker: started on first use, replaced when it has died (not when it died starting). */
  worker(i: number): ReplayWorker {
    let w = this.workers[i];
    if (w === undefined || (w.failed && !w.diedStarting)) this.workers[i] = w = this.start();
    return w;
  }

  /** Workers started so far (replacements included). */
  get startedCount(): number {
    return this.all.length;
  }

  /**
   * Runs `task` in the isolated worker with nothing else in it; resolves with the task's outcome, or
   * with the error that stopped the worker (the object killed it when it died running it alone).
   */
  alone<T>(task: (w: ReplayWorker) => Promise<T>): Promise<T | Error> {
    const run = async (): Promise<T | Error> => {
      if (this.isolated === null || (this.isolated.failed && !this.isolated.diedStarting)) this.isolated = this.start();
      try {
        return await task(this.isolated);
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e));
      }
    };
    const next = this.isolatedQueue.then(run);
    this.isolatedQueue = next;
    return next;
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.close()));
  }
}
