/**
 * `parseEventPattern`: an EventBridge event pattern (JSON text or an already-parsed value) validated and
 * compiled; `matches` tests an event exactly as EventBridge would (digest §3).
 */
import { EventPatternError } from './errors.js';
import { compilePattern } from './compile-pattern.js';
import { nodeOfValue, readJsonText } from './json-text.js';
import { flattenEvent, matchBranches, pathsOf } from './match.js';
import type { Branch } from './model.js';

/** Longest pattern an account can be allowed (`EventPattern` max length; digest P33). */
export const MAX_PATTERN_LENGTH = 4096;
/** The default quota on pattern length (adjustable up to `MAX_PATTERN_LENGTH`). */
export const DEFAULT_PATTERN_LENGTH = 2048;

/** A compiled event pattern. */
export interface EventPattern {
  /** The `$or` expansion: the event matches when it matches all fields of one branch. */
  readonly branches: readonly Branch[];
  /** True when EventBridge would deliver `event` (an envelope, or any JSON object) to the rule. */
  matches(event: unknown): boolean;
}

/** Compiles a pattern. Throws `EventPatternError` (with the offset in `pattern` when it is text). */
export function parseEventPattern(pattern: string | object): EventPattern {
  if (typeof pattern === 'string' && pattern.length > MAX_PATTERN_LENGTH) {
    throw new EventPatternError(`Event pattern length ${pattern.length} exceeds the maximum of ${MAX_PATTERN_LENGTH}`, MAX_PATTERN_LENGTH);
  }
  const branches = compilePattern(typeof pattern === 'string' ? readJsonText(pattern) : nodeOfValue(pattern));
  const paths = pathsOf(branches);
  return { branches, matches: (event) => matchBranches(branches, flattenEvent(event, paths)) };
}
