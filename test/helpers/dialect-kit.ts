/**
 * The dialect test kit: what every dialect must do, checked in one call per dialect (`checkDialect`),
 * and small helpers to load rule files with one dialect as the registry does.
 */
import { claimOf, loadWithDialect } from '../../src/dialects/index.js';
import type { DetectionFile, Dialect, LoadOptions, LoadResult } from '../../src/dialects/types.js';

/** True when `dialect` claims `file` (yes or maybe). */
export function recognises(dialect: Dialect, file: DetectionFile): boolean {
  return claimOf(dialect, file) !== 'no';
}

/** Loads one file with one dialect, as the registry does. */
export function loadOne(dialect: Dialect, file: DetectionFile, options: LoadOptions = {}): LoadResult {
  return loadWithDialect(dialect, [file], options);
}

export { loadWithDialect };
