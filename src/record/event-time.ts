/**
 * The one rule for a record's time: `eventTime` counts only as an ISO 8601 UTC-offset date-time
 * (CloudTrail writes `2024-05-01T12:34:56Z`). `Date.parse` alone accepts far more ("May 1 2024", a bare
 * date read as local time, February 30th rolled into March), so a redacted or made-up value could
 * otherwise pass for a time or be placed in a window it never belonged to.
 */

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Milliseconds since the epoch of an `eventTime` value; NaN when it is absent or not an ISO 8601
 * date-time with a `Z` or `±hh:mm` offset and real calendar fields.
 */
export function eventTimeMs(value: string | null): number {
  if (value === null) return NaN;
  const m = ISO_DATE_TIME.exec(value);
  if (m === null) return NaN;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return NaN;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return NaN;
  return Date.parse(value);
}

/** The value when it is a valid `eventTime` (see {@link eventTimeMs}), else null. */
export function validEventTime(value: string | null): string | null {
  return Number.isNaN(eventTimeMs(value)) ? null : value;
}

/** Why a value is not a valid `eventTime`, for skip notes: `eventTime is missing`, `eventTime "x" is not an ISO 8601 time`. */
export function describeBadEventTime(value: string | null): string {
  return value === null ? 'eventTime is missing or not a string' : `eventTime ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} is not an ISO 8601 time`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in a month (1–12) of the proleptic Gregorian calendar; computed, not allocated, per record. */
function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
}
