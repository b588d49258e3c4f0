/**
 * The windows of one group (spec.ts `AggregateWindow`), as inclusive index ranges over its occurrences
 * sorted by time, in increasing start order (which the episode merge relies on).
 */
import type { Occurrence } from './measure.js';
import type { AggregateWindow } from './spec.js';

/** An inclusive range of occurrence indexes. */
export type Range = readonly [from: number, to: number];

export function windowsOf(window: AggregateWindow, occ: readonly Occurrence[]): Range[] {
  switch (window.kind) {
    case 'sliding-forward':
      return slidingForward(window.span, occ);
    case 'look-back':
      return lookBack(window.span, occ);
    case 'fixed-from-first':
      return fixedFromFirst(window.span, occ);
  }
}

/** [t, t + span], closed: Sigma's sliding windows start at each occurrence (not at each instant). */
function slidingForward(span: number, occ: readonly Occurrence[]): Range[] {
  const out: Range[] = [];
  let end = 0;
  for (let i = 0; i < occ.length; i++) {
    if (end < i) end = i;
    while (end + 1 < occ.length && occ[end + 1]!.time - occ[i]!.time <= span) end++;
    out.push([i, end]);
  }
  return out;
}

/** (t - span, t]: what a run ending at an occurrence looks back over; it always holds that occurrence (even with span 0). */
function lookBack(span: number, occ: readonly Occurrence[]): Range[] {
  const out: Range[] = [];
  let start = 0;
  for (let end = 0; end < occ.length; end++) {
    while (start < end && occ[end]!.time - occ[start]!.time >= span) start++;
    out.push([start, end]);
  }
  return out;
}

/** [first, first + span): each window is opened by the first occurrence not in the previous one. */
function fixedFromFirst(span: number, occ: readonly Occurrence[]): Range[] {
  const out: Range[] = [];
  let start = 0;
  for (let k = 1; k < occ.length; k++) {
    if (occ[k]!.time >= occ[start]!.time + span) {
      out.push([start, k - 1]);
      start = k;
    }
  }
  if (occ.length > 0) out.push([start, occ.length - 1]);
  return out;
}
