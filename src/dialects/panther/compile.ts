/**
 * A loaded Panther rule as the engine runs it: `match` asks the rule set's runner for the record's
 * cells (one round trip evaluates every rule of the set; the answer is kept for the record's other
 * rules), then reads this rule's cell.
 */
import { compilePrefilter, type TextTest } from '../../engine/prefilter/compile.js';
import { decodeUnicodeEscapes } from '../../engine/unicode-escapes.js';
import type { RecordView } from '../../record/view.js';
import type { CompiledRule, Prefilter } from '../types.js';
import { DEDUP_FIELD } from './alerts.js';
import type { Cell, SyncSession } from './session.js';

/**
 * The cells of every rule of one runner. `prepare` (CompiledRule.prepare) evaluates a batch of records
 * in one request; a record `match` meets outside a batch costs a round trip of its own.
 */
export class RecordCells {
  private readonly cache = new WeakMap<RecordView, readonly Cell[] | string>();
  private batch = new Map<string, readonly Cell[] | string>();
  /** Literals one of which every rule of the runner needs (null: some rule has no prefilter). */
  private literals: string[] | null = [];

  constructor(private readonly session: SyncSession) {}

  /** Adds a rule's prefilter to the batch's admission test. */
  admit(prefilter: Prefilter | null): void {
    if (prefilter === null) this.literals = null;
    else this.literals?.push(...prefilter.anyOf);
  }

  /** Evaluates the records a rule of this runner may see (a superset of what the prefilters admit). */
  readonly prepare = (texts: readonly string[]): void => {
    const literals = this.literals;
    const wanted = [...new Set(texts.filter((t) => literals === null || t.includes('\\u') || literals.some((l) => t.includes(l))))];
    this.batch = new Map();
    if (wanted.length === 0) return;
    let results: readonly (readonly Cell[])[];
    try {
      results = this.session.evaluateLines(wanted.map(oneLine));
    } catch {
      // The runner died on some record of the batch: each record then goes on its own (`of`), so only
      // the records that fail carry the error, whatever the batch they came in.
      return;
    }
    wanted.forEach((t, i) => this.batch.set(t, results[i]!));
  };

  /** The record's cells, or the reason the runner could not evaluate it. */
  of(view: RecordView): readonly Cell[] | string {
    let cells = this.batch.get(view.text) ?? this.cache.get(view);
    if (cells === undefined) {
      try {
        cells = this.session.evaluateLines([oneLine(view.text)])[0]!;
      } catch (e) {
        cells = `the Python runner failed: ${(e as Error).message}`;
      }
      this.cache.set(view, cells);
    }
    return cells;
  }
}

/** One record per line: a text with a raw line break (whitespace) is re-serialised; one that is not JSON is sent as `null`. */
function oneLine(text: string): string {
  if (text.indexOf('\n') === -1) return text;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return 'null';
  }
}

/** The engine's prefilter decision on a record's text (src/engine/evaluate.ts `admits`). */
function admitted(test: TextTest, text: string): boolean {
  if (text.indexOf('\\u') === -1) return test.test(text);
  const decoded = decodeUnicodeEscapes(text);
  return decoded === null || test.test(text) || test.test(decoded);
}

/** A literal prefilter from the string values `rule()` provably requires (runner.py `required_values`), or null. */
export function prefilterOf(requiredValues: readonly string[] | null): Prefilter | null {
  if (requiredValues === null || requiredValues.length === 0) return null;
  // Literals must be printable ASCII without characters JSON escapes (src/dialects/types.ts); `/` may
  // be written `\/` in JSON, so a value holding one is no literal either.
  if (!requiredValues.every((n) => /^[\x20-\x7e]+$/.test(n) && !/["\\/]/.test(n))) return null;
  return { anyOf: requiredValues.map((n) => `"${n}"`), caseInsensitive: false };
}

/** The compiled form of rule `index` of a runner. */
export function compilePantherRule(cells: RecordCells, index: number, prefilter: Prefilter | null): CompiledRule {
  cells.admit(prefilter);
  const test = prefilter === null ? null : compilePrefilter(prefilter);
  let last: Cell | string = 0;
  const cellOf = (view: RecordView): Cell | string => {
    const all = cells.of(view);
    const cell = typeof all === 'string' ? all : all[index]!;
    // A record Python cannot decode fails before rule() runs, so the AST's proof says nothing about it:
    // it is this rule's error only where the engine's prefilter would have let it through, so that the
    // report is the same with the prefilter on and off.
    if (test !== null && typeof cell === 'object' && !Array.isArray(cell) && (cell as { undecodable?: boolean }).undecodable === true && !admitted(test, view.text)) return 0;
    return cell;
  };
  return {
    prefilter,
    prepare: cells.prepare,
    match(view: RecordView): boolean {
      last = cellOf(view);
      return Array.isArray(last);
    },
    lastError(): string | null {
      if (typeof last === 'string') return last;
      return typeof last === 'object' && !Array.isArray(last) ? (last as { e: string }).e : null;
    },
    fieldOf(view: RecordView, field: string): string | null | undefined {
      if (field !== DEDUP_FIELD) return undefined;
      const cell = cellOf(view);
      return Array.isArray(cell) ? (cell as readonly [string, string | null, string, string | null])[2] : null;
    },
  };
}
