/**
 * Shared helpers for the CloudWatch Logs dialect tests: match a pattern against a message and assert the
 * exact text of a pattern error.
 */
import type { Test } from 'tap';
import { FilterPatternError, parseFilterPattern } from '../../src/dialects/cwl/index.js';

/** True when `pattern` matches `message` (a string, or a value serialised as one JSON log event). */
export function matches(pattern: string, message: unknown): boolean {
  return parseFilterPattern(pattern).matches(typeof message === 'string' ? message : JSON.stringify(message));
}

/** Asserts that parsing `pattern` fails with exactly `expected` (`line L, col C: reason`). */
export function fails(t: Test, pattern: string, expected: string): void {
  try {
    parseFilterPattern(pattern);
  } catch (e) {
    t.type(e, FilterPatternError, `${pattern}: throws FilterPatternError`);
    t.equal((e as Error).message, expected, `${pattern}: message`);
    return;
  }
  t.fail(`${pattern}: expected "${expected}", but the pattern parsed`);
}
