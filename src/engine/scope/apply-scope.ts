/**
 * Judges each detection of a report on its scope: root-usage events of its categories it did not fire
 * on stay `missed`; the others move to `outOfScope`, still listed. A detection with nothing in scope
 * that fires on no canonical example and on no root event is not a root detection.
 */
import type { DetectionReport, Report } from '../../report/model.js';
import type { ResolvedScope } from './resolve-scope.js';

/**
 * The report with every detection's `missed`, `outOfScope`, `scope` and `rootDetection` set from
 * `scopes` (by detection id). Detections without an entry keep the strict view. Idempotent: it starts
 * from `missed` and `outOfScope` together.
 */
export function applyScopes(report: Report, scopes: ReadonlyMap<string, ResolvedScope>): Report {
  const detections = report.detections.map((d): DetectionReport => {
    const resolved = scopes.get(d.id);
    if (resolved === undefined) return d;
    const inScope = new Set(resolved.scope.categories);
    const notFired = new Set([...d.missed, ...d.outOfScope]);
    const missed: string[] = [];
    const outOfScope: string[] = [];
    // Root-event order, as the strict lists have it; the lists hold keys (docs/report-schema.md).
    for (const e of report.rootEvents) {
      if (!notFired.has(e.key)) continue;
      (inScope.has(e.category) ? missed : outOfScope).push(e.key);
    }
    const rootDetection = inScope.size > 0 || resolved.firesOnExample || d.caught.length > 0 || d.contextHits.length > 0;
    return { ...d, missed, outOfScope, scope: resolved.scope, rootDetection };
  });
  return { ...report, detections };
}
