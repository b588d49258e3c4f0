/**
 * The byte-level fast path's JavaScript side: loads the WebAssembly scanner (wasm/scan.ts, built by
 * scripts/build-wasm.mjs) and runs it over one decoded file at a time.
 *
 * The scanner works in its own linear memory: the literal tables, then, per file, the file's bytes
 * (plus padding the SIMD loads may read), the record start and end offsets, one flag byte per record
 * and, when record filters need them, FIELD_SLOTS numbers per record. Memory grows to the largest file
 * seen and is reused.
 */
import { readFileSync } from 'node:fs';
import { COMMON_TRIGRAMS } from './common-trigrams.js';

/** A literal searched for in a file's bytes, ASCII letters folded (see `byteLiteral`). */
export interface ByteLiteral {
  /** The literal, ASCII-lowercased, as bytes. */
  readonly bytes: Uint8Array;
  /** Offset of the 3-byte window the scanner looks for first: its least common one. */
  readonly window: number;
}

interface ScanExports {
  readonly memory: WebAssembly.Memory;
  scan(inp: number, len: number, starts: number, ends: number, maxRecord: number, maxCount: number, fields: number): number;
  mark(hay: number, len: number, tab: number, n: number, starts: number, ends: number, count: number, flags: number): number;
}

/** Bytes the SIMD loads may read past the end of the input (a 64-byte block, a 16-byte window). */
const PADDING = 128;
/** The first page holds the module's own static data; the literal tables follow. */
const BASE = 65536;
/**
 * A file with more records than one per this many bytes goes to the text path: real records are
 * hundreds of bytes, and the record tables are sized by it.
 */
const MIN_BYTES_PER_RECORD = 32;
/** Numbers per record in `recordFields` (wasm/scan.ts FIELD_SLOTS), and what each slot holds. */
export const FIELD_SLOTS = 4;
export const SLOT_EVENT_TIME = 0;
export const SLOT_AWS_REGION = 1;
export const SLOT_ACCOUNT = 2;
/** 1 when the text path must read the record's fields (an escaped top-level key). */
export const SLOT_NEEDS_TEXT = 3;
/** Literals per `mark` pass (one bit of a byte each). */
const BUCKETS = 8;
/** `mark`'s table: six 16-byte nibble tables, then offset, length and window (i32) per literal. */
const TABLE_BYTES = 96 + BUCKETS * 12;

/**
 * Folded-byte frequencies in CloudTrail JSON, most common first (measured on the synth corpus,
 * `npm run bench`); bytes not listed are rarer still. Only the speed of `flag` depends on it.
 */
const COMMON = '"east:nroicd,mul6-p0194v32.w587gybfhk/{}zx\\q_j []#*()+;=@$<>&%?!\'^`|~';

function rarity(c: number): number {
  const i = COMMON.indexOf(String.fromCharCode(c));
  return i === -1 ? COMMON.length : i;
}

/** Rank of each common trigram, most common first. */
const TRIGRAM_RANK = new Map(Array.from({ length: COMMON_TRIGRAMS.length / 3 }, (_, i) => [COMMON_TRIGRAMS.slice(3 * i, 3 * i + 3), i]));

/**
 * Prepares a literal (ASCII, as prefilters are) for `ByteScanner.flag`: folded, with its window: one
 * that is not a common trigram if it has one (`ws.` of `amazonaws.com` is in every record), made of
 * the least common bytes.
 */
export function byteLiteral(literal: string): ByteLiteral {
  const folded = literal.toLowerCase();
  let window = 0;
  let best = -Infinity;
  for (let w = 0; w + 3 <= folded.length; w++) {
    const rank = TRIGRAM_RANK.get(folded.slice(w, w + 3));
    const score = rank !== undefined ? rank - TRIGRAM_RANK.size : rarity(folded.charCodeAt(w)) + rarity(folded.charCodeAt(w + 1)) + rarity(folded.charCodeAt(w + 2));
    if (score > best) [window, best] = [w, score];
  }
  return { bytes: Buffer.from(folded, 'latin1'), window };
}

let compiled: WebAssembly.Module | null = null;

function module(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(new URL('./scan.wasm', import.meta.url)));
  return compiled;
}

/**
 * One scanner for one set of literals: one per thread and run, reused for every file. Its memory
 * holds the literal tables first, then, per file, the file's bytes (and padding), the record start and
 * end offsets and the flags; it grows only in `scan`.
 */
export class ByteScanner {
  private readonly x: ScanExports;
  /** Where each group of up to BUCKETS literals' table is, and how many literals it has. */
  private readonly groups: { readonly tab: number; readonly n: number }[] = [];
  /** Where a file's bytes go. */
  private readonly inputAt: number;
  private len = 0;
  private count = 0;
  private starts = 0;
  private ends = 0;
  private flags = 0;
  private fields = 0;
  private withFields = false;

  /** `literals`: what `flag` searches for. */
  constructor(readonly literals: readonly ByteLiteral[] = []) {
    this.x = new WebAssembly.Instance(module(), {}).exports as unknown as ScanExports;
    let at = BASE;
    for (let g = 0; g < literals.length; g += BUCKETS) {
      const group = literals.slice(g, g + BUCKETS);
      this.groups.push({ tab: at, n: group.length });
      at = align(at + TABLE_BYTES + group.reduce((n, l) => n + l.bytes.length, 0));
    }
    this.inputAt = at;
    this.ensure(at + PADDING);
    this.groups.forEach(({ tab }, i) => this.writeTable(tab, literals.slice(i * BUCKETS, (i + 1) * BUCKETS)));
  }

