// KQL and Lucene as Elasticsearch evaluates them on the ECS document of a record (elastic-rules.md §3,
// §5): one table row per digest rule, with the query and the expected verdict side by side, plus syntax
// errors with their positions and the prefilter literals each query yields.
import t from 'tap';
import { ElasticRuleError, parseElasticRule } from '../../src/dialects/elastic/index.js';
import type { JsonObject } from '../../src/record/view.js';

const rootLogin: JsonObject = {
  eventVersion: '1.08',
  userIdentity: { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', accessKeyId: '' },
  eventTime: '2026-03-09T08:12:45Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/', MobileVersion: 'No', MFAUsed: 'No' },
  eventID: 'e1',
  readOnly: false,
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: '123456789012',
};

const roleCall: JsonObject = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/alice',
    accountId: '123456789012',
    sessionContext: { sessionIssuer: { type: 'Role', userName: 'Deployer' } },
  },
  eventTime: '2026-03-10T23:59:59.500Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateLoginProfile',
  awsRegion: 'eu-west-1',
  sourceIPAddress: 'cloudformation.amazonaws.com',
  requestParameters: { userName: 'bob', passwordResetRequired: true },
  resources: [
    { ARN: 'arn:aws:iam::123456789012:user/bob', accountId: '123456789012', type: 'AWS::IAM::User' },
    { ARN: 'arn:aws:iam::123456789012:user/carol', accountId: '210987654321', type: 'AWS::IAM::User' },
  ],
  eventID: 'e2',
  readOnly: false,
  eventType: 'AwsApiCall',
};

type Row = readonly [query: string, record: JsonObject, expected: boolean, why: string];

