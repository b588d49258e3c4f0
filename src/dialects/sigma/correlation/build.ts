/**
 * Builds `CorrelationDetection`s from correlation documents: resolves referenced rules (by id or
 * name, across files, chains of correlations included), maps group-by and value fields through the
 * field mapping and aliases, and builds the shared aggregate (src/dialects/aggregate) each correlation is.
 */
import type { CorrelationDetection } from '../../types.js';
import { SigmaCode } from '../codes.js';
import type { CorrelationDocument, CorrelationType } from '../model.js';
import { LineCounter } from 'yaml';
import { detectionMeta } from '../meta.js';
import { Problems } from '../problems.js';
import { aggregateDetection, type AggregateInput, type AggregateSpec, type Measure } from '../../aggregate/index.js';

/** What a reference resolved to. */
export type Resolved =
  | {
      readonly kind: 'rule';
      /** Detection id when the rule loaded; null when it did not. */
      readonly detectionId: string | null;
      /** Why it does not apply to CloudTrail, when it does not. */
      readonly notApplicable: string | null;
      readonly name: string | null;
      readonly id: string | null;
      readonly title: string;
      /** Maps a Sigma field name for this rule (pipeline), first path. */
      mapField(name: string): string;
    }
  | { readonly kind: 'correlation'; readonly doc: CorrelationDocument; readonly file: string };

/** Looks references up across the run. */
export interface Resolver {
  resolve(ref: string): Resolved | undefined;
}

/** A correlation's aggregate, with its group-by names (a chained correlation picks its keys by name). */
interface Plan {
  readonly spec: AggregateSpec;
  readonly groupBy: readonly string[];
}

/** Outcome of building one correlation. */
export type BuildResult = { readonly kind: 'ok'; readonly detection: CorrelationDetection } | { readonly kind: 'not-applicable'; readonly reason: string } | { readonly kind: 'failed' };

class Fields {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  add(path: string): number {
    let i = this.index.get(path);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(path);
      this.index.set(path, i);
    }
    return i;
  }
}

class NotApplicable {
  constructor(readonly reason: string) {}
}

/** Builds a correlation; errors go to `problems`. */
export function buildCorrelation(doc: CorrelationDocument, problems: Problems, resolver: Resolver, id: string, file: string): BuildResult {
  const fields = new Fields();
  const inputs = new Set<string>();
  const before = problems.errorCount;
  let plan: Plan | null;
  try {
    plan = buildPlan(doc, problems, resolver, fields, inputs, new Set());
  } catch (e) {
    if (e instanceof NotApplicable) return { kind: 'not-applicable', reason: e.reason };
    throw e;
  }
  if (plan === null || problems.errorCount > before) return { kind: 'failed' };
  const head = { id, title: doc.meta.title, dialect: 'sigma', file, meta: detectionMeta(doc.meta), inputs: [...inputs], generate: doc.generate, fields: fields.list };
  return { kind: 'ok', detection: aggregateDetection(head, plan.spec) };
}

