/** Defaults of the S3 source, in a module of their own so the CLI can read them without loading the SDK. */

/** Objects read at once by default (`--concurrency`). */
export const DEFAULT_S3_CONCURRENCY = 8;
/** Attempts per request by default (first one included). */
export const DEFAULT_S3_MAX_ATTEMPTS = 6;
