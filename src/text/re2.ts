/**
 * re2js (linear-time regular expressions, for the regexes in rule text), loaded on first use: most rule
 * sets have no regex, and loading its 270 KB cost every thread ~15 ms of start-up (docs/benchmarks.md,
 * "Start-up with nine dialects"). Loaded synchronously, from its CommonJS build, because rules compile
 * synchronously.
 */
import { createRequire } from 'node:module';
import type { RE2JS as RE2JSClass } from 're2js';

const load = createRequire(import.meta.url);
let loaded: typeof RE2JSClass | null = null;

/** The `RE2JS` class. */
export function re2(): typeof RE2JSClass {
  return (loaded ??= (load('re2js') as typeof import('re2js')).RE2JS);
}
