/**
 * Compiles a parsed EQL query: an event query to one document matcher with its prefilter; a sequence
 * or a sample to one matcher per step (and `until`), their join keys, and what joins them (the
 * aggregate's sequence form, `sequenceSpec`). Problems are collected with their spans, never thrown.
 */
import type { JsonObject } from '../../../record/view.js';
import type { SequenceSpec } from '../../aggregate/index.js';
import type { Prefilter } from '../../types.js';
import type { EventQuery, FieldRef, Query, Step } from './ast.js';
import { EqlCode } from './codes.js';
import { ConditionCompiler } from './compile-condition.js';
import type { Condition, Problem } from './compile-condition.js';
import { fieldValues } from './field-values.js';
import type { EqlValue, FieldTypeLookup } from './field-values.js';
import { eqlPrefilter } from './literals.js';
import type { LiteralsFor } from './literals.js';

/** Options shared by every EQL entry point. */
export interface EqlOptions {
  /**
   * Field → Elasticsearch mapping type. When given, fields not in it are errors unless written `?field`
   * (Q8) and values are read as their type; when absent, every field is accepted with its JSON type.
   */
  readonly fieldTypes?: FieldTypeLookup;
  /** The field `<category> where` tests (EQL search API `event_category_field`); default `event.category`. */
  readonly eventCategoryField?: string;
  /** The mapping's prefilter hook (literals.ts); without it every rule has a null prefilter. */
  readonly literalsFor?: LiteralsFor;
  /** A keyword field's `ignore_above` (M6): longer values are not indexed, so EQL never sees them. */
  readonly ignoreAbove?: (field: string) => number | undefined;
}

/** A compiled event query (`<category> where <condition>`). */
export interface EventMatcher {
  /** True when the document matches (a null condition does not, Q7). */
  matches(doc: JsonObject): boolean;
  readonly prefilter: Prefilter | null;
}

/** A compiled sequence (or sample) step: its matcher and how to read its join key from a document. */
export interface SequenceStep {
  readonly matcher: EventMatcher;
  /** The `by` fields of the step: the sequence's, then its own. */
  readonly keys: readonly FieldRef[];
  /** `with runs=N`: the step stands for N consecutive steps. */
  readonly runs: number;
  /** `![...]`: a missing-event step. */
  readonly missing: boolean;
}

/** A compiled query. */
export type CompiledQuery =
  | { readonly kind: 'event'; readonly matcher: EventMatcher; readonly warnings: readonly Problem[] }
  | {
      readonly kind: 'sequence';
      /** The steps as written, in order (see `sequenceSpec`). */
      readonly steps: readonly SequenceStep[];
      readonly until: SequenceStep | null;
      readonly maxspan: number | null;
      /** False for `sample`: the steps match in any order (src/dialects/aggregate/sequence.ts). */
      readonly ordered: boolean;
      readonly warnings: readonly Problem[];
    };

/** Compilation outcome: the query, or its errors. */
export type CompileResult = { readonly ok: true; readonly query: CompiledQuery } | { readonly ok: false; readonly problems: readonly Problem[] };

function eventMatcher(q: EventQuery, compiler: ConditionCompiler, options: EqlOptions): EventMatcher {
  const condition: Condition = compiler.condition(q.condition);
  const categoryField = options.eventCategoryField ?? 'event.category';
  const category = q.category;
  const parts = categoryField.split('.');
  const prefilter = eqlPrefilter(q.condition, category, categoryField, options.literalsFor);
  if (category === null) return { matches: (doc) => condition(doc) === true, prefilter };
  // The category is a term filter on the category field: exact and case-sensitive, any value (Q1).
  return {
    matches: (doc) => fieldValues(doc, parts, 'string').includes(category) && condition(doc) === true,
    prefilter,
  };
}

/** Compiles a parsed query. */
export function compileQuery(query: Query, options: EqlOptions = {}): CompileResult {
  const compiler = new ConditionCompiler({ fieldTypes: options.fieldTypes, ignoreAbove: options.ignoreAbove });
  const warnings: Problem[] = query.pipes.map((p) => ({
    code: EqlCode.pipeIgnored,
    message: `'| ${p.name} ${p.count}' limits how many results one search returns; the replay reports every match`,
    start: p.start,
    end: p.end,
  }));
  if (query.kind === 'event') {
    const matcher = eventMatcher(query.event, compiler, options);
    return compiler.problems.length > 0 ? { ok: false, problems: dedupe(compiler.problems) } : { ok: true, query: { kind: 'event', matcher, warnings } };
  }
  const step = (s: Step): SequenceStep => {
    const keys = [...query.by, ...s.by];
    for (const k of keys) compiler.field(k);
    return { matcher: eventMatcher(s.query, compiler, options), keys, runs: s.runs, missing: s.missing };
  };
  const steps = query.steps.map(step);
  const until = query.kind === 'sequence' && query.until !== null ? step(query.until) : null;
  if (compiler.problems.length > 0) return { ok: false, problems: dedupe(compiler.problems) };
  const maxspan = query.kind === 'sequence' ? query.maxspan : null;
  return { ok: true, query: { kind: 'sequence', steps, until, maxspan, ordered: query.kind === 'sequence', warnings } };
}

/**
 * The aggregate (src/dialects/aggregate `SequenceSpec`) of a compiled sequence or sample whose steps
 * (then `until`) match as the detections `ids`, in order. Each match must carry its step's join key,
 * serialised by `joinKey` or the like, as its field 0 (null when a required key has no value).
 */
export function sequenceSpec(q: CompiledQuery & { kind: 'sequence' }, ids: readonly string[]): SequenceSpec {
  // `with runs=N` stands for N consecutive steps of one detection.
  const steps = q.steps.flatMap((s, i) => Array.from({ length: s.missing ? 1 : s.runs }, () => ({ detectionId: ids[i]!, keys: [0], missing: s.missing })));
  const untilId = ids[q.steps.length];
  const until = q.until === null || untilId === undefined ? null : { detectionId: untilId, keys: [0] };
  return { kind: 'sequence', steps, until, maxspan: q.maxspan, sample: !q.ordered };
}

/** A field checked as a join key and in a condition, or inside a nested test, is reported once. */
function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.code}:${p.start}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The join key of a document for a step: the first value of each `by` field, serialised; null when a
 * required (not `?`) key has no value (EQLSYN "Optional `by` fields"). Multi-valued keys use their first
 * value (docs/elastic.md, "EQL").
 */
export function joinKey(doc: JsonObject, keys: readonly FieldRef[]): string | null {
  const values: EqlValue[] = [];
  for (const k of keys) {
    const v = fieldValues(doc, k.path.split('.'), 'unknown')[0] ?? null;
    if (v === null && !k.optional) return null;
    values.push(v === null ? null : String(v));
  }
  return JSON.stringify(values);
}