function buildPlan(doc: CorrelationDocument, problems: Problems, resolver: Resolver, fields: Fields, inputs: Set<string>, visiting: Set<CorrelationDocument>): Plan | null {
  const title = doc.meta.title;
  if (visiting.has(doc)) {
    problems.error(SigmaCode.badCorrelation, `correlation '${title}' refers to itself through its rules`, doc.meta.at, title);
    return null;
  }
  visiting.add(doc);
  const sources: AggregateInput[] = [];
  const valueNames = doc.condition?.fields ?? [];
  const usesValues = doc.type === 'value_count' || doc.type === 'value_sum' || doc.type === 'value_avg' || doc.type === 'value_percentile';
  for (const ref of doc.rules) {
    const target = resolver.resolve(ref.ref);
    if (target === undefined) {
      problems.error(SigmaCode.unresolvedReference, `correlation rule '${ref.ref}' is not loaded (refer to a rule by its id or name)`, ref.at, title);
      continue;
    }
    if (target.kind === 'rule') {
      if (target.notApplicable !== null) throw new NotApplicable(`refers to '${target.title}', which ${target.notApplicable}`);
      if (target.detectionId === null) {
        problems.error(SigmaCode.unresolvedReference, `correlation rule '${ref.ref}' ('${target.title}') did not load because of errors`, ref.at, title);
        continue;
      }
      inputs.add(target.detectionId);
      const groupFields: number[] = [];
      for (const g of doc.groupBy) {
        const field = aliasField(doc, g, ref.ref, target.name, target.id);
        if (field === undefined) {
          problems.error(SigmaCode.badCorrelation, `alias '${g}' has no field for rule '${ref.ref}'`, doc.meta.at, title);
          continue;
        }
        groupFields.push(fields.add(target.mapField(field)));
      }
      const valueFields = usesValues ? valueNames.map((f) => fields.add(target.mapField(f))) : [];
      sources.push({ kind: 'records', detectionId: target.detectionId, keys: groupFields, values: valueFields });
    } else {
      // The referenced correlation reports its own errors when it is built on its own: stay silent here,
      // but do not build on it (its inputs may lack group keys).
      const innerProblems = new Problems(target.file, new LineCounter());
      const inner = buildPlan(target.doc, innerProblems, resolver, fields, inputs, visiting);
      if (inner === null || innerProblems.errorCount > 0) {
        problems.error(SigmaCode.unresolvedReference, `correlation rule '${ref.ref}' ('${target.doc.meta.title}') did not load because of errors`, ref.at, title);
        continue;
      }
      if (usesValues) problems.error(SigmaCode.badCorrelation, `a ${doc.type} correlation cannot aggregate field values of the correlation '${ref.ref}'`, ref.at, title);
      const groupFrom: number[] = [];
      for (const g of doc.groupBy) {
        const k = inner.groupBy.indexOf(g);
        if (k < 0) problems.error(SigmaCode.badCorrelation, `group-by field '${g}' is not a group-by field of the referenced correlation '${ref.ref}'`, ref.at, title);
        groupFrom.push(k);
      }
      sources.push({ kind: 'aggregate', spec: inner.spec, keys: groupFrom });
    }
  }
  visiting.delete(doc);
  const measure = measureOf(doc.type, valueNames.length, doc.condition?.percentile ?? 50);
  const tests = (doc.condition?.tests ?? [{ op: 'gte' as const, value: doc.rules.length }]).map((t) => ({ measure, op: t.op, value: t.value }));
  return {
    spec: {
      inputs: sources,
      // A missing group-by value is a value of its own (docs/sigma.md, correlation keys: `group-by`).
      groupBy: { width: doc.groupBy.length, nullKey: 'own-group' },
      window: { kind: 'sliding-forward', span: doc.timespan },
      ordered: doc.type === 'temporal_ordered',
      condition: tests,
    },
    groupBy: doc.groupBy,
  };
}

/** What a correlation type measures (CORR "Correlation Types"); value_* types read `condition.field`. */
function measureOf(type: CorrelationType, valueFields: number, rank: number): Measure {
  switch (type) {
    case 'event_count':
      return { kind: 'count' };
    case 'value_count':
      return { kind: 'distinct-values', slots: Array.from({ length: valueFields }, (_, i) => i) };
    case 'temporal':
    case 'temporal_ordered':
      return { kind: 'distinct-inputs' };
    case 'value_sum':
      return { kind: 'sum', slot: 0 };
    case 'value_avg':
      return { kind: 'avg', slot: 0 };
    case 'value_percentile':
      return { kind: 'percentile', slot: 0, rank };
  }
}

/** The field an alias names for a referenced rule (CORR "Field Name Aliases"), or the name itself. */
function aliasField(doc: CorrelationDocument, group: string, ref: string, name: string | null, id: string | null): string | undefined {
  const alias = doc.aliases.get(group);
  if (alias === undefined) return group;
  return alias.get(ref) ?? (name !== null ? alias.get(name) : undefined) ?? (id !== null ? alias.get(id) : undefined);
}
