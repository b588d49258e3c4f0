/**
 * Builds a worker's run plan from its description (rule files, dialects, options): the worker loads the
 * same files with the same dialects as the main thread, so it compiles the same detections with the
 * same ids in the same order (checked against `PlanSpec.ids`).
 */
import { DIALECTS, loadDetectionFiles, type DetectionInputs, type LoadedDetections } from '../dialects/index.js';
import { resolveDialects } from '../dialects/dialect-ref.js';
import type { Dialect } from '../dialects/types.js';
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

/** Loads detections from their inputs with the dialects they name (found already). */
function loadInputs(inputs: DetectionInputs, dialects: readonly Dialect[]): LoadedDetections {
  return loadDetectionFiles(inputs.files, {
    dialects,
    ...(inputs.fieldMappings.length > 0 ? { fieldMappings: inputs.fieldMappings } : {}),
    ...(inputs.dialectOptions !== undefined ? { dialectOptions: inputs.dialectOptions } : {}),
  });
}

/** Equal for inputs that load the same detections (fields in a fixed order). */
function inputsKey(inputs: DetectionInputs): string {
  return JSON.stringify([inputs.files, inputs.fieldMappings, inputs.dialectOptions ?? null, inputs.dialects]);
}

/**
 * Loads the detections of a spec with the dialects it names (found already); throws when they differ
 * from the main thread's.
 */
export function loadSpec(spec: PlanSpec, dialects: readonly Dialect[]): LoadedDetections {
  return checked(loadInputs(spec, dialects), spec);
}

/** `loaded`, when its ids are the spec's; throws otherwise. */
function checked(loaded: LoadedDetections, spec: PlanSpec): LoadedDetections {
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

/** Detections loaded before their plan arrived (`prepare`), with the key of their inputs. */
export interface PreparedDetections {
  readonly key: string;
  readonly loaded: LoadedDetections;
}

/** Loads detections from their inputs ahead of the plan (a worker started before its replay). */
export async function prepareDetections(inputs: DetectionInputs): Promise<PreparedDetections> {
  return { key: inputsKey(inputs), loaded: loadInputs(inputs, await resolveDialects(inputs.dialects, DIALECTS)) };
}

/**
 * Compiles the detections of a spec into a plan, or takes the prepared ones when they were loaded from
 * the same inputs; throws when they differ from the main thread's.
 */
export async function buildPlan(spec: PlanSpec, prepared: PreparedDetections | null = null): Promise<Plan> {
  const loaded =
    prepared !== null && prepared.key === inputsKey(spec) ? checked(prepared.loaded, spec) : loadSpec(spec, await resolveDialects(spec.dialects, DIALECTS));
  return makePlan(loaded.detections, loaded.correlations, recordFilterOf(spec.filter), spec.prefilterMode, spec.sampleSize);
}