const kql: readonly Row[] = [
  // K1, K2: precedence and keywords
  ['event.action:GetUser or event.action:ConsoleLogin and cloud.region:eu-west-1', rootLogin, false, 'K1 and binds tighter than or'],
  ['(event.action:GetUser or event.action:ConsoleLogin) and cloud.region:us-east-1', rootLogin, true, 'K1 parentheses'],
  ['event.action:ConsoleLogin AND NOT cloud.region:eu-west-1', rootLogin, true, 'K2 keywords are case-insensitive'],
  ['not event.action:ConsoleLogin', rootLogin, false, 'K2 not'],
  // K3 one unquoted value, spaces included
  ['user_agent.original:Mozilla/5.0 \\(X11; Linux x86_64\\) Firefox/128.0', rootLogin, true, 'K3 / K6 one value with spaces, parentheses escaped'],
  ['event.action:ConsoleLogin or', rootLogin, false, 'K2 "or" needs a space after it: the value is "ConsoleLogin or"'],
  ['source.address:   198.51.100.7   ', rootLogin, true, 'K3 trimmed'],
  ['aws.cloudtrail.user_identity.arn:arn\\:aws\\:iam\\:\\:123456789012\\:root', rootLogin, true, 'K6 escaped colons'],
  ['event.action:Console Login', rootLogin, false, 'K3 / §9.12 one value "Console Login"'],
  // K4 value lists
  ['event.action:(GetUser or ConsoleLogin)', rootLogin, true, 'K4 or-list'],
  ['event.action:(GetUser and ConsoleLogin)', rootLogin, false, 'K4 and-list on a single value'],
  ['aws.cloudtrail.resources.account_id:(123456789012 and 210987654321)', roleCall, true, 'K4 / K18 and-list on a multi-valued field'],
  ['event.action:(not GetUser)', rootLogin, true, 'K4 not in a list'],
  // K5, K15 booleans
  ['aws.cloudtrail.console_login.additional_eventdata.mfa_used:false', rootLogin, true, 'K5 / K15 unquoted false'],
  ['aws.cloudtrail.console_login.additional_eventdata.mfa_used:"false"', rootLogin, true, 'K15 quoted "false" matches the boolean'],
  ['aws.cloudtrail.read_only:true', rootLogin, false, 'K15'],
  // K6 quoted strings
  ['event.action:"ConsoleLogin"', rootLogin, true, 'K6 quoted'],
  ['event.action:"Console*"', rootLogin, false, 'K6 * is literal in quotes'],
  ['event.provider:"signin\\u002eamazonaws.com"', rootLogin, true, 'KGRAM \\u escapes in quoted strings'],
  // K7 wildcards and exists
  ['event.action:Console*', rootLogin, true, 'K7 / K13 wildcard, case-sensitive'],
  ['event.action:console*', rootLogin, false, 'K13 wildcard case-sensitive on keyword'],
  ['event.action:*Login', rootLogin, true, 'K7 leading wildcards allowed (KDE)'],
  ['event.action:Console?ogin', rootLogin, false, 'K7 ? is no KQL wildcard'],
  ['aws.cloudtrail.user_identity.access_key_id:*', rootLogin, false, 'K7 / §9.7 exists on a dropped "" value'],
  ['aws.cloudtrail.user_identity.arn:*', rootLogin, true, 'K7 exists'],
  ['*', rootLogin, true, 'K7 * matches all'],
  ['', rootLogin, true, 'KGRAM empty query matches all'],
  // K8 ranges
  ['@timestamp >= "2026-03-09" and @timestamp < "2026-03-10"', rootLogin, true, 'K8 / K20 dates'],
  ['@timestamp > 2026-03-09', rootLogin, false, 'K8 gt rounds a day up to its end'],
  ['@timestamp <= 2026-03-09', rootLogin, true, 'K8 lte includes the whole day'],
  ['@timestamp:2026-03-10', roleCall, true, 'KIS an exact date is the whole day'],
  ['cloud.account.id > 100000000000', rootLogin, true, 'K8 keywords compare as text'],
  ['cloud.account.id > 2', rootLogin, false, 'K8 "1..." < "2" as text'],
  ['source.ip >= 198.51.100.0 and source.ip <= 198.51.100.255', rootLogin, true, 'K8 ip ranges by address'],
  // K9 nested on a non-nested field: rejected (see below); K10 free text
  ['Root', rootLogin, true, 'K10 free text on every field'],
  ['root', rootLogin, false, 'K10 keyword fields are exact'],
  ['signin*', rootLogin, true, 'K10 free-text wildcard'],
  // K11 field-name wildcards (unverified, expanded against the document)
  ['aws.cloudtrail.user_identity.*:Root', rootLogin, true, 'K11'],
  // K13 keyword, K14 text
  ['aws.cloudtrail.user_identity.type:root', rootLogin, false, 'K13 / §9.1 case-sensitive keyword'],
  ['aws.cloudtrail.user_identity.type:Root', rootLogin, true, 'K13'],
  ['aws.cloudtrail.request_parameters:*userName=*', roleCall, true, 'K13 wildcard on the toString() text'],
  ['aws.cloudtrail.request_parameters.text:BOB', roleCall, true, 'K14 text sub-field is analysed'],
  ['aws.cloudtrail.request_parameters.text:"passwordResetRequired true"', roleCall, true, 'K14 phrase in order'],
  ['aws.cloudtrail.request_parameters.text:"true passwordResetRequired"', roleCall, false, 'K14 phrase out of order'],
  ['aws.cloudtrail.request_parameters.text:nothing bob', roleCall, true, 'K14 any token of an unquoted value'],
  // K16 ip
  ['source.ip:198.51.100.0/24', rootLogin, true, 'K16 CIDR'],
  ['source.ip:198.51.100.7', rootLogin, true, 'K16 exact'],
  ['source.ip:*', roleCall, false, 'K16 / §9.8 no source.ip for a service name'],
  ['source.address:cloudformation.amazonaws.com', roleCall, true, '§9.8 source.address always'],
  // K17 constant_keyword, K19 absent fields
  ['data_stream.dataset:aws.cloudtrail and event.dataset:aws.cloudtrail', rootLogin, true, 'K17 / §9.11'],
  ['not user.name:Deployer', rootLogin, true, 'K19 not on an absent field'],
  ['user.name:Deployer', roleCall, true, '§9.4 the role name'],
  ['user.name:*', rootLogin, false, '§9.4 root has no user.name'],
  // K18 multi-valued
  ['aws.cloudtrail.resources.arn:*carol', roleCall, true, 'K18 any value'],
  ['event.outcome:success', rootLogin, true, '§9.3 from responseElements'],
  ['cloud.account.id:123456789012', rootLogin, true, '§9.5'],
];

t.test('KQL semantics (elastic-rules.md §3)', async (t) => {
  for (const [query, record, expected, why] of kql) {
    t.equal(parseElasticRule(query, { language: 'kuery' }).matches(record), expected, `${why}: ${query}`);
  }
});

