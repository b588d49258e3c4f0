// Elastic rule files through the whole engine: the TOML reader, detection-rules TOML and Kibana export
// NDJSON (exceptions, filters, export summary), rule types that cannot be replayed (listed with their
// reason), threshold rules through the correlation stage, the prebuilt root rules of elastic-rules.md §8
// (written here from the digest's query stages) with their traps, prefilter on ≡ off,
// and one run of the built CLI on the shipped rule.
import t from 'tap';
import { parseToml, TomlError } from '../../src/dialects/carriers/toml.js';
import { evaluateThreshold } from '../../src/dialects/elastic/threshold.js';
import { loadDetectionFiles, loadDetections } from '../../src/dialects/index.js';
import { parseRule } from '../../src/dialects/parse-rule.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';
import { runCli } from '../helpers/cli.js';

const TOML_SAMPLE = `# comment
title = "basic \\"q\\" \\u00e9"   # trailing comment
lit = 'C:\\path'
ml = """
one \\
    two"""
mll = '''
raw \\n'''
[a.b]
int = 1_000
neg = -3
flt = 2.5e3
yes = true
when = 2026-03-09T08:00:00Z
list = [ "x",
  # inside
  'y', ]
inline = { k = 1, "q k" = "v" }
[[a.items]]
n = 1
[[a.items]]
n = 2
"quoted.key" = 3
`;

t.test('TOML reader', async (t) => {
  const doc = parseToml(TOML_SAMPLE);
  t.same(doc.root, {
    title: 'basic "q" é',
    lit: 'C:\\path',
    ml: 'one two',
    mll: 'raw \\n',
    a: { b: { int: 1000, neg: -3, flt: 2500, yes: true, when: '2026-03-09T08:00:00Z', list: ['x', 'y'], inline: { k: 1, 'q k': 'v' } }, items: [{ n: 1 }, { n: 2, 'quoted.key': 3 }] },
  });
  const mll = doc.positions.get('mll');
  t.same(mll, { start: TOML_SAMPLE.indexOf("'''"), content: TOML_SAMPLE.indexOf('raw'), verbatim: true }, "a literal multi-line string's text starts after the line break");
  t.same(doc.positions.get('ml')?.verbatim, false, 'escapes break the offset mapping');
  const fails = (text: string, message: string, offset: number): void => {
    try {
      parseToml(text);
      t.fail(`expected an error: ${text}`);
    } catch (e) {
      t.type(e, TomlError);
      t.same([(e as TomlError).message, (e as TomlError).offset], [message, offset], text);
    }
  };
  fails('a = "open\n', 'unterminated string', 4);
  fails('a = 1\na = 2\n', "'a' is defined twice", 6);
  fails('[t]\n[t]\n', "table 't' is defined twice", 4);
  fails('a = 1 2\n', "expected the end of the line, found '2'", 6);
  fails('a = [1, 2\n', "expected ']' to close the array, found the end of the file", 10);
  fails('a = "\\q"\n', "invalid escape '\\q'", 5);
  fails('a = @\n', "expected a value, found '@'", 4);
});

const rule = (type: string, language: string, query: string, extra = ''): string => `[metadata]
maturity = "production"

[rule]
rule_id = "r-${type}-${language}"
name = "Test ${type} ${language}"
type = "${type}"
language = "${language}"
severity = "high"
tags = ["t1"]
query = '''
${query}
'''
${extra}
`;

