/**
 * `KqlError`: a query Sentinel would reject, or one the replay cannot run, at an offset of the query text.
 */

/** A problem in a KQL query. `code` is one of `SentinelCode` (codes.ts). */
export class KqlError extends Error {
  /** 0-based offset in the query text. */
  readonly offset: number;
  readonly code: string;

  constructor(code: string, message: string, offset: number) {
    super(message);
    this.name = 'KqlError';
    this.code = code;
    this.offset = offset;
  }
}
