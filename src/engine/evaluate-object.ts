/**
 * Reads one object end to end (decompress → split → evaluate) into an `ObjectResult`.
 * Used in-process and inside worker threads alike.
 */
import { ObjectEvaluator } from './evaluate.js';
import type { ObjectResult } from './object-result.js';
import type { Plan } from './plan.js';
import { readObject } from './read-object.js';
import type { InputFormat } from './split/index.js';

/** Evaluates every record of one object's bytes. Never throws: failures land in `result.errors`. */
export async function evaluateObject(
  plan: Plan,
  seq: number,
  uri: string,
  chunks: AsyncIterable<Uint8Array>,
  format: InputFormat | undefined,
): Promise<ObjectResult> {
  const ev = new ObjectEvaluator(plan, seq, uri);
  const result = ev.result;
  try {
    await readObject(chunks, uri, format !== undefined ? { format } : {}, {
      record: (rec) => ev.record(rec.text, rec.index, rec.line),
      skip: (reason, where, message) => ev.skip(reason, message, where),
      fileSkipped: (reason, message) => {
        result.fileSkipped = { reason, message };
      },
      error: (message, where) => {
        result.errors.push({ message, ...where });
      },
      bytes: (n) => {
        result.bytes += n;
      },
    });
  } catch (e) {
    // The source failed mid-object (after its own retries): records read so far stay counted.
    result.errors.push({ message: `read failed: ${(e as Error).message}` });
  }
  return result;
}

/** The result for an object a source marked as skipped without reading it. */
export function skippedObject(plan: Plan, seq: number, uri: string, reason: string): ObjectResult {
  const ev = new ObjectEvaluator(plan, seq, uri);
  ev.result.fileSkipped = { reason, message: `skipped: ${reason}` };
  return ev.result;
}
