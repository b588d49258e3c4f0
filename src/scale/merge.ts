/**
 * The reduce: partial reports of every shard of a plan → the report a single replay of the same
 * listing gives (apart from `generatedAt`). Partials may come in any order and more than once.
 */
import { loadSpec, registeredDialects } from '../engine/build-plan.js';
import { recordFilterOf } from '../engine/plan-spec.js';
import { makePlan } from '../engine/plan.js';
import { ReportBuilder } from '../engine/report-builder.js';
import { applyScopes } from '../engine/scope/apply-scope.js';
import { resolveScopes } from '../engine/scope/resolve-scope.js';
import type { Report } from '../report/model.js';
import type { PartialReport } from './model.js';
import { combinePartials, deserializeState, PartialMismatch } from './partial.js';
import { scopeOf } from './spec-file.js';

export interface MergeOptions {
  /** Fixed clock for reproducible reports (tests). */
  readonly now?: Date;
  /** Build the report even when shards are missing; the report names them in `stats.errors`. */
  readonly allowIncomplete?: boolean;
}

/** The shards of the plan no partial covers. */
export function missingShards(p: PartialReport): number[] {
  const have = new Set(p.shards);
  return Array.from({ length: p.of }, (_, i) => i).filter((i) => !have.has(i));
}

/** Merges partials into the report; throws PartialMismatch when shards are missing (unless allowed). */
export function mergePartials(partials: readonly PartialReport[], options: MergeOptions = {}): Report {
  const all = combinePartials(...partials);
  const missing = missingShards(all);
  if (missing.length > 0 && options.allowIncomplete !== true) {
    throw new PartialMismatch(`${missing.length} of ${all.of} shards have no partial report: ${listShards(missing)}`);
  }
  const { run, spec } = all;
  const loaded = loadSpec(spec.spec, registeredDialects(spec.spec));
  const correlations = loaded.correlations;
  const plan = makePlan(loaded.detections, correlations, recordFilterOf(spec.spec.filter), spec.spec.prefilterMode, spec.spec.sampleSize);
  const builder = new ReportBuilder(plan, [], deserializeState(all.state));
  const report = builder.finish({
    version: spec.version,
    sources: run.sources,
    ...run.selection,
    correlations,
    diagnostics: spec.diagnostics,
    notApplicable: spec.notApplicable,
    warnings: [...spec.warnings, ...run.listing.warnings],
    sourceErrors: [...run.listing.errors, ...missing.map((s) => ({ file: `shard ${s}`, message: `cannot list: shard ${s} of ${all.of} has no partial report (not replayed)` }))],
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  return applyScopes(report, resolveScopes(plan.detections, correlations, scopeOf(spec)));
}

function listShards(shards: readonly number[]): string {
  return shards.length <= 20 ? shards.join(', ') : `${shards.slice(0, 20).join(', ')}, ... (${shards.length - 20} more)`;
}
