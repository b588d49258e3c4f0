/**
 * The byte-level path for one decoded CloudTrail log file: the WebAssembly scanner splits it into
 * records and flags the few that contain a prefilter or root literal; only those are decoded to text
 * and go through the record loop. Every other record is counted as evaluated, exactly as the text path
 * counts a record no prefilter admits (test/engine/byte-path.solo.test.ts compares the two). Insights events
 * are among the flagged ones (`insight` is a flag literal), and skipped as the splitter skips them.
 *
 * With record filters (--since, --until, --account, --region), the scanner also finds each record's
 * `eventTime`, `awsRegion` and `recipientAccountId`, and the filters are applied to those values as
 * the text path's field reader (src/engine/fields.ts) would give them; a record whose fields it cannot
 * tell that way (an escaped top-level key, no account when accounts are filtered) takes the text path.
 */
import { recordVerdict, type ObjectEvaluator } from '../evaluate.js';
import { accountNeedsParse, decodeString } from '../fields.js';
import type { RecordFilter } from '../plan.js';
import { INSIGHT_MESSAGE, isInsightRecord } from '../split/insight-record.js';
import { ByteScanner, FIELD_SLOTS, SLOT_ACCOUNT, SLOT_AWS_REGION, SLOT_EVENT_TIME, SLOT_NEEDS_TEXT, type ByteLiteral } from './byte-scanner.js';

/** This thread's scanner, for the literals of the run at hand. */
let current: ByteScanner | null = null;
const decoder = new TextDecoder();

function scannerFor(literals: readonly ByteLiteral[]): ByteScanner {
  if (current === null || current.literals !== literals) current = new ByteScanner(literals);
  return current;
}

/**
 * Memory in this thread's scanner to decode a file of up to `size` bytes into: `evaluateBytes` then
 * scans it where it is (no copy). Valid until the next file.
 */
export function scannerInput(literals: readonly ByteLiteral[], size: number): Uint8Array {
  return scannerFor(literals).input(size);
}

/**
 * Evaluates the records of `data` (a whole decoded `{"Records":[...]}` file). Returns false, having
 * reported nothing, when the scanner gives up on the file; the text path then reads it.
 */
export function evaluateBytes(
  ev: ObjectEvaluator,
  data: Uint8Array,
  literals: readonly ByteLiteral[],
  maxRecord: number,
  filter: RecordFilter | null,
): boolean {
  const scanner = scannerFor(literals);
  const n = scanner.scan(data, maxRecord, filter !== null);
  if (n < 0) return false;
  const flags = scanner.flag();
  const starts = scanner.recordStarts();
  const ends = scanner.recordEnds();
  const fields = scanner.recordFields();
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.length);
  let passed = 0;
  for (let i = 0; i < n; i++) {
    // Flagged records take the text path's steps in its order: the splitter's Insights check, then
    // the record loop (which applies the filters itself).
    if (flags[i] !== 0) {
      const text = textOf(data, starts[i]!, ends[i]!);
      if (isInsightRecord(text)) ev.skip('cloudtrail-insight', INSIGHT_MESSAGE, { index: i });
      else ev.record(text, i);
      continue;
    }
    if (filter !== null) {
      const verdict = filterVerdict(filter, bytes, fields, i);
      if (verdict === OUT) {
        ev.filteredOut();
        continue;
      }
      if (verdict === TEXT) {
        ev.record(textOf(data, starts[i]!, ends[i]!), i);
        continue;
      }
    }
    passed++;
  }
  ev.passed(passed);
  return true;
}

/**
 * A record's text. Decoding a slice that starts and ends at ASCII bytes gives the same text as slicing
 * the whole decoded file: UTF-8 decoders resynchronise at every ASCII byte.
 */
function textOf(data: Uint8Array, start: number, end: number): string {
  return decoder.decode(data.subarray(start, end));
}

const IN = 0;
const OUT = 1;
/** The record's fields need the text path's reader. */
const TEXT = 2;

function filterVerdict(filter: RecordFilter, data: Buffer, fields: Int32Array, i: number): number {
  const at = i * FIELD_SLOTS;
  if (fields[at + SLOT_NEEDS_TEXT] !== 0) return TEXT;
  // Only the fields some filter reads are decoded (recordVerdict ignores the others).
  const account = filter.accounts !== null ? stringAt(data, fields[at + SLOT_ACCOUNT]!) : null;
  if (accountNeedsParse(account, filter.accounts)) return TEXT;
  const time = filter.since !== null || filter.until !== null ? stringAt(data, fields[at + SLOT_EVENT_TIME]!) : null;
  const region = filter.regions !== null ? stringAt(data, fields[at + SLOT_AWS_REGION]!) : null;
  const verdict = recordVerdict(filter, time, region, account);
  // A record without a valid time under a time window: the text path counts and describes it.
  return verdict === 'in' ? IN : verdict === 'out' ? OUT : TEXT;
}

/**
 * The JSON string token starting at `start` (its opening quote), decoded as the text path's field
 * reader decodes it (`decodeString`); null when `start` is -1 (no such field).
 */
function stringAt(data: Buffer, start: number): string | null {
  if (start < 0) return null;
  let ascii = true;
  let end = start + 1;
  for (let c = data[end]!; c !== 0x22; c = data[end]!) {
    if (c === 0x5c) end++;
    else if (c > 0x7f) ascii = false;
    end++;
  }
  // ASCII bytes are their own characters: a latin1 read is far cheaper than a TextDecoder call.
  const token = ascii ? data.toString('latin1', start, end + 1) : decoder.decode(data.subarray(start, end + 1));
  return decodeString(token, 0, token.length);
}
