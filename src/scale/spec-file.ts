/** The rule set and report options of a run, as `spec.json` carries them to every shard and the reduce. */
import type { LoadedDetections } from '../dialects/index.js';
import type { PrefilterMode } from '../engine/plan.js';
import { planSpecOf } from '../engine/plan-spec.js';
import type { ScopeOptions } from '../engine/scope/resolve-scope.js';
import type { SelectionFilter } from '../sources/types.js';
import { VERSION } from '../version.js';
import { SPEC_SCHEMA, type SpecFile } from './model.js';

/** What a replay's options say about rules and reporting. */
export interface SpecOptions {
  readonly detections: LoadedDetections;
  readonly filter: SelectionFilter;
  readonly prefilter?: PrefilterMode;
  readonly falseAlarmSample?: number;
  readonly scope?: ScopeOptions;
  readonly warnings?: readonly string[];
  readonly version?: string;
}

/** The spec file of a run (the same `PlanSpec` a replay gives its workers). */
export function specFileOf(o: SpecOptions): SpecFile {
  return {
    schema: SPEC_SCHEMA,
    version: o.version ?? VERSION,
    spec: planSpecOf(o.detections, o),
    diagnostics: o.detections.diagnostics,
    notApplicable: o.detections.notApplicable,
    scope: { all: o.scope?.all === true, overrides: [...(o.scope?.overrides ?? new Map())] },
    warnings: o.warnings ?? [],
  };
}

/** The scope options back from the spec file. */
export function scopeOf(spec: SpecFile): ScopeOptions {
  return { ...(spec.scope.all ? { all: true } : {}), ...(spec.scope.overrides.length > 0 ? { overrides: new Map(spec.scope.overrides) } : {}) };
}
