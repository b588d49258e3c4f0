/**
 * Gunzip into memory the caller owns: the fast twin of `gunzipSync` for undamaged files.
 *
 * `gunzipSync` returns a new buffer per file. For 0.7 MB CloudTrail files that buffer is mapped
 * fresh and faulted in every time, then copied into the byte scanner's memory and left to the garbage
 * collector. Decoding all 900 files of the benchmark corpus took 0.93–1.0 s that way (0.2–0.35 s of it
 * in the kernel), and 0.62–0.76 s written into one reused buffer (docs/benchmarks.md).
 *
 * Node has no public API for that, so this drives the same zlib handle `gunzipSync` drives, through the
 * members `gunzipSync` itself uses (`_handle.writeSync`, `_writeState`; Node's lib/zlib.js,
 * `processChunkSync`). It is used only when they are there, and it only answers for files it decodes
 * cleanly in one call: on damage, trailing bytes, more output than the space given, or a missing
 * member, it returns null and the caller decodes the file with `gunzipSync`, which reports what is
 * wrong exactly as before. test/input/gunzip-into.test.ts compares the two.
 */
import { constants, Gunzip } from 'node:zlib';

/** The members of a node:zlib stream that `gunzipSync` uses to decode a buffer (lib/zlib.js). */
interface ZlibInternals {
  readonly _handle?: {
    writeSync?: (flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number) => void;
  } | null;
  /** After a write: [output space left, input left]. */
  readonly _writeState?: unknown;
  /** Public (Node's zlib docs, `zlib.reset()`), but not in @types/node's `Gunzip`. */
  reset(): void;
}

/** One reusable gzip decoder (one per thread). */
export class GunzipInto {
  private engine: Gunzip | null = null;

  /**
   * Decodes `bytes`, a whole gzip file (every member), into `out`. Returns the decoded length, or null
   * when the caller must use `gunzipSync`: the file is damaged or has bytes after its last member, its
   * output fills `out`, or this Node's zlib stream does not have the members used here.
   */
  decode(bytes: Uint8Array, out: Uint8Array): number | null {
    const engine = (this.engine ??= newEngine());
    const internals = engine as unknown as ZlibInternals;
    const handle = internals._handle;
    const state = internals._writeState;
    if (typeof handle?.writeSync !== 'function' || !(state instanceof Uint32Array) || out.length === 0) return null;
    internals.reset();
    handle.writeSync(constants.Z_FINISH, bytes, 0, bytes.length, out, 0, out.length);
    // A zlib error destroys the stream (synchronously): the next file gets a new one.
    if (engine.destroyed) {
      this.engine = null;
      return null;
    }
    const outLeft = state[0]!;
    const inLeft = state[1]!;
    // A full output may have more to come; input left over is not one clean gzip file.
    if (outLeft === 0 || inLeft !== 0) return null;
    return out.length - outLeft;
  }
}

function newEngine(): Gunzip {
  const engine = new Gunzip();
  // Errors are seen through `destroyed`; the 'error' event that follows must not go unhandled.
  engine.on('error', () => {});
  return engine;
}