t.test('detection-rules TOML: rule types, languages, positions', async (t) => {
  const files = [
    { path: 'r/query.toml', text: rule('query', 'kuery', 'event.action:ConsoleLogin', '[trailproof]\nscope = ["console-login-success"]') },
    { path: 'r/lucene.toml', text: rule('query', 'lucene', 'event.action:ConsoleLogin AND cloud.region:us\\-east\\-1') },
    { path: 'r/eql.toml', text: rule('eql', 'eql', 'any where event.action == "ConsoleLogin"') },
    { path: 'r/esql.toml', text: rule('esql', 'esql', 'FROM logs-aws.cloudtrail-* | WHERE event.action == "ConsoleLogin"') },
    { path: 'r/new_terms.toml', text: rule('new_terms', 'kuery', 'event.action:ConsoleLogin') },
    { path: 'r/ml.toml', text: '[rule]\nrule_id = "m"\nname = "ML"\ntype = "machine_learning"\n' },
    { path: 'r/no-query.toml', text: '[rule]\nrule_id = "n"\nname = "No query"\ntype = "query"\nlanguage = "kuery"\n' },
    { path: 'r/odd.toml', text: rule('mystery', 'kuery', 'a:b') },
    { path: 'r/endpoint.toml', text: rule('query', 'kuery', 'a:b', 'index = ["logs-endpoint.events.*", "-logs-aws*"]') },
    { path: 'r/logs.toml', text: rule('query', 'kuery', 'a:b', 'index = ["filebeat-*", "logs-*"]').replace('r-query-kuery', 'r-logs') },
    { path: 'r/bad-query.toml', text: rule('query', 'kuery', 'event.action:ConsoleLogin and\n  (cloud.region:us-east-1') },
    { path: 'r/nested.toml', text: rule('query', 'kuery', 'aws.cloudtrail.resources:{ arn:x }') },
    { path: 'r/broken.toml', text: '[rule]\nrule_id = "b"\ntype = "query"\nquery = """unterminated\n' },
    { path: 'r/other.toml', text: '[tool.poetry]\nname = "x"\n' },
  ];
  const loaded = loadDetectionFiles(files);
  // Listed per dialect (elastic-kuery, elastic-lucene, elastic-eql), each in file order.
  t.same(loaded.detections.map((d) => [d.id, d.dialect, d.title]), [
    ['r/query.toml#r-query-kuery', 'elastic-kuery', 'Test query kuery'],
    ['r/logs.toml#r-logs', 'elastic-kuery', 'Test query kuery'],
    ['r/lucene.toml#r-query-lucene', 'elastic-lucene', 'Test query lucene'],
    ['r/eql.toml#r-eql-eql', 'elastic-eql', 'Test eql eql'],
  ]);
  t.same(loaded.detections[0]!.meta, { level: 'high', status: 'production', tags: ['t1'], ruleId: 'r-query-kuery', scope: ['console-login-success'] });
  const reasons = Object.fromEntries(loaded.notApplicable.map((n) => [n.file, n.reason]));
  t.match(reasons, {
    'r/esql.toml': /^ES\|QL rule: not replayable/,
    'r/new_terms.toml': /^new_terms rule: not replayable \(it alerts on values not seen/,
    'r/ml.toml': /^machine learning rule: not replayable/,
    'r/odd.toml': "rule type 'mystery': not replayable (unknown type)",
    'r/endpoint.toml': 'its index patterns (logs-endpoint.events.*, -logs-aws*) do not cover the aws.cloudtrail data stream',
    'r/other.toml': /^not loaded: a TOML file/,
  });
  const diag = loaded.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
  t.same(diag, [
    "r/no-query.toml:1:1 TP7002 a query rule needs a 'query'",
    "r/bad-query.toml:14:1 TP7003 invalid kuery query: expected ')' to close '(', found the end of the query",
    "r/nested.toml:12:1 TP7004 'aws.cloudtrail.resources' is not a nested field (it is object): elasticsearch rejects this nested query",
    'r/broken.toml:4:9 TP7001 invalid toml: unterminated string',
  ]);
});

const exportLines = [
  {
    rule_id: 'x1',
    name: 'Root sign-in except the break-glass address',
    type: 'query',
    language: 'kuery',
    query: 'event.action:ConsoleLogin and aws.cloudtrail.user_identity.type:Root',
    enabled: true,
    filters: [
      { meta: { negate: false, disabled: false }, query: { match_phrase: { 'event.provider': 'signin.amazonaws.com' } } },
      { meta: { negate: true }, query: { match_phrase: { 'cloud.region': 'ap-south-1' } } },
      { meta: { disabled: true }, query: { match_phrase: { 'cloud.region': 'nowhere' } } },
    ],
    exceptions_list: [{ id: 'l1', list_id: 'break-glass', namespace_type: 'single', type: 'detection' }],
  },
  { rule_id: 'x2', name: 'Uses a value list', type: 'query', language: 'kuery', query: 'event.action:*', exceptions_list: [{ id: 'l2', list_id: 'ips', namespace_type: 'single', type: 'detection' }] },
  { rule_id: 'x3', name: 'Missing list', type: 'query', language: 'kuery', query: 'event.action:GetUser', exceptions_list: [{ id: 'l3', list_id: 'gone', namespace_type: 'single', type: 'detection' }] },
  { list_id: 'break-glass', type: 'detection', namespace_type: 'single', name: 'break glass' },
  { item_id: 'i1', list_id: 'break-glass', namespace_type: 'single', type: 'simple', entries: [{ field: 'source.ip', operator: 'included', type: 'match', value: '203.0.113.10' }] },
  { item_id: 'i2', list_id: 'break-glass', namespace_type: 'single', type: 'simple', entries: [{ field: 'user_agent.original', operator: 'included', type: 'wildcard', value: 'Break?Glass*' }, { field: 'cloud.region', operator: 'excluded', type: 'match_any', value: ['eu-west-1'] }] },
  { item_id: 'i3', list_id: 'ips', namespace_type: 'single', type: 'simple', entries: [{ field: 'source.ip', operator: 'included', type: 'list', list: { id: 'bad-ips', type: 'ip' } }] },
  { exported_count: 5, exported_rules_count: 3, missing_rules: [], missing_rules_count: 0, exported_exception_list_count: 1 },
];

/** A CloudTrail record written for these tests. */
function rec(id: string, over: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', accessKeyId: '' },
    eventTime: '2026-03-01T10:00:00Z',
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.1',
    userAgent: 'Mozilla/5.0',
    requestParameters: null,
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/', MobileVersion: 'No', MFAUsed: 'No' },
    eventID: id,
    eventType: 'AwsConsoleSignIn',
    recipientAccountId: '111122223333',
    ...over,
  };
}

