/**
 * The CSV review: one row per root event, for spreadsheets and ticket attachments.
 *
 * RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): CRLF line ends, a header row, fields quoted when
 * they hold a comma, quote, CR or LF, quotes doubled. Fields come from CloudTrail records an attacker
 * may have shaped (the user agent above all), so a field that a spreadsheet would run as a formula
 * (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`, as OWASP's "CSV Injection" page
 * advises (https://owasp.org/www-community/attacks/CSV_Injection), and control characters become U+FFFD
 * so the file is safe to print in a terminal. docs/review.md says so.
 */
import type { Review } from '../model.js';

const HEADER = [
  'eventTime',
  'accountId',
  'awsRegion',
  'eventSource',
  'eventName',
  'category',
  'rootUsage',
  'outcome',
  'mfaUsed',
  'sourceIPAddress',
  'userAgent',
  'session',
  'detections',
  'eventID',
  'source',
];

/** Quotes and defuses one field (control characters other than tab, CR and LF become U+FFFD). */
export function csvField(value: string): string {
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '\ufffd');
  const defused = /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

function flag(v: boolean | null): string {
  return v === null ? '' : v ? 'true' : 'false';
}

/** Renders the review's events as CSV (detections by title, joined with `; `). */
export function renderReviewCsv(review: Review): string {
  const titles = new Map(review.detections.map((d) => [d.id, d.title]));
  const rows = [HEADER.join(',')];
  for (const e of review.events) {
    const location = `${e.source.uri}${e.source.line !== undefined ? `:${e.source.line}` : `#${e.source.record}`}`;
    rows.push(
      [
        e.eventTime ?? '',
        e.accountId ?? '',
        e.awsRegion ?? '',
        e.eventSource,
        e.eventName,
        e.category,
        flag(e.rootUsage),
        e.outcome ?? '',
        flag(e.mfaUsed),
        e.sourceIPAddress ?? '',
        e.userAgent ?? '',
        String(e.session),
        e.detections.map((id) => titles.get(id) ?? id).join('; '),
        e.eventID,
        location,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}
