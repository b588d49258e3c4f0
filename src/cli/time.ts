/**
 * Parses the times users give to --since/--until: ISO 8601 (`2026-01-31`, `2026-01-31T12:00:00Z`) or a
 * duration before now (`30d`, `12h`, `90m`, `2w`).
 */
const UNITS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses a time; throws an Error with a usage message when it is neither form. */
export function parseTime(text: string, now: Date = new Date()): Date {
  const rel = /^(\d+)([smhdw])$/.exec(text.trim());
  if (rel !== null) return new Date(now.getTime() - Number(rel[1]) * UNITS[rel[2]!]!);
  // A bare date is midnight UTC, as CloudTrail's eventTime is UTC.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  if (/^\d{4}-\d{2}-\d{2}T/.test(iso)) {
    const t = Date.parse(iso);
    if (!Number.isNaN(t)) return new Date(t);
  }
  throw new Error(`invalid time '${text}': expected ISO 8601 (2026-01-31 or 2026-01-31T12:00:00Z) or a duration like 30d, 12h, 90m, 2w`);
}
