/**
 * The review page's timeline chart: an inline SVG with one lane (one `<g class="series">`) per account,
 * a dot per root event at its time, coloured by category (filled for root usage, hollow for context),
 * each with a `<title>` tooltip. Drawn here, not in the browser, so the chart shows with scripts off.
 */
import { ROOT_CONTEXT_CATEGORIES, ROOT_USAGE_CATEGORIES, type RootCategory } from '../../report/model.js';
import type { Review } from '../model.js';
import { CATEGORY_COLORS } from './colors.js';
import { escapeHtml } from './escape.js';

const WIDTH = 960;
const LEFT = 180;
const RIGHT = 24;
const TOP = 28;
const LANE = 44;
const BOTTOM = 8;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Tick steps, smallest first; the chart uses the first that gives at most 8 ticks. */
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 365 * DAY];
const ORDER: readonly RootCategory[] = [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES];

function tickLabel(t: number, step: number, multiDay: boolean): string {
  const iso = new Date(t).toISOString();
  if (step >= DAY) return iso.slice(0, 10);
  return multiDay ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

/** The chart as an SVG element (a string), sized to the number of accounts. */
export function renderTimelineSvg(review: Review): string {
  const timed = review.events.map((e) => ({ e, t: e.eventTime === null ? NaN : Date.parse(e.eventTime) })).filter((x) => !Number.isNaN(x.t));
  const lanes = review.accounts.map((a) => a.key);
  const height = TOP + Math.max(lanes.length, 1) * LANE + BOTTOM;
  const open = `<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="timeline-title">`;
  const title = '<title id="timeline-title">Root events over time, one lane per account</title>';
  if (timed.length === 0) {
    return `${open}${title}<text x="${WIDTH / 2}" y="${TOP + LANE / 2}" text-anchor="middle" class="empty">No root events in the window</text></svg>`;
  }
  // A loop rather than Math.min(...spread): a long incident can exceed the engine's argument limit.
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const { t } of timed) {
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  if (t1 - t0 < MINUTE) {
    t0 -= 30 * MINUTE;
    t1 += 30 * MINUTE;
  } else {
    const pad = (t1 - t0) * 0.03;
    t0 -= pad;
    t1 += pad;
  }
  const plotW = WIDTH - LEFT - RIGHT;
  const x = (t: number): number => LEFT + ((t - t0) / (t1 - t0)) * plotW;
  const step = STEPS.find((s) => (t1 - t0) / s <= 8) ?? STEPS[STEPS.length - 1]!;
  const multiDay = new Date(t0).toISOString().slice(0, 10) !== new Date(t1).toISOString().slice(0, 10);
  const parts: string[] = [open, title];

  parts.push('<g class="axis">');
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const px = x(t).toFixed(1);
    parts.push(`<line x1="${px}" x2="${px}" y1="${TOP - 6}" y2="${height - BOTTOM}" class="grid"/>`);
    parts.push(`<text x="${px}" y="${TOP - 10}" text-anchor="middle">${escapeHtml(tickLabel(t, step, multiDay))}</text>`);
  }
  parts.push('</g>');

  lanes.forEach((account, i) => {
    const top = TOP + i * LANE;
    const mid = top + LANE / 2;
    const events = timed.filter((d) => d.e.accountId === account);
    const name = account ?? '(no account)';
    parts.push(`<g class="series" data-account="${escapeHtml(account ?? '')}" data-count="${events.length}">`);
    parts.push(`<rect x="${LEFT}" y="${top}" width="${plotW}" height="${LANE}" class="lane${i % 2 === 1 ? ' alt' : ''}"/>`);
    parts.push(`<text x="${LEFT - 10}" y="${mid + 4}" text-anchor="end" class="lane-label">${escapeHtml(name)} (${events.length})</text>`);
    for (const { e, t } of events) {
      // Categories get their own row within the lane so same-time events of different kinds stay apart.
      const cy = mid + (ORDER.indexOf(e.category) - (ORDER.length - 1) / 2) * 3.4;
      const color = CATEGORY_COLORS[e.category];
      const fill = e.rootUsage ? color : '#ffffff';
      const tip = `${e.eventTime} · ${e.eventName} · ${e.category}${e.sourceIPAddress !== null ? ` · ${e.sourceIPAddress}` : ''}`;
      parts.push(
        `<circle class="dot" cx="${x(t).toFixed(1)}" cy="${cy.toFixed(1)}" r="4.5" fill="${fill}" stroke="${color}" stroke-width="1.5" data-event="${escapeHtml(e.key)}" data-category="${e.category}"><title>${escapeHtml(tip)}</title></circle>`,
      );
    }
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The chart's legend as HTML: one swatch per category present in the review. */
export function renderLegend(review: Review): string {
  const items = ORDER.filter((c) => review.summary.byCategory[c] > 0).map((c) => {
    const usage = (ROOT_USAGE_CATEGORIES as readonly string[]).includes(c);
    const swatch = `<svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="4.5" fill="${usage ? CATEGORY_COLORS[c] : '#ffffff'}" stroke="${CATEGORY_COLORS[c]}" stroke-width="1.5"/></svg>`;
    return `<li>${swatch} ${escapeHtml(c)} (${review.summary.byCategory[c]})</li>`;
  });
  return `<ul class="legend">${items.join('')}</ul>`;
}
