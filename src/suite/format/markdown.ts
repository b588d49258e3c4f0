/**
 * A Markdown summary of `trailproof test` for a pull-request comment: the verdict, the failed checks
 * with their details, every check in a collapsible table, and the baseline diff per detection that
 * changed (newly missed, newly caught, new false alarms), which is what a reviewer of a rule change
 * wants to see. Every input string is escaped (`md`), so a rule title cannot break the comment.
 */
import { md } from '../../report/markdown/markdown.js';
import type { CheckResult, SuiteResult } from '../results.js';

/** At most this many event IDs per list, to stay well under GitHub's comment size limit. */
const MAX_LISTED = 30;

function code(text: string): string {
  // Backticks inside a code span would end it; event IDs and paths never need them.
  return `\`${text.replace(/[`\r\n]/g, ' ')}\``;
}

function row(c: CheckResult): string {
  return `| ${c.passed ? '✅' : '❌'} | ${md(c.group)} | ${md(c.name)} | ${md(c.summary)} |`;
}

function idList(label: string, ids: readonly string[]): string[] {
  if (ids.length === 0) return [];
  const shown = ids.slice(0, MAX_LISTED).map(code).join(', ');
  const more = ids.length > MAX_LISTED ? ` and ${ids.length - MAX_LISTED} more` : '';
  return [`- **${label}** (${ids.length}): ${shown}${more}`];
}

/** Renders a suite result as Markdown, ending with a newline. */
export function renderSuiteMarkdown(result: SuiteResult): string {
  const out: string[] = [];
  const ok = result.failed === 0;
  out.push(`## ${ok ? '✅' : '❌'} trailproof test: ${md(result.name)}`, '');
  out.push(`**${result.passed} passed, ${result.failed} failed** · ${result.stats.rootEvents} root events (${result.stats.rootUsage} root usage) in ${result.stats.records} records · ${result.stats.detections} detections`);

  const failed = result.checks.filter((c) => !c.passed);
  if (failed.length > 0) {
    out.push('', '### Failed', '');
    for (const c of failed) {
      const where = c.rule !== null ? ` (${code(`${c.rule.file}:${c.rule.line}`)})` : '';
      out.push(`- **${md(c.group)}**: ${md(c.name)}: ${md(c.summary)}${where}`);
      for (const d of c.details.slice(0, MAX_LISTED)) out.push(`  - ${md(d)}`);
    }
  }

  if (result.baseline !== null) {
    const changed = result.baseline.diffs.filter((d) => d.status !== 'same');
    out.push('', `### Baseline (${code(result.baseline.file)})`, '');
    if (changed.length === 0) out.push('No change from the baseline.');
    for (const d of changed) {
      const verdict = d.regression ? '❌ regression' : '✅ no regression';
      const status = d.status === 'new' ? ', new detection' : d.status === 'removed' ? ', removed' : '';
      out.push(`#### ${md(d.key)}: ${verdict}${status}`, '');
      out.push(...idList('Newly missed', d.newlyMissed));
      out.push(...idList('New false alarms', d.newFalseAlarms));
      if (d.falseAlarmCount.before !== d.falseAlarmCount.after) out.push(`- **False alarms**: ${d.falseAlarmCount.before} → ${d.falseAlarmCount.after}`);
      out.push(...idList('Newly caught', d.newlyCaught));
      out.push(...idList('False alarms gone', d.fixedFalseAlarms));
      out.push(...idList('New events, missed', d.untrackedMissed));
      out.push(...idList('Caught events no longer in the sources', d.gone));
      out.push('');
    }
  }

  if (result.notes.length > 0) {
    out.push('');
    for (const n of result.notes) out.push(`> ${md(n)}`);
  }

  out.push('', '<details><summary>All checks</summary>', '');
  out.push('| | Group | Check | Result |', '|---|---|---|---|');
  for (const c of result.checks) out.push(row(c));
  out.push('', '</details>');
  return `${out.join('\n')}\n`;
}
