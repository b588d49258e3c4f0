/**
 * The terminal review: a summary, counts per account and per source IP, then the timeline grouped by
 * session (each session's source IP and user agents in its heading, its events one per line with the
 * detections that fired, by number from the legend), then the input problems with file and position.
 * Colour only when asked; every field from the
 * records is sanitised so it cannot write escape sequences to the terminal.
 */
import { layoutTable, type Align, type Cell } from '../../report/table/layout.js';
import { paint, sanitize, truncate, type Style } from '../../report/table/style.js';
import type { Review, ReviewCount, ReviewEvent } from '../model.js';
import { problemWhere } from './problem.js';

/** Options of the table format. */
export interface ReviewTableOptions {
  readonly color: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function cell(text: string | null, style?: Style): Cell {
  const t = sanitize(text ?? '-');
  return style === undefined ? { text: t } : { text: t, style };
}

function countRows(list: readonly ReviewCount[], none: string): Cell[][] {
  return list.map((c) => [cell(c.key ?? none), cell(String(c.events)), cell(String(c.rootUsage)), cell(String(c.sessions)), cell(c.firstSeen), cell(c.lastSeen)]);
}

/** Human duration of a session: `0s`, `4m 10s`, `2h 5m`, `3d 4h`. */
export function humanDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60 > 0 ? ` ${seconds % 60}s` : ''}`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h${Math.floor(seconds / 60) % 60 > 0 ? ` ${Math.floor(seconds / 60) % 60}m` : ''}`;
  return `${Math.floor(seconds / 86400)}d${Math.floor(seconds / 3600) % 24 > 0 ? ` ${Math.floor(seconds / 3600) % 24}h` : ''}`;
}

function mfa(e: ReviewEvent): string {
  return e.mfaUsed === null ? '' : e.mfaUsed ? 'yes' : 'no';
}

