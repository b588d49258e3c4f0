/**
 * Scheduled-rule semantics (sentinel-kql.md §5.2): a Scheduled rule runs every `queryFrequency` over the
 * last `queryPeriod` and alerts when its result's row count satisfies `triggerOperator`/`triggerThreshold`.
 *
 * Replay decision (docs/sentinel.md): runs are aligned on multiples of `queryFrequency` since the epoch;
 * the run at T covers records with TimeGenerated in [T − queryPeriod, T) and binds now() to T. An NRT rule
 * runs every minute over the minute before. A query without a schedule (hunting query, `.kql` file) is
 * one run over every record, with now() the time of the latest record.
 */

/** When and how a rule runs. */
export interface Schedule {
  /** Milliseconds; null for one run over everything. */
  readonly frequency: number | null;
  readonly period: number | null;
  readonly operator: 'gt' | 'lt' | 'eq' | 'ne';
  readonly threshold: number;
}

/** The schedule of a query with no scheduling fields: one run, alert on any row. */
export const ONE_RUN: Schedule = { frequency: null, period: null, operator: 'gt', threshold: 0 };

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, s: 1000 };

/**
 * Reads a period: the repository YAML's `5m`/`1h`/`14d`, or an ARM export's ISO-8601 `PT1H`/`P1D`/`P14DT2H`
 * (§1). Null when the text is neither.
 */
export function readPeriod(text: string): number | null {
  const short = /^\s*(\d+)\s*([smhd])\s*$/i.exec(text);
  if (short !== null) return Number(short[1]) * UNIT_MS[short[2]!.toLowerCase()]!;
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(text.trim());
  if (iso === null || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return null;
  const [, d, h, m, s] = iso;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(m ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

/** Reads a trigger operator: `gt`, `lt`, `eq`, `ne` (YAML) or `GreaterThan`, `LessThan`, `Equal`, `NotEqual` (ARM). */
export function readOperator(text: string): Schedule['operator'] | null {
  const t = text.trim().toLowerCase();
  const map: Readonly<Record<string, Schedule['operator']>> = { gt: 'gt', greaterthan: 'gt', lt: 'lt', lessthan: 'lt', eq: 'eq', equal: 'eq', ne: 'ne', notequal: 'ne' };
  return map[t] ?? null;
}

/** True when a run's result of `rows` rows alerts. */
export function triggers(schedule: Schedule, rows: number): boolean {
  switch (schedule.operator) {
    case 'gt':
      return rows > schedule.threshold;
    case 'lt':
      return rows < schedule.threshold;
    case 'eq':
      return rows === schedule.threshold;
    case 'ne':
      return rows !== schedule.threshold;
  }
}

/** One run: its `now()` and the index range [from, to) of the time-sorted records it covers. */
export interface RunWindow {
  readonly now: number;
  readonly from: number;
  readonly to: number;
}

/** The runs that see at least one of `times` (sorted ascending). */
export function runsOver(schedule: Schedule, times: readonly number[]): RunWindow[] {
  if (times.length === 0) return [];
  const { frequency, period } = schedule;
  if (frequency === null || period === null) return [{ now: times[times.length - 1]!, from: 0, to: times.length }];
  const ks = new Set<number>();
  for (const t of times) {
    // Runs T = k·frequency with T − period ≤ t < T.
    for (let k = Math.floor(t / frequency) + 1; k * frequency <= t + period; k++) ks.add(k);
  }
  const out: RunWindow[] = [];
  for (const k of [...ks].sort((a, b) => a - b)) {
    const now = k * frequency;
    out.push({ now, from: lowerBound(times, now - period), to: lowerBound(times, now) });
  }
  return out;
}

function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
