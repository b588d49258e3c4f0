/**
 * A loaded Panther rule as the engine runs it: `match` asks the rule set's runner for the record's
 * cells (one round trip evaluates every rule of the set; the answer is kept for the record's other
 * rules), then reads this rule's cell.
 */
import type { RecordView } from '../../record/view.js';
import type { CompiledRule, Prefilter } from '../types.js';
import { DEDUP_FIELD } from './alerts.js';
import { RawRecord, type Cell, type SyncSession } from './session.js';

/** The cells of every rule of one runner for the records seen, one round trip per record. */
export class RecordCells {
  private readonly cache = new WeakMap<RecordView, readonly Cell[] | string>();

  constructor(private readonly session: SyncSession) {}

  /** The record's cells, or the reason the runner could not evaluate it. */
  of(view: RecordView): readonly Cell[] | string {
    let cells = this.cache.get(view);
    if (cells === undefined) {
      try {
        // The protocol is one line per request: a text with a raw line break goes re-serialised.
        const text = view.text.indexOf('\n') === -1 ? view.text : JSON.stringify(view.value);
        cells = this.session.evaluate([new RawRecord(text)])[0]!;
      } catch (e) {
        cells = `the Python runner failed: ${(e as Error).message}`;
      }
      this.cache.set(view, cells);
    }
    return cells;
  }
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
  let last: Cell | string = 0;
  const cellOf = (view: RecordView): Cell | string => {
    const all = cells.of(view);
    return typeof all === 'string' ? all : all[index]!;
  };
  return {
    prefilter,
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
