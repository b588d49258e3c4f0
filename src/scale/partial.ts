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

/** The state back from JSON. Shares the parsed arrays: callers fold or finish it, never add to it. */
export function deserializeState(s: SerializedState): AccumulatorState {
  const { roots, ...rest } = s;
  return {
    ...rest,
    skippedFiles: { ...rest.skippedFiles },
    skipReasons: { ...rest.skipReasons },
    skippedFileList: [...rest.skippedFileList],
    errors: [...rest.errors],
    warnings: [...rest.warnings],
    nonRootHits: [...rest.nonRootHits],
    nonRootSamples: rest.nonRootSamples.map((x) => [...x]),
    correlationHits: [...rest.correlationHits],
    ruleErrors: [...rest.ruleErrors],
    ruleErrorSamples: rest.ruleErrorSamples.map((x) => [...x]),
    roots: new Map(roots.map((r) => [r.identity, r])),
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
 * Combines partials of one plan into one covering their shards. Identical partials (a re-delivery) count
 * once; two different partials with a shard in common are an error, as are partials of other plans or
 * rule sets.
 */
export function combinePartials(...partials: readonly PartialReport[]): PartialReport {
  const unique = [...new Map(partials.map((p) => [p.digest, p])).values()];
  if (unique.length === 0) throw new PartialMismatch('no partial reports to merge');
  if (unique.length === 1) return unique[0]!;
  // Ordered by first shard, then digest, so that errors name the same pair whatever the input order.
  unique.sort((a, b) => a.shards[0]! - b.shards[0]! || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
  const first = unique[0]!;
  const spec = canonicalJson(first.spec);
  const owner = new Map<number, PartialReport>();
  for (const p of unique) {
    if (p.plan !== first.plan) throw new PartialMismatch(`partials of different plans (${first.plan.slice(0, 12)} and ${p.plan.slice(0, 12)})`);
    if (canonicalJson(p.spec) !== spec) throw new PartialMismatch(`partials of plan ${first.plan.slice(0, 12)} were made with different rule sets or options`);
    const overlap = p.shards.filter((s) => owner.has(s));
    if (overlap.length > 0) {
      throw new PartialMismatch(`conflicting partials for shard(s) ${overlap.join(', ')}: same shard, different content (was the archive changed between runs?)`);
    }
    for (const s of p.shards) owner.set(s, p);
  }
  const limits = { sampleSize: first.spec.spec.sampleSize, listedSkippedFiles: MAX_LISTED_SKIPPED_FILES };
  const state = combineStates(unique.map((p) => deserializeState(p.state)), limits);
  return makePartial({ run: first.run, spec: first.spec, shards: [...owner.keys()], state });
}
