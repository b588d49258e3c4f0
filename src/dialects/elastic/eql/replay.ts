/**
 * EQL in the replay engine: an event query becomes one `CompiledRule` over CloudTrail records (mapped
 * to ECS by the mapping's `toDocument`); a sequence becomes one rule per step (and `until`) plus the
 * aggregate's sequence form over the step matches (`sequenceSpec`; src/dialects/aggregate/sequence.ts),
 * evaluated once the replay has seen every record. The records of every completed sequence are its catches.
 *
 * The engine hands a correlation the values of CloudTrail fields, not ECS ones, so each join key needs
 * a `JoinKeySource` from the mapping: the CloudTrail paths it is computed from and how. The join key of
 * each match is computed here and handed to the aggregate as its only field.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { JsonObject, RecordView } from '../../../record/view.js';
import { aggregateDetection } from '../../aggregate/index.js';
import type { CompiledRule, CorrelationDetection, CorrelationInput, DetectionMeta } from '../../types.js';
import type { FieldRef } from './ast.js';
import { EqlCode } from './codes.js';
import type { Problem } from './compile-condition.js';
import { compileQuery, sequenceSpec } from './compile-query.js';
import type { EqlOptions, EventMatcher, SequenceStep } from './compile-query.js';
import { parseEql } from './parser.js';
import { problemDiagnostics } from './rule-api.js';

/** How an ECS join-key field is computed from a CloudTrail record. */
export interface JoinKeySource {
  /** Dotted CloudTrail paths the engine collects for each step match. */
  readonly paths: readonly string[];
  /** The ECS value from those paths' values (as the engine collects them: strings or JSON text). */
  value(values: readonly (string | null)[]): string | null;
}

/** The mapping's answer for a join-key field, or null when it cannot say. */
export type JoinKeySourceLookup = (field: string) => JoinKeySource | null;

/** Options of `compileEqlForReplay`. */
export interface EqlReplayOptions extends EqlOptions {
  /** CloudTrail record → ECS document (the mapping's `toEcs`). */
  readonly toDocument: (record: JsonObject) => JsonObject;
  /** Join-key sources (sequences only). */
  readonly joinKeySource?: JoinKeySourceLookup;
  /** Where the query starts in its file (1-based), so diagnostics point into the file. */
  readonly at?: { readonly line: number; readonly column: number };
}

/** One per-record rule of a query: `part` is '' for an event query, `step 1`…, or `until`. */
export interface EqlReplayRule {
  readonly part: string;
  readonly rule: CompiledRule;
}

/** What the correlation of a sequence carries from its detection. */
export interface CorrelationBase {
  readonly id: string;
  readonly title: string;
  readonly dialect: string;
  readonly file: string;
  readonly meta: DetectionMeta;
}

