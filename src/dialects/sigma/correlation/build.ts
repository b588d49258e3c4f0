/**
 * Builds `CorrelationDetection`s from correlation documents: resolves referenced rules (by id or
 * name, across files, chains of correlations included), maps group-by and value fields through the
 * field mapping and aliases, and evaluates the plan over the engine's input matches.
 */
import type { CorrelationDetection, CorrelationInput } from '../../types.js';
import { SigmaCode } from '../codes.js';
import type { CorrelationDocument } from '../model.js';
import { LineCounter } from 'yaml';
import { detectionMeta } from '../meta.js';
import { Problems } from '../problems.js';
import { evaluateWindows } from './evaluate.js';
import type { Firing, Occurrence, WindowSpec } from './evaluate.js';

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

type PlanSource =
  | { readonly kind: 'rule'; readonly detectionId: string; readonly groupFields: readonly number[]; readonly valueFields: readonly number[] }
  | { readonly kind: 'correlation'; readonly plan: Plan; readonly groupFrom: readonly number[] };

interface Plan {
  readonly spec: WindowSpec;
  readonly groupBy: readonly string[];
  readonly sources: readonly PlanSource[];
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
  const root = plan;
  const meta = detectionMeta(doc.meta);
  return {
    kind: 'ok',
    detection: {
      id,
      title: doc.meta.title,
      dialect: 'sigma',
      file,
      meta,
      inputs: [...inputs],
      generate: doc.generate,
      fields: fields.list,
      evaluate(events: readonly CorrelationInput[]): number[] {
        const ordinals = new Set<number>();
        for (const f of run(root, events)) for (const o of f.ordinals) ordinals.add(o);
        return [...ordinals].sort((a, b) => a - b);
      },
    },
  };
}

function buildPlan(doc: CorrelationDocument, problems: Problems, resolver: Resolver, fields: Fields, inputs: Set<string>, visiting: Set<CorrelationDocument>): Plan | null {
  const title = doc.meta.title;
  if (visiting.has(doc)) {
    problems.error(SigmaCode.badCorrelation, `correlation '${title}' refers to itself through its rules`, doc.meta.at, title);
    return null;
  }
  visiting.add(doc);
  const sources: PlanSource[] = [];
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
      sources.push({ kind: 'rule', detectionId: target.detectionId, groupFields, valueFields });
    } else {
      // The referenced correlation reports its own errors when it is built on its own: stay silent here.
      const inner = buildPlan(target.doc, new Problems(target.file, new LineCounter()), resolver, fields, inputs, visiting);
      if (inner === null) {
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
      sources.push({ kind: 'correlation', plan: inner, groupFrom });
    }
  }
  visiting.delete(doc);
  const tests = doc.condition?.tests ?? [{ op: 'gte' as const, value: doc.rules.length }];
  return {
    spec: { type: doc.type, timespan: doc.timespan, tests, sources: doc.rules.length, percentile: doc.condition?.percentile ?? 50 },
    groupBy: doc.groupBy,
    sources,
  };
}

/** The field an alias names for a referenced rule (CORR "Field Name Aliases"), or the name itself. */
function aliasField(doc: CorrelationDocument, group: string, ref: string, name: string | null, id: string | null): string | undefined {
  const alias = doc.aliases.get(group);
  if (alias === undefined) return group;
  return alias.get(ref) ?? (name !== null ? alias.get(name) : undefined) ?? (id !== null ? alias.get(id) : undefined);
}

function run(plan: Plan, events: readonly CorrelationInput[]): Firing[] {
  const occurrences: Occurrence[] = [];
  plan.sources.forEach((source, index) => {
    if (source.kind === 'rule') {
      for (const e of events) {
        if (e.detectionId !== source.detectionId) continue;
        occurrences.push({
          source: index,
          time: e.time,
          ordinals: [e.ordinal],
          group: source.groupFields.map((f) => e.fields[f] ?? null),
          values: source.valueFields.map((f) => e.fields[f] ?? null),
        });
      }
    } else {
      for (const f of run(source.plan, events)) {
        occurrences.push({ source: index, time: f.time, ordinals: f.ordinals, group: source.groupFrom.map((k) => f.group[k] ?? null), values: [] });
      }
    }
  });
  occurrences.sort((a, b) => a.time - b.time || (a.ordinals[0] ?? 0) - (b.ordinals[0] ?? 0) || a.source - b.source);
  return evaluateWindows(plan.spec, occurrences);
}
