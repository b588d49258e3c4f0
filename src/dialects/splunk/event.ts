/**
 * What the pipeline works on: a Splunk event (or a result row after `stats`) as named fields (the
 * Splunk field mapping's `Fields`, src/dialects/mapping/splunk/fields.ts), plus the replayed records it
 * was built from.
 */
import type { Fields, Scalar } from '../mapping/splunk/fields.js';

/** An event or result row, and the ordinals of the records folded into it (digest §6.2). */
export interface Row {
  fields: Fields;
  readonly sources: readonly number[];
}

/** Sets a field, or removes it for an empty list / null. */
export function setField(fields: Fields, name: string, value: Scalar | readonly Scalar[] | null): void {
  if (value === null) fields.delete(name);
  else if (Array.isArray(value)) {
    if (value.length === 0) fields.delete(name);
    else fields.set(name, [...(value as readonly Scalar[])]);
  } else fields.set(name, [value as Scalar]);
}

/** Text of a value as Splunk prints it. */
export function text(v: Scalar): string {
  return typeof v === 'number' ? formatNumber(v) : v;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}
