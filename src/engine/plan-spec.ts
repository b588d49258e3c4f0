/**
 * The plan as data (`PlanSpec`) from loaded detections and a run's options: what a replay hands its
 * workers, and what a scale-out run writes into spec.json for its shards.
 */
import type { LoadedDetections } from '../dialects/index.js';
import type { SelectionFilter } from '../sources/types.js';
import type { PrefilterMode, RecordFilter } from './plan.js';
import type { PlanSpec } from './workers/protocol.js';

/** The run options a plan depends on. */
export interface PlanSpecOptions {
  readonly filter?: SelectionFilter;
  readonly prefilter?: PrefilterMode;
  readonly falseAlarmSample?: number;
}

/** The plan of `detections` under `o`, as plain data. */
export function planSpecOf(detections: LoadedDetections, o: PlanSpecOptions): PlanSpec {
  const f = o.filter ?? {};
  const hasFilter = f.since !== undefined || f.until !== undefined || (f.accounts?.length ?? 0) > 0 || (f.regions?.length ?? 0) > 0;
  return {
    files: detections.files,
    fieldMappings: detections.fieldMappings,
    ...(detections.dialectOptions !== undefined ? { dialectOptions: detections.dialectOptions } : {}),
    dialects: detections.dialects,
    ids: [...detections.detections, ...detections.correlations].map((d) => d.id),
    prefilterMode: o.prefilter ?? 'on',
    filter: hasFilter
      ? {
          since: f.since?.getTime() ?? null,
          until: f.until?.getTime() ?? null,
          accounts: f.accounts && f.accounts.length > 0 ? [...f.accounts] : null,
          regions: f.regions && f.regions.length > 0 ? [...f.regions] : null,
        }
      : null,
    sampleSize: o.falseAlarmSample ?? 10,
  };
}

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
