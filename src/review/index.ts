/**
 * Incident review: `trailproof review <source...>`.
 *
 * Brief overview: the command replays the sources (with the detections, when there are any) and hands
 * the report to `buildReview`, which lays every root event of the window out as a timeline with the
 * detections that fired, groups the events into sessions (same account and source IP, gaps up to 30
 * minutes by default) and counts them per account and per source IP. Renderers turn the `Review` into
 * a terminal table, JSON (docs/review.md), CSV, or one self-contained HTML page.
 *
 * ```ts
 * const review = buildReview(report, { sessionGapMs: 15 * 60_000 });
 * await writeFile('review.html', renderReview(review, 'html', { color: false }));
 * ```
 */
import { renderReviewCsv } from './format/csv.js';
import { renderReviewHtml } from './format/html.js';
import { renderReviewJson } from './format/json.js';
import { renderReviewTable } from './format/table.js';
import type { Review } from './model.js';

/** The review formats. */
export type ReviewFormat = 'table' | 'json' | 'csv' | 'html';

/** Every review format, in the order `--help` lists them. */
export const REVIEW_FORMATS: readonly ReviewFormat[] = ['table', 'json', 'csv', 'html'];

/** Renders a review in `format` (only `table` colours). The result ends with a newline. */
export function renderReview(review: Review, format: ReviewFormat, options: { readonly color: boolean }): string {
  switch (format) {
    case 'table':
      return renderReviewTable(review, options);
    case 'json':
      return renderReviewJson(review);
    case 'csv':
      return renderReviewCsv(review);
    case 'html':
      return renderReviewHtml(review);
  }
}

export { buildReview, DEFAULT_SESSION_GAP_MS, type ReviewOptions } from './build-review.js';
export { parseGap } from './sessions.js';
export { REVIEW_PROBLEM_LIMIT, REVIEW_SCHEMA, type Review, type ReviewEvent, type ReviewSession, type ReviewCount, type ReviewDetection } from './model.js';
