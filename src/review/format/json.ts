/**
 * The JSON review: the `Review` object as is (docs/review.md), pretty-printed in the model's key order.
 */
import type { Review } from '../model.js';

/** Renders the review as JSON, ending with a newline. */
export function renderReviewJson(review: Review): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
