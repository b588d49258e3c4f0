// The sigma dialect: file recognition, log-source applicability (sigma-rules-specification.md
// "LogSource", "Status"), metadata, cross-file references (sigma-correlation-rules-specification.md
// "Related rules"), and error reporting (docs/sigma.md "Diagnostics").
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { recognises, loadWithDialect, loadOne } from '../helpers/dialect-kit.js';
import { parseSigmaRule, sigmaDialect } from '../../src/dialects/sigma/index.js';
import { viewOfRecord } from '../../src/record/view.js';
import type { JsonObject } from '../../src/record/view.js';
import { dedent } from './helpers.js';

t.test('recognise: Sigma YAML, not CloudFormation, not other YAML', async (t) => {
  const rule = 'title: x\nlogsource: {product: aws}\ndetection:\n  s: {a: 1}\n  condition: s\n';
  t.ok(recognises(sigmaDialect, { path: 'rules/a.yml', text: rule }));
  t.ok(recognises(sigmaDialect, { path: 'rules/a.YAML', text: rule }));
  t.ok(recognises(sigmaDialect, { path: 'c.yml', text: 'title: c\ncorrelation:\n  type: temporal\n' }));
  t.ok(recognises(sigmaDialect, { path: 'f.yml', text: 'title: f\nfilter:\n  rules: any\n' }));
  t.notOk(recognises(sigmaDialect, { path: 'a.json', text: rule }));
  t.notOk(recognises(sigmaDialect, { path: 'cfn.yml', text: `Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n${rule}` }));
  t.notOk(recognises(sigmaDialect, { path: 'cfn.yml', text: `AWSTemplateFormatVersion: '2010-09-09'\n${rule}` }));
  t.notOk(recognises(sigmaDialect, { path: 'pipeline.yml', text: 'name: p\ntransformations: []\n' }));
  t.notOk(recognises(sigmaDialect, { path: 'nested.yml', text: 'x:\n  detection: 1\n' }), 'only top-level keys count');
});

t.test('only product aws / service cloudtrail applies; others are not applicable, not errors', async (t) => {
  const r = loadOne(sigmaDialect, { path: 'mixed.yml', text: dedent(`
    title: Windows rule
    logsource: {product: windows, category: process_creation}
    detection:
        sel: {Image|endswith: '\\whoami.exe'}
        condition: sel
    ---
    title: CloudTrail rule
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: ConsoleLogin}
        condition: sel
    ---
    title: Old rule
    status: unsupported
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: X}
        condition: sel
  `) }, {});
  t.same(r.diagnostics, []);
  t.same(r.detections.map((d) => d.title), ['CloudTrail rule']);
  t.same(r.notApplicable, [
    { file: 'mixed.yml', title: 'Windows rule', reason: 'rule is for log source category process_creation, product windows, not product aws / service cloudtrail' },
    { file: 'mixed.yml', title: 'Old rule', reason: 'rule has status unsupported' },
  ]);
});

t.test('status, level, tags, id and description go to Detection.meta; ids are <file>#<id or name or doc N>', async (t) => {
  const r = loadOne(sigmaDialect, { path: 'm.yml', text: dedent(`
    title: With metadata
    id: 9a1f0e2c-3333-4c5d-8e6f-000000000001
    status: test
    level: high
    description: Something happened
    tags: [attack.t1078.004, attack.initial-access]
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: X}
        condition: sel
    ---
    title: Named
    name: named_rule
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: Y}
        condition: sel
    ---
    title: Anonymous
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: Z}
        condition: sel
  `) }, {});
  t.same(r.detections.map((d) => d.id), ['m.yml#9a1f0e2c-3333-4c5d-8e6f-000000000001', 'm.yml#named_rule', 'm.yml#doc3']);
  t.same(r.detections[0]!.meta, {
    description: 'Something happened',
    level: 'high',
    status: 'test',
    tags: ['attack.t1078.004', 'attack.initial-access'],
    ruleId: '9a1f0e2c-3333-4c5d-8e6f-000000000001',
  });
  t.same(r.detections[2]!.meta, {});
  t.equal(r.detections[0]!.dialect, 'sigma');
});

t.test('errors name the file, the rule title and the position; the other rules still load', async (t) => {
  const r = loadOne(sigmaDialect, { path: 'rules/broken.yml', text: dedent(`
    title: Good one
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: A}
        condition: sel
    ---
    title: Bad modifier
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel:
            eventName|startwith: Delete
        condition: sel
    ---
    title: Bad level
    level: severe
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: B}
        condition: sel
    ---
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: C}
        condition: sel
    ---
    title: Good two
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: D}
        condition: sel
  `) }, {});
  t.same(r.detections.map((d) => d.title), ['Good one', 'Good two']);
  t.same(
    r.diagnostics.map((d) => [d.file, d.rule, d.line, d.column, d.code, d.message]),
    [
      ['rules/broken.yml', 'Bad modifier', 11, 19, 'TP3005', "unknown modifier 'startwith'"],
      ['rules/broken.yml', 'Bad level', 15, 8, 'TP3003', "unknown level 'severe' (expected one of informational, low, medium, high, critical)"],
      ['rules/broken.yml', undefined, 21, 1, 'TP3002', "document has no 'title'"],
    ],
  );
});

