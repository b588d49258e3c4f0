/**
 * JUnit XML for `trailproof test --junit FILE`: one `<testsuite>` per group of checks (a detection, a
 * rule file, the labels, the baseline), one `<testcase>` per check, failing with its summary as the
 * message and its details as the body. Element and attribute names follow the common JUnit schema that
 * Jenkins, GitLab and GitHub reporters read; `file` and `line` on a test case point at the rule.
 */
import { escapeAttr, escapeText } from '../../report/junit/xml.js';
import type { CheckResult, SuiteResult } from '../results.js';

/** Renders a suite result as a JUnit XML document, ending with a newline. */
export function renderSuiteJunit(result: SuiteResult): string {
  const groups = new Map<string, CheckResult[]>();
  for (const c of result.checks) {
    let list = groups.get(c.group);
    if (list === undefined) groups.set(c.group, (list = []));
    list.push(c);
  }
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeAttr(`trailproof test ${result.name}`)}" tests="${result.checks.length}" failures="${result.failed}" errors="0" time="0">`,
  ];
  for (const [group, checks] of groups) {
    const failures = checks.filter((c) => !c.passed).length;
    out.push(`  <testsuite name="${escapeAttr(group)}" tests="${checks.length}" failures="${failures}" errors="0" skipped="0" time="0">`);
    for (const c of checks) {
      const where = c.rule !== null ? ` file="${escapeAttr(c.rule.file)}" line="${c.rule.line}"` : '';
      const open = `    <testcase classname="${escapeAttr(group)}" name="${escapeAttr(c.name)}" time="0"${where}`;
      if (c.passed) {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      const body = c.details.length > 0 ? escapeText(c.details.join('\n')) : '';
      out.push(`      <failure message="${escapeAttr(c.summary)}" type="${c.kind}">${body}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
