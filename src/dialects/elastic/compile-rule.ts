/**
 * Turns a `RuleDefinition` into what the engine runs: a `Detection` for `query` rules (KQL or Lucene, plus
 * filters, minus exceptions) and EQL event queries, a query-stage `Detection` and a spanning rule for
 * `threshold` rules, one `Detection` per step and a spanning rule for EQL sequences and samples, and for
 * every other type a `NotApplicable` entry saying why it cannot be replayed record by record
 * (elastic-rules.md §7). Never throws: problems become diagnostics at the query's position.
 */
import { lineColumn, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { JsonObject } from '../../record/view.js';
import type { RootCategory } from '../../report/model.js';
import { aggregateDetection } from '../aggregate/index.js';
import { parseScopeList } from '../scope-declaration.js';
import type { CorrelationDetection, Detection, DetectionFile, DetectionMeta, NotApplicable } from '../types.js';
import { ElasticCode } from './codes.js';
import { toEcs, type EcsDocument } from '../mapping/ecs/to-ecs.js';
import { sourcePaths } from '../mapping/ecs/sources.js';
import { fieldType, ignoreAbove, type FieldTypes } from '../mapping/ecs/field-types.js';
import { compileEqlForReplay, mappingHooks } from './eql/index.js';
import { exceptionQuery, filterQuery, UnsupportedPart } from './es-dsl.js';
import { parseKuery } from './kuery/parser.js';
import { prefilterOf } from './literals.js';
import { parseLucene } from './lucene/parser.js';
import { QuerySyntaxError, type Query } from './query/ast.js';
import { compileQuery, type CompiledQuery } from './query/evaluate.js';
import { indexCoversCloudTrail, type RuleDefinition } from './rule.js';
import { thresholdAggregate } from './threshold.js';

/** The query languages replayed here, by `language`, with the dialect id their detections carry. */
export const QUERY_LANGUAGES: Readonly<Record<string, { readonly dialect: string; readonly parse: (text: string) => Query }>> = {
  kuery: { dialect: 'elastic-kuery', parse: parseKuery },
  lucene: { dialect: 'elastic-lucene', parse: parseLucene },
};

/** Why each rule type that is not evaluated record by record cannot be replayed. */
const NOT_REPLAYABLE: Readonly<Record<string, string>> = {
  esql: 'ES|QL rule: not replayable (ES|QL pipelines are not evaluated)',
  new_terms: 'new_terms rule: not replayable (it alerts on values not seen in the index history window before, which a replay of the archive alone cannot know)',
  machine_learning: 'machine learning rule: not replayable (it alerts on anomaly scores of an ML job)',
  threat_match: 'indicator match rule: not replayable (it needs the threat indicator index)',
  saved_query: 'saved query rule: not replayable (its query lives in a Kibana saved object)',
};

/** ECS documents are built once per record and shared by every Elastic rule. */
const documents = new WeakMap<JsonObject, EcsDocument>();
/** The ECS document for a parsed CloudTrail record (cached per record object). */
export function ecsOf(record: JsonObject): EcsDocument {
  let doc = documents.get(record);
  if (doc === undefined) documents.set(record, (doc = toEcs(record)));
  return doc;
}

/**
 * A rule over many records (threshold, EQL sequence) before the registry has named its per-record
 * stages: `build` makes the correlation once the ids of `stages` (detection ids given to `compileRule`)
 * are known.
 */
export interface SpanningRule {
  readonly base: CorrelationDetection;
  readonly stages: readonly string[];
  build(id: string, inputs: readonly string[]): CorrelationDetection;
}

/** What compiling one rule gave. */
export interface CompiledRules {
  readonly detections: Detection[];
  readonly spanning: SpanningRule[];
  readonly notApplicable: NotApplicable[];
  readonly diagnostics: Diagnostic[];
}

/** Options of rule compilation. */
export interface CompileRuleOptions {
  readonly fieldTypes?: FieldTypes;
  /** What records are: CloudTrail records (default, mapped to ECS) or ECS documents as they are. */
  readonly input?: 'cloudtrail' | 'ecs';
  /** EQL: the field event categories are read from when the rule does not override it (default `event.category`). */
  readonly eventCategoryField?: string;
}

const asIs = (record: JsonObject): EcsDocument => record;

/** The whole rule (query, filters, exceptions) compiled, or diagnostics saying why not. */
export function compileRuleQuery(
  rule: RuleDefinition,
  file: DetectionFile,
  options: CompileRuleOptions,
  diagnostics: Diagnostic[],
  notApplicable: NotApplicable[],
): { match: (doc: EcsDocument) => boolean; query: Query } | null {
  const language = QUERY_LANGUAGES[rule.language ?? 'kuery']!;
  const at = (offset: number): { line: number; column: number } =>
    lineColumn(file.text, rule.querySite === null ? rule.offset : rule.querySite.offset + (rule.querySite.verbatim ? offset : 0));
  let query: Query;
  try {
    query = language.parse(rule.query!);
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw e;
    diagnostics.push({ code: ElasticCode.querySyntax, severity: 'error', file: file.path, message: `invalid ${rule.language ?? 'kuery'} query: ${e.message}`, rule: rule.name, ...at(e.offset) });
    return null;
  }
  const report = (c: CompiledQuery, where: string): boolean => {
    let ok = true;
    for (const p of c.problems) {
      ok &&= p.severity !== 'error';
      const position = where === '' ? at(p.offset) : lineColumn(file.text, rule.offset);
      diagnostics.push({ code: p.severity === 'error' ? ElasticCode.queryRejected : ElasticCode.queryWarning, severity: p.severity, file: file.path, message: `${where}${p.message}`, rule: rule.name, ...position });
    }
    return ok;
  };
  const opts = options.fieldTypes !== undefined ? { fieldTypes: options.fieldTypes } : {};
  const main = compileQuery(query, opts);
  if (!report(main, '')) return null;
  const parts: CompiledQuery[] = [];
  const exceptions: CompiledQuery[] = [];
  try {
    for (const f of rule.filters) {
      const q = filterQuery(f);
      if (q !== null) parts.push(compileQuery(q, opts));
    }
    const now = Date.now();
    for (const item of rule.exceptions) {
      if (item.expireTime !== undefined && Date.parse(item.expireTime) < now) continue;
      exceptions.push(compileQuery(exceptionQuery(item.entries), opts));
    }
  } catch (e) {
    if (!(e instanceof UnsupportedPart || e instanceof QuerySyntaxError)) throw e;
    notApplicable.push({ file: file.path, title: rule.name, reason: `not replayable: ${e.message}` });
    return null;
  }
  if (!parts.every((p) => report(p, 'filter: ')) || !exceptions.every((p) => report(p, 'exception: '))) return null;
  for (const list of rule.missingLists) {
    diagnostics.push({ code: ElasticCode.unsupportedPart, severity: 'warning', file: file.path, message: `exception list '${list}' is not in this file: the rule is replayed without it`, rule: rule.name, ...lineColumn(file.text, rule.offset) });
  }
  const match = (doc: EcsDocument): boolean => main.matches(doc) && parts.every((p) => p.matches(doc)) && !exceptions.some((x) => x.matches(doc));
  return { match, query };
}

function metaOf(rule: RuleDefinition, file: DetectionFile, diagnostics: Diagnostic[]): DetectionMeta {
  let scope: readonly RootCategory[] | undefined;
  if (rule.scope !== undefined) {
    const parsed = parseScopeList(rule.scope);
    if ('error' in parsed) {
      diagnostics.push({ code: ElasticCode.badRule, severity: 'error', file: file.path, message: `[trailproof] scope: ${parsed.error}`, rule: rule.name, ...lineColumn(file.text, rule.offset) });
    } else scope = parsed.categories;
  }
  const status = rule.enabled ? rule.maturity : 'disabled';
  return {
    ...(rule.description !== undefined ? { description: rule.description } : {}),
    ...(rule.severity !== undefined ? { level: rule.severity } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(rule.tags.length > 0 ? { tags: rule.tags } : {}),
    ...(rule.ruleId !== null ? { ruleId: rule.ruleId } : {}),
    ...(scope !== undefined ? { scope } : {}),
  };
}

/** Compiles one rule. `id` is unique in its file. */
export function compileRule(rule: RuleDefinition, file: DetectionFile, id: string, options: CompileRuleOptions = {}): CompiledRules {
  const out: CompiledRules = { detections: [], spanning: [], notApplicable: [], diagnostics: [] };
  if (rule.index !== null && rule.index.length > 0 && !indexCoversCloudTrail(rule.index)) {
    out.notApplicable.push({ file: file.path, title: rule.name, reason: `its index patterns (${rule.index.join(', ')}) do not cover the aws.cloudtrail data stream` });
    return out;
  }
  const reason = NOT_REPLAYABLE[rule.type];
  if (reason !== undefined) {
    out.notApplicable.push({ file: file.path, title: rule.name, reason });
    return out;
  }
  if (rule.type === 'eql') {
    compileEqlRule(rule, file, id, options, out);
    return out;
  }
  if (rule.type !== 'query' && rule.type !== 'threshold') {
    out.notApplicable.push({ file: file.path, title: rule.name, reason: `rule type '${rule.type}': not replayable (unknown type)` });
    return out;
  }
  const language = rule.language ?? 'kuery';
  if (QUERY_LANGUAGES[language] === undefined) {
    const why = language === 'esql' ? NOT_REPLAYABLE['esql']! : `language '${language}' is not a query language of ${rule.type} rules`;
    out.notApplicable.push({ file: file.path, title: rule.name, reason: why });
    return out;
  }
  if (rule.query === null) {
    out.diagnostics.push({ code: ElasticCode.badRule, severity: 'error', file: file.path, message: `a ${rule.type} rule needs a 'query'`, rule: rule.name, ...lineColumn(file.text, rule.offset) });
    return out;
  }
  const compiled = compileRuleQuery(rule, file, options, out.diagnostics, out.notApplicable);
  if (compiled === null) return out;
  const meta = metaOf(rule, file, out.diagnostics);
  if (out.diagnostics.some((d) => d.severity === 'error')) return out;
  const dialect = QUERY_LANGUAGES[language]!.dialect;
  const { match } = compiled;
  const toDocument = options.input === 'ecs' ? asIs : ecsOf;
  const detectionRule = { prefilter: options.input === 'ecs' ? null : prefilterOf(compiled.query, options.fieldTypes), match: (view: { value: JsonObject }): boolean => match(toDocument(view.value)) };
  if (rule.type === 'query') {
    out.detections.push({ id, title: rule.name, dialect, file: file.path, meta, rule: detectionRule });
    return out;
  }
  const t = rule.threshold!;
  const fields: string[] = [];
  for (const f of [...t.fields, ...t.cardinality.map((c) => c.field)]) {
    const paths = sourcePaths(f);
    if (paths === undefined || paths.length !== 1) {
      out.notApplicable.push({ file: file.path, title: rule.name, reason: `threshold on '${f}': not replayable (the field is derived by the ingest pipeline, not copied from one CloudTrail field)` });
      return out;
    }
    fields.push(paths[0]!);
  }
  const stage = `${id}/query`;
  out.detections.push({ id: stage, title: `${rule.name} (query stage)`, dialect, file: file.path, meta, rule: detectionRule });
  const spec = { lookbackMs: rule.lookbackMs, value: t.value, groupFields: t.fields.length, cardinality: t.cardinality.map((c) => c.value) };
  const base = aggregateDetection({ id, title: rule.name, dialect, file: file.path, meta, inputs: [stage], generate: true, fields }, thresholdAggregate(spec));
  out.spanning.push({ base, stages: [stage], build: (newId, inputs) => ({ ...base, id: newId, inputs: [...inputs] }) });
  return out;
}

/** An EQL rule (docs/elastic.md "EQL"): an event query is one detection, a sequence or sample one per step plus a spanning rule. */
function compileEqlRule(rule: RuleDefinition, file: DetectionFile, id: string, options: CompileRuleOptions, out: CompiledRules): void {
  if (rule.query === null) {
    out.diagnostics.push({ code: ElasticCode.badRule, severity: 'error', file: file.path, message: "an eql rule needs a 'query'", rule: rule.name, ...lineColumn(file.text, rule.offset) });
    return;
  }
  const site = rule.querySite;
  const start = lineColumn(file.text, site === null ? rule.offset : site.offset);
  const plan = compileEqlForReplay(rule.query, file.path, {
    toDocument: options.input === 'ecs' ? asIs : ecsOf,
    fieldTypes: (f) => fieldType(f, options.fieldTypes),
    ignoreAbove,
    eventCategoryField: rule.eventCategoryOverride ?? options.eventCategoryField ?? 'event.category',
    ...mappingHooks(sourcePaths),
    at: start,
  });
  // Offsets inside a JSON string with escapes do not map onto the file: point at the query's start.
  const place = (ds: readonly Diagnostic[]): Diagnostic[] => ds.map((d) => ({ ...d, rule: rule.name, ...(site?.verbatim === true ? {} : start) }));
  if (!plan.ok) {
    out.diagnostics.push(...place(plan.diagnostics));
    return;
  }
  out.diagnostics.push(...place(plan.warnings));
  const meta = metaOf(rule, file, out.diagnostics);
  if (out.diagnostics.some((d) => d.severity === 'error')) return;
  const dialect = 'elastic-eql';
  const unfiltered = options.input === 'ecs';
  const ruleOf = (r: (typeof plan.rules)[number]): Detection['rule'] => (unfiltered ? { match: r.rule.match, prefilter: null } : r.rule);
  if (plan.kind === 'event') {
    out.detections.push({ id, title: rule.name, dialect, file: file.path, meta, rule: ruleOf(plan.rules[0]!) });
    return;
  }
  const stages = plan.rules.map((r) => `${id}/${r.part}`);
  plan.rules.forEach((r, i) => out.detections.push({ id: stages[i]!, title: `${rule.name} (${r.part})`, dialect, file: file.path, meta, rule: ruleOf(r) }));
  const base = { id, title: rule.name, dialect, file: file.path, meta };
  out.spanning.push({ base: plan.correlation(base, stages), stages, build: (newId, inputs) => plan.correlation({ ...base, id: newId }, inputs) });
}
