/**
 * The in-memory decoder: the whole file is in one buffer, the result is one buffer. Gives the same
 * bytes and the same damage as the streaming decoder (`inflate-stream.ts`) for the same file.
 */
import { gunzipSync } from 'node:zlib';
import { decodePrefixSync, isTruncation, lastGoodSync, reasonOf, type Damage } from './damage.js';
import { detectCompression, type Compression } from './detect-compression.js';

/** A decoded file. */
export interface InflatedBuffer {
  readonly compression: Compression;
  /** The decoded bytes (everything decoded before the damage, when damaged). */
  readonly data: Uint8Array;
  readonly damage: Damage | null;
}

/** Decodes a whole file: gunzip (every member) when it starts with the gzip magic, else as is. */
export function inflateSync(bytes: Uint8Array): InflatedBuffer {
  const compression = detectCompression(bytes);
  if (compression === 'none') return { compression, data: bytes, damage: null };
  try {
    // 1 MiB output chunks: gunzipSync ran 21% faster than with the default 16 KiB (bench/run.js,
    // "gunzip only" rows, docs/benchmarks.md).
    return { compression, data: gunzipSync(bytes, { chunkSize: 1 << 20 }), damage: null };
  } catch (err) {
    const reason = reasonOf(err);
    const good = (p: number): boolean => decodePrefixSync(bytes, p) !== null;
    const offset = isTruncation(err) || good(bytes.length) ? bytes.length : lastGoodSync(0, bytes.length, good);
    const data = decodePrefixSync(bytes, offset) ?? new Uint8Array(0);
    return { compression, data, damage: { offset, reason } };
  }
}
