/**
 * A Sentinel query made runnable by the engine: per record when every operator looks at one row at a
 * time and any row alerts (a record fires when its row survives), else as a `CorrelationDetection`
 * (src/dialects/types.ts) that replays the scheduled runs (schedule.ts) over the records the query's
 * screen admits and reports the records folded into the result rows of the runs that alert (§5.1).
 */
import type { JsonObject, RecordView } from '../../record/view.js';
import type { CompiledRule, CorrelationInput } from '../types.js';
import { SentinelCode } from './codes.js';
import { RECORD_PATHS } from '../mapping/awscloudtrail.js';
import { rowOfRecord, rowOfTexts } from './columns.js';
import { KqlError } from './errors.js';
import { prefilterOf } from './literals.js';
import { parseQuery } from './parser.js';
import { runsOver, triggers, type Schedule } from './schedule.js';
import type { Run } from './scalar.js';
import { compileQuery, type CompiledQuery, type RowOp, type TRow } from './tabular.js';
import type { Row } from './values.js';

/** What a query compiles to. */
export type CompiledSentinel =
  | { readonly kind: 'per-record'; readonly rule: CompiledRule; readonly query: CompiledQuery }
  | {
      readonly kind: 'runs';
      /** Screens the records fed to the runs (all records when the query has no screen). */
      readonly input: CompiledRule;
      readonly query: CompiledQuery;
      /** The record paths each input carries (the `AWSCloudTrail` columns' sources). */
      readonly fields: readonly string[];
      /** Ordinals of the inputs caught by an alerting run. */
      readonly evaluate: (events: readonly CorrelationInput[]) => number[];
    }
  | { readonly kind: 'not-replayable'; readonly reason: string; readonly offset: number };

/** A run with no `now()` and no subqueries (the screen needs neither). */
const NO_RUN: Run = {
  now: Number.NaN,
  table: () => {
    throw new KqlError(SentinelCode.notReplayable, 'a screen operator read a table', 0);
  },
};

/** The screen as a per-record match over the row `toRow` makes of each record. */
export function screenMatch(screen: readonly RowOp[] | null, toRow: (record: JsonObject) => Row = rowOfRecord): (view: RecordView) => boolean {
  if (screen === null) return () => true;
  return (view) => {
    let r: TRow | null = { row: toRow(view.value), src: [] };
    for (const op of screen) {
      r = op(r, NO_RUN);
      if (r === null) return false;
    }
    return true;
  };
}

/** True when a record's surviving row is enough to alert: any row alerts. */
function anyRowAlerts(schedule: Schedule): boolean {
  return schedule.operator === 'gt' && schedule.threshold === 0;
}

/** Parses and compiles a query; throws `KqlError`. */
export function compileSentinel(text: string, schedule: Schedule): CompiledSentinel {
  const query = compileQuery(parseQuery(text));
  if (query.notReplayable !== null) return { kind: 'not-replayable', ...query.notReplayable };
  const prefilter = query.screen === null ? null : prefilterOf(query.screenPredicates);
  const match = screenMatch(query.screen);
  if (query.rowWise && anyRowAlerts(schedule)) return { kind: 'per-record', rule: { match, prefilter }, query };
  return {
    kind: 'runs',
    input: { match, prefilter },
    query,
    fields: RECORD_PATHS,
    evaluate: (events) => evaluateRuns(query, schedule, events),
  };
}

/** Replays the scheduled runs over the inputs (sorted by time) and returns the caught ordinals. */
export function evaluateRuns(query: CompiledQuery, schedule: Schedule, events: readonly CorrelationInput[]): number[] {
  const sorted = [...events].sort((a, b) => a.time - b.time || a.ordinal - b.ordinal);
  const rows: TRow[] = sorted.map((e) => ({ row: rowOfTexts(e.fields), src: [e.ordinal] }));
  const caught = new Set<number>();
  for (const w of runsOver(schedule, sorted.map((e) => e.time))) {
    const result = query.run({ now: w.now, rows: rows.slice(w.from, w.to) }, new Map());
    if (!triggers(schedule, result.length)) continue;
    for (const r of result) for (const o of r.src) caught.add(o);
  }
  return [...caught].sort((a, b) => a - b);
}
