/**
 * trailproof's library API. Everything exported here is public and versioned with the package;
 * the JSON report schema is versioned separately (`REPORT_SCHEMA`, docs/report-schema.md).
 *
 * ```ts
 * import { parseFilterPattern } from 'trailproof';
 * const cis = parseFilterPattern('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }');
 * cis.matches(JSON.stringify(record)); // true for root usage
 * ```
 */
export { parseFilterPattern, FilterPatternError, testMetricFilter } from './dialects/cwl/index.js';
export type { FilterPattern } from './dialects/cwl/index.js';
export { parseSigmaRule, SigmaRuleError } from './dialects/sigma/index.js';
export type { SigmaRule } from './dialects/sigma/index.js';
export { parseSplunkSearch, SplunkSearchError } from './dialects/splunk/index.js';
export type { SplunkSearch, SplunkSearchOptions } from './dialects/splunk/index.js';
export { loadDetections, loadDetectionFiles, DIALECTS } from './dialects/index.js';
export type { LoadedDetections, LoadDetectionsOptions } from './dialects/index.js';
export type {
  CompiledRule,
  CorrelationDetection,
  CorrelationInput,
  Detection,
  DetectionFile,
  DetectionMeta,
  Dialect,
  LoadOptions,
  LoadResult,
  NotApplicable,
  Prefilter,
  SplunkLoadOptions,
} from './dialects/types.js';
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
export { resolveSource, SourceError } from './sources/index.js';
export type { SelectionFilter, Source, SourceObject, SourceOptions } from './sources/index.js';
