/**
 * The library API for one EQL query: `parseEqlRule(text, options)` returns a matcher over ECS documents
 * or throws `EqlRuleError` (code, message, line, column) for anything Elasticsearch would reject.
 *
 * ```ts
 * const rule = parseEqlRule('any where aws.cloudtrail.user_identity.type == "Root"');
 * rule.matches({ aws: { cloudtrail: { user_identity: { type: 'Root' } } } }); // true
 * ```
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { lineColumn } from '../../../diagnostics/diagnostic.js';
import type { JsonObject } from '../../../record/view.js';
import { evaluateAggregate } from '../../aggregate/index.js';
import type { CorrelationInput, Prefilter } from '../../types.js';
import type { FieldRef, Query } from './ast.js';
import { EqlCode } from './codes.js';
import type { Problem } from './compile-condition.js';
import { compileQuery, joinKey, sequenceSpec } from './compile-query.js';
import type { CompiledQuery, EqlOptions } from './compile-query.js';
import { fieldValues } from './field-values.js';
import { parseEql } from './parser.js';

/** A query Elasticsearch would reject (or the replay cannot evaluate), at the first problem's position. */
export class EqlRuleError extends Error {
  /** Diagnostic code (`TP7050`–`TP7099`, docs/elastic.md "EQL"). */
  readonly code: string;
  /** 1-based line of the problem in the query text. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Every problem found. */
  readonly diagnostics: readonly Diagnostic[];

  /** Builds the error from the first error diagnostic. */
  constructor(first: Diagnostic, diagnostics: readonly Diagnostic[]) {
    super(`line ${first.line ?? 1}, col ${first.column ?? 1}: ${first.message}`);
    this.name = 'EqlRuleError';
    this.code = first.code;
    this.line = first.line ?? 1;
    this.column = first.column ?? 1;
    this.diagnostics = diagnostics;
  }
}

/** Options of `parseEqlRule`. */
export interface ParseEqlRuleOptions extends EqlOptions {
  /** Name used in diagnostics (default `<eql query>`). */
  readonly file?: string;
  /**
   * Maps what `matches` receives to the ECS document EQL reads (for `input: 'cloudtrail'`, the
   * CloudTrail → ECS mapping). Default: the event already is an ECS document.
   */
  readonly toDocument?: (event: JsonObject) => JsonObject;
  /** The time field sequences order by (the rule's `timestamp_field`); default `@timestamp`. */
  readonly timestampField?: string;
}

/** A parsed EQL query. */
export interface EqlRule {
  readonly kind: 'event' | 'sequence' | 'sample';
  readonly query: Query;
  /** The prefilter of an event query (null for sequences: each step has its own). */
  readonly prefilter: Prefilter | null;
  /** Warnings (ignored pipes). */
  readonly warnings: readonly Diagnostic[];
  /**
   * True when an event query matches the event (an object, or its JSON text; anything else never
   * matches). Always false for a sequence or sample: one event cannot complete it (use `sequences`).
   */
  matches(event: object | string): boolean;
  /**
   * The completed matches over a list of events: for a sequence, the indexes of the events of each
   * completed sequence (ordered by the time field); for a sample, each key's sample in step order; for
   * an event query, each matching event alone.
   */
  sequences(events: readonly (object | string)[]): number[][];
}

/** Turns compile problems into diagnostics with 1-based positions. */
export function problemDiagnostics(problems: readonly Problem[], text: string, file: string, severity: Diagnostic['severity'] = 'error'): Diagnostic[] {
  return problems.map((p) => ({ code: p.code, severity, message: p.message, file, ...lineColumn(text, p.start) }));
}

function asObject(event: object | string): JsonObject | null {
  if (typeof event === 'string') {
    try {
      const v: unknown = JSON.parse(event);
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : null;
    } catch {
      return null;
    }
  }
  return typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as JsonObject) : null;
}

/** Parses and compiles one EQL query; throws `EqlRuleError` on the first problem. */
export function parseEqlRule(text: string, options: ParseEqlRuleOptions = {}): EqlRule {
  const file = options.file ?? '<eql query>';
  const parsed = parseEql(text);
  if (!parsed.ok) {
    const d: Diagnostic = { code: EqlCode.syntax, severity: 'error', message: parsed.error.message, file, ...lineColumn(text, parsed.error.offset) };
    throw new EqlRuleError(d, [d]);
  }
  const compiled = compileQuery(parsed.query, options);
  if (!compiled.ok) {
    const ds = problemDiagnostics(compiled.problems, text, file);
    throw new EqlRuleError(ds[0]!, ds);
  }
  const q = compiled.query;
  const toDoc = options.toDocument ?? ((e: JsonObject) => e);
  const timeParts = (options.timestampField ?? '@timestamp').split('.');
  const docs = (events: readonly (object | string)[]): (JsonObject | null)[] =>
    events.map((e) => {
      const o = asObject(e);
      return o === null ? null : toDoc(o);
    });
  return {
    kind: parsed.query.kind,
    query: parsed.query,
    prefilter: q.kind === 'event' ? q.matcher.prefilter : null,
    warnings: problemDiagnostics(q.warnings, text, file, 'warning'),
    matches(event) {
      if (q.kind !== 'event') return false;
      const o = asObject(event);
      return o !== null && q.matcher.matches(toDoc(o));
    },
    sequences(events) {
      const all = docs(events);
      if (q.kind === 'event') return all.flatMap((d, i) => (d !== null && q.matcher.matches(d) ? [[i]] : []));
      // The matches' ordinals are the events' indexes, so each step's record is one index.
      const { firings } = evaluateAggregate(sequenceSpec(q, stepIds(q)), stepMatches(q, all, timeParts));
      return firings.map((f) => (f.steps ?? []).map((s) => s[0]!));
    },
  };
}

/** The detection ids `stepMatches` gives the steps (then `until`): their indexes. */
function stepIds(q: CompiledQuery & { kind: 'sequence' }): string[] {
  return Array.from({ length: q.steps.length + 1 }, (_, i) => String(i));
}

/**
 * The step matches of ECS documents, timed by their time field (documents without a valid time take no
 * part), each with its join key as field 0, in document order.
 */
function stepMatches(q: CompiledQuery & { kind: 'sequence' }, docs: readonly (JsonObject | null)[], timeParts: readonly string[]): CorrelationInput[] {
  const out: CorrelationInput[] = [];
  docs.forEach((doc, ordinal) => {
    if (doc === null) return;
    const t = fieldValues(doc, timeParts, 'unknown')[0];
    const time = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : NaN;
    if (Number.isNaN(time)) return;
    const match = (id: number, keys: readonly FieldRef[]): void => {
      out.push({ detectionId: String(id), ordinal, eventID: null, time, fields: [joinKey(doc, keys)] });
    };
    if (q.until !== null && q.until.matcher.matches(doc)) match(q.steps.length, q.until.keys);
    q.steps.forEach((s, i) => {
      if (s.matcher.matches(doc)) match(i, s.keys);
    });
  });
  return out;
}
