/**
 * The shipped detections (`detections/`) as the engine's path tests load them: every dialect but
 * Panther. A Panther rule starts a Python runner in the main thread and in every worker thread that
 * loads it (~0.45 s of CPU each on the loaded reference machine), and these tests start dozens of
 * workers to compare the engine's paths, not dialects. Panther's own paths (prefilter off ≡ text ≡
 * byte ≡ 2 workers) are checked by the dialect kit (test/dialects/kit.test.ts) and
 * test/panther/replay.solo.test.ts; its cost in a real replay is in docs/benchmarks.md.
 */
import { DIALECTS, loadDetections, type LoadedDetections } from '../../src/dialects/index.js';

/** The registered dialects without Panther. */
export const WITHOUT_PANTHER = DIALECTS.filter((d) => d.id !== 'panther');

/** `detections/` loaded without the Panther dialect (its files are then listed as not loaded). */
export function loadShippedDetections(): Promise<LoadedDetections> {
  return loadDetections(['detections'], { dialects: WITHOUT_PANTHER });
}
