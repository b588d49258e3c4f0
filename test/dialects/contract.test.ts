// The dialect contract: the registry, the plan workers rebuild from, and library-supplied dialects.
import t from 'tap';
import { claimOf, DIALECTS, loadDetectionFiles, loadWithDialect } from '../../src/dialects/index.js';
import type { Claim, DetectionFile, Dialect } from '../../src/dialects/types.js';
import { FilterPatternError } from '../../src/dialects/cwl/index.js';
import { parseRule, type ParseRuleOptions } from '../../src/dialects/parse-rule.js';
import { RuleError } from '../../src/dialects/rule-error.js';
import { parseSigmaRule } from '../../src/dialects/sigma/index.js';
import { replay } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';
import { referenceDialect, unimportableReferenceDialect, type ReferenceAst } from '../helpers/reference-dialect.js';

const now = new Date(0);
const ROOT_REF: DetectionFile = { path: 'rules/root.ref', text: '# any root record\nuserIdentity.type = Root\n' };

async function replayWith(dialects: readonly Dialect[], workers: number, rulesInWorkers = false): Promise<Report> {
  const detections = loadDetectionFiles([ROOT_REF], { dialects });
  return replay({ locations: ['fixtures/AWSLogs'], resolveSource: (l) => resolveSource(l, {}), detections, version: 'test', now, workers, rulesInWorkers });
}

t.test('a library-supplied dialect survives replay, with workers and without', async (t) => {
  const dialects = [...DIALECTS, referenceDialect];
  const inProcess = await replayWith(dialects, 0);
  t.same(inProcess.detections.map((d) => [d.title, d.dialect]), [['root', 'reference']]);
  t.ok(inProcess.detections[0]!.caught.length > 0, 'it caught the fixtures root events');
  t.same(await replayWith(dialects, 2), inProcess, 'workers hand its candidates back: the same report');
  t.same(await replayWith(dialects, 2, true), inProcess, 'workers that load the rules import it from Dialect.module: the same report');
});

