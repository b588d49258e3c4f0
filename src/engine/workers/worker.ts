/**
 * Worker thread entry: compiles the plan from its spec (importing a library user's dialects; or takes the
 * detections it was asked to prepare, when they came from the same inputs), then evaluates local files it reads itself (in
 * batches) and objects whose bytes the main thread streams in, several at a time.
 */
import { parentPort } from 'node:worker_threads';
import { readLocalFile } from '../../sources/local/read.js';
import { buildPlan, prepareDetections, type PreparedDetections } from '../build-plan.js';
import { evaluateObject } from '../evaluate-object.js';
import type { Plan } from '../plan.js';
import type { FromWorker, ToWorker } from './protocol.js';

/** An async iterable fed by `push`, ended by `end`. */
class ChunkQueue implements AsyncIterable<Uint8Array> {
  private readonly items: Uint8Array[] = [];
  private done = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  constructor(private readonly onConsumed: () => void) {}

  push(chunk: Uint8Array): void {
    this.items.push(chunk);
    this.notify();
  }
  end(error: string | null): void {
    this.done = true;
    if (error !== null) this.failure = new Error(error);
    this.notify();
  }
  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const next = this.items.shift();
      if (next !== undefined) {
        this.onConsumed();
        yield next;
        continue;
      }
      if (this.done) {
        if (this.failure !== null) throw this.failure;
        return;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}

const port = parentPort;
if (port === null) throw new Error('worker.ts must run in a worker thread');
const send = (m: FromWorker): void => port.postMessage(m);

let plan: Plan | null = null;
let prepared: Promise<PreparedDetections | null> = Promise.resolve(null);
const queues = new Map<number, ChunkQueue>();

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'prepare':
      // A failure here is found again, and reported, by `init` loading the inputs itself.
      prepared = prepareDetections(m.inputs).catch(() => null);
      return;
    case 'init':
      // Runs wait for `ready`, so none arrives before the plan is built.
      prepared.then((p) => buildPlan(m.plan, p)).then(
        (p) => {
          plan = p;
          send({ type: 'ready' });
        },
        (e: unknown) => send({ type: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
      return;
    case 'files':
      void Promise.all(m.files.map((f) => evaluateObject(plan!, f.seq, f.uri, readLocalFile(f.path, f.size), f.format ?? undefined))).then((results) =>
        send({ type: 'results', results }),
      );
      return;
    case 'open': {
      const seq = m.seq;
      const q = new ChunkQueue(() => send({ type: 'ack', seq }));
      queues.set(seq, q);
      void evaluateObject(plan!, seq, m.uri, q, m.format ?? undefined).then((result) => {
        queues.delete(seq);
        send({ type: 'results', results: [result] });
      });
      return;
    }
    case 'chunk':
      queues.get(m.seq)?.push(m.data);
      return;
    case 'end':
      queues.get(m.seq)?.end(m.error);
      return;
  }
});
