/**
 * `EventPatternError`: a pattern EventBridge would reject with `InvalidEventPatternException`.
 *
 * `reason` is the text AWS puts after "Event pattern is not valid. Reason: " (the aws/event-ruler
 * compiler's message, as the digest lists them), so users can compare it with what `PutRule` said.
 */
export class EventPatternError extends Error {
  /** 0-based offset in the pattern text, or -1 when the pattern was given as a value. */
  readonly offset: number;
  readonly reason: string;

  constructor(reason: string, offset: number) {
    super(`event pattern is not valid: ${reason}`);
    this.name = 'EventPatternError';
    this.reason = reason;
    this.offset = offset;
  }
}