t.test('rules loaded from texts replay as they are, in worker threads too (loadDetectionFiles carries its files)', async (t) => {
  const cis = { path: 'in-memory.pattern', text: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' };
  const detections = loadDetectionFiles([cis]);
  const run = (workers: number, rulesInWorkers = false): Promise<Report> => replay({ locations: ['fixtures/AWSLogs'], detections, version: 'test', now, workers, rulesInWorkers });
  const inProcess = await run(0);
  t.ok(inProcess.detections[0]!.caught.length > 0);
  const threaded = await run(2);
  t.same(threaded.stats.errors, []);
  t.same(threaded, inProcess);
  t.same(await run(2, true), inProcess, 'and when the workers load the rules');
});

t.test('a dialect workers cannot import runs in the main thread, and the report says so', async (t) => {
  const inProcess = await replayWith([unimportableReferenceDialect], 0);
  const threaded = await replayWith([unimportableReferenceDialect], 2);
  t.same(threaded.detections, inProcess.detections);
  t.match(threaded.warnings, [/^evaluated in the main thread: dialect 'reference' names no module worker threads can import/]);
  t.same(inProcess.warnings, [], 'no warning when no worker was asked for');
});

t.test('claims: yes beats maybe, several yes all read the file, a tie of maybe is a diagnostic naming both', async (t) => {
  const claiming = (id: string, claim: Claim): Dialect<ReferenceAst> => ({ ...referenceDialect, id, claims: { extensions: ['.ref'], sniff: () => claim } });
  const load = (...dialects: Dialect<ReferenceAst>[]) => loadDetectionFiles([ROOT_REF], { dialects });
  t.same(load(claiming('a', 'maybe'), claiming('b', 'yes')).detections.map((d) => d.dialect), ['b'], 'yes beats maybe');
  t.same(load(claiming('a', 'maybe'), claiming('b', 'no')).detections.map((d) => d.dialect), ['a'], 'a lone maybe reads it');
  t.same(load(claiming('a', 'yes'), claiming('b', 'yes')).detections.map((d) => d.id), ['rules/root.ref#root', 'rules/root.ref#root'], 'a file feeding two dialects loads in both');
  const tie = load(claiming('a', 'maybe'), claiming('b', 'maybe'));
  t.same(tie.detections, []);
  t.match(tie.diagnostics, [{ code: 'TP0004', severity: 'error', file: 'rules/root.ref', message: /'a' and 'b' could each read this file/ }]);
  const throwing: Dialect<ReferenceAst> = { ...referenceDialect, id: 't', claims: { extensions: ['.ref'], sniff: () => { throw new Error('boom'); } } };
  t.equal(claimOf(throwing, ROOT_REF), 'no', 'a sniff that throws says no');
  t.equal(claimOf(referenceDialect, { path: 'x.REF', text: '' }), 'yes', 'extensions compare lowercased');
  t.equal(claimOf(referenceDialect, { path: 'x.json', text: '' }), 'no', 'other extensions are never sniffed');
});

t.test('the registry names rules <file>#<name>, numbering repeats, and orders diagnostics by file then position', async (t) => {
  const twice: Dialect<ReferenceAst> = {
    ...referenceDialect,
    parse: (files) => {
      const one = referenceDialect.parse(files, {});
      return {
        rules: [...one.rules, ...one.rules],
        notApplicable: [],
        diagnostics: [
          { code: 'X', severity: 'warning', file: 'rules/root.ref', line: 2, column: 1, message: 'second' },
          { code: 'X', severity: 'warning', file: 'rules/root.ref', line: 1, column: 5, message: 'first' },
          { code: 'X', severity: 'warning', file: 'mapping.yml', message: 'about another file' },
        ],
      };
    },
  };
  const loaded = loadWithDialect(twice, [ROOT_REF]);
  t.same(loaded.detections.map((d) => d.id), ['rules/root.ref#root', 'rules/root.ref#root-2']);
  t.same(loaded.diagnostics.map((d) => d.message), ['about another file', 'first', 'second']);
});

const ROOT_RECORD = { eventVersion: '1.09', userIdentity: { type: 'Root', accountId: '111122223333' }, eventTime: '2026-03-09T08:10:02Z', eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', awsRegion: 'us-east-1', eventID: 'e1', eventType: 'AwsApiCall', recipientAccountId: '111122223333' };
const USER_RECORD = { ...ROOT_RECORD, userIdentity: { type: 'IAMUser', accountId: '111122223333' }, eventID: 'e2' };
const SIGMA_ROOT = 'title: Root\nlogsource: { product: aws, service: cloudtrail }\ndetection:\n  s: { userIdentity.type: Root }\n  condition: s\n';
const EB_ROOT = '{ "detail": { "userIdentity": { "type": ["Root"] } } }';

t.test('parseRule: one entry for every dialect, matching a record object or its JSON text', async (t) => {
  const cases: [string, ParseRuleOptions, object, object][] = [
    ['{ $.userIdentity.type = "Root" }', { dialect: 'cwl' }, ROOT_RECORD, USER_RECORD],
    [SIGMA_ROOT, { dialect: 'sigma' }, ROOT_RECORD, USER_RECORD],
    [EB_ROOT, { dialect: 'eventbridge' }, ROOT_RECORD, USER_RECORD],
    // input `event`: the event as EventBridge sees it, not a CloudTrail record to wrap in the envelope.
    [EB_ROOT, { dialect: 'eventbridge', input: 'event' }, { source: 'aws.iam', detail: { userIdentity: { type: 'Root' } } }, ROOT_RECORD],
    ['userIdentity.type = Root', { dialect: 'reference', dialects: [referenceDialect] }, ROOT_RECORD, USER_RECORD],
  ];
  for (const [text, options, yes, no] of cases) {
    const rule = parseRule(text, options);
    const name = `${options.dialect} (${options.input ?? 'cloudtrail'})`;
    t.equal(rule.dialect, options.dialect);
    t.ok(rule.matches(yes), `${name} matches`);
    t.ok(rule.matches(JSON.stringify(yes)), `${name} matches the JSON text`);
    t.notOk(rule.matches(no), `${name} does not match the other`);
    t.notOk(rule.matches('not json') || rule.matches('[1]'), `${name}: text that is not a JSON object never matches`);
  }
});

t.test('parseRule throws RuleError with code, line and column', async (t) => {
  const cases: [string, ParseRuleOptions, { code: string | RegExp; line?: number; column?: number; message: RegExp }][] = [
    ['{ $.a = }', { dialect: 'cwl' }, { code: 'TP1001', line: 1, column: 9, message: /^line 1, col 9: invalid filter pattern/ }],
    ['title: x\nlogsource: { product: aws, service: cloudtrail }\ndetection:\n  condition: nothing\n', { dialect: 'sigma' }, { code: /^TP3/, message: /nothing/ }],
    ['{ "detail": { "x": "not-an-array" } }', { dialect: 'eventbridge' }, { code: 'TP5001', line: 1, message: /./ }],
    [SIGMA_ROOT, { dialect: 'kql' }, { code: 'TP0005', message: /^unknown dialect 'kql' \(known: cwl, sigma, eventbridge/ }],
    [SIGMA_ROOT, { dialect: 'sigma', input: 'event' }, { code: 'TP0005', message: /^dialect 'sigma' takes no input 'event'/ }],
    [SIGMA_ROOT, { dialect: 'sigma', fieldTypes: {} }, { code: 'TP0005', message: /^dialect 'sigma' has no option 'fieldTypes'/ }],
    [SIGMA_ROOT.replace('service: cloudtrail', 'service: s3'), { dialect: 'sigma' }, { code: 'TP0006', message: /^the rule does not apply: rule is for log source product aws, service s3/ }],
    [JSON.stringify({ Rules: [{ Name: 'a', EventPattern: EB_ROOT }, { Name: 'b', EventPattern: EB_ROOT }] }), { dialect: 'eventbridge' }, { code: 'TP0006', message: /holds 2 rules/ }],
  ];
  for (const [text, options, expected] of cases) {
    t.throws(() => parseRule(text, options), expected, `${options.dialect}: ${expected.message}`);
    try {
      parseRule(text, options);
    } catch (e) {
      t.ok(e instanceof RuleError, 'a RuleError');
    }
  }
  t.ok(new FilterPatternError('x', 'ab', 1) instanceof RuleError, 'parseFilterPattern throws a RuleError');
  t.throws(() => parseSigmaRule('title: x\n'), RuleError, 'parseSigmaRule throws a RuleError');
});
