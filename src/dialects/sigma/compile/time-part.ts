/**
 * Time modifiers `minute hour day week month year` (modifiers appendix v2.1 "Time Modifiers"): take a
 * number out of a date field, "not designed to handle timezone or format conversions".
 *
 * We read the digits as written in an ISO 8601 text (`2024-05-01T12:34:56Z`, CloudTrail's `eventTime`
 * form, or `2024-05-01 12:34`), so no zone conversion happens. `week` is the ISO 8601 week number
 * (the appendix names no week system). Values that are not such texts never match.
 */

/** A part of a timestamp. */
export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** The part of an ISO 8601 text, or -1 when the text is not a date (or has no time for minute/hour). */
export function timePart(s: string, part: TimePart): number {
  if (s.length < 10 || s.charCodeAt(4) !== 45 /* - */ || s.charCodeAt(7) !== 45) return -1;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return -1;
  switch (part) {
    case 'year':
      return year;
    case 'month':
      return month;
    case 'day':
      return day;
    case 'week':
      return isoWeek(year, month, day);
  }
  const sep = s.charCodeAt(10);
  if (s.length < 16 || (sep !== 84 /* T */ && sep !== 116 /* t */ && sep !== 32) || s.charCodeAt(13) !== 58 /* : */) return -1;
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return -1;
  return part === 'hour' ? hour : minute;
}

/** ISO 8601 week number of a calendar date. */
function isoWeek(year: number, month: number, day: number): number {
  const date = Date.UTC(year, month - 1, day);
  const dow = (new Date(date).getUTCDay() + 6) % 7; // Monday = 0
  const thursday = date + (3 - dow) * 86_400_000;
  const firstJan = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return 1 + Math.floor((thursday - firstJan) / (7 * 86_400_000));
}
