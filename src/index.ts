/**
 * trailproof's library API. Everything exported here is public and versioned with the package;
 * the JSON report schema is versioned separately (`REPORT_SCHEMA`, docs/report-schema.md).
 *
 * ```ts
 * import { parseRule, parseFilterPattern } from 'trailproof';
 * parseRule('{ "detail": { "userIdentity": { "type": ["Root"] } } }', { dialect: 'eventbridge' }).matches(record);
 * const cis = parseFilterPattern('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }');
 * cis.matches(JSON.stringify(record)); // true for root usage
 * ```
 */
export { parseRule, ParseRuleCode } from './dialects/parse-rule.js';
export type { ParseRuleOptions, Rule } from './dialects/parse-rule.js';
export { RuleError } from './dialects/rule-error.js';
export { parseFilterPattern, FilterPatternError, testMetricFilter } from './dialects/cwl/index.js';
export type { FilterPattern } from './dialects/cwl/index.js';
export { parseSigmaRule, SigmaRuleError } from './dialects/sigma/index.js';
export type { SigmaRule } from './dialects/sigma/index.js';
export { ElasticRuleError, EqlRuleError, fieldType, parseElasticRule, parseEqlRule, toEcs } from './dialects/elastic/index.js';
export type { EcsDocument, ElasticRule, ElasticRuleOptions, EqlRule, ParseEqlRuleOptions, EsFieldType, FieldTypes } from './dialects/elastic/index.js';
export { parseSentinelRule, SentinelRuleError } from './dialects/sentinel/index.js';
export type { ParseSentinelRuleOptions, SentinelRule } from './dialects/sentinel/index.js';
export { parseSplunkSearch, SplunkSearchError } from './dialects/splunk/index.js';
export type { SplunkSearch, SplunkSearchOptions } from './dialects/splunk/index.js';
export { parsePantherRule, PantherRuleError, runPantherTests } from './dialects/panther/index.js';
export type { PantherRule, ParsePantherRuleOptions } from './dialects/panther/index.js';
export { loadDetections, loadDetectionFiles, loadWithDialect, claimOf, DIALECTS } from './dialects/index.js';
export type { DetectionInputs, DialectOptionsById, LoadedDetections, LoadDetectionsOptions } from './dialects/index.js';
export type {
  Claim,
  CompiledRule,
  CompileResult,
  CorrelationDetection,
  CorrelationInput,
  Detection,
  DetectionFile,
  DetectionMeta,
  Dialect,
  DialectClaims,
  DialectModule,
  LoadOptions,
  LoadResult,
  NotApplicable,
  ParsedRule,
  ParseResult,
  Prefilter,
} from './dialects/types.js';
export type { DialectRef } from './dialects/dialect-ref.js';
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export { formatDiagnostic } from './diagnostics/diagnostic.js';
export { replay } from './engine/replay.js';
export type { ReplayOptions, ReplayProgress } from './engine/replay.js';
export type { PrefilterMode } from './engine/plan.js';
export type { ScopeOptions, ScopeOverride } from './engine/scope/resolve-scope.js';
export { classifyRoot } from './record/root.js';
export type { CloudTrailRecord, JsonObject, JsonValue, RecordView } from './record/view.js';
export { makeRecordView, viewOfRecord } from './record/view.js';
export * from './report/model.js';
export { renderReport } from './report/render.js';
export type { ReportFormat } from './report/render.js';
export { mergePartials, type MergeOptions } from './scale/merge.js';
export { combinePartials, PartialMismatch } from './scale/partial.js';
export { planShards, type PlanOptions, type ShardPlan } from './scale/plan-shards.js';
export { replayShard, type ShardOptions } from './scale/replay-shard.js';
export { specFileOf } from './scale/spec-file.js';
export type { PartialReport, RunFile, Segment, ShardItem, SpecFile } from './scale/model.js';
export { resolveSource, SourceError } from './sources/index.js';
export type { SelectionFilter, Source, SourceObject, SourceOptions } from './sources/index.js';