/** The replay plan of one EQL query (a sample is a `sequence` plan whose steps match in any order). */
export type EqlReplayPlan =
  | { readonly ok: true; readonly kind: 'event'; readonly rules: readonly EqlReplayRule[]; readonly warnings: readonly Diagnostic[] }
  | {
      readonly ok: true;
      readonly kind: 'sequence';
      readonly rules: readonly EqlReplayRule[];
      readonly warnings: readonly Diagnostic[];
      /** The sequence, given the detection ids the caller gave `rules` (same order). */
      correlation(base: CorrelationBase, ruleIds: readonly string[]): CorrelationDetection;
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** ECS documents per mapping function and record: several EQL rules map one record once. */
const documents = new WeakMap<(record: JsonObject) => JsonObject, WeakMap<JsonObject, JsonObject>>();

function documentOf(toDocument: (record: JsonObject) => JsonObject): (record: JsonObject) => JsonObject {
  let cache = documents.get(toDocument);
  if (cache === undefined) documents.set(toDocument, (cache = new WeakMap()));
  const c = cache;
  return (record) => {
    let doc = c.get(record);
    if (doc === undefined) c.set(record, (doc = toDocument(record)));
    return doc;
  };
}

function shift(ds: Diagnostic[], at: EqlReplayOptions['at']): Diagnostic[] {
  if (at === undefined) return ds;
  return ds.map((d) => ({ ...d, line: at.line + (d.line ?? 1) - 1, column: (d.line ?? 1) === 1 ? at.column + (d.column ?? 1) - 1 : (d.column ?? 1) }));
}

/** Compiles one EQL query for the replay; problems are diagnostics, never thrown. */
export function compileEqlForReplay(text: string, file: string, options: EqlReplayOptions): EqlReplayPlan {
  const parsed = parseEql(text);
  if (!parsed.ok) {
    const p: Problem = { code: EqlCode.syntax, message: parsed.error.message, start: parsed.error.offset, end: parsed.error.offset };
    return { ok: false, diagnostics: shift(problemDiagnostics([p], text, file), options.at) };
  }
  const compiled = compileQuery(parsed.query, options);
  if (!compiled.ok) return { ok: false, diagnostics: shift(problemDiagnostics(compiled.problems, text, file), options.at) };
  const q = compiled.query;
  const warnings = shift(problemDiagnostics(q.warnings, text, file, 'warning'), options.at);
  const docOf = documentOf(options.toDocument);
  const rule = (m: EventMatcher): CompiledRule => ({ match: (view: RecordView) => m.matches(docOf(view.value)), prefilter: m.prefilter });
  if (q.kind === 'event') return { ok: true, kind: 'event', rules: [{ part: '', rule: rule(q.matcher) }], warnings };

  const lookup = options.joinKeySource ?? (() => null);
  const problems: Problem[] = [];
  const sources = new Map<string, JoinKeySource>();
  const all: SequenceStep[] = q.until === null ? [...q.steps] : [...q.steps, q.until];
  for (const s of all) {
    for (const k of s.keys) {
      if (sources.has(k.path)) continue;
      const src = lookup(k.path);
      if (src === null) {
        if (!problems.some((p) => p.message.includes(`'${k.path}'`))) {
          problems.push({ code: EqlCode.joinKeySource, message: `join key '${k.path}' cannot be replayed: the mapping does not say which CloudTrail fields it comes from`, start: k.start, end: k.end });
        }
        continue;
      }
      sources.set(k.path, src);
    }
  }
  if (problems.length > 0) return { ok: false, diagnostics: shift(problemDiagnostics(problems, text, file), options.at) };
  const rules: EqlReplayRule[] = q.steps.map((s, i) => ({ part: `step ${i + 1}`, rule: rule(s.matcher) }));
  if (q.until !== null) rules.push({ part: 'until', rule: rule(q.until.matcher) });
  const fields = [...new Set([...sources.values()].flatMap((s) => s.paths))].sort();
  const keyOf = (keys: readonly FieldRef[], input: CorrelationInput): string | null => {
    const values: (string | null)[] = [];
    for (const k of keys) {
      const src = sources.get(k.path) as JoinKeySource;
      const v = src.value(src.paths.map((p) => input.fields[fields.indexOf(p)] ?? null));
      if (v === null && !k.optional) return null;
      values.push(v);
    }
    return JSON.stringify(values);
  };
  return {
    ok: true,
    kind: 'sequence',
    rules,
    warnings,
    correlation(base, ruleIds) {
      const stepKeys = new Map(ruleIds.map((id, i) => [id, i < q.steps.length ? q.steps[i]!.keys : (q.until?.keys ?? [])]));
      const detection = aggregateDetection({ ...base, inputs: [...ruleIds], generate: false, fields }, sequenceSpec(q, ruleIds));
      return {
        ...detection,
        evaluate: (events) => detection.evaluate(events.map((e) => ({ ...e, fields: [keyOf(stepKeys.get(e.detectionId) ?? [], e)] }))),
      };
    },
  };
}
