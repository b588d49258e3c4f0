/**
 * Helpers for the Sigma tests: rule text written inline next to the records it is tested on.
 */
import { parseSigmaRule, SigmaRuleError } from '../../src/dialects/sigma/index.js';
import type { SigmaRule } from '../../src/dialects/sigma/index.js';

/** Removes the common indentation of a template literal (and its first/last blank line). */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n') + '\n';
}

/** A complete CloudTrail rule around a `detection:` body (given without the `detection:` line). */
export function ruleText(detection: string, extra = ''): string {
  const body = dedent(detection)
    .split('\n')
    .map((l) => (l === '' ? l : `    ${l}`))
    .join('\n');
  return `title: Test rule\nid: 5c3e1c5e-0000-4000-8000-000000000001\nlogsource:\n    product: aws\n    service: cloudtrail\n${extra}detection:\n${body}`;
}

/** Parses a rule built by `ruleText`. */
export function rule(detection: string): SigmaRule {
  return parseSigmaRule(ruleText(detection));
}

/** The SigmaRuleError a text raises (fails the test when it parses). */
export function parseError(text: string): SigmaRuleError {
  try {
    parseSigmaRule(text);
  } catch (e) {
    if (e instanceof SigmaRuleError) return e;
    throw e;
  }
  throw new Error('expected a SigmaRuleError, but the rule parsed');
}
