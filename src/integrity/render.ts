/**
 * Plain-text rendering of an `IntegrityReport`: a verdict line, counts, one line per stream, then the
 * problems grouped by severity. No colour; the CLI decides where it goes.
 */
import type { IntegrityProblem, IntegrityReport } from './report.js';

/** Renders the report as lines of text ending with a newline. */
export function renderIntegrityReport(report: IntegrityReport): string {
  const out: string[] = [];
  const errors = report.problems.filter((p) => p.severity === 'error');
  const warnings = report.problems.filter((p) => p.severity === 'warning');
  const infos = report.problems.filter((p) => p.severity === 'info');
  out.push(
    report.ok
      ? `integrity: OK for ${report.since} to ${report.until}${warnings.length > 0 ? ` (${plural(warnings.length, 'warning')})` : ''}`
      : `integrity: FAILED for ${report.since} to ${report.until}: ${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}`,
  );
  out.push(`  digest files: ${report.digestsValid}/${report.digestsChecked} valid`);
  out.push(`  log files:    ${report.logFilesValid}/${report.logFilesChecked} valid`);
  if (report.digestsChecked === 0) out.push('  no digest file was found for this window: nothing could be verified');
  for (const s of report.streams) {
    const span = s.coverageStart !== null ? `${s.coverageStart} to ${s.coverageEnd}` : 'no readable digest';
    const backfill = s.backfillDigests > 0 ? `, ${s.backfillDigests} backfill` : '';
    const empty = s.emptyDigests > 0 ? `, ${s.emptyDigests} with no log files (none delivered that hour)` : '';
    out.push(`  stream ${s.id}: ${s.validDigests}/${s.digests + s.backfillDigests} digests valid${backfill}${empty}; covers ${span}`);
  }
  for (const [title, list] of [['errors', errors], ['warnings', warnings], ['notes', infos]] as const) {
    if (list.length === 0) continue;
    out.push('', `${title}:`);
    for (const p of list) out.push(line(p));
  }
  return `${out.join('\n')}\n`;
}

function line(p: IntegrityProblem): string {
  const gap = p.gap !== undefined ? ` [${p.gap.cause} ${p.gap.start} to ${p.gap.end}]` : '';
  return `  ${p.kind}${gap}: ${p.location}\n      ${p.detail}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
