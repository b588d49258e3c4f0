/**
 * The files of a scale-out run (docs/scale-out.md): the shard plan a Step Functions Distributed Map
 * reads (`plan.json`, one item per shard), the run facts beside it (`run.json`), the rule set
 * (`spec.json`), and each shard's partial report (`trailproof/partial@1`, docs/report-schema.md).
 */
import type { NotApplicable } from '../dialects/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Placed, PlacedCorrelationHit, RootState } from '../engine/accumulator.js';
import type { ScopeOverride } from '../engine/scope/resolve-scope.js';
import type { PlanSpec } from '../engine/workers/protocol.js';
import type { FalseAlarmSample, ReportProblem, RuleErrorSample, SkippedFile } from '../report/model.js';

export const RUN_SCHEMA = 'trailproof/run@1';
export const SPEC_SCHEMA = 'trailproof/spec@1';
export const PARTIAL_SCHEMA = 'trailproof/partial@1';

/** A run of consecutive listed objects of one folder: `first` to `last` in listing order, inclusive. */
export interface Segment {
  /** The folder as a location the sources accept (`s3://bucket/prefix/` or a local folder path). */
  readonly folder: string;
  /** URIs of its first and last object. */
  readonly first: string;
  readonly last: string;
  /** URIs of the objects listed just before `first` and just after `last` in the folder (null: none). */
  readonly before: string | null;
  readonly after: string | null;
  readonly objects: number;
}

/** One item of `plan.json`: a contiguous run of the replay's listing. */
export interface ShardItem {
  /** `planId` of the plan the item belongs to. */
  readonly plan: string;
  readonly shard: number;
  readonly of: number;
  readonly segments: readonly Segment[];
  readonly objects: number;
  /** Stored (compressed) bytes, as listed. */
  readonly bytes: number;
  /** SHA-256 of the shard's `uri\tsize\n` lines in listing order: the worker re-lists and checks it. */
  readonly keysDigest: string;
}

/** `run.json`: what the plan was made from, and what its listing found besides objects. */
export interface RunFile {
  readonly schema: typeof RUN_SCHEMA;
  readonly plan: string;
  readonly shards: number;
  readonly sources: readonly string[];
  readonly selection: {
    readonly since: string | null;
    readonly until: string | null;
    readonly accounts: readonly string[];
    readonly regions: readonly string[];
  };
  /** Listing failures (`cannot list: ...`) and listing warnings, in listing order, as a replay reports them. */
  readonly listing: { readonly errors: readonly ReportProblem[]; readonly warnings: readonly string[] };
  readonly objects: number;
  readonly bytes: number;
  /** How the shard size was chosen. */
  readonly sizing: { readonly targetShardBytes: number | null; readonly requestedShards: number | null };
}

/** `spec.json`: the rule set and report options every shard and the reduce use (pins the detections). */
export interface SpecFile {
  readonly schema: typeof SPEC_SCHEMA;
  readonly version: string;
  readonly spec: PlanSpec;
  readonly diagnostics: readonly Diagnostic[];
  readonly notApplicable: readonly NotApplicable[];
  readonly scope: { readonly all: boolean; readonly overrides: readonly (readonly [string, ScopeOverride])[] };
  /** Warnings about the run itself (e.g. --region leaving out us-east-1), first in the report. */
  readonly warnings: readonly string[];
}

/** The fold state as JSON (src/engine/accumulator.ts), roots sorted by identity. */
export interface SerializedState {
  readonly files: number;
  readonly erroredFiles: number;
  readonly bytes: number;
  readonly total: number;
  readonly evaluated: number;
  readonly filtered: number;
  readonly skipped: number;
  readonly skippedFiles: Record<string, number>;
  readonly skippedFileList: readonly Placed<SkippedFile>[];
  readonly skipReasons: Record<string, number>;
  readonly errors: readonly Placed<ReportProblem>[];
  readonly warnings: readonly Placed<string>[];
  readonly roots: readonly RootState[];
  readonly nonRootHits: readonly number[];
  readonly nonRootSamples: readonly (readonly Placed<FalseAlarmSample>[])[];
  readonly correlationHits: readonly Placed<PlacedCorrelationHit>[];
  readonly ruleErrors: readonly number[];
  readonly ruleErrorSamples: readonly (readonly Placed<RuleErrorSample>[])[];
}

/** A partial report: the fold of some shards of one plan. */
export interface PartialReport {
  readonly schema: typeof PARTIAL_SCHEMA;
  readonly plan: string;
  readonly of: number;
  /** Shard indices it covers, ascending (one for a worker's partial). */
  readonly shards: readonly number[];
  readonly run: RunFile;
  readonly spec: SpecFile;
  readonly state: SerializedState;
  /** SHA-256 of the canonical JSON of every field above: equal partials, equal digest. */
  readonly digest: string;
  /** Not part of the digest: how the shard ran. */
  readonly diagnostics?: { readonly ms: number; readonly objects: number };
}

