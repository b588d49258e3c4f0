/**
 * Exit codes (documented in README.md and docs/report-schema.md). When several apply, the highest in
 * this precedence wins: USAGE, INPUT, MISSED.
 */
export const EXIT = {
  /** The run completed (whatever the detections caught). */
  OK: 0,
  /** --fail-on-miss: a detection missed a root-usage event; `trailproof test`: an expectation failed. */
  MISSED: 1,
  /** Bad usage, or a detection file that did not load. */
  USAGE: 2,
  /** Input errors: a source could not be listed, or a file/object could not be read completely. */
  INPUT: 3,
  /** `trailproof test`: the suite holds no expectations (pytest's exit 5, "no tests collected"). */
  NO_EXPECTATIONS: 5,
} as const;

/** Thrown for bad command-line usage; the CLI prints the message and exits with EXIT.USAGE. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
