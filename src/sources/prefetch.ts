/**
 * Bounded read-ahead over any source's objects: opens up to N objects at once while the consumer works
 * through them in listing order, with a cap on the bytes buffered per object.
 *
 * Memory bound: at most `concurrency` objects are in flight, counting both those opened ahead and
 * those handed to the consumer and not yet finished, and each holds at most `maxBufferedBytes` plus one
 * chunk (its download pauses, which applies TCP backpressure, until the consumer catches up). So the whole
 * read-ahead holds about `concurrency × maxBufferedBytes` whatever the object count.
 *
 * Contract for the consumer: every object yielded without `skip` must be opened and read to the end, or
 * abandoned (break out of its `for await`, or call `discard()`), because it holds one of the N slots
 * until then. Objects may be read one after another or several at once. A sequential consumer therefore
 * has N - 1 objects downloading ahead of the one it reads.
 *
 * ```ts
 * for await (const object of prefetchObjects(source.list(location, filter), { concurrency: 8 })) {
 *   if (object.skip) continue; // skipped objects hold no slot
 *   for await (const chunk of object.open()) consume(chunk);
 * }
 * ```
 */
import type { SourceObject } from './types.js';

/** Options of {@link prefetchObjects}. */
export interface PrefetchOptions {
  /** Objects in flight at once (at least 1). */
  readonly concurrency: number;
  /** Bytes buffered per object before its download pauses; default {@link DEFAULT_PREFETCH_BUFFER}. */
  readonly maxBufferedBytes?: number;
}

/** Default per-object buffer: 1 MiB. */
export const DEFAULT_PREFETCH_BUFFER = 1 << 20;

/** An object whose reading may already have started. */
export interface PrefetchedObject extends SourceObject {
  /**
   * The first call returns the read-ahead stream; a later call opens the object again from the start
   * (one more fetch).
   */
  open(): AsyncIterable<Uint8Array>;
  /** Gives the object up without reading it (or the rest of it), freeing its slot. */
  discard(): void;
}

/**
 * Wraps a listing so that objects are opened ahead of the consumer, at most `concurrency` at a time.
 * Listing errors are rethrown after the objects listed before them; an object's read error is rethrown
 * from its own stream, after the bytes that arrived before it.
 */
export function prefetchObjects(
  objects: AsyncIterable<SourceObject>,
  options: PrefetchOptions,
): AsyncIterable<PrefetchedObject> {
  return { [Symbol.asyncIterator]: () => new Prefetcher(objects, options).run() };
}

/** Wakes one waiter; waiters re-check their condition. */
class Signal {
  private waiter: (() => void) | null = null;
  wait(): Promise<void> {
    return new Promise((resolve) => (this.waiter = resolve));
  }
  notify(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }
}

/** The listing pump and slot accounting shared by all objects of one `prefetchObjects` call. */
class Prefetcher {
  private readonly concurrency: number;
  private readonly maxBufferedBytes: number;
  private readonly queue: PrefetchedObject[] = [];
  private slotsInUse = 0;
  private listingDone = false;
  private listingError: { error: unknown } | null = null;
  private closed = false;
  /** Wakes the listing pump when a slot frees. */
  private readonly slotFreed = new Signal();
  /** Wakes the consumer when an object is queued or the listing ends. */
  private readonly queued = new Signal();

