/**
 * The HTML review: one self-contained file (inline CSS, inline script, inline SVG; no CDN, no fonts, no
 * fetch), readable offline and safe to attach to a ticket.
 *
 * A Content-Security-Policy meta tag (https://www.w3.org/TR/CSP3/) allows only this page's own style
 * and script, by SHA-256 hash, and no network at all (`default-src 'none'`, `connect-src` unset):
 * even a record field that got past escaping could neither run script nor load anything. The tables
 * are rendered here, so the page reads with scripts off; the script adds sorting and filtering.
 */
import { createHash } from 'node:crypto';
import { ROOT_CONTEXT_CATEGORIES, ROOT_USAGE_CATEGORIES } from '../../report/model.js';
import { humanDuration } from './table.js';
import type { ReportProblem } from '../../report/model.js';
import type { Review, ReviewCount, ReviewEvent, ReviewSession } from '../model.js';
import { problemWhere } from './problem.js';
import { renderLegend, renderTimelineSvg } from '../html/chart.js';
import { CATEGORY_COLORS } from '../html/colors.js';
import { escapeHtml as h } from '../html/escape.js';
import { REVIEW_SCRIPT } from '../html/script.js';
import { REVIEW_CSS } from '../html/style.js';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

interface Column {
  readonly key: string;
  readonly label: string;
  readonly numeric?: boolean;
}

function thead(columns: readonly Column[]): string {
  const cells = columns.map((c) => `<th data-key="${c.key}"${c.numeric === true ? ' data-type="number" class="num"' : ''} scope="col">${h(c.label)}</th>`);
  return `<thead><tr>${cells.join('')}</tr></thead>`;
}

function td(text: string | null, cls = '', sort?: string): string {
  const c = cls !== '' ? ` class="${cls}"` : '';
  const s = sort !== undefined ? ` data-sort="${h(sort)}"` : '';
  return `<td${c}${s}>${h(text ?? '')}</td>`;
}

function categoryBadge(e: { category: ReviewEvent['category']; rootUsage: boolean }): string {
  // The colour class comes from a fixed list, never from record text.
  const index = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES].indexOf(e.category);
  return `<span class="cat c${index}${e.rootUsage ? '' : ' ctx'}">${h(e.category)}</span>`;
}

function eventRow(e: ReviewEvent, titles: ReadonlyMap<string, { title: string; file: string }>, haveDetections: boolean): string {
  const detections = e.detections.map((id) => {
    const d = titles.get(id);
    return `<span class="det" title="${h(`${d?.title ?? id} (${d?.file ?? id})`)}">${h(d?.title ?? id)}</span>`;
  });
  const none = e.rootUsage && e.detections.length === 0 && haveDetections ? '<span class="none">none</span>' : '';
  const mfa = e.mfaUsed === null ? '' : e.mfaUsed ? 'yes' : 'no';
  return [
    `<tr data-event="${h(e.key)}" data-category="${e.category}" data-account="${h(e.accountId ?? '')}" data-session="${e.session}" data-usage="${e.rootUsage ? '1' : '0'}"${e.rootUsage ? '' : ' class="context"'}>`,
    td(e.eventTime, 'time'),
    td(e.accountId, 'mono'),
    td(e.awsRegion, 'nowrap'),
    `<td class="event" title="${h(e.eventSource)}">${h(e.eventName)}</td>`,
    `<td data-sort="${e.category}">${categoryBadge(e)}</td>`,
    td(e.outcome, e.outcome === 'failure' ? 'failure' : ''),
    td(mfa, e.mfaUsed === false ? 'nomfa' : ''),
    `<td class="num" data-sort="${e.session}"><a class="session" href="#session=${e.session}" data-session="${e.session}">#${e.session}</a></td>`,
    `<td>${detections.join('')}${none}</td>`,
    td(e.sourceIPAddress, 'mono ip'),
    td(e.userAgent, 'ua'),
    td(e.key, 'id'),
    '</tr>',
  ].join('');
}

function sessionRow(s: ReviewSession): string {
  return [
    '<tr>',
    `<td class="num" data-sort="${s.id}"><a class="session" href="#session=${s.id}" data-session="${s.id}">#${s.id}</a></td>`,
    td(s.sourceIPAddress, 'mono ip'),
    `<td class="ua">${s.userAgents.map((ua) => `<span class="ua-item">${h(ua)}</span>`).join('')}</td>`,
    td(s.firstSeen, 'time'),
    td(s.lastSeen, 'time'),
    td(humanDuration(s.durationSeconds), 'num', String(s.durationSeconds)),
    td(String(s.events), 'num'),
    td(String(s.rootUsage), 'num'),
    td(String(s.undetected), s.undetected > 0 ? 'num failure' : 'num'),
    td(s.accounts.map((a) => a ?? '(none)').join(', '), 'mono'),
    td(s.eventNames.join(', ')),
    '</tr>',
  ].join('');
}