const lucene: readonly Row[] = [
  ['event.action:ConsoleLogin AND aws.cloudtrail.user_identity.type:Root', rootLogin, true, '§5 AND'],
  ['event.action:ConsoleLogin AND NOT aws.cloudtrail.user_identity.type:Root', rootLogin, false, '§5 NOT'],
  ['event.action:consolelogin', rootLogin, false, '§5 keyword exact, case-sensitive'],
  ['event.action:Console?ogin', rootLogin, true, '§5 ? wildcard'],
  ['event.action:/Console.*/', rootLogin, true, '§5 regex'],
  ['@timestamp:[2026-03-09 TO 2026-03-10}', rootLogin, true, '§5 range'],
  ['cloud.region:eu\\-west\\-1', roleCall, true, '§5 escapes'],
  ['event.action:"ConsoleLogin"', rootLogin, true, '§5 phrase'],
  ['+event.action:ConsoleLogin -event.outcome:failure', rootLogin, true, 'required and prohibited clauses'],
  ['event.action:GetUser OR event.action:ConsoleLogin', rootLogin, true, 'OR'],
  ['event.action:GetUser event.action:ConsoleLogin', rootLogin, true, 'default operator OR'],
  ['event.action:GetUser OR cloud.region:eu-west-1 AND event.action:ConsoleLogin', rootLogin, false, 'classic parser: AND makes both neighbours required'],
  ['event.action:(GetUser OR ConsoleLogin)', rootLogin, true, 'field groups'],
  ['_exists_:source.ip', roleCall, false, '_exists_'],
  ['-event.action:GetUser', rootLogin, true, 'a purely negative query matches the rest'],
  ['Root', rootLogin, true, '§5 a bare term searches every field'],
  ['ORACLE event.action:ConsoleLogin', rootLogin, true, 'a word starting with OR is a term, not a conjunction'],
  ['event.action:GetUser || event.action:ConsoleLogin && cloud.region:us\\-east\\-1', rootLogin, true, '&& and ||'],
];

t.test('Lucene semantics (elastic-rules.md §5)', async (t) => {
  for (const [query, record, expected, why] of lucene) {
    t.equal(parseElasticRule(query, { language: 'lucene' }).matches(record), expected, `${why}: ${query}`);
  }
});

t.test('syntax errors and rejected queries carry their position (K12, K9)', async (t) => {
  const fails = (query: string, language: 'kuery' | 'lucene', code: string, message: string): void => {
    try {
      parseElasticRule(query, { language });
      t.fail(`expected an error for ${query}`);
    } catch (e) {
      t.type(e, ElasticRuleError);
      t.equal((e as ElasticRuleError).code, code, query);
      t.equal((e as ElasticRuleError).message, message, query);
    }
  };
  fails('event.action:', 'kuery', 'TP7003', "line 1, col 14: expected a value after 'event.action:', found the end of the query");
  fails('a:b or (c:d', 'kuery', 'TP7003', "line 1, col 12: expected ')' to close '(', found the end of the query");
  fails('a:"open', 'kuery', 'TP7003', 'line 1, col 3: unterminated quoted string');
  fails('a:b or ', 'kuery', 'TP7003', 'line 1, col 8: expected a field name or a value, found the end of the query');
  fails('a:b\nand c:\\q', 'kuery', 'TP7003', "line 2, col 7: expected a value after 'c:', found '\\'");
  fails('user_agent.original:Mozilla/5.0 (X11)', 'kuery', 'TP7003', "line 1, col 33: unexpected '('");
  fails('a:b)', 'kuery', 'TP7003', "line 1, col 4: unexpected ')'");
  fails('aws.cloudtrail.resources:{ arn:x }', 'kuery', 'TP7004', "line 1, col 1: 'aws.cloudtrail.resources' is not a nested field (it is object): elasticsearch rejects this nested query");
  fails('a:b~2', 'lucene', 'TP7003', 'line 1, col 4: fuzzy and proximity queries (~) are not supported');
  fails('a:[1 TO', 'lucene', 'TP7003', 'line 1, col 8: expected a term, found the end of the query');
  const nested = parseElasticRule('aws.cloudtrail.resources:{ arn:*bob and account_id:123456789012 }', { language: 'kuery', fieldTypes: { 'aws.cloudtrail.resources': 'nested' } });
  t.ok(nested.matches(roleCall), 'K9 a nested query works where the field is mapped nested');
  const notSame = parseElasticRule('aws.cloudtrail.resources:{ arn:*carol and account_id:123456789012 }', { language: 'kuery', fieldTypes: { 'aws.cloudtrail.resources': 'nested' } });
  t.notOk(notSame.matches(roleCall), 'K9 both conditions on one element');
  t.match(parseElasticRule('aws.cloudtrail.read_only:yes', { language: 'kuery' }).warnings, [/not a boolean/], 'a value the field type cannot take warns');
});

