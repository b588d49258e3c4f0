/** The one error type of the SPL parser and macro expander: a message and the offset it concerns. */
export class SplError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the text being parsed (the expanded search until mapped back). */
    readonly offset: number,
    /** Diagnostic code (src/dialects/splunk/codes.ts). */
    readonly code: string,
  ) {
    super(message);
    this.name = 'SplError';
  }
}
