/**
 * Synth: deterministic, realistic CloudTrail corpora with planted root events and a truth file.
 *
 * Brief overview. `generateCorpus(options)` writes log files in CloudTrail's S3 layout
 * (`AWSLogs/[o-…/]<account>/CloudTrail/<region>/YYYY/MM/DD/…json.gz`, compact `{"Records":[…]}`
 * bodies) under `options.outDir`, plus `truth.json` listing every planted root event with its category,
 * flags and location. The same options give byte-identical files. It feeds the benchmarks
 * (`bench/run.js`), the differential tests and the `trailproof synth` command.
 *
 * Stages: `options.ts` (defaults, validation) → `world.ts` (accounts, principals, resources) →
 * `plan.ts` (files, record counts, planted records and their positions) → `generate.ts` (streams each
 * file through gzip, generating background records from `catalogue.ts` / `large-records.ts`).
 *
 * @example
 * ```ts
 * import { generateCorpus } from './synth/index.js';
 * const { truth } = await generateCorpus({
 *   outDir: '/tmp/corpus', records: 5000, files: 12, seed: 7,
 *   start: new Date('2024-03-01T00:00:00Z'), days: 2,
 * });
 * // truth.rootEvents[0] → { eventID, category: 'console-login-success', file, index, ... }
 * ```
 */

export { generateCorpus, type CorpusSummary } from './generate.js';
export { ALL_ROOT_CATEGORIES, SynthError, type GenerateOptions, type RootEventOptions } from './options.js';
export { logFileKey, parseLogFileKey, type LogFileKey } from './layout.js';
export { ROOT_VARIANTS } from './root-events.js';
export {
  TRUTH_SCHEMA,
  type Truth,
  type TruthFile,
  type TruthLocation,
  type TruthRootEvent,
  type TruthTotals,
} from './truth.js';
