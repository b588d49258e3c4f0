/**
 * The terminal output of `trailproof test`: one line per check under its detection, the details of
 * failures indented below, and a final `N passed, N failed` line, as test runners print.
 */
import { paint, sanitize } from '../../report/table/style.js';
import type { CheckResult, SuiteResult } from '../results.js';

/** Options of the terminal format. */
export interface TerminalOptions {
  /** ANSI colour (a TTY with NO_COLOR unset). */
  readonly color: boolean;
}

function groupTitle(result: SuiteResult, checks: readonly CheckResult[]): string {
  const first = checks[0]!;
  if (first.group === 'baseline') return `baseline ${result.baseline?.file ?? ''}`.trimEnd();
  if (first.rule !== null && first.rule.key === first.group && first.rule.title !== first.group) return `${first.group}  ${first.rule.title}`;
  return first.group;
}

/** Renders a suite result for the terminal. Ends with a newline. */
export function renderTerminal(result: SuiteResult, options: TerminalOptions): string {
  const { color } = options;
  const out: string[] = [];
  const s = result.stats;
  out.push(paint(`trailproof test ${sanitize(result.name)}`, 'bold', color));
  out.push(
    paint(
      `replayed ${s.files} file${s.files === 1 ? '' : 's'}, ${s.records} record${s.records === 1 ? '' : 's'}: ${s.rootEvents} root event${s.rootEvents === 1 ? '' : 's'} (${s.rootUsage} root usage), ${s.detections} detection${s.detections === 1 ? '' : 's'}`,
      'dim',
      color,
    ),
  );
  // Groups keep the order of their first check.
  const groups = new Map<string, CheckResult[]>();
  for (const c of result.checks) {
    let list = groups.get(c.group);
    if (list === undefined) groups.set(c.group, (list = []));
    list.push(c);
  }
  for (const checks of groups.values()) {
    out.push('');
    out.push(paint(sanitize(groupTitle(result, checks)), 'bold', color));
    for (const c of checks) {
      const mark = c.passed ? paint('✓', 'green', color) : paint('✗', 'boldRed', color);
      const summary = paint(sanitize(c.summary), c.passed ? 'dim' : 'red', color);
      out.push(`  ${mark} ${sanitize(c.name)}  ${summary}`);
      for (const d of c.details) out.push(`      ${sanitize(d)}`);
    }
  }
  if (result.notes.length > 0) {
    out.push('');
    for (const n of result.notes) out.push(paint(`note: ${sanitize(n)}`, 'yellow', color));
  }
  out.push('');
  out.push(paint(`${result.passed} passed, ${result.failed} failed`, result.failed > 0 ? 'boldRed' : 'green', color));
  return `${out.join('\n')}\n`;
}
