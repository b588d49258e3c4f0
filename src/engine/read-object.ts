/**
 * Reading one file or object: bytes as stored → decompress → detect the format → split into the
 * compact JSON text of each CloudTrail record.
 *
 * `readObject` streams (memory bounded by the largest record plus the decoder's buffers);
 * `readObjectSync` does the same over a whole buffer in one go, for files already in memory. Both give
 * identical calls on the sink for the same bytes, except `bytes()`: the streaming reader stops reading a
 * file it has given up on (skipped whole, or a fatal structure problem), the in-memory one has decoded
 * it all. Neither throws for bad input: everything is reported to the sink. `readObject` rethrows an
 * error of the byte stream itself (a source failing mid-object), after handing on the records read
 * before it (the record it cut is skipped as `truncated`).
 *
 * Order of calls: `fileSkipped` alone for a skipped file; otherwise `record`/`skip`/`error` in input
 * order, then, for a damaged `.gz`, the skip of the record cut by the damage and one `error` naming the
 * compressed offset.
 */
import { isAscii as bufferIsAscii } from 'node:buffer';
import { inflate, inflateSync, type Compression, type Damage, type InflateOptions, type InflateTarget } from './decompress/index.js';
import {
  createSplitter,
  detectFormat,
  HEAD_LENGTH,
  skipByName,
  type FileSkipReason,
  type FormatDecision,
  type InputFormat,
  type RecordSink,
  type SplitOptions,
  type Splitter,
} from './split/index.js';
import { isJsonSpace } from './split/json-text.js';

export type { InputPosition, RawRecord } from './split/index.js';

/** Receives everything read from one object. */
export interface ObjectSink extends RecordSink {
  /** The whole file is skipped (digest, insight, not-cloudtrail, empty); nothing else is reported. */
  fileSkipped(reason: FileSkipReason, message: string): void;
  /** Decompressed bytes consumed, for stats and progress. */
  bytes(n: number): void;
  /**
   * The compressed data is damaged (bad data, CRC-32 or length check, cut short). Called before the
   * damage's `error`, and also for a file skipped whole when the damage is known (the in-memory reader
   * decodes all of it; the streaming one stops reading such a file, so it cannot tell).
   */
  damaged?(): void;
}

/** Options of `readObject`. */
export interface ReadOptions extends SplitOptions, InflateOptions {
  /** Force the input format instead of detecting it (digest / Insights names are still skipped). */
  readonly format?: InputFormat;
  /** `readObjectSync` only: decoded size above which it declines (returns false) so the caller streams. */
  readonly maxInflatedBytes?: number;
  /**
   * `readObjectSync` only: a faster reader for undamaged CloudTrail log files, given the decoded bytes.
   * It returns false, having reported nothing, when the text path must read the file instead.
   */
  readonly cloudTrailBytes?: (data: Uint8Array) => boolean;
  /**
   * `readObjectSync` only: where to decode a gzip file (the byte scanner's memory, which it then scans
   * in place). What is decoded there is used before `readObjectSync` returns.
   */
  readonly inflateInto?: InflateTarget;
}

/** Reads one object from its byte stream (see the module comment). */
export async function readObject(
  chunks: AsyncIterable<Uint8Array>,
  uri: string,
  options: ReadOptions,
  sink: ObjectSink,
): Promise<void> {
  const byName = skipByName(uri);
  if (byName !== null) {
    sink.fileSkipped(byName.skip, byName.message);
    return;
  }
  const stream = inflate(chunks, options);
  const decoder = new TextDecoder();
  const reader = new TextReader(uri, options, sink, () => stream.compression);
  try {
    for await (const bytes of stream) {
      sink.bytes(bytes.length);
      reader.push(decoder.decode(bytes, { stream: true }));
      if (reader.done) break;
    }
  } catch (err) {
    // The source failed: what was read still counts (the record it cut is `truncated`), then the
    // failure goes to the caller.
    reader.push(decoder.decode());
    reader.finish(null, true);
    throw err;
  }
  if (!reader.done) reader.push(decoder.decode());
  if (stream.damage !== null) sink.damaged?.();
  reader.finish(stream.damage);
}

/** Reads one object held whole in memory; same results as `readObject` (see the module comment). */
export function readObjectSync(data: Uint8Array, uri: string, options: ReadOptions, sink: ObjectSink): boolean {
  const byName = skipByName(uri);
  if (byName !== null) {
    sink.fileSkipped(byName.skip, byName.message);
    return true;
  }
  const inflated = inflateSync(data, options.maxInflatedBytes, options.inflateInto);
  // Too large to hold decoded: nothing was reported, the caller reads the file with `readObject`.
  if (inflated === null) return false;
  if (inflated.damage !== null) sink.damaged?.();
  sink.bytes(inflated.data.length);
  const fast = options.cloudTrailBytes;
  if (fast !== undefined && inflated.damage === null && formatOfBytes(inflated.data, uri, options.format) === 'cloudtrail' && fast(inflated.data)) return true;
  const reader = new TextReader(uri, options, sink, () => inflated.compression);
  reader.push(new TextDecoder().decode(inflated.data));
  reader.finish(inflated.damage);
  return true;
}

/**
 * Holds the head of the text until the format can be decided (HEAD_LENGTH characters after leading
 * whitespace, or the end), then feeds the splitter.
 */
class TextReader {
  private head = '';
  private splitter: Splitter | null = null;
  /** Skipped whole, or stopped: the rest of the file is not needed. */
  done = false;

