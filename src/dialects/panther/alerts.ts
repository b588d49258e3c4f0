/**
 * Panther's alert grouping (digest §5.5): matches with the same `dedup()` string are grouped for
 * `DedupPeriodMinutes` from the first of them; the group raises an alert once it holds `Threshold`
 * matches. A group that never reaches the threshold raises nothing. The windows are Panther's fixed
 * ones (opened by a match, closed after the period), not Sigma's sliding windows.
 */
import type { CorrelationDetection, CorrelationInput, DetectionMeta } from '../types.js';

/** The pseudo-field the rule's matches carry their dedup string in (CompiledRule.fieldOf). */
export const DEDUP_FIELD = 'panther.dedup';

/** Ordinals of the records in groups that reached the threshold; `events` sorted by time. */
export function alertingRecords(events: readonly CorrelationInput[], threshold: number, periodMinutes: number): number[] {
  const period = periodMinutes * 60_000;
  const open = new Map<string | null, { start: number; ordinals: number[] }>();
  const out: number[] = [];
  const close = (g: { ordinals: number[] }): void => {
    if (g.ordinals.length >= threshold) out.push(...g.ordinals);
  };
  for (const e of events) {
    const key = e.fields[0] ?? null;
    let group = open.get(key);
    if (group !== undefined && e.time >= group.start + period) {
      close(group);
      group = undefined;
    }
    if (group === undefined) open.set(key, (group = { start: e.time, ordinals: [] }));
    group.ordinals.push(e.ordinal);
  }
  for (const g of open.values()) close(g);
  return out.sort((a, b) => a - b);
}

/** The alert view of a rule with `Threshold` above 1: which records would have raised an alert. */
export function alertDetection(input: { id: string; title: string; file: string; meta: DetectionMeta }, threshold: number, periodMinutes: number): CorrelationDetection {
  return {
    id: `${input.id}#alerts`,
    title: `${input.title} (alerts: ${threshold} matches with one dedup string in ${periodMinutes} min)`,
    dialect: 'panther',
    file: input.file,
    meta: input.meta,
    inputs: [input.id],
    generate: true,
    fields: [DEDUP_FIELD],
    evaluate: (events) => alertingRecords(events, threshold, periodMinutes),
  };
}
