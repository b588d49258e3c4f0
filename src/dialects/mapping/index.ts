/**
 * Field mappings: what a CloudTrail record becomes once a SIEM has ingested it, shared by every dialect
 * whose rules are written against that SIEM's documents.
 *
 * Brief overview: a `FieldMapping` (field-mapping.ts) turns a record into its target document
 * (`toDocument`) and answers the lookups dialects need (which record paths a field copies, for sound
 * prefilter literals; field types). `FIELD_MAPPINGS` (registry.ts) holds them; a dialect names its own
 * with `Dialect.defaultMapping`, and `parseRule`'s `input` resolves through it (a mapping's `input`
 * names records given already mapped).
 *
 * - `cloudtrail` (cloudtrail.ts): the record itself (CWL, Sigma, Panther);
 * - `ecs` (ecs/): Elastic's AWS integration (the three Elastic dialects);
 * - `awscloudtrail` (awscloudtrail.ts): Sentinel's `AWSCloudTrail` row;
 * - `splunk` (splunk/): `aws:cloudtrail` auto-extraction and the add-on's aliases;
 * - `eventbridge` (eventbridge.ts): the event EventBridge delivers.
 *
 * Sigma's pipelines stay in src/dialects/sigma/pipeline.ts: they rename a rule's fields to record paths
 * (rule side) rather than map records, and read Sigma's YAML model (docs/dialects.md "Field mappings").
 *
 * ```ts
 * import { fieldMapping } from './dialects/mapping/index.js';
 * fieldMapping('ecs')!.toDocument({ eventName: 'ConsoleLogin' }); // { event: { action: 'ConsoleLogin', ... }, ... }
 * ```
 */
export type { FieldMapping } from './field-mapping.js';
export { DEFAULT_MAPPING, FIELD_MAPPINGS, fieldMapping } from './registry.js';
