/**
 * Damage in a compressed file: where decoding fails, why, and the bytes decoded before it.
 *
 * zlib reports *that* a stream is corrupt, not *where*, and Node's stream API drops the output of the
 * call that failed. Both are recovered the same way by the streaming and the in-memory reader, so the
 * two give identical results: decoding a prefix of the file with `Z_SYNC_FLUSH` succeeds exactly when
 * the prefix stops before the damage (inflate reads its input in order), so a binary search over
 * prefix lengths finds the first byte whose inclusion makes decoding fail. That offset is reported,
 * and the bytes decoded from the longest good prefix are "every byte decoded before the damage".
 * A truncated file is the special case where the whole file is the longest good prefix.
 */
import { constants, gunzipSync } from 'node:zlib';

/** Where and why a compressed file could not be decoded to its end. */
export interface Damage {
  /** 0-based offset in the compressed bytes of the first byte decoding fails on (the length when truncated). */
  readonly offset: number;
  /** zlib's reason: "unexpected end of file", "invalid block type", "incorrect data check"... */
  readonly reason: string;
}

/** True for the zlib error that means the input ended before the compressed stream did. */
export function isTruncation(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'Z_BUF_ERROR';
}

/** zlib's message for a decoding error. */
export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Decodes a gzip prefix without requiring it to be complete, or returns null when it is corrupt. */
export function decodePrefixSync(gz: Uint8Array, length: number): Buffer | null {
  try {
    return gunzipSync(gz.subarray(0, length), { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
}

/**
 * The largest `p` in [lo, hi) such that `good(p)`, given `good(lo)` and not `good(hi)` and that `good`
 * is monotone (once false, false for every longer prefix).
 */
export async function lastGood(lo: number, hi: number, good: (p: number) => Promise<boolean>): Promise<number> {
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (await good(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Synchronous `lastGood`. */
export function lastGoodSync(lo: number, hi: number, good: (p: number) => boolean): number {
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (good(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
