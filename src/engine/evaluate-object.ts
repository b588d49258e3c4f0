/**
 * Reads one object end to end (decompress → split → evaluate) into an `ObjectResult`.
 * Used in-process and inside worker threads alike.
 */
import { truncateMessage } from '../diagnostics/truncate-message.js';
import { evaluateBytes, scannerInput } from './bytes/evaluate-bytes.js';
import { ObjectEvaluator } from './evaluate.js';
import type { ObjectResult } from './object-result.js';
import type { ObjectSkipReason } from '../sources/types.js';
import type { Plan } from './plan.js';
import { readObject, readObjectSync, type ObjectSink, type ReadOptions } from './read-object.js';
import { DEFAULT_MAX_RECORD_LENGTH, type InputFormat } from './split/index.js';

/**
 * Evaluates every record of one object's bytes. Never throws: failures land in `result.errors`.
 * `streamPlan`: the plan with the rules, for an object too large to read whole when `plan` has none
 * (`candidatePlan`): the records handed back must stay within what one object read whole holds.
 */
export async function evaluateObject(
  plan: Plan,
  seq: number,
  uri: string,
  chunks: AsyncIterable<Uint8Array>,
  format: InputFormat | undefined,
  streamPlan?: () => Promise<Plan>,
): Promise<ObjectResult> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  const whole = await gatherSmall(iterator, head);
  let reading = readerOf(plan, seq, uri, format);
  try {
    const done = whole instanceof Uint8Array && readObjectSync(whole, uri, reading.whole, reading.sink);
    if (!done) {
      // Nothing was reported yet: the object streams, with the rules where `plan` has none (should they
      // fail to load, its records are handed back as those of an object read whole).
      const rules = plan.candidates !== null && streamPlan !== undefined ? await streamPlan().catch(() => null) : null;
      if (rules !== null) reading = readerOf(rules, seq, uri, format);
      // Streams when the object is large (stored or decoded), and when the source failed part-way: the
      // streaming reader delivers the records before the failure and marks the one it cut, then rethrows.
      await readObject(prepend(head, whole instanceof Uint8Array || whole === null ? iterator : whole), uri, reading.options, reading.sink);
    }
  } catch (e) {
    // The source failed mid-object (after its own retries): records read so far stay counted.
    reading.ev.result.errors.push({ message: `read failed: ${truncateMessage((e as Error).message)}` });
  }
  reading.ev.flush();
  return reading.ev.result;
}

/** An evaluator of one object under `plan`, with the sink that feeds it and the options to read with (streaming, whole). */
function readerOf(plan: Plan, seq: number, uri: string, format: InputFormat | undefined): { ev: ObjectEvaluator; sink: ObjectSink; options: ReadOptions; whole: ReadOptions } {
  const ev = new ObjectEvaluator(plan, seq, uri);
  const result = ev.result;
  const sink: ObjectSink = {
    record: (rec) => ev.record(rec.text, rec.index, rec.line),
    skip: (reason, where, message) => ev.skip(reason, message, where),
    fileSkipped: (reason, message) => {
      result.fileSkipped = { reason, message };
    },
    error: (message, where) => {
      result.errors.push({ message, ...where });
    },
    warning: (message, where) => {
      result.warnings.push({ message, ...(where.line !== undefined ? { line: where.line } : {}) });
    },
    bytes: (n) => {
      result.bytes += n;
    },
    damaged: () => {
      result.damaged = true;
    },
  };
  const literals = plan.byteLiterals;
  // The byte path: decoded into the scanner's memory, split and flagged there.
  const bytePath =
    literals === null
      ? {}
      : {
          cloudTrailBytes: (data: Uint8Array) => evaluateBytes(ev, data, literals, DEFAULT_MAX_RECORD_LENGTH, plan.filter),
          inflateInto: (size: number) => scannerInput(literals, size),
        };
  const options = format !== undefined ? { format } : {};
  return { ev, sink, options, whole: { ...options, maxInflatedBytes: WHOLE_TEXT_LIMIT, ...bytePath } };
}

/**
 * Objects whose stored (compressed) size is at most this are read whole and decoded in one call: the
 * streaming gunzip ran at half the speed of gunzipSync (bench/run.js "gunzip only" rows,
 * docs/benchmarks.md), and CloudTrail log files are small. Larger objects stream, in bounded memory.
 * Both readers give the same records, skips and errors (test/input: sync and streaming readers agree).
 */
const WHOLE_OBJECT_LIMIT = 8 << 20;

/**
 * Decoded size above which a small object is streamed after all (gzip can inflate a thousandfold). The
 * byte path holds a decoded file twice (gunzip's output and the scanner's copy): at 32 MiB, two
 * workers on files of 24–37 MB peaked at 280–310 MB RSS; at 16 MiB those files stream and the peak
 * was 200–220 MB (docs/benchmarks.md). CloudTrail's own files are far smaller.
 */
const WHOLE_TEXT_LIMIT = 16 << 20;

/**
 * Reads chunks until the object ends (returns it whole), grows past WHOLE_OBJECT_LIMIT (returns null),
 * or the source fails (returns the error); what was read stays in `head`.
 */
async function gatherSmall(iterator: AsyncIterator<Uint8Array>, head: Uint8Array[]): Promise<Uint8Array | null | Error> {
  let size = 0;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return head.length === 1 ? head[0]! : Buffer.concat(head, size);
      head.push(next.value);
      size += next.value.length;
      if (size > WHOLE_OBJECT_LIMIT) return null;
    }
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

/** The chunks already read, then the rest of the iterator (or the failure it ended with). */
async function* prepend(head: readonly Uint8Array[], rest: AsyncIterator<Uint8Array> | Error): AsyncGenerator<Uint8Array> {
  yield* head;
  if (rest instanceof Error) throw rest;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

/** The result for an object that could not be read at all (a worker that died on it). */
export function failedObject(plan: Plan, seq: number, uri: string, message: string): ObjectResult {
  const ev = new ObjectEvaluator(plan, seq, uri);
  ev.result.errors.push({ message });
  return ev.result;
}

/** The result for an object a source marked as skipped without reading it. */
export function skippedObject(plan: Plan, seq: number, uri: string, reason: ObjectSkipReason): ObjectResult {
  const ev = new ObjectEvaluator(plan, seq, uri);
  ev.result.fileSkipped = { reason, message: SOURCE_SKIP_MESSAGES[reason] };
  return ev.result;
}

const SOURCE_SKIP_MESSAGES: Readonly<Record<ObjectSkipReason, string>> = {
  'cloudtrail-digest': 'CloudTrail digest file (integrity data, no records)',
  'cloudtrail-insight': 'CloudTrail Insights file (Insights events, not API records)',
  'not-a-log-file': 'not read: a folder walk reads .json, .jsonl, .ndjson, .log, .txt and .gz files (name the file to read it anyway)',
};
