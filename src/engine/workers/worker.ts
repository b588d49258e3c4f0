/**
 * Worker thread entry: evaluates local files it reads itself (in batches) and objects whose bytes the
 * main thread streams in, several at a time. Given the main thread's prefilters (`init.candidates`), it
 * hands back the records they admit for the main thread to evaluate (src/engine/deferred.ts) and loads
 * the rules only when it must: an object too large to read whole, or too many records handed back.
 * Otherwise it compiles the plan from its spec (importing a library user's dialects) before `ready`.
 */
import { parentPort } from 'node:worker_threads';
import { readLocalFile } from '../../sources/local/read.js';
import { evaluateObject } from '../evaluate-object.js';
import type { ObjectResult } from '../object-result.js';
import { candidatePlan, type Plan } from '../plan.js';
import { recordFilterOf } from '../plan-spec.js';
import type { FromWorker, PlanSpec, ToWorker } from './protocol.js';

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

/** Compiles the rules of a spec; the dialects load only then (the bundle keeps them in a chunk of their own). */
async function loadPlan(spec: PlanSpec): Promise<Plan> {
  return (await import('../build-plan.js')).buildPlan(spec);
}

let plan: Plan | null = null;
const queues = new Map<number, ChunkQueue>();

/** The spec of the run, and the worker's own plan with the rules once it has loaded them. */
let spec: PlanSpec | null = null;
let ownPlan: Promise<Plan> | null = null;

/** The plan with the rules, loaded once. */
function rulesPlan(): Promise<Plan> {
  ownPlan ??= loadPlan(spec!);
  return ownPlan;
}

/**
 * Records seen and handed back so far by a worker without the rules. When the main thread would
 * evaluate more than DEFER_LIMIT of them (rules whose literals are common), the worker loads the rules
 * and evaluates the next files itself: the main thread, one for all workers, must not become the
 * bottleneck. Either way the results are the same (test/engine/deferred.test.ts).
 */
let seen = 0;
let handedBack = 0;
let deferring = false;
const DEFER_LIMIT = 0.02;
const DEFER_SAMPLE = 2_000;

function counted(result: ObjectResult): ObjectResult {
  if (!deferring) return result;
  seen += result.total + result.deferred.length;
  handedBack += result.deferred.length;
  if (seen >= DEFER_SAMPLE && handedBack > seen * DEFER_LIMIT) {
    deferring = false;
    // Until the rules have loaded, records are still handed back; should they fail to load, for good.
    rulesPlan().then((p) => (plan = p), () => undefined);
  }
  return result;
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'init':
      spec = m.plan;
      if (m.candidates !== null) {
        plan = candidatePlan(m.candidates, recordFilterOf(m.plan.filter), m.plan.prefilterMode, m.plan.sampleSize);
        deferring = true;
        send({ type: 'ready' });
        return;
      }
      // Runs wait for `ready`, so none arrives before the plan is built.
      rulesPlan().then(
        (p) => {
          plan = p;
          send({ type: 'ready' });
        },
        (e: unknown) => send({ type: 'fatal', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
      return;
    case 'files':
      void Promise.all(m.files.map((f) => evaluateObject(plan!, f.seq, f.uri, readLocalFile(f.path, f.size), f.format ?? undefined, rulesPlan).then(counted))).then(
        (results) => send({ type: 'results', results }),
      );
      return;
    case 'open': {
      const seq = m.seq;
      const q = new ChunkQueue(() => send({ type: 'ack', seq }));
      queues.set(seq, q);
      void evaluateObject(plan!, seq, m.uri, q, m.format ?? undefined, rulesPlan).then((result) => {
        queues.delete(seq);
        send({ type: 'results', results: [counted(result)] });
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
