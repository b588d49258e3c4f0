/**
 * The streaming decoder: compressed chunks in, decoded chunks out, in bounded memory.
 *
 * gzip is detected by its magic bytes; every member of a multi-member file is decoded (Node's Gunzip
 * does that). Plain input passes through untouched. On damage, the chunks decoded so far have been
 * delivered; the decoder then re-reads the compressed bytes it kept to find the exact offset and the
 * bytes decoded before it (see `damage.ts`), delivers those, and stops. Keeping the compressed bytes
 * for that is bounded by `retainLimit`: a larger damaged file gets zlib's own, approximate, position.
 */
import { Readable, pipeline } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';
import { isTruncation, lastGood, reasonOf, type Damage } from './damage.js';
import { detectCompression, MAGIC_LENGTH, type Compression } from './detect-compression.js';

/** Options of `inflate`. */
export interface InflateOptions {
  /**
   * Compressed bytes kept for locating damage exactly (default 8 MiB; CloudTrail writes files far
   * smaller). Past it the kept bytes are dropped and damage positions are zlib's approximation.
   */
  readonly retainLimit?: number;
}

/** A decoded stream; `compression` and `damage` are known once iteration has started / ended. */
export interface InflatedStream extends AsyncIterable<Uint8Array> {
  readonly compression: Compression | null;
  /** Set when the iteration ended at damage. */
  readonly damage: Damage | null;
}

/** What the decoder knows of its source iterator. */
interface SourceState {
  /** The iterator ended or failed: nothing to release. */
  done: boolean;
  /** The iterator's own failure, rethrown as is. */
  error: unknown;
}

const DEFAULT_RETAIN_LIMIT = 8 * 1024 * 1024;
const OUT_CHUNK = 64 * 1024;

/** Decodes a byte stream (see the module comment). Errors of the source itself are rethrown. */
export function inflate(chunks: AsyncIterable<Uint8Array>, options: InflateOptions = {}): InflatedStream {
  return new Inflater(chunks, options.retainLimit ?? DEFAULT_RETAIN_LIMIT);
}

class Inflater implements InflatedStream {
  compression: Compression | null = null;
  damage: Damage | null = null;

  constructor(
    private readonly chunks: AsyncIterable<Uint8Array>,
    private readonly retainLimit: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    const it = this.chunks[Symbol.asyncIterator]();
    const source: SourceState = { done: false, error: null };
    try {
      // Enough bytes to see the magic number (a source may hand out a 1-byte first chunk).
      const first: Uint8Array[] = [];
      let firstLength = 0;
      while (firstLength < MAGIC_LENGTH) {
        const r = await it.next();
        if (r.done === true) {
          source.done = true;
          break;
        }
        first.push(r.value);
        firstLength += r.value.length;
      }
      this.compression = detectCompression(first.length === 1 ? (first[0] as Uint8Array) : Buffer.concat(first));
      if (this.compression === 'none') {
        for (const c of first) yield c;
        while (!source.done) {
          const r = await it.next();
          if (r.done === true) source.done = true;
          else yield r.value;
        }
        return;
      }
      yield* this.gunzip(first, it, source);
    } catch (err) {
      source.done = true;
      throw err;
    } finally {
      // The consumer stopped early or decoding stopped at damage: let the source release what it holds.
      if (!source.done) await it.return?.();
    }
  }

  private async *gunzip(first: Uint8Array[], it: AsyncIterator<Uint8Array>, source: SourceState): AsyncGenerator<Uint8Array> {
    const retainLimit = this.retainLimit;
    const kept: Uint8Array[] = [];
    let keeping = true;
    let fed = 0;
    const keep = (c: Uint8Array): void => {
      fed += c.length;
      if (!keeping) return;
      kept.push(c);
      if (fed > retainLimit) {
        keeping = false;
        kept.length = 0;
      }
    };
    async function* input(): AsyncGenerator<Uint8Array> {
      for (const c of first) {
        keep(c);
        yield c;
      }
      try {
        while (!source.done) {
          const r = await it.next();
          if (r.done === true) {
            source.done = true;
            return;
          }
          keep(r.value);
          yield r.value;
        }
      } catch (err) {
        source.done = true;
        source.error = err;
        throw err;
      }
    }
    const gz = createGunzip({ chunkSize: OUT_CHUNK });
    const out = pipeline(Readable.from(input(), { objectMode: false }), gz, () => undefined);
    let delivered = 0;
    try {
      for await (const chunk of out as AsyncIterable<Buffer>) {
        delivered += chunk.length;
        yield chunk;
      }
      return;
    } catch (err) {
      if (source.error !== null) throw source.error;
      const reason = reasonOf(err);
      if (!keeping) {
        // Too large to re-read: zlib's count of input consumed before the failing call.
        this.damage = { offset: isTruncation(err) ? fed : gz.bytesWritten, reason };
        return;
      }
      const good = (p: number): Promise<boolean> => decodePrefix(kept, p, null);
      const offset = isTruncation(err) || (await good(fed)) ? fed : await lastGood(Math.min(gz.bytesWritten, fed), fed, good);
      const rest: Buffer[] = [];
      await decodePrefix(kept, offset, { skip: delivered, into: rest });
      for (const c of rest) yield c;
      this.damage = { offset, reason };
    }
  }
}

/**
 * Decodes the first `length` bytes of `kept` with Z_SYNC_FLUSH (a prefix need not be complete);
 * resolves true when that raised no error. With `collect`, the decoded bytes past `skip` go to `into`.
 */
function decodePrefix(kept: readonly Uint8Array[], length: number, collect: { skip: number; into: Buffer[] } | null): Promise<boolean> {
  return new Promise((resolve) => {
    const gz = createGunzip({ chunkSize: OUT_CHUNK, finishFlush: constants.Z_SYNC_FLUSH });
    let seen = 0;
    gz.on('data', (c: Buffer) => {
      if (collect !== null) {
        const from = Math.max(0, collect.skip - seen);
        if (from < c.length) collect.into.push(from === 0 ? c : c.subarray(from));
      }
      seen += c.length;
    });
    gz.on('error', () => resolve(false));
    gz.on('end', () => resolve(true));
    let left = length;
    for (const c of kept) {
      if (left <= 0) break;
      const piece = c.length <= left ? c : c.subarray(0, left);
      left -= piece.length;
      gz.write(piece);
    }
    gz.end();
  });
}
