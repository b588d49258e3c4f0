/**
 * Microsoft Sentinel KQL analytics rules over the `AWSCloudTrail` table: the `sentinel-kql` dialect.
 *
 * Brief overview: rule-file.ts reads Azure-Sentinel YAML, ARM exports and `.kql` files; columns.ts builds
 * the `AWSCloudTrail` row Sentinel ingests for a CloudTrail record (its columns are the `awscloudtrail`
 * field mapping, src/dialects/mapping/awscloudtrail.ts); scanner.ts → parser.ts (ast.ts) parse
 * the KQL subset; scalar.ts and tabular.ts evaluate it with each row's contributing records;
 * schedule.ts replays scheduled runs; literals.ts gives the prefilter; compile-rule.ts and dialect.ts
 * wire it to the engine; rule-api.ts is the library entry. Decisions are in docs/sentinel.md.
 *
 * ```ts
 * import { parseSentinelRule } from './dialects/sentinel/index.js';
 * const r = parseSentinelRule('AWSCloudTrail | where UserIdentityType == "Root"');
 * r.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } }); // true
 * ```
 */
export { SentinelCode } from './codes.js';
export { AWS_CLOUDTRAIL_COLUMNS } from '../mapping/awscloudtrail.js';
export { rowOfPartial, rowOfRecord } from './columns.js';
export { loadSentinelFile, SENTINEL_DIALECT, sentinelDialect } from './dialect.js';
export { KqlError } from './errors.js';
export { parseSentinelRule, SentinelRuleError } from './rule-api.js';
export type { ParseSentinelRuleOptions, SentinelRule } from './rule-api.js';