  constructor(
    private readonly uri: string,
    private readonly options: ReadOptions,
    private readonly sink: ObjectSink,
    /** How the file was stored (known once its first bytes are decoded), for skip messages. */
    private readonly compression: () => Compression | null,
  ) {}

  push(text: string): void {
    if (this.done) return;
    if (this.splitter !== null) {
      this.splitter.push(text);
      this.done = this.splitter.stopped;
      return;
    }
    this.head += text;
    if (headComplete(this.head) || this.head.length > MAX_LEADING_SPACE) this.start(false);
  }

  /**
   * The text has ended: `damage` when the decoder stopped at damage, `cut` when the text ended early
   * for a reason reported elsewhere (the source failed).
   */
  finish(damage: Damage | null, cut = damage !== null): void {
    if (this.done) return;
    if (this.splitter === null) {
      if (cut && isBlank(this.head)) {
        // Damage before any text could be decoded.
        if (damage !== null) this.error(damage);
        return;
      }
      this.start(true);
    }
    if (this.splitter === null || this.done) return;
    this.splitter.end(cut);
    if (damage !== null) this.error(damage);
  }

  /** Decides the format from the head (`whole`: the head is the whole text) and feeds it. */
  private start(whole: boolean): void {
    const head = this.head;
    this.head = '';
    const forced = this.options.format;
    let decision: FormatDecision;
    if (leadingSpace(head) > MAX_LEADING_SPACE) decision = { skip: 'not-cloudtrail', message: 'more than 1 MiB of whitespace before any content' };
    else if (forced === undefined) decision = detectFormat(head.slice(0, headEnd(head)), this.uri);
    else if (whole && isBlank(head)) decision = { skip: 'empty', message: 'the file is empty' };
    else decision = { format: forced };
    if ('skip' in decision) {
      this.sink.fileSkipped(decision.skip, storedAs(decision.skip, decision.message, this.uri, this.compression()));
      this.done = true;
      return;
    }
    this.splitter = createSplitter(decision.format, head, this.sink, this.options);
    this.splitter.push(head);
    this.done = this.splitter.stopped;
  }

  private error(damage: Damage): void {
    this.sink.error(`corrupt gzip data: ${damage.reason} at compressed byte ${damage.offset}`, { offset: damage.offset });
  }
}

/**
 * A skip message that says how the file was stored when that explains what was read: gzip content is
 * judged after decompression (a gzip bomb's output), and a `.gz` name on a file that is not gzip is
 * named as such (it was read as it is).
 */
function storedAs(reason: FileSkipReason, message: string, uri: string, compression: Compression | null): string {
  if (compression === 'gzip') return reason === 'not-cloudtrail' || reason === 'empty' ? `${message} (after gzip decompression)` : message;
  if (reason !== 'empty' && /\.gz$/i.test(uri)) return `named .gz but not gzip-compressed: ${message}`;
  return message;
}

/**
 * The format `TextReader` would give the decoded text of `data`, decided on a decoded head only; null
 * when it would skip the file (or leading whitespace is too long to tell cheaply).
 */
function formatOfBytes(data: Uint8Array, uri: string, forced: InputFormat | undefined): InputFormat | null {
  let lead = 0;
  while (lead < data.length && isJsonSpace(data[lead]!)) lead++;
  if (lead === data.length || lead > MAX_LEADING_SPACE) return null;
  if (forced !== undefined) return forced;
  // The usual log file: `detectFormat` finds the `Records` key first and says cloudtrail. Decided
  // without decoding the head and walking its members, which cost 4% of a replay.
  if (startsWithAt(data, lead, RECORDS_OPEN)) return 'cloudtrail';
  // The head is HEAD_LENGTH characters after the leading whitespace. ASCII bytes are characters one
  // for one; otherwise, a UTF-16 code unit takes at most 3 bytes, so 3 bytes per character decode to
  // more than the head, and only the last character can differ from the whole text's (a sequence cut
  // short).
  const ascii = lead + HEAD_LENGTH;
  const head = isAscii(data, ascii) ? latin1(data, ascii) : new TextDecoder().decode(data.subarray(0, lead + 3 * HEAD_LENGTH + 4));
  const decision = detectFormat(head.slice(0, headEnd(head)), uri);
  return 'format' in decision ? decision.format : null;
}

const RECORDS_OPEN = Buffer.from('{"Records":[');

function startsWithAt(data: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (data.length - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[at + i] !== prefix[i]) return false;
  return true;
}

/** True when the first `n` bytes of `data` (or all, when fewer) are ASCII. */
function isAscii(data: Uint8Array, n: number): boolean {
  return bufferIsAscii(data.subarray(0, n));
}

/** The first `n` bytes (or all) as one character each: the UTF-8 decoding of ASCII bytes. */
function latin1(data: Uint8Array, n: number): string {
  return Buffer.from(data.buffer, data.byteOffset, Math.min(n, data.length)).toString('latin1');
}

const SPACE = /^[ \t\r\n]*/;
/** Leading whitespace held before giving up on a file (so a file of spaces is not held whole). */
const MAX_LEADING_SPACE = 1024 * 1024;

function leadingSpace(text: string): number {
  return SPACE.exec(text)?.[0].length ?? 0;
}

/** Where detection's view of the head ends: HEAD_LENGTH characters after leading whitespace. */
function headEnd(head: string): number {
  return leadingSpace(head) + HEAD_LENGTH;
}

function headComplete(head: string): boolean {
  return head.length >= headEnd(head);
}

function isBlank(text: string): boolean {
  return text.length === leadingSpace(text);
}