  constructor(
    private readonly objects: AsyncIterable<SourceObject>,
    options: PrefetchOptions,
  ) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency));
    this.maxBufferedBytes = Math.max(1, options.maxBufferedBytes ?? DEFAULT_PREFETCH_BUFFER);
  }

  async *run(): AsyncGenerator<PrefetchedObject> {
    void this.pumpListing();
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next !== undefined) {
          // A skipped object held a slot only while queued (read-ahead distance), not while consumed.
          if (next.skip !== undefined) this.release();
          yield next;
          continue;
        }
        if (this.listingError !== null) throw this.listingError.error;
        if (this.listingDone) return;
        await this.queued.wait();
      }
    } finally {
      this.closed = true;
      for (const left of this.queue.splice(0)) left.discard();
      this.slotFreed.notify();
    }
  }

  private async pumpListing(): Promise<void> {
    const iterator = this.objects[Symbol.asyncIterator]();
    try {
      for (;;) {
        while (this.slotsInUse >= this.concurrency && !this.closed) await this.slotFreed.wait();
        if (this.closed) break;
        const result = await iterator.next();
        if (result.done === true) break;
        this.slotsInUse++;
        const entry = result.value.skip !== undefined ? skippedEntry(result.value) : this.startReading(result.value);
        if (this.closed) entry.discard();
        else this.queue.push(entry);
        this.queued.notify();
      }
      if (this.closed) await iterator.return?.();
    } catch (error) {
      this.listingError = { error };
    } finally {
      this.listingDone = true;
      this.queued.notify();
    }
  }

  private release(): void {
    this.slotsInUse--;
    this.slotFreed.notify();
  }

  private startReading(object: SourceObject): PrefetchedObject {
    const reading = new ReadAhead(object.open(), this.maxBufferedBytes, () => this.release());
    let handedOut = false;
    return {
      uri: object.uri,
      size: object.size,
      ...(object.refetch === true ? { refetch: true } : {}),
      open: () => {
        if (handedOut) return object.open();
        handedOut = true;
        return reading.stream();
      },
      discard: () => {
        // A later open() then reads afresh instead of an emptied buffer.
        handedOut = true;
        reading.cancel();
      },
    };
  }
}

/** A skipped object: nothing to read, its slot is released when it is yielded. */
function skippedEntry(object: SourceObject): PrefetchedObject {
  return { uri: object.uri, size: object.size, skip: object.skip, open: () => object.open(), discard: () => {} };
}

/** One object's download into a bounded buffer, and the consumer's view of it. */
class ReadAhead {
  private readonly chunks: Uint8Array[] = [];
  private bufferedBytes = 0;
  private done = false;
  private failure: { error: unknown } | null = null;
  private cancelled = false;
  private released = false;
  private readonly arrived = new Signal();
  private readonly drained = new Signal();

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly maxBufferedBytes: number,
    private readonly onRelease: () => void,
  ) {
    void this.download(source);
  }

  /** The buffered stream; finishing, breaking out or failing frees the slot. */
  async *stream(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        const chunk = this.chunks.shift();
        if (chunk !== undefined) {
          this.bufferedBytes -= chunk.byteLength;
          this.drained.notify();
          yield chunk;
          continue;
        }
        if (this.done) {
          if (this.failure !== null) throw this.failure.error;
          return;
        }
        await this.arrived.wait();
      }
    } finally {
      this.cancel();
    }
  }

  /** Stops the download (if running), drops the buffer and frees the slot, once. */
  cancel(): void {
    this.cancelled = true;
    this.chunks.length = 0;
    this.bufferedBytes = 0;
    this.drained.notify();
    if (this.released) return;
    this.released = true;
    this.onRelease();
  }

  private async download(source: AsyncIterable<Uint8Array>): Promise<void> {
    const iterator = source[Symbol.asyncIterator]();
    try {
      while (!this.cancelled) {
        if (this.bufferedBytes >= this.maxBufferedBytes) {
          await this.drained.wait();
          continue;
        }
        const result = await iterator.next();
        if (result.done === true) break;
        if (this.cancelled) break;
        this.chunks.push(result.value);
        this.bufferedBytes += result.value.byteLength;
        this.arrived.notify();
      }
      // Closing early destroys the underlying response body and its socket.
      if (this.cancelled) await iterator.return?.();
    } catch (error) {
      if (!this.cancelled) this.failure = { error };
    } finally {
      this.done = true;
      this.arrived.notify();
    }
  }
}