  /**
   * Memory in the scanner to decode a file of up to `size` bytes into, so that `scan` reads it where it
   * is instead of copying it in. Valid until the next `input` or `scan` of another file.
   */
  input(size: number): Uint8Array {
    this.reserve(size, true);
    return new Uint8Array(this.x.memory.buffer, this.inputAt, size);
  }

  /**
   * Scans a decoded file: one given by `input` in place, any other copied in. Returns the number of
   * records, or -1 when the file must be read by the text path (see wasm/scan.ts for when). Records
   * longer than `maxRecord` bytes also send the file to the text path, which decides on their length
   * in characters. `withFields`: also find each record's filter fields (`recordFields`).
   */
  scan(data: Uint8Array, maxRecord: number, withFields = false): number {
    const len = data.length;
    const inPlace = data.buffer === this.x.memory.buffer && data.byteOffset === this.inputAt;
    // In place, `input` has reserved room for fields too: no growth, which would detach `data`.
    const maxCount = this.reserve(len, withFields);
    const mem = new Uint8Array(this.x.memory.buffer);
    if (!inPlace) mem.set(data, this.inputAt);
    mem.fill(0x20, this.inputAt + len, this.inputAt + len + PADDING);
    const n = this.x.scan(this.inputAt, len, this.starts, this.ends, Math.min(maxRecord, 0x7fffffff), maxCount, withFields ? this.fields : 0);
    this.len = len;
    this.withFields = withFields;
    this.count = n < 0 ? 0 : n;
    return n < 0 ? -1 : n;
  }

  /** Lays out (and grows) memory for a file of `len` bytes; returns the most records it may have. */
  private reserve(len: number, withFields: boolean): number {
    const maxCount = Math.floor(len / MIN_BYTES_PER_RECORD) + 16;
    this.starts = align(this.inputAt + len + PADDING);
    this.ends = this.starts + 4 * maxCount;
    this.flags = this.ends + 4 * maxCount;
    this.fields = align(this.flags + maxCount);
    this.ensure(withFields ? this.fields + 4 * FIELD_SLOTS * maxCount : this.flags + maxCount);
    return maxCount;
  }

  /** Start offsets of the scanned records (a view, valid until the next `scan`). */
  recordStarts(): Int32Array {
    return new Int32Array(this.x.memory.buffer, this.starts, this.count);
  }

  /** End offsets (exclusive) of the scanned records (a view, valid until the next `scan`). */
  recordEnds(): Int32Array {
    return new Int32Array(this.x.memory.buffer, this.ends, this.count);
  }

  /**
   * Per record, FIELD_SLOTS numbers: where its top-level `eventTime`, `awsRegion` and
   * `recipientAccountId` string values start (-1: none), then 1 when the text path must read its fields
   * (a top-level key with an escape). Only after `scan(…, true)`; a view, valid until the next `scan`.
   */
  recordFields(): Int32Array {
    return new Int32Array(this.x.memory.buffer, this.fields, this.withFields ? this.count * FIELD_SLOTS : 0);
  }

  /**
   * Flags the scanned records that contain one of the literals, compared with ASCII letters folded: a
   * superset of what each literal's own test admits. Returns the flags (a view, 1 = flagged), valid
   * until the next `scan`.
   */
  flag(): Uint8Array {
    const x = this.x;
    const flags = new Uint8Array(x.memory.buffer, this.flags, this.count);
    flags.fill(0);
    let flagged = 0;
    for (const { tab, n } of this.groups) {
      if (flagged === this.count) break;
      flagged += x.mark(this.inputAt, this.len, tab, n, this.starts, this.ends, this.count, this.flags);
    }
    return flags;
  }

  /** Writes `mark`'s table for up to BUCKETS literals at `tab`, their bytes right after it. */
  private writeTable(tab: number, group: readonly ByteLiteral[]): void {
    const mem = new Uint8Array(this.x.memory.buffer);
    const words = new DataView(this.x.memory.buffer);
    mem.fill(0, tab, tab + TABLE_BYTES);
    let at = tab + TABLE_BYTES;
    group.forEach((l, k) => {
      for (let j = 0; j < 3; j++) {
        const c = l.bytes[l.window + j];
        // A literal shorter than the window matches any byte there; a letter matches both cases.
        const upper = c !== undefined && c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
        for (let v = 0; v < 16; v++) {
          if (c === undefined || v === (c & 15)) mem[tab + 32 * j + v]! |= 1 << k;
          if (c === undefined || v === c >> 4 || v === upper! >> 4) mem[tab + 32 * j + 16 + v]! |= 1 << k;
        }
      }
      mem.set(l.bytes, at);
      words.setInt32(tab + 96 + 12 * k, at, true);
      words.setInt32(tab + 96 + 12 * k + 4, l.bytes.length, true);
      words.setInt32(tab + 96 + 12 * k + 8, l.window, true);
      at += l.bytes.length;
    });
  }

  private ensure(bytes: number): void {
    const have = this.x.memory.buffer.byteLength;
    if (bytes > have) this.x.memory.grow(Math.ceil((bytes - have) / 65536));
  }
}

function align(n: number): number {
  return (n + 15) & ~15;
}