/** Renders the review for a terminal. Ends with a newline. */
export function renderReviewTable(review: Review, options: ReviewTableOptions): string {
  const { color } = options;
  const s = review.summary;
  const out: string[] = [];
  out.push(paint('Root activity review', 'bold', color));
  out.push(
    `  ${plural(s.events, 'root event')} (${s.rootUsage} root usage, ${s.context} context) · ${plural(s.accounts, 'account')} · ${plural(s.sourceIPs, 'source IP')} · ${plural(s.sessions, 'session')}`,
  );
  if (s.firstSeen !== null) out.push(`  first seen ${s.firstSeen} · last seen ${s.lastSeen}`);
  const window = [
    review.window.since !== null ? `since ${review.window.since}` : '',
    review.window.until !== null ? `until ${review.window.until}` : '',
    review.window.accounts.length > 0 ? `accounts ${review.window.accounts.join(', ')}` : '',
    review.window.regions.length > 0 ? `regions ${review.window.regions.join(', ')}` : '',
  ].filter((x) => x !== '');
  out.push(paint(`  ${review.input.records} records from ${plural(review.input.files, 'file')}${window.length > 0 ? ` · ${window.join(' · ')}` : ''}`, 'dim', color));
  const alerts: string[] = [];
  if (s.signInsWithoutMfa > 0) alerts.push(`${plural(s.signInsWithoutMfa, 'sign-in')} without MFA`);
  if (s.failedSignIns > 0) alerts.push(`${plural(s.failedSignIns, 'failed sign-in')}`);
  if (s.undetected > 0 && review.detections.length > 0) alerts.push(`${s.undetected} root-usage event${s.undetected === 1 ? '' : 's'} no detection fired on`);
  if (alerts.length > 0) out.push(paint(`  ${alerts.join(' · ')}`, 'yellow', color));
  if (review.input.errors > 0) out.push(paint(`  ${plural(review.input.errors, 'input problem')}: the timeline may be incomplete (listed at the end)`, 'red', color));
  for (const w of review.warnings) out.push(paint(`  warning: ${sanitize(w)}`, 'yellow', color));
  if (s.events === 0) return `${[...out, ...problemLines(review, color)].join('\n')}\n`;

  const countHeader = ['events', 'root usage', 'sessions', 'first seen', 'last seen'];
  const countAlign: Align[] = ['left', 'right', 'right', 'right', 'left', 'left'];
  out.push('', paint('By account', 'bold', color));
  out.push(...layoutTable(['account', ...countHeader], countRows(review.accounts, '(none)'), countAlign, color));
  out.push('', paint('By source IP', 'bold', color));
  out.push(...layoutTable(['source IP', ...countHeader], countRows(review.sourceIPs, '(none)'), countAlign, color));

  const number = new Map(review.detections.map((d, i) => [d.id, i + 1]));
  if (review.detections.length > 0) {
    out.push('', paint('Detections', 'bold', color));
    review.detections.forEach((d, i) => out.push(`  [${i + 1}] ${sanitize(d.title)}  ${paint(sanitize(d.file), 'dim', color)}  fired on ${d.fired}`));
  }

  out.push('', paint(`Sessions (same account and source IP, gaps up to ${humanDuration(review.sessionGapSeconds)})`, 'bold', color));
  const bySession = new Map<number, ReviewEvent[]>();
  for (const e of review.events) {
    const list = bySession.get(e.session);
    if (list === undefined) bySession.set(e.session, [e]);
    else list.push(e);
  }
  for (const session of review.sessions) {
    const accounts = session.accounts.map((a) => a ?? '(none)').join(', ');
    out.push('');
    out.push(
      `${paint(`#${session.id}`, 'bold', color)} ${sanitize(session.sourceIPAddress ?? '(no source IP)')}  ${session.userAgents.length === 0 ? '(no user agent)' : session.userAgents.map((ua) => sanitize(truncate(ua, 80))).join(' · ')}`,
    );
    out.push(
      paint(
        `   ${session.firstSeen ?? '(no time)'} → ${session.lastSeen ?? '(no time)'} (${humanDuration(session.durationSeconds)}) · ${plural(session.events, 'event')} · account ${sanitize(accounts)}`,
        'dim',
        color,
      ),
    );
    const rows = (bySession.get(session.id) ?? []).map((e): Cell[] => {
      const undetected = e.rootUsage && e.detections.length === 0 && review.detections.length > 0;
      return [
        cell(e.eventTime),
        cell(e.accountId),
        cell(e.awsRegion),
        cell(truncate(e.eventName, 40), e.rootUsage ? 'bold' : 'plain'),
        cell(e.category, e.rootUsage ? 'plain' : 'dim'),
        cell(e.outcome ?? '', e.outcome === 'failure' ? 'red' : 'plain'),
        cell(mfa(e), e.mfaUsed === false ? 'yellow' : 'plain'),
        undetected ? cell('none', 'red') : cell(e.detections.map((id) => String(number.get(id) ?? '?')).join(',')),
      ];
    });
    out.push(...layoutTable(['time', 'account', 'region', 'event', 'category', 'outcome', 'MFA', 'detections'], rows, ['left', 'left', 'left', 'left', 'left', 'left', 'left', 'left'], color, '   '));
  }
  return `${[...out, ...problemLines(review, color)].join('\n')}\n`;
}

/** The input problems the review lists, with file and position, last so they do not hide the timeline. */
function problemLines(review: Review, color: boolean): string[] {
  const { problems, moreProblems } = review.input;
  if (problems.length === 0) return [];
  return [
    '',
    paint(`Input problems (${review.input.errors})`, 'bold', color),
    ...problems.map((p) => paint(`  ${sanitize(problemWhere(p))}: ${sanitize(p.message)}`, 'red', color)),
    ...(moreProblems > 0 ? [`  … and ${moreProblems} more (trailproof replay --format json lists every one)`] : []),
  ];
}
