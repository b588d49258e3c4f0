/**
 * The minimum-throughput rule for response bodies (`--min-throughput`). A socket idle timeout catches
 * a body that stops; it cannot catch one that trickles (a byte every few seconds resets it forever).
 *
 * Time is counted only while waiting for the next chunk: while the consumer holds the stream (its
 * read-ahead buffer is full, its workers are busy) the network is not to blame. When `windowMs` of
 * waiting has passed and the window brought some bytes but fewer than `minBytesPerSecond` would, the
 * body is abandoned (`abort`) and the stream throws `SlowBody`, which callers retry like a dropped
 * connection. A window with no byte at all is left to the idle timeout, so that a stall is named as one.
 */

/** How slow is too slow. */
export interface ThroughputRule {
  /** Least bytes per second; 0 turns the rule off. */
  readonly minBytesPerSecond: number;
  /** Waiting time over which the rate is judged, in ms. */
  readonly windowMs: number;
}

/** A body abandoned for being slower than the rule allows. */
export class SlowBody extends Error {
  readonly code = 'SlowBody';
  constructor(bytes: number, rule: ThroughputRule) {
    super(`body too slow: ${bytes} bytes in ${rule.windowMs} ms, below the minimum of ${rule.minBytesPerSecond} bytes/s (--min-throughput)`);
    this.name = 'SlowBody';
  }
}

/** Yields `body`'s chunks, throwing `SlowBody` (after calling `abort`) when the rule is broken. */
export async function* watchThroughput(
  body: AsyncIterable<Uint8Array>,
  rule: ThroughputRule,
  abort: () => void,
): AsyncGenerator<Uint8Array> {
  if (rule.minBytesPerSecond <= 0 || rule.windowMs <= 0) {
    yield* body;
    return;
  }
  const minBytes = (rule.minBytesPerSecond * rule.windowMs) / 1000;
  const iterator = body[Symbol.asyncIterator]();
  /** Waiting time of the current window before the pending call, and the bytes it brought. */
  let waited = 0;
  let bytes = 0;
  let finished = false;
  try {
    for (;;) {
      const started = performance.now();
      const pending = iterator.next();
      let timer: NodeJS.Timeout | undefined;
      const judged = new Promise<'slow'>((resolve) => {
        const judge = (): void => {
          if (bytes > 0 && bytes < minBytes) {
            resolve('slow');
            return;
          }
          // A new window starts now, within this wait.
          waited = started - performance.now();
          bytes = 0;
          timer = setTimeout(judge, rule.windowMs);
        };
        timer = setTimeout(judge, Math.max(0, rule.windowMs - waited));
      });
      let next: IteratorResult<Uint8Array> | 'slow';
      try {
        next = await Promise.race([pending, judged]);
      } finally {
        clearTimeout(timer);
      }
      if (next === 'slow') {
        // The abandoned read settles once the body is destroyed; nothing waits for it.
        pending.catch(() => undefined);
        finished = true;
        abort();
        throw new SlowBody(bytes, rule);
      }
      waited += performance.now() - started;
      if (next.done === true) {
        finished = true;
        return;
      }
      bytes += next.value.byteLength;
      yield next.value;
    }
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    // Left early by the consumer: release the body.
    if (!finished) await iterator.return?.();
  }
}
