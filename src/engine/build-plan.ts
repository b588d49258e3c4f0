/**
 * Builds a worker's run plan from its description (rule files, dialects, options): the worker loads the
 * same files with the same dialects as the main thread, so it compiles the same detections with the
 * same ids in the same order (checked against `PlanSpec.ids`).
 */
import { DIALECTS, loadDetectionFiles, type DetectionInputs, type LoadedDetections } from '../dialects/index.js';
import { resolveDialects } from '../dialects/dialect-ref.js';
import type { Dialect } from '../dialects/types.js';
import { makePlan, type Plan } from './plan.js';
import { recordFilterOf } from './plan-spec.js';
import type { PlanSpec } from './workers/protocol.js';

/** Loads detections from their inputs with the dialects they name (found already). */
function loadInputs(inputs: DetectionInputs, dialects: readonly Dialect[]): LoadedDetections {
  return loadDetectionFiles(inputs.files, {
    dialects,
    ...(inputs.fieldMappings.length > 0 ? { fieldMappings: inputs.fieldMappings } : {}),
    ...(inputs.dialectOptions !== undefined ? { dialectOptions: inputs.dialectOptions } : {}),
  });
}

/**
 * Loads the detections of a spec with the dialects it names (found already); throws when they differ
 * from the main thread's.
 */
export function loadSpec(spec: PlanSpec, dialects: readonly Dialect[]): LoadedDetections {
  const loaded = loadInputs(spec, dialects);
  const ids = [...loaded.detections, ...loaded.correlations].map((d) => d.id);
  if (ids.length !== spec.ids.length || ids.some((id, i) => id !== spec.ids[i])) {
    const missing = spec.ids.filter((id) => !ids.includes(id));
    throw new Error(`the worker compiled other detections than the main thread (${ids.length} instead of ${spec.ids.length}${missing.length > 0 ? `; missing ${missing.slice(0, 3).join(', ')}` : ''})`);
  }
  return { ...loaded, files: [...spec.files], fieldMappings: spec.fieldMappings, dialects: spec.dialects };
}

/** The registered dialects a spec names (scale-out runs carry no library-supplied dialect). */
export function registeredDialects(spec: PlanSpec): Dialect[] {
  return spec.dialects.map((ref) => {
    const found = ref.registered ? DIALECTS.find((d) => d.id === ref.id) : undefined;
    if (found === undefined) throw new Error(`dialect '${ref.id}' is not one of trailproof's own: a scale-out run replays registered dialects only`);
    return found;
  });
}

/** Compiles the detections of a spec into a plan; throws when they differ from the main thread's. */
export async function buildPlan(spec: PlanSpec): Promise<Plan> {
  const loaded = loadSpec(spec, await resolveDialects(spec.dialects, DIALECTS));
  return makePlan(loaded.detections, loaded.correlations, recordFilterOf(spec.filter), spec.prefilterMode, spec.sampleSize);
}
