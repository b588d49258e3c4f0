/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter":
 * sleep = random(0, min(cap, base * 2^attempt))). Full jitter spreads concurrent retries of many objects
 * after one throttling burst instead of having them return in lockstep.
 */

/** Retry timing. */
export interface BackoffOptions {
  /** Delay scale for the first retry, in ms. */
  readonly baseDelayMs: number;
  /** Largest delay, in ms. */
  readonly maxDelayMs: number;
  /** Source of randomness in [0, 1); `Math.random` by default, fixed in tests. */
  readonly random?: () => number;
}

/** Default timing: 100 ms base, 20 s cap. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 100, maxDelayMs: 20_000 };

/** The delay before retry number `retry` (0 for the first retry). */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(retry, 30));
  const random = options.random ?? Math.random;
  return Math.floor(random() * ceiling);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
