/**
 * KQL values as the evaluator holds them: `string`, `number` (long and real alike), `boolean`, null,
 * datetimes and timespans (tagged, so `bin()` and `ago()` know them), and dynamic values as the JSON they
 * hold (arrays and objects; a dynamic scalar is its JS primitive).
 */
import type { JsonValue } from '../../record/view.js';

/** A `datetime`: milliseconds since the epoch. */
export class KDateTime {
  constructor(readonly ms: number) {}
}

/** A `timespan`: milliseconds. */
export class KTimespan {
  constructor(readonly ms: number) {}
}

/** One KQL value. */
export type Value = string | number | boolean | null | KDateTime | KTimespan | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One table row: column name → value. */
export type Row = Record<string, Value>;

/** True for a dynamic array or property bag. */
export function isDynamicBag(v: Value): v is readonly JsonValue[] | { readonly [key: string]: JsonValue } {
  return v !== null && typeof v === 'object' && !(v instanceof KDateTime) && !(v instanceof KTimespan);
}

/** ISO text of a datetime, as Kusto prints it (`2024-01-01T00:00:00Z`, fractions kept). */
function isoOf(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Kusto's timespan text (`1.02:03:04`). */
function spanText(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const sec = Math.floor((rest % 60_000) / 1000);
  const frac = rest % 1000;
  return `${sign}${days > 0 ? `${days}.` : ''}${pad(h)}:${pad(m)}:${pad(sec)}${frac > 0 ? `.${String(frac).padStart(3, '0')}0000` : ''}`;
}

/** `tostring()`: null is `""` (sentinel-kql.md §3.2 rule 6), dynamic bags are compact JSON. */
export function toText(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof KDateTime) return isoOf(v.ms);
  if (v instanceof KTimespan) return spanText(v.ms);
  return JSON.stringify(v);
}

/** A dynamic value read from JSON (scalars become their primitives). */
export function fromJson(v: JsonValue | undefined): Value {
  return v === undefined ? null : v;
}

/** A value as dynamic JSON (for `make_set`, `pack_array`). */
export function toJson(v: Value): JsonValue {
  if (v instanceof KDateTime || v instanceof KTimespan) return toText(v);
  return v as JsonValue;
}

/** A stable key for grouping and `dcount` (type-tagged, so `1` and `"1"` differ). */
export function keyOf(v: Value): string {
  if (v instanceof KDateTime) return `d${v.ms}`;
  if (v instanceof KTimespan) return `t${v.ms}`;
  return JSON.stringify(v) ?? 'null';
}