t.test('YAML syntax errors and v1 syntax are reported with positions', async (t) => {
  const r = loadOne(sigmaDialect, { path: 'y.yml', text: 'title: Dup\ntitle: again\nlogsource: {product: aws}\ndetection:\n  s: {a: 1}\n  condition: s\n' }, {});
  t.match(r.diagnostics, [{ code: 'TP3001', line: 2, column: 1, message: /yaml: map keys must be unique/ }]);
  const v1 = loadOne(sigmaDialect, { path: 'v1.yml', text: 'action: global\ntitle: G\nlogsource: {product: aws}\n' }, {});
  t.match(v1.diagnostics, [{ code: 'TP3019', line: 1 }]);
});

t.test('loadAll resolves correlations against rules in other files; load handles one file', async (t) => {
  const ruleFile = { path: 'a/rule.yml', text: dedent(`
    title: Root sign-in
    name: root_sign_in
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: ConsoleLogin, userIdentity.type: Root}
        condition: sel
  `) };
  const corrFile = { path: 'b/corr.yml', text: dedent(`
    title: Repeated root sign-in
    correlation:
        type: event_count
        rules: [root_sign_in]
        timespan: 1h
        condition: {gte: 2}
  `) };
  const all = loadWithDialect(sigmaDialect, [ruleFile, corrFile], {});
  t.same(all.diagnostics, []);
  t.same(all.correlations[0]!.inputs, ['a/rule.yml#root_sign_in']);
  const alone = loadOne(sigmaDialect, corrFile, {});
  t.match(alone.diagnostics, [{ code: 'TP3014', file: 'b/corr.yml', rule: 'Repeated root sign-in' }]);
});

t.test('parseSigmaRule: the library API (first rule + filters + correlations, SigmaRuleError)', async (t) => {
  const r = parseSigmaRule(dedent(`
    title: Root sign-in
    name: root_sign_in
    level: high
    logsource: {product: aws, service: cloudtrail}
    detection:
        sel: {eventName: ConsoleLogin, userIdentity.type: Root}
        condition: sel
    ---
    title: Repeated root sign-in
    correlation:
        type: event_count
        rules: [root_sign_in]
        timespan: 1h
        condition: {gte: 2}
  `));
  t.equal(r.title, 'Root sign-in');
  t.equal(r.level, 'high');
  t.ok(r.appliesToCloudTrail);
  t.equal(r.correlations.length, 1);
  t.ok(r.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } }));
  t.notOk(r.matches('not a record'));
  t.notOk(r.matches(null));
  t.throws(() => parseSigmaRule('title: x\n'), { name: 'SigmaRuleError', code: 'TP3020' });
  const win = parseSigmaRule('title: w\nlogsource: {product: windows}\ndetection:\n  s: {EventID: 1}\n  condition: s\n');
  t.notOk(win.appliesToCloudTrail, 'other log sources still parse in the library API');
  t.throws(
    () => parseSigmaRule(`${'title: a\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s: {a: 1}\n  condition: s\n'}---\ntitle: b\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s: {b: 1}\n  condition: s\n`),
    /second detection rule \('b'\) that no correlation refers to/,
  );
});

t.test('the shipped detections/sigma rules load and separate root events', async (t) => {
  const dir = join(import.meta.dirname, '../../detections/sigma');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
  const r = loadWithDialect(sigmaDialect, files, {});
  t.same(r.diagnostics, []);
  t.equal(r.detections.length, 4);
  const fired = (record: JsonObject): string[] =>
    r.detections.filter((d) => d.rule.match(viewOfRecord(record))).map((d) => d.file.replace(/^aws_|\.yml$/g, '')).sort();
  const root = { type: 'Root', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012' };
  const signIn = (mfa: string, outcome: string): JsonObject => ({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    userIdentity: root,
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: { MFAUsed: mfa },
  });
  t.same(fired(signIn('No', 'Success')), ['root_console_sign_in', 'root_sign_in_without_mfa', 'root_usage']);
  t.same(fired(signIn('YES', 'Success')), ['root_console_sign_in', 'root_usage']);
  t.same(fired(signIn('No', 'Failure')), ['root_usage']);
  const key: JsonObject = { eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', eventType: 'AwsApiCall', userIdentity: root, requestParameters: null };
  t.same(fired(key), ['root_access_key_created', 'root_usage']);
  t.same(fired({ ...key, errorCode: 'LimitExceeded' }), ['root_usage'], 'a failed call created no key');
  t.same(fired({ ...key, userIdentity: { ...root, invokedBy: 'signin.amazonaws.com' } }), ['root_access_key_created'], 'CIS excludes calls made on behalf of root');
  t.same(fired({ eventName: 'Describe', eventType: 'AwsServiceEvent', userIdentity: root }), []);
  t.same(fired({ eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', userIdentity: { type: 'IAMUser' }, responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' } }), []);
});