t.test('ECS input and JSON text input', async (t) => {
  const rule = parseElasticRule('event.action:ConsoleLogin and user.name:alice', { language: 'kuery', input: 'ecs' });
  t.ok(rule.matches({ event: { action: 'ConsoleLogin' }, user: { name: 'alice' } }));
  t.ok(rule.matches({ 'event.action': 'ConsoleLogin', 'user.name': ['bob', 'alice'] }), 'dotted keys and arrays');
  t.notOk(rule.matches({ event: { action: 'consolelogin' }, user: { name: 'alice' } }));
  t.ok(parseElasticRule('event.action:ConsoleLogin', { language: 'kuery' }).matches(JSON.stringify(rootLogin)), 'a record as JSON text');
  const typed = parseElasticRule('message:LOGIN', { language: 'kuery', input: 'ecs', fieldTypes: { message: 'text' } });
  t.ok(typed.matches({ message: 'user login failed' }), 'fieldTypes: a text field is analysed');
});

t.test('prefilter literals (sound through the mapping)', async (t) => {
  const rows: [string, 'kuery' | 'lucene', unknown][] = [
    ['event.action:ConsoleLogin and aws.cloudtrail.user_identity.type:Root', 'kuery', { anyOf: ['"ConsoleLogin"'], caseInsensitive: false, also: [['"Root"']] }],
    ['event.action:(ConsoleLogin or GetUser)', 'kuery', { anyOf: ['"ConsoleLogin"', '"GetUser"'], caseInsensitive: false }],
    ['event.action:Create*Profile', 'kuery', { anyOf: ['Profile'], caseInsensitive: false }],
    ['cloud.account.id:123456789012', 'kuery', { anyOf: ['123456789012'], caseInsensitive: false }],
    ['aws.cloudtrail.flattened.request_parameters.userName:bob', 'kuery', { anyOf: ['"bob"'], caseInsensitive: false }],
    ['aws.cloudtrail.flattened.request_parameters.maxItems:100', 'kuery', null],
    ['aws.cloudtrail.management_event:true', 'kuery', { anyOf: ['true'], caseInsensitive: false }],
    ['event.outcome:success', 'kuery', null],
    ['not event.action:ConsoleLogin', 'kuery', null],
    ['event.action:ConsoleLogin or event.outcome:success', 'kuery', null],
    ['aws.cloudtrail.request_parameters.text:bob', 'kuery', null],
    ['aws.cloudtrail.user_identity.*:Root', 'kuery', null],
    ['Root', 'kuery', null],
    ['event.provider:a/b', 'kuery', null],
    ['+event.action:ConsoleLogin -cloud.region:x', 'lucene', { anyOf: ['"ConsoleLogin"'], caseInsensitive: false }],
  ];
  for (const [q, language, want] of rows) t.same(parseElasticRule(q, { language }).prefilter, want, q);
  t.equal(parseElasticRule('event.action:ConsoleLogin', { language: 'kuery', fieldTypes: { 'event.action': 'text' } }).prefilter, null, 'a retyped field gives no literal');
});

t.test('every matching row is admitted by its prefilter (match ⇒ prefilter admits)', async (t) => {
  const admits = (p: { anyOf: readonly string[]; also?: readonly (readonly string[])[] } | null, text: string): boolean =>
    p === null || [p.anyOf, ...(p.also ?? [])].every((group) => group.some((l) => text.includes(l)));
  let checked = 0;
  for (const [rows, language] of [[kql, 'kuery'], [lucene, 'lucene']] as const) {
    for (const [query, record] of rows) {
      const rule = parseElasticRule(query, { language });
      if (!rule.matches(record)) continue;
      checked++;
      t.ok(admits(rule.prefilter, JSON.stringify(record)), `${language}: ${query}`);
    }
  }
  t.ok(checked > 40, 'most rows match');
});
