/**
 * Date values in queries as Elasticsearch reads them on `date` fields (elastic-rules.md K8, K20): ISO
 * dates of any precision in UTC (`dateFormatTZ: Zulu`, KDE), epoch milliseconds, and date math (`now`,
 * `now-1d/d`, `2024-01-01||+1M`). A date is an interval: `2024-01-01` covers the whole day, so an
 * exact match is `[first ms, last ms]` and range bounds round down (`gte`, `lt`) or up (`gt`, `lte`),
 * as Elasticsearch's `roundUp` parsing does.
 */

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, H: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The first and last millisecond a date text stands for, or null when it is not a date. */
export function dateInterval(text: string, now: number): { readonly first: number; readonly last: number } | null {
  const [anchor, math] = splitMath(text.trim());
  let first: number;
  let last: number;
  if (anchor === 'now') {
    first = last = now;
  } else if (/^\d+$/.test(anchor) && anchor.length > 4) {
    first = last = Number(anchor);
  } else {
    const m = ISO.exec(anchor);
    if (m === null) return null;
    const [, y, mo, d, h, mi, s, frac, zone] = m;
    const offset = zone === undefined || zone === 'Z' ? 0 : zoneOffset(zone);
    const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
    first = Date.UTC(Number(y), Number(mo ?? 1) - 1, Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms) - offset;
    if (Number.isNaN(first)) return null;
    const next = new Date(first + offset);
    if (mo === undefined) next.setUTCFullYear(next.getUTCFullYear() + 1);
    else if (d === undefined) next.setUTCMonth(next.getUTCMonth() + 1);
    else if (h === undefined) next.setUTCDate(next.getUTCDate() + 1);
    else if (mi === undefined) next.setUTCHours(next.getUTCHours() + 1);
    else if (s === undefined) next.setUTCMinutes(next.getUTCMinutes() + 1);
    else if (frac === undefined) next.setUTCSeconds(next.getUTCSeconds() + 1);
    else next.setUTCMilliseconds(next.getUTCMilliseconds() + 1);
    last = next.getTime() - offset - 1;
  }
  return applyMath(first, last, math);
}

function zoneOffset(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

function splitMath(text: string): [string, string] {
  if (text.startsWith('now')) return ['now', text.slice(3)];
  const i = text.indexOf('||');
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 2)];
}

/** `+1d`, `-2h`, `/d` steps; a rounding makes the interval that unit. Null when the math is malformed. */
function applyMath(first: number, last: number, math: string): { first: number; last: number } | null {
  let lo = first;
  let hi = last;
  const step = /([+-])(\d+)([yMwdhHms])|\/([yMwdhHms])/gy;
  let consumed = 0;
  for (let m = step.exec(math); m !== null; m = step.exec(math)) {
    consumed = step.lastIndex;
    if (m[4] !== undefined) {
      [lo, hi] = round(lo, m[4]);
    } else {
      const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
      lo = add(lo, n, m[3]!);
      hi = add(hi, n, m[3]!);
    }
  }
  return consumed === math.length ? { first: lo, last: hi } : null;
}

function add(t: number, n: number, unit: string): number {
  const d = new Date(t);
  if (unit === 'y') d.setUTCFullYear(d.getUTCFullYear() + n);
  else if (unit === 'M') d.setUTCMonth(d.getUTCMonth() + n);
  else return t + n * UNITS[unit]!;
  return d.getTime();
}

function round(t: number, unit: string): [number, number] {
  const d = new Date(t);
  let start: number;
  let end: number;
  if (unit === 'y') {
    start = Date.UTC(d.getUTCFullYear(), 0, 1);
    end = Date.UTC(d.getUTCFullYear() + 1, 0, 1);
  } else if (unit === 'M') {
    start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  } else if (unit === 'w') {
    const day = (d.getUTCDay() + 6) % 7; // weeks start on Monday
    start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
    end = start + UNITS['w']!;
  } else {
    const size = UNITS[unit]!;
    start = Math.floor(t / size) * size;
    end = start + size;
  }
  return [start, end - 1];
}

/** A document's date value in epoch milliseconds (ISO text or epoch millis), or null. */
export function docDate(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return null;
  if (/^\d+$/.test(v)) return Number(v);
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}
