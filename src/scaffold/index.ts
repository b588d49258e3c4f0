/**
 * Scaffolding for `trailproof init`: see `scaffold.ts`.
 *
 * ```ts
 * const result = await writeScaffold('my-detections', { install: 'trailproof@0.1.0' });
 * console.log(result.created); // ['trailproof.yml', 'detections/cis-root-usage.pattern', ...]
 * ```
 */
export { scaffoldFiles, writeScaffold, type ScaffoldFile, type ScaffoldResult } from './scaffold.js';
export { CIS_ROOT_USAGE_PATTERN } from './templates.js';
export { SAMPLE_ACCOUNT, SAMPLE_EVENT_IDS, SAMPLE_PATH, sampleRecords } from './sample-records.js';
