/**
 * Builds a run plan from its description (rule files + options). The main thread and every worker call
 * this with the same `PlanSpec`, so they compile the same detections with the same ids in the same order.
 */
import { loadDetectionFiles } from '../dialects/index.js';
import type { CorrelationDetection } from '../dialects/types.js';
import { makePlan, type Plan, type RecordFilter } from './plan.js';
import type { PlanSpec } from './workers/protocol.js';

/** Turns the serialisable filter of a spec into the evaluator's form. */
export function recordFilterOf(spec: PlanSpec['filter']): RecordFilter | null {
  if (spec === null) return null;
  return {
    since: spec.since,
    until: spec.until,
    accounts: spec.accounts !== null && spec.accounts.length > 0 ? new Set(spec.accounts) : null,
    regions: spec.regions !== null && spec.regions.length > 0 ? new Set(spec.regions) : null,
  };
}

/** Compiles the detections of a spec into a plan. */
export function buildPlan(spec: PlanSpec): { plan: Plan; correlations: CorrelationDetection[] } {
  const loaded = loadDetectionFiles(spec.files, { ...(spec.fieldMappings.length > 0 ? { fieldMappings: spec.fieldMappings } : {}), ...(spec.splunk !== undefined ? { splunk: spec.splunk } : {}) });
  const plan = makePlan(loaded.detections, loaded.correlations, recordFilterOf(spec.filter), spec.prefilterMode, spec.sampleSize);
  return { plan, correlations: loaded.correlations };
}