const failure = (id: string, minute: number, account = '111122223333'): Record<string, unknown> =>
  rec(id, {
    eventTime: `2026-03-01T11:${String(minute).padStart(2, '0')}:00Z`,
    userIdentity: { type: 'Root', principalId: account, arn: `arn:aws:iam::${account}:root`, accountId: account, accessKeyId: '' },
    responseElements: { ConsoleLogin: 'Failure' },
  });

const records = [
  rec('login-ok', {}),
  rec('login-glass-ip', { sourceIPAddress: '203.0.113.10' }),
  rec('login-glass-agent', { userAgent: 'Break-Glass/1.0' }),
  rec('login-glass-agent-eu', { userAgent: 'Break-Glass/1.0', awsRegion: 'eu-west-1' }),
  rec('login-mumbai', { awsRegion: 'ap-south-1' }),
  rec('login-mfa-yes', { additionalEventData: { MFAUsed: 'YES' } }),
  rec('login-iam', { userIdentity: { type: 'IAMUser', principalId: 'AIDA1', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' } }),
  rec('recovery', { eventName: 'PasswordRecoveryRequested', responseElements: { PasswordRecoveryRequested: 'Success' }, additionalEventData: null }),
  rec('close-org', { eventSource: 'organizations.amazonaws.com', eventName: 'CloseAccount', eventType: 'AwsApiCall', responseElements: null }),
  rec('close-account', { eventSource: 'account.amazonaws.com', eventName: 'CloseAccount', eventType: 'AwsApiCall', errorCode: 'AccessDenied' }),
  ...Array.from({ length: 10 }, (_, i) => failure(`burst-${i}`, i % 6)),
  ...Array.from({ length: 9 }, (_, i) => failure(`slow-${i}`, 20 + i * 5, '444455556666')),
];

// The prebuilt root rules' query stages (elastic-rules.md §8), in files written here.
const prebuilt: Record<string, string> = {
  'console-root.toml': rule('query', 'kuery', 'data_stream.dataset:aws.cloudtrail and event.provider:signin.amazonaws.com and event.action:ConsoleLogin and aws.cloudtrail.user_identity.type:Root and event.outcome:success'),
  'brute-force.toml': rule(
    'threshold',
    'kuery',
    'data_stream.dataset:aws.cloudtrail and event.provider:signin.amazonaws.com and event.action:ConsoleLogin and aws.cloudtrail.user_identity.type:Root and event.outcome:failure',
    '[rule.threshold]\nfield = ["cloud.account.id"]\nvalue = 10',
  ),
  'recovery.toml': rule('query', 'kuery', 'event.provider:signin.amazonaws.com and event.action:PasswordRecoveryRequested and event.outcome:success').replace('r-query-kuery', 'r-recovery'),
  'closed.toml': rule('query', 'kuery', 'event.provider:(account.amazonaws.com or organizations.amazonaws.com) and event.action:CloseAccount and event.outcome:success').replace('r-query-kuery', 'r-closed'),
  'no-mfa.toml': rule('query', 'kuery', 'event.dataset:aws.cloudtrail and event.provider:signin.amazonaws.com and event.action:ConsoleLogin and aws.cloudtrail.user_identity.type:Root and aws.cloudtrail.console_login.additional_eventdata.mfa_used:false and event.outcome:success').replace('r-query-kuery', 'r-no-mfa'),
  'assume-root.toml': rule('new_terms', 'kuery', 'event.provider:sts.amazonaws.com and event.action:AssumeRoot and event.outcome:success'),
  'login-profile.toml': rule('eql', 'eql', 'any where event.action == "CreateLoginProfile"'),
  // Traps (§9): lower-case Root (§9.1), a field the pipeline drops (§9.7), one it never fills (M4).
  'trap-case.toml': rule('query', 'kuery', 'aws.cloudtrail.user_identity.type:root').replace('r-query-kuery', 'r-trap-case'),
  'trap-dropped.toml': rule('query', 'kuery', 'event.action:ConsoleLogin and aws.cloudtrail.user_identity.access_key_id:*').replace('r-query-kuery', 'r-trap-dropped'),
  'trap-shared.toml': rule('query', 'kuery', 'aws.cloudtrail.shared_event_id:*').replace('r-query-kuery', 'r-trap-shared'),
  'export.ndjson': exportLines.map((l) => JSON.stringify(l)).join('\n') + '\n',
};

t.test('the prebuilt root rules and the export behave as the digest says (§8, §9, §1.2)', async (t) => {
  const dir = t.testdir({ rules: prebuilt, 'events.jsonl': records.map((r) => JSON.stringify(r)).join('\n') });
  const detections = await loadDetections([`${dir}/rules`]);
  t.same(
    detections.diagnostics.map((d) => [d.code, d.severity, d.message]),
    [['TP7006', 'warning', "exception list 'gone' is not in this file: the rule is replayed without it"]],
  );
  t.same(
    detections.notApplicable.map((n) => n.reason.split(' (')[0]).sort(),
    ['new_terms rule: not replayable', 'not replayable: exception on \'source.ip\' uses a value list, whose contents an export does not hold'].sort(),
  );
  const run = (extra: Partial<ReplayOptions>): Promise<Report> =>
    replay({ locations: [`${dir}/events.jsonl`], resolveSource: (l) => resolveSource(l, {}), detections, version: 'test', now: new Date('2026-11-27T00:00:00Z'), ...extra });
  const plain = await run({ prefilter: 'off', workers: 0 });
  const hits = (d: Report['detections'][number] | undefined): string[] =>
    [...new Set([...(d?.caught ?? []), ...(d?.contextHits ?? []), ...(d?.falseAlarms.sample ?? []).map((f) => f.eventID ?? '')])].sort();
  const byId = (id: string): string[] => hits(plain.detections.find((x) => x.id.includes(`#${id}`)));
  const logins = ['login-glass-agent', 'login-glass-agent-eu', 'login-glass-ip', 'login-mfa-yes', 'login-mumbai', 'login-ok'];
  t.same(byId('r-query-kuery'), logins, '§8 console root login: root successes only, not the IAM user');
  t.same(byId('r-threshold-kuery/query'), [...Array.from({ length: 10 }, (_, i) => `burst-${i}`), ...Array.from({ length: 9 }, (_, i) => `slow-${i}`)].sort(), 'the threshold query stage: every root failure');
  const threshold = plain.detections.find((d) => d.kind === 'correlation');
  t.same(hits(threshold), Array.from({ length: 10 }, (_, i) => `burst-${i}`).sort(), '§7 ten failures of one account within 6 minutes; nine spread over 40 minutes do not');
  t.same(byId('r-recovery'), ['recovery'], '§8 password recovery');
  t.same(byId('r-eql-eql'), [], '§8 login profile (EQL): no CreateLoginProfile in these records');
  t.same(byId('r-closed'), ['close-org'], '§8 account closed: either provider, success only');
  t.same(byId('r-no-mfa'), logins.filter((l) => l !== 'login-mfa-yes'), '§8 / §9.2 without MFA: "YES" counts as MFA used');
  for (const trap of ['r-trap-case', 'r-trap-dropped', 'r-trap-shared']) {
    const d = plain.detections.find((x) => x.id.includes(`#${trap}`));
    t.same([d?.caught, d?.fired], [[], 0], `§9 ${trap} never fires`);
  }
  const exported = plain.detections.find((d) => d.title.startsWith('Root sign-in except'));
  const failures = [...Array.from({ length: 10 }, (_, i) => `burst-${i}`), ...Array.from({ length: 9 }, (_, i) => `slow-${i}`)];
  t.same(hits(exported), ['login-glass-agent-eu', 'login-mfa-yes', 'login-ok', ...failures].sort(), '§1.2 filters ANDed (negated one inverted, disabled one dropped) and exception items suppress');
  // Workers 0 ≡ 2 for Elastic rules is covered by test/engine/differential.test.ts (the shipped rule).
  t.same(await run({ prefilter: 'on', workers: 0 }), plain, 'prefilter on ≡ off');
});

t.test('the built CLI replays the shipped Elastic rule', async (t) => {
  const r = await runCli(['replay', 'fixtures/AWSLogs', '--detections', 'detections/elastic/root-usage.toml', '--format', 'json']);
  t.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  t.same(report.detections.map((d) => [d.title, d.dialect, d.scope.source]), [['AWS Root User Activity (CIS Root Usage)', 'elastic-kuery', 'declared']]);
  t.ok(report.detections[0]!.caught.length > 0, 'it catches root events');
});

t.test('threshold windows, groups and cardinality (elastic-rules.md §7)', async (t) => {
  const at = (ordinal: number, minute: number, account: string | null, ip: string | null) => ({ detectionId: 'q', ordinal, eventID: `e${ordinal}`, time: minute * 60_000, fields: [account, ip] });
  const spec = { lookbackMs: 360_000, value: 3, groupFields: 1, cardinality: [] };
  t.same(evaluateThreshold(spec, [at(1, 0, 'a', null), at(2, 2, 'a', null), at(3, 5, 'a', null), at(4, 5, 'b', null)]), [1, 2, 3], 'three of one account within six minutes');
  t.same(evaluateThreshold(spec, [at(1, 0, 'a', null), at(2, 3, 'a', null), at(3, 6, 'a', null)]), [], 'the window is shorter than six minutes end to end');
  t.same(evaluateThreshold(spec, [at(1, 0, null, null), at(2, 1, null, null), at(3, 2, null, null)]), [], 'no bucket without the group field');
  t.same(evaluateThreshold({ ...spec, groupFields: 0 }, [at(1, 0, 'a', null), at(2, 1, 'b', null), at(3, 2, 'c', null)]), [1, 2, 3], 'no group fields: one bucket');
  const card = { lookbackMs: 360_000, value: 3, groupFields: 1, cardinality: [2] };
  t.same(evaluateThreshold(card, [at(1, 0, 'a', 'x'), at(2, 1, 'a', 'x'), at(3, 2, 'a', 'x')]), [], 'cardinality: one distinct value is not enough');
  t.same(evaluateThreshold(card, [at(1, 0, 'a', 'x'), at(2, 1, 'a', 'y'), at(3, 2, 'a', 'x')]), [1, 2, 3], 'cardinality: two distinct values');
});

t.test('export filters that cannot be applied make the rule not replayable, with the reason', async (t) => {
  const line = (filters: unknown[]): string => JSON.stringify({ rule_id: 'f', name: 'F', type: 'query', language: 'lucene', query: 'event.action:ConsoleLogin', filters });
  const loaded = loadDetectionFiles([
    { path: 'a.ndjson', text: line([{ meta: {}, query: { geo_distance: { distance: '1km' } } }]) },
    { path: 'b.ndjson', text: line([{ meta: {}, query: { query_string: { query: 'cloud.region:us\\-east\\-1' } } }]) + '\n{"exported_count":1}\nnot json\n' },
  ]);
  t.same(loaded.notApplicable.map((n) => [n.file, n.reason]), [['a.ndjson', "not replayable: the 'geo_distance' query is not supported"]]);
  t.same(loaded.detections.map((d) => [d.file, d.dialect]), [['b.ndjson', 'elastic-lucene']]);
  t.match(loaded.diagnostics, [{ code: 'TP7001', severity: 'error', file: 'b.ndjson', line: 3 }]);
});

t.test('one export feeds the three Elastic dialects; file-wide problems and unreplayable rules are reported once', async (t) => {
  const lines = [
    { rule_id: 'k', name: 'K', type: 'query', language: 'kuery', query: 'event.action:ConsoleLogin' },
    { rule_id: 's', name: 'S', type: 'eql', language: 'eql', query: 'sequence by cloud.account.id [any where event.action == "ConsoleLogin"] [any where event.action == "CreateAccessKey"]' },
    { rule_id: 'l', name: 'L', type: 'query', language: 'lucene', query: 'event.action:ConsoleLogin' },
    { rule_id: 'x', name: 'X', type: 'esql', language: 'esql', query: 'FROM logs-*' },
  ];
  const loaded = loadDetectionFiles([{ path: 'mixed.ndjson', text: `${lines.map((l) => JSON.stringify(l)).join('\n')}\nnot json\n` }]);
  t.same(loaded.detections.map((d) => [d.id, d.dialect]), [
    ['mixed.ndjson#k', 'elastic-kuery'],
    ['mixed.ndjson#l', 'elastic-lucene'],
    ['mixed.ndjson#s/step 1', 'elastic-eql'],
    ['mixed.ndjson#s/step 2', 'elastic-eql'],
  ]);
  t.same(loaded.correlations.map((c) => [c.id, c.dialect, c.inputs]), [['mixed.ndjson#s', 'elastic-eql', ['mixed.ndjson#s/step 1', 'mixed.ndjson#s/step 2']]]);
  t.same(loaded.notApplicable.map((n) => n.title), ['X']);
  t.same(loaded.diagnostics.map((d) => [d.code, d.line]), [['TP7001', 5]]);
});

t.test('parseRule with the Elastic dialects (issue 13: ids, inputs, options)', async (t) => {
  const login = rec('login-ok', {});
  const ecs = { event: { action: 'ConsoleLogin', category: ['authentication'] }, aws: { cloudtrail: { user_identity: { type: 'Root' } } } };
  const rows: [string, string, Record<string, unknown>, object, boolean][] = [
    ['elastic-kuery', 'event.action:ConsoleLogin and aws.cloudtrail.user_identity.type:Root', {}, login, true],
    ['elastic-lucene', 'event.action:ConsoleLogin AND aws.cloudtrail.user_identity.type:Root', {}, login, true],
    ['elastic-eql', 'any where event.action == "ConsoleLogin" and aws.cloudtrail.user_identity.type == "Root"', {}, login, true],
    ['elastic-eql', 'any where aws.cloudtrail.user_identity.type == "Root"', {}, { ...login, userIdentity: { type: 'IAMUser' } }, false],
    // input 'ecs': the document as it is, not mapped (issue 13 §1).
    ['elastic-kuery', 'event.action:ConsoleLogin', { input: 'ecs' }, ecs, true],
    ['elastic-eql', 'authentication where aws.cloudtrail.user_identity.type == "Root"', { input: 'ecs' }, ecs, true],
    // eventCategoryField: `<category> where` reads another field (elastic-rules.md Q1).
    ['elastic-eql', 'ConsoleLogin where true', { input: 'ecs', eventCategoryField: 'event.action' }, ecs, true],
    ['elastic-eql', 'ConsoleLogin where true', { input: 'ecs' }, ecs, false],
    // fieldTypes: a text field is analysed, so a lowercase word matches (elastic-rules.md §3, K13).
    ['elastic-kuery', 'event.action:consolelogin', {}, login, false],
    ['elastic-kuery', 'event.action:consolelogin', { fieldTypes: { 'event.action': 'text' } }, login, true],
  ];
  for (const [dialect, query, options, event, expected] of rows) {
    const rule = parseRule(query, { dialect, ...options });
    t.equal(rule.dialect, dialect);
    t.equal(rule.matches(event), expected, `${dialect} ${JSON.stringify(options)}: ${query}`);
    t.equal(rule.matches(JSON.stringify(event)), expected, 'its JSON text: the same answer');
    if (options['input'] === 'ecs') t.equal(rule.rule.prefilter, null, 'no CloudTrail literals for ECS documents');
  }
  // ignore_above (elastic-rules.md M6): past 8191 characters the toString() keyword is not indexed, EQL sees null.
  const params = parseRule('any where stringContains(aws.cloudtrail.request_parameters, "bucketName=b")', { dialect: 'elastic-eql' });
  t.equal(params.matches(rec('short', { requestParameters: { bucketName: 'b' } })), true, 'a short request_parameters is searched');
  t.equal(params.matches(rec('long', { requestParameters: { bucketName: 'b', policy: 'x'.repeat(8200) } })), false, 'a long one is not indexed');
  t.throws(() => parseRule('any where event.action ==', { dialect: 'elastic-eql' }), { code: 'TP7050', line: 1, column: 26 });
  t.throws(() => parseRule('event.action:(a', { dialect: 'elastic-kuery' }), { code: 'TP7003', line: 1 });
  t.throws(() => parseRule('a:b', { dialect: 'elastic-kuery', fieldTypes: { a: 'bogus' } }), { code: 'TP7002' });
  t.throws(() => parseRule('a:b', { dialect: 'elastic-lucene', input: 'event' }), { code: 'TP0005' });
  const toml = parseRule(rule('eql', 'eql', 'any where event.action == "ConsoleLogin"'), { dialect: 'elastic-eql', file: 'r.toml' });
  t.equal(toml.title, 'Test eql eql', 'a whole detection-rules rule, given a .toml name');
  t.throws(() => parseRule(rule('eql', 'eql', 'any where true'), { dialect: 'elastic-kuery', file: 'r.toml' }), { code: 'TP0006' }, 'an EQL rule is not a KQL one');
});
