/**
 * Replay workers. The main thread streams each object's bytes to a worker with a small credit window
 * per object, so memory stays bounded whatever the object size. A worker takes more than one object at
 * a time (its event loop interleaves them) so that it is never idle while the main thread fetches the
 * next object's bytes: with one object per worker, workers sat idle 15% of a replay (bench: --cpu-prof
 * of the 200k-record synth corpus).
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
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
 * with TRAILPROOF_TEST_WORKER=ts (then run `npm run build` to get the fast path back).
 */
const WORKER: { readonly url: URL; readonly execArgv?: string[] } = ((): { url: URL; execArgv?: string[] } => {
  if (import.meta.url.endsWith('.ts')) {
    const built = new URL('../../../dist/bundle/worker.js', import.meta.url);
    if (process.env.TRAILPROOF_TEST_WORKER !== 'ts' && existsSync(built)) return { url: built, execArgv: [] };
    return { url: new URL('./worker.ts', import.meta.url) };
  }
  const bundle = new URL('../../bundle/worker.js', import.meta.url);
  return { url: existsSync(bundle) ? bundle : new URL('./worker.js', import.meta.url) };
})();

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

/** One worker thread. */
export class ReplayWorker {
  private readonly worker: Worker;
  private readonly flights = new Map<number, Flight>();
  private failure: Error | null = null;
  private readonly ready: Promise<void>;

  constructor(plan: PlanSpec) {
    this.worker = new Worker(WORKER.url, WORKER.execArgv !== undefined ? { execArgv: WORKER.execArgv } : {});
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'ready':
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
      this.worker.on('error', (e) => {
        this.failure = e;
        reject(e);
        for (const f of this.flights.values()) {
          f.finished = true;
          this.wake(f);
          f.reject(e);
        }
        this.flights.clear();
      });
    });
    this.post({ type: 'init', plan });
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

  /** Stops the thread. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
