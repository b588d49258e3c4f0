/**
 * The byte-level path for one decoded CloudTrail log file: the WebAssembly scanner splits it into
 * records and flags the few that contain a prefilter or root literal; only those are decoded to text
 * and go through the record loop. Every other record is counted as evaluated, exactly as the text path
 * counts a record no prefilter admits (test/engine/byte-path.test.ts compares the two).
 */
import type { ObjectEvaluator } from '../evaluate.js';
import { ByteScanner, type ByteLiteral } from './byte-scanner.js';

let scanner: ByteScanner | null = null;
const decoder = new TextDecoder();

/**
 * Evaluates the records of `data` (a whole decoded `{"Records":[...]}` file). Returns false, having
 * reported nothing, when the scanner gives up on the file; the text path then reads it.
 */
export function evaluateBytes(ev: ObjectEvaluator, data: Uint8Array, literals: readonly ByteLiteral[], maxRecord: number): boolean {
  if (scanner === null || scanner.literals !== literals) scanner = new ByteScanner(literals);
  const n = scanner.scan(data, maxRecord);
  if (n < 0) return false;
  const flags = scanner.flag();
  const starts = scanner.recordStarts();
  const ends = scanner.recordEnds();
  let passed = 0;
  for (let i = 0; i < n; i++) {
    if (flags[i] === 0) {
      passed++;
      continue;
    }
    // Decoding a slice that starts and ends at ASCII bytes gives the same text as slicing the whole
    // decoded file: UTF-8 decoders resynchronise at every ASCII byte.
    ev.record(decoder.decode(data.subarray(starts[i], ends[i])), i);
  }
  ev.passed(passed);
  return true;
}
