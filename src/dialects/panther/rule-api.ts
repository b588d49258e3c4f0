/**
 * The library API for one Panther rule: `parsePantherRule(yaml, { root })` checks the rule and its
 * Python, then `matches(event)` runs it. `matches` is synchronous: it blocks on the rule's runner
 * process (sync-runner.ts), one round trip per call; `evaluateBatch` sends many events in one request
 * without blocking. Call `close()` when done (an unclosed rule never keeps Node alive).
 */
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { JsonObject } from '../../record/view.js';
import { makeRecordView } from '../../record/view.js';
import { RuleError } from '../rule-error.js';
import type { CompiledRule } from '../types.js';
import { PantherCode } from './codes.js';
import { RecordCells, compilePantherRule, prefilterOf } from './compile.js';
import { readAnalysis, type PantherRuleMeta } from './metadata.js';
import { checkRuleGroups } from './rule-set.js';
import { AsyncSession, SyncSession, type Cell } from './session.js';

/** A rule that cannot run, with the position of the first problem (a `RuleError`, as `parseRule` throws). */
export class PantherRuleError extends RuleError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(first: Diagnostic, diagnostics: readonly Diagnostic[]) {
    const where = first.line !== undefined ? ` (line ${first.line}${first.column !== undefined ? `, col ${first.column}` : ''})` : '';
    super(first.code, `${first.message}${where}`, first.line, first.column);
    this.name = 'PantherRuleError';
    this.diagnostics = diagnostics;
  }
}

/** Options of `parsePantherRule`. */
export interface ParsePantherRuleOptions {
  /** The folder the YAML's `Filename` is relative to; `global_helpers/` and `data_models/` are looked for in it and above. */
  readonly root: string;
  /** The interpreter (default `TRAILPROOF_PYTHON`, else `python3`). */
  readonly python?: string;
}

/** What a rule made of one event. */
export interface PantherOutcome {
  readonly matched: boolean;
  /** The rule's error (an exception, or a non-bool result): then `matched` is false. */
  readonly error: string | null;
  readonly title: string | null;
  readonly severity: string | null;
  readonly dedup: string | null;
  /** An alert function that raised (title, severity, dedup): kept apart from the verdict. */
  readonly alertError: string | null;
}

/** A loaded Panther rule. */
export interface PantherRule {
  readonly meta: PantherRuleMeta;
  /** Stand-ins `rule()` reaches (its verdict may differ from Panther's cloud). */
  readonly standIns: readonly string[];
  /** The compiled rule, as the engine runs it. */
  readonly rule: CompiledRule;
  /** True when `rule()` returns True on the event (an object or its JSON text); false on an error. */
  matches(event: object | string): boolean;
  /** The outcome on one event (synchronous). */
  evaluate(event: object | string): PantherOutcome;
  /** Outcomes on many events, in one request to a separate runner (asynchronous). */
  evaluateBatch(events: readonly (object | string)[]): Promise<PantherOutcome[]>;
  close(): void;
}

function outcome(cell: Cell): PantherOutcome {
  if (cell === 0) return { matched: false, error: null, title: null, severity: null, dedup: null, alertError: null };
  if (!Array.isArray(cell)) return { matched: false, error: (cell as { e: string }).e, title: null, severity: null, dedup: null, alertError: null };
  const [title, severity, dedup, alertError] = cell as readonly [string, string | null, string, string | null];
  return { matched: true, error: null, title, severity, dedup, alertError };
}

function asObject(event: object | string): JsonObject {
  return (typeof event === 'string' ? JSON.parse(event) : event) as JsonObject;
}

/** Loads one Panther rule; throws `PantherRuleError` when it cannot run. */
export function parsePantherRule(yamlText: string, options: ParsePantherRuleOptions): PantherRule {
  const file = join(resolve(options.root), '<panther rule>.yml');
  const read = readAnalysis(file, yamlText);
  const fail = (d: Diagnostic): never => {
    throw new PantherRuleError(d, [...read.diagnostics, d]);
  };
  if (read.diagnostics.length > 0) throw new PantherRuleError(read.diagnostics[0]!, read.diagnostics);
  const meta = read.analysis;
  if (meta === null || meta.kind !== 'rule') return fail({ code: PantherCode.badField, severity: 'error', file, message: 'expected AnalysisType: rule' });
  const [group] = checkRuleGroups([{ yaml: file, meta }], options.python);
  const check = group!.check;
  if ('fatal' in check) return fail({ code: PantherCode.notLoaded, severity: 'error', file, message: `rule not loaded: ${check.fatal}` });
  const answer = check.rules[0]!;
  if (answer.error !== null) return fail({ code: PantherCode.notLoaded, severity: 'error', file, message: `rule not loaded: ${answer.error}` });
  const session = new SyncSession(group!.setup, options.python);
  let batch: AsyncSession | null = null;
  const cells = new RecordCells(session);
  const rule = compilePantherRule(cells, 0, prefilterOf(answer.requiredValues));
  const evaluate = (event: object | string): PantherOutcome => outcome(session.evaluate([asObject(event)])[0]![0]!);
  return {
    meta,
    standIns: answer.standIns,
    rule,
    evaluate,
    matches: (event) => {
      const view = makeRecordView(JSON.stringify(asObject(event)));
      return rule.match(view);
    },
    async evaluateBatch(events) {
      batch ??= new AsyncSession(group!.setup, options.python);
      const results = await batch.evaluate(events.map(asObject));
      return results.map((r) => outcome(r[0]!));
    },
    close() {
      session.close();
      batch?.close();
    },
  };
}
