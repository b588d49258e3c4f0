// `parseRule(yaml, { dialect: 'panther', root })` (issue 15): the library's one entry loads a Panther
// rule as a rule file of the `root` folder, with the `TP4xxx` codes (docs/panther.md) as RuleErrors.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { RuleError } from '../../src/dialects/rule-error.js';
import { parseRule } from '../../src/dialects/parse-rule.js';
import { PantherRuleError, parsePantherRule } from '../../src/dialects/panther/index.js';

const ROOT = 'fixtures/panther/rules';
const yaml = readFileSync(`${ROOT}/root_console_login.yml`, 'utf8');
const login = (type: string, outcome: string): object => ({ eventName: 'ConsoleLogin', userIdentity: { type }, responseElements: { ConsoleLogin: outcome }, sourceIPAddress: '198.51.100.7' });

t.test('a rule and its .py load from root; matches runs rule()', async (t) => {
  const rule = parseRule(yaml, { dialect: 'panther', root: ROOT });
  t.equal(rule.dialect, 'panther');
  t.equal(rule.title, 'Root console sign-in');
  t.equal(rule.meta.ruleId, 'TP.Root.ConsoleLogin');
  const literals = rule.rule.prefilter?.anyOf ?? [];
  t.ok(literals.length > 0 && literals.every((l) => ['"ConsoleLogin"', '"Root"', '"Success"'].includes(l)), 'a literal prefilter from the values rule() requires');
  t.equal(rule.matches(login('Root', 'Success')), true);
  t.equal(rule.matches(JSON.stringify(login('Root', 'Success'))), true, 'JSON text too');
  t.equal(rule.matches(login('IAMUser', 'Success')), false);
  t.equal(rule.matches('not json'), false);
});

// Each row: the text, the options besides the dialect, and the error expected (docs/panther.md "Diagnostic codes").
const failures: [string, string, Record<string, unknown>, { code: string; line?: number; column?: number; message?: RegExp }][] = [
  ['yaml syntax', 'AnalysisType: rule\nRuleID: [1\n', { root: ROOT }, { code: 'TP4001', line: 3 }],
  ['a bad field, with its position', 'AnalysisType: rule\nRuleID: X\nLogTypes: [AWS.CloudTrail]\nThreshold: 0\nFilename: root_console_login.py\n', { root: ROOT }, { code: 'TP4002', line: 4, column: 12 }],
  ['a .py that is not there', 'AnalysisType: rule\nRuleID: X\nLogTypes: [AWS.CloudTrail]\nFilename: no_such_rule.py\n', { root: ROOT }, { code: 'TP4003', message: /no_such_rule/ }],
  ['another log type', 'AnalysisType: rule\nRuleID: X\nLogTypes: [Okta.SystemLog]\nFilename: okta_rule.py\n', { root: ROOT }, { code: 'TP0006', message: /do not include AWS\.CloudTrail/ }],
  ['an option the dialect lacks', yaml, { root: ROOT, pipeline: 'x' }, { code: 'TP0005', message: /known: root, python/ }],
];
for (const [name, text, options, expected] of failures) {
  t.test(name, async (t) => {
    const error = t.throws(() => parseRule(text, { dialect: 'panther', ...options }), expected);
    t.ok(error instanceof RuleError, 'a RuleError');
  });
}

t.test('parsePantherRule stays, its errors are RuleErrors with the same codes', async (t) => {
  const rule = parsePantherRule(yaml, { root: ROOT });
  t.teardown(() => rule.close());
  t.equal(rule.matches(login('Root', 'Success')), true);
  const error = t.throws(() => parsePantherRule('AnalysisType: rule\nRuleID: [1\n', { root: ROOT })) as PantherRuleError;
  t.ok(error instanceof RuleError);
  t.equal(error.code, 'TP4001');
});
