/**
 * The in-memory decoder: the whole file is in one buffer, the result is one buffer. Gives the same
 * bytes and the same damage as the streaming decoder (`inflate-stream.ts`) for the same file.
 */
import { gunzipSync } from 'node:zlib';
import { decodePrefixSync, isTruncation, lastGoodSync, reasonOf, type Damage } from './damage.js';
import { detectCompression, type Compression } from './detect-compression.js';
import { GunzipInto } from './gunzip-into.js';

/** A decoded file. */
export interface InflatedBuffer {
  readonly compression: Compression;
  /** The decoded bytes (everything decoded before the damage, when damaged). */
  readonly data: Uint8Array;
  readonly damage: Damage | null;
}

/**
 * Where `inflateSync` may decode a gzip file whose decoded size is at most `size` bytes (memory the
 * caller owns, such as the byte scanner's), or null. The result is valid until the caller reuses it.
 */
export type InflateTarget = (size: number) => Uint8Array | null;

/** This thread's decoder for `InflateTarget`s. */
const into = new GunzipInto();

/**
 * Decodes a whole file: gunzip (every member) when it starts with the gzip magic, else as is. Returns
 * null, having kept nothing, when the output would exceed `maxOutput` bytes (a small file can inflate
 * to gigabytes: the caller streams such files instead). With `target`, an undamaged gzip file is
 * decoded into the memory it gives (`gunzip-into.ts`); anything else goes through `gunzipSync`, with
 * the same result.
 */
export function inflateSync(bytes: Uint8Array): InflatedBuffer;
export function inflateSync(bytes: Uint8Array, maxOutput: number | undefined, target?: InflateTarget): InflatedBuffer | null;
export function inflateSync(bytes: Uint8Array, maxOutput?: number, target?: InflateTarget): InflatedBuffer | null {
  const compression = detectCompression(bytes);
  if (compression === 'none') return maxOutput !== undefined && bytes.length > maxOutput ? null : { compression, data: bytes, damage: null };
  // Room for the size the trailer states plus one byte, as for gunzipSync below: a file that fills it
  // (a wrong trailer) goes to gunzipSync, and so does one whose trailer states more than `maxOutput`.
  const size = outputChunk(bytes, maxOutput);
  if (target !== undefined && (maxOutput === undefined || size <= maxOutput)) {
    const out = target(size);
    const n = out === null ? null : into.decode(bytes, out.subarray(0, size));
    if (out !== null && n !== null) return { compression, data: out.subarray(0, n), damage: null };
  }
  try {
    // One output chunk the size of the output: gunzipSync ran 21% faster with 1 MiB chunks than with
    // the default 16 KiB, and 9% faster again with chunks sized to fit, which it then needs not join
    // (bench/run.js "gunzip only" rows, docs/benchmarks.md).
    const limit = maxOutput !== undefined ? { maxOutputLength: maxOutput } : {};
    return { compression, data: gunzipSync(bytes, { chunkSize: size, ...limit }), damage: null };
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return null;
    const reason = reasonOf(err);
    const good = (p: number): boolean => decodePrefixSync(bytes, p) !== null;
    const offset = isTruncation(err) || good(bytes.length) ? bytes.length : lastGoodSync(0, bytes.length, good);
    const data = decodePrefixSync(bytes, offset) ?? new Uint8Array(0);
    return { compression, data, damage: { offset, reason } };
  }
}

/**
 * The output chunk for gunzipSync: the decoded size the gzip trailer states (ISIZE, RFC 1952 §2.3.1:
 * the size modulo 2^32 of the last member, exact for the single-member files CloudTrail writes) plus
 * one byte, so that the output never fills the chunk and no second chunk is allocated. Within 64 KiB
 * and 64 MiB (or `maxOutput`): a wrong guess only costs more chunks or a larger allocation.
 */
function outputChunk(bytes: Uint8Array, maxOutput: number | undefined): number {
  const n = bytes.length;
  const isize = n >= 18 ? (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0 : 0;
  // Deflate inflates at most 1032:1 (RFC 1951 block limits), which bounds a corrupt trailer's claim.
  return Math.min(Math.max(isize + 1, 64 << 10), maxOutput !== undefined ? maxOutput + 1 : 64 << 20, n * 1032 + 64);
}