function countTable(id: string, label: string, list: readonly ReviewCount[]): string {
  const columns: Column[] = [
    { key: 'key', label },
    { key: 'events', label: 'Events', numeric: true },
    { key: 'usage', label: 'Root usage', numeric: true },
    { key: 'sessions', label: 'Sessions', numeric: true },
    { key: 'first', label: 'First seen' },
    { key: 'last', label: 'Last seen' },
  ];
  const rows = list.map((c) =>
    ['<tr>', td(c.key ?? '(none)', 'mono'), td(String(c.events), 'num'), td(String(c.rootUsage), 'num'), td(String(c.sessions), 'num'), td(c.firstSeen, 'time'), td(c.lastSeen, 'time'), '</tr>'].join(''),
  );
  return `<div class="scroll"><table id="${id}" class="sortable">${thead(columns)}<tbody>${rows.join('')}</tbody></table></div>`;
}

function problemRow(p: ReportProblem): string {
  return ['<tr>', td(problemWhere(p), 'mono file'), td(p.message), '</tr>'].join('');
}

function problemsSection(review: Review): string {
  const { problems, moreProblems } = review.input;
  if (problems.length === 0) return '';
  return [
    `<section id="problems"><h2>Input problems <span class="meta">(${review.input.errors})</span></h2>`,
    `<div class="scroll"><table id="problems-table"><thead><tr><th scope="col">File and position</th><th scope="col">Problem</th></tr></thead><tbody>${problems.map(problemRow).join('')}</tbody></table></div>`,
    moreProblems > 0 ? `<p class="meta">${h(`… and ${moreProblems} more: trailproof replay --format json lists every one.`)}</p>` : '',
    '</section>',
  ].join('');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function option(value: string, label: string): string {
  return `<option value="${h(value)}">${h(label)}</option>`;
}

function card(value: string | number, label: string, cls = ''): string {
  return `<li${cls !== '' ? ` class="${cls}"` : ''}><b>${h(String(value))}</b><span>${h(label)}</span></li>`;
}

/** Renders the review as one self-contained HTML document, ending with a newline. */
export function renderReviewHtml(review: Review): string {
  const s = review.summary;
  const titles = new Map(review.detections.map((d) => [d.id, { title: d.title, file: d.file }]));
  const categories = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];
  // Badge colours as classes, so no style attribute (which the CSP would block) is needed.
  const css = `${REVIEW_CSS}${categories.map((c, i) => `.cat.c${i} { background: ${CATEGORY_COLORS[c]}; }`).join('\n')}\n`;
  const csp = [
    "default-src 'none'",
    `style-src 'sha256-${sha256(css)}'`,
    `script-src 'sha256-${sha256(REVIEW_SCRIPT)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const window = [
    `sources: ${review.window.sources.join(', ')}`,
    review.window.since !== null ? `since ${review.window.since}` : '',
    review.window.until !== null ? `until ${review.window.until}` : '',
    review.window.accounts.length > 0 ? `accounts ${review.window.accounts.join(', ')}` : '',
    review.window.regions.length > 0 ? `regions ${review.window.regions.join(', ')}` : '',
  ].filter((x) => x !== '');

  const eventColumns: Column[] = [
    { key: 'time', label: 'Time (UTC)' },
    { key: 'account', label: 'Account' },
    { key: 'region', label: 'Region' },
    { key: 'event', label: 'Event' },
    { key: 'category', label: 'Category' },
    { key: 'outcome', label: 'Outcome' },
    { key: 'mfa', label: 'MFA' },
    // Session and Detections before the free-text columns, so no user agent or address can push them
    // off a 1280-px screen (html/style.ts).
    { key: 'session', label: 'Session', numeric: true },
    { key: 'detections', label: 'Detections' },
    { key: 'ip', label: 'Source IP' },
    { key: 'ua', label: 'User agent' },
    { key: 'id', label: 'Event ID' },
  ];
  const sessionColumns: Column[] = [
    { key: 'id', label: 'Session', numeric: true },
    { key: 'ip', label: 'Source IP' },
    { key: 'ua', label: 'User agent' },
    { key: 'first', label: 'First seen' },
    { key: 'last', label: 'Last seen' },
    { key: 'duration', label: 'Duration', numeric: true },
    { key: 'events', label: 'Events', numeric: true },
    { key: 'usage', label: 'Root usage', numeric: true },
    { key: 'undetected', label: 'Undetected', numeric: true },
    { key: 'accounts', label: 'Accounts' },
    { key: 'names', label: 'Events seen' },
  ];
  const haveDetections = review.detections.length > 0;

  const body = [
    '<header>',
    '<h1>Root activity review</h1>',
    `<p class="meta">${h(window.join(' · '))}</p>`,
    `<p class="meta">${h(`${plural(review.input.records, 'record')} from ${plural(review.input.files, 'file')} · generated ${review.generatedAt} by trailproof ${review.tool.version}`)}</p>`,
    review.input.errors > 0 ? `<p class="warning">${h(`${plural(review.input.errors, 'input problem')}: the timeline may be incomplete (listed under Input problems below).`)}</p>` : '',
    ...review.warnings.map((w) => `<p class="warning">${h(`warning: ${w}`)}</p>`),
    '<ul class="cards">',
    card(s.events, 'root events'),
    card(s.rootUsage, 'root usage'),
    card(s.accounts, 'accounts'),
    card(s.sourceIPs, 'source IPs'),
    card(s.sessions, 'sessions'),
    card(s.failedSignIns, 'failed sign-ins', s.failedSignIns > 0 ? 'bad' : ''),
    card(s.signInsWithoutMfa, 'sign-ins without MFA', s.signInsWithoutMfa > 0 ? 'warn' : ''),
    haveDetections ? card(s.undetected, 'root usage undetected', s.undetected > 0 ? 'bad' : '') : '',
    card(s.firstSeen ?? '-', 'first seen'),
    card(s.lastSeen ?? '-', 'last seen'),
    '</ul>',
    '</header>',
    '<section>',
    '<h2>Timeline by account</h2>',
    `<div class="chart">${renderTimelineSvg(review)}${renderLegend(review)}</div>`,
    '</section>',
    '<section>',
    '<h2 id="events">Root events</h2>',
    '<div class="controls">',
    '<input id="f-text" type="search" placeholder="Filter: event, IP, user agent, ID…" aria-label="Filter events">',
    `<select id="f-category" aria-label="Category">${option('', 'All categories')}${categories.filter((c) => s.byCategory[c] > 0).map((c) => option(c, c)).join('')}</select>`,
    `<select id="f-account" aria-label="Account">${option('', 'All accounts')}${review.accounts.map((a) => option(a.key ?? '', a.key ?? '(none)')).join('')}</select>`,
    `<select id="f-session" aria-label="Session">${option('', 'All sessions')}${review.sessions.map((x) => option(String(x.id), `#${x.id} ${x.sourceIPAddress ?? ''}`)).join('')}</select>`,
    '<label><input id="f-usage" type="checkbox"> root usage only</label>',
    '<button id="f-clear" type="button">Clear</button>',
    `<span id="shown">${review.events.length} of ${review.events.length} events</span>`,
    '</div>',
    `<div class="scroll"><table id="events-table" class="sortable" data-shown="${review.events.length}">${thead(eventColumns)}<tbody>${review.events.map((e) => eventRow(e, titles, haveDetections)).join('')}</tbody></table></div>`,
    '</section>',
    '<section>',
    `<h2>Sessions <span class="meta">(same account and source IP, gaps up to ${h(humanDuration(review.sessionGapSeconds))})</span></h2>`,
    `<div class="scroll"><table id="sessions-table" class="sortable">${thead(sessionColumns)}<tbody>${review.sessions.map(sessionRow).join('')}</tbody></table></div>`,
    '</section>',
    '<div class="tables">',
    `<section><h2>By account</h2>${countTable('accounts-table', 'Account', review.accounts)}</section>`,
    `<section><h2>By source IP</h2>${countTable('ips-table', 'Source IP', review.sourceIPs)}</section>`,
    '</div>',
    haveDetections
      ? `<section><h2>Detections</h2><ul>${review.detections.map((d) => `<li>${h(d.title)} <span class="meta">${h(`${d.file} · ${d.dialect} · fired on ${d.fired} root events`)}</span></li>`).join('')}</ul></section>`
      : '',
    problemsSection(review),
    `<footer>${h(`${review.schema} · the same data as trailproof review --format json`)}</footer>`,
  ].join('\n');

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${h(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(`Root activity review · ${s.events} events${s.firstSeen !== null ? ` · ${s.firstSeen.slice(0, 10)} to ${(s.lastSeen ?? '').slice(0, 10)}` : ''}`)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    body,
    `<script>${REVIEW_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
