/**
 * A pool of replay workers. Each worker evaluates one object at a time; the main thread streams the
 * object's bytes to it with a small credit window, so memory stays bounded whatever the object size.
 */
import { Worker } from 'node:worker_threads';
import type { ObjectResult } from '../object-result.js';
import type { InputFormat } from '../split/index.js';
import type { FromWorker, PlanSpec, ToWorker } from './protocol.js';

/** Chunks in flight per worker before the main thread waits for an ack. */
const WINDOW = 4;

// Under the TypeScript test loader this module is a .ts file and so is its worker.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/** Copies a chunk into its own ArrayBuffer when it shares one (pooled Buffers must not be transferred). */
function ownBuffer(chunk: Uint8Array): Uint8Array {
  if (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer) return chunk;
  return new Uint8Array(chunk);
}

/** One worker thread and its flow control. */
export class ReplayWorker {
  private readonly worker: Worker;
  private credits = WINDOW;
  private creditWaiter: (() => void) | null = null;
  private resultWaiter: ((r: ObjectResult) => void) | null = null;
  private resultFailer: ((e: Error) => void) | null = null;
  private failure: Error | null = null;
  private finished = false;
  private readonly ready: Promise<void>;

  constructor(plan: PlanSpec) {
    this.worker = new Worker(WORKER_URL);
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
            this.credits++;
            const w = this.creditWaiter;
            this.creditWaiter = null;
            w?.();
            return;
          }
          case 'result': {
            // The worker may finish before consuming every chunk (a file it gave up on): stop sending.
            this.finished = true;
            const c = this.creditWaiter;
            this.creditWaiter = null;
            c?.();
            const w = this.resultWaiter;
            this.resultWaiter = null;
            w?.(m.result);
            return;
          }
        }
      });
      this.worker.on('error', (e) => {
        this.failure = e;
        reject(e);
        this.creditWaiter?.();
        this.resultFailer?.(e);
      });
    });
    this.post({ type: 'init', plan });
  }

  private post(m: ToWorker, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(m, transfer);
  }

  /** Streams one object to the worker and resolves with its result. */
  async run(seq: number, uri: string, chunks: AsyncIterable<Uint8Array>, format: InputFormat | undefined): Promise<ObjectResult> {
    await this.ready;
    const result = new Promise<ObjectResult>((resolve, reject) => {
      this.resultWaiter = resolve;
      this.resultFailer = reject;
    });
    this.finished = false;
    this.credits = WINDOW;
    this.post({ type: 'open', seq, uri, format: format ?? null });
    let error: string | null = null;
    try {
      for await (const chunk of chunks) {
        while (this.credits === 0 && !this.finished) {
          if (this.failure !== null) throw this.failure;
          await new Promise<void>((resolve) => {
            this.creditWaiter = resolve;
          });
        }
        if (this.finished) break;
        this.credits--;
        const data = ownBuffer(chunk);
        this.post({ type: 'chunk', seq, data }, [data.buffer as ArrayBuffer]);
      }
    } catch (e) {
      error = (e as Error).message;
    }
    if (this.failure !== null) throw this.failure;
    this.post({ type: 'end', seq, error });
    return result;
  }

  /** Stops the thread. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
