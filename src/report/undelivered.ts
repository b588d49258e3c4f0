/**
 * Undelivered root events (`DetectionReport.undelivered`): matched by a rule that, as deployed, would not
 * have received them. Those of the detection's scope count as misses for `--fail-on-miss` and for the
 * verdict the human formats show: the rule would not have alerted.
 */
import type { DetectionReport, Report, UndeliveredEvent } from './model.js';

/** The detection's undelivered events whose category is in its scope. */
export function undeliveredInScope(report: Pick<Report, 'rootEvents'>, d: DetectionReport): UndeliveredEvent[] {
  if (d.undelivered.length === 0) return [];
  const inScope = new Set(d.scope.categories);
  const category = new Map(report.rootEvents.map((e) => [e.key, e.category]));
  return d.undelivered.filter((u) => {
    const c = category.get(u.key);
    return c !== undefined && inScope.has(c);
  });
}

/** True when the detection missed, or did not receive, a root-usage event of its scope. */
export function failsScope(report: Pick<Report, 'rootEvents'>, d: DetectionReport): boolean {
  return d.missed.length > 0 || undeliveredInScope(report, d).length > 0;
}

/** How the verdict lines say "missed": naming delivery when some detection's failure is an undelivered event. */
export function missVerb(report: Pick<Report, 'rootEvents' | 'detections'>): string {
  return report.detections.some((d) => undeliveredInScope(report, d).length > 0) ? 'missed or would not have received' : 'missed';
}
