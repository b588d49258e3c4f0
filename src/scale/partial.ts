/**
 * Partial reports as values: building one from a fold state, its digest, and combining partials of
 * disjoint shards (associative, commutative; a re-delivered partial is dropped, a different partial for
 * the same shards is an error).
 */
import { combineStates, type AccumulatorState } from '../engine/accumulator.js';
import { MAX_LISTED_SKIPPED_FILES } from '../report/model.js';
import { canonicalJson, sha256 } from './canonical-json.js';
import { PARTIAL_SCHEMA, type PartialReport, type RunFile, type SerializedState, type SpecFile } from './model.js';

/** Thrown when partials cannot be merged: another plan, another rule set, or conflicting shards. */
export class PartialMismatch extends Error {
  override readonly name = 'PartialMismatch';
}

/** The state as JSON. */
export function serializeState(s: AccumulatorState): SerializedState {
  const { roots, ...rest } = s;
  return { ...rest, roots: [...roots.values()].sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0)) };
}

/** The state back from JSON (a fresh copy: combining never shares mutable parts). */
export function deserializeState(s: SerializedState): AccumulatorState {
  const copy = structuredClone(s);
  const { roots, ...rest } = copy;
  return {
    ...rest,
    skippedFileList: [...rest.skippedFileList],
    errors: [...rest.errors],
    warnings: [...rest.warnings],
    nonRootHits: [...rest.nonRootHits],
    nonRootSamples: rest.nonRootSamples.map((x) => [...x]),
    correlationHits: [...rest.correlationHits],
    roots: new Map(roots.map((r) => [r.identity, { ...r, rules: [...r.rules], deliveries: [...r.deliveries] }])),
  };
}

/** A partial with its digest. */
export function makePartial(fields: { run: RunFile; spec: SpecFile; shards: readonly number[]; state: AccumulatorState }, diagnostics?: PartialReport['diagnostics']): PartialReport {
  const body = {
    schema: PARTIAL_SCHEMA,
    plan: fields.run.plan,
    of: fields.run.shards,
    shards: [...fields.shards].sort((a, b) => a - b),
    run: fields.run,
    spec: fields.spec,
    state: serializeState(fields.state),
  } as const;
  // The digest is over the JSON text, so a partial read back from a file has the same one.
  const digest = sha256(canonicalJson(JSON.parse(JSON.stringify(body))));
  return { ...body, digest, ...(diagnostics !== undefined ? { diagnostics } : {}) };
}

/** Recomputes a partial's digest (a partial read from a file is checked before it is trusted). */
export function digestOf(p: PartialReport): string {
  const { digest: _digest, diagnostics: _diagnostics, ...body } = p;
  return sha256(canonicalJson(body));
}

/** Checks a parsed object is a partial of this version, whole; throws PartialMismatch naming `name`. */
export function checkPartial(value: unknown, name: string): PartialReport {
  const p = value as Partial<PartialReport> | null;
  if (p === null || typeof p !== 'object' || p.schema !== PARTIAL_SCHEMA) {
    throw new PartialMismatch(`${name}: not a partial report (expected "schema": "${PARTIAL_SCHEMA}")`);
  }
  if (digestOf(p as PartialReport) !== p.digest) throw new PartialMismatch(`${name}: its content does not match its digest (damaged or edited)`);
  return p as PartialReport;
}

/**
 * Combines two partials of one plan. Identical partials (a re-delivery) give one; partials of the same
 * or overlapping shards with different content are an error, as are partials of other plans or rule sets.
 */
export function combinePartials(a: PartialReport, b: PartialReport): PartialReport {
  if (a.digest === b.digest) return a;
  if (a.plan !== b.plan) throw new PartialMismatch(`partials of different plans (${a.plan.slice(0, 12)} and ${b.plan.slice(0, 12)})`);
  if (canonicalJson(a.spec) !== canonicalJson(b.spec)) throw new PartialMismatch(`partials of plan ${a.plan.slice(0, 12)} were made with different rule sets or options`);
  const overlap = a.shards.filter((s) => b.shards.includes(s));
  if (overlap.length > 0) {
    throw new PartialMismatch(`conflicting partials for shard(s) ${overlap.join(', ')}: same shard, different content (was the archive changed between runs?)`);
  }
  const limits = { sampleSize: a.spec.spec.sampleSize, listedSkippedFiles: MAX_LISTED_SKIPPED_FILES };
  const state = combineStates(deserializeState(a.state), deserializeState(b.state), limits);
  return makePartial({ run: a.run, spec: a.spec, shards: [...a.shards, ...b.shards], state });
}
