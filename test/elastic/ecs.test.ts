// The CloudTrail → ECS mapping of Elastic's aws.cloudtrail ingest pipeline (elastic-rules.md §2), one
// table row per rule of the digest, plus the Java HashMap order the pipeline's toString() fields show
// (M6) and the data stream's field types (§2.2). Records are written here, not copied.
import t from 'tap';
import { fieldType, hashMapOrder, javaStringHash, javaToString, sourcePaths, toEcs } from '../../src/dialects/mapping/ecs/index.js';
import type { JsonObject, JsonValue } from '../../src/record/view.js';

const at = (doc: JsonObject, path: string): JsonValue | undefined => {
  let cur: JsonValue | undefined = doc;
  for (const p of path.split('.')) cur = cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? cur[p] : undefined;
  return cur;
};

const rootSignIn: JsonObject = {
  eventVersion: '1.08',
  userIdentity: { type: 'Root', principalId: '123456789012', arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', accessKeyId: '' },
  eventTime: '2026-03-09T08:12:45Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'Mozilla/5.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/', MobileVersion: 'No', MFAUsed: 'Yes' },
  eventID: 'e1',
  readOnly: false,
  eventType: 'AwsConsoleSignIn',
  managementEvent: true,
  recipientAccountId: '210987654321',
  eventCategory: 'Management',
};

const assumedRole: JsonObject = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLE:alice',
    arn: 'arn:aws:sts::123456789012:assumed-role/Deployer/alice',
    accountId: '123456789012',
    accessKeyId: 'ASIAEXAMPLE',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: 'arn:aws:iam::123456789012:role/Deployer', accountId: '123456789012', userName: 'Deployer' },
      attributes: { creationDate: '2026-03-09T08:00:00Z', mfaAuthenticated: 'false' },
    },
  },
  eventTime: '2026-03-09T08:30:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  awsRegion: 'us-east-1',
  sourceIPAddress: 'cloudformation.amazonaws.com',
  requestParameters: { userName: 'bob', path: '/' },
  responseElements: { user: { userName: 'bob', userId: 'AIDABOB' } },
  errorCode: 'EntityAlreadyExists',
  sharedEventID: 'shared-1',
  resources: [
    { ARN: 'arn:aws:iam::123456789012:user/bob', accountId: '123456789012', type: 'AWS::IAM::User' },
    { ARN: 'arn:aws:iam::123456789012:user/bob', accountId: '123456789012', type: 'AWS::IAM::User' },
  ],
  tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'iam.amazonaws.com' },
  eventID: 'e2',
  eventType: 'AwsApiCall',
};

t.test('field table (elastic-rules.md §2.2)', async (t) => {
  const a = toEcs(rootSignIn);
  const b = toEcs(assumedRole);
  const rows: [JsonObject, string, JsonValue | undefined, string][] = [
    [a, '@timestamp', '2026-03-09T08:12:45.000Z', '§2.2 eventTime → @timestamp (M1)'],
    [a, 'ecs.version', '8.11.0', 'M1'],
    [a, 'aws.cloudtrail.event_version', '1.08', '§2.2'],
    [a, 'aws.cloudtrail.user_identity.type', 'Root', '§2.2 exact case'],
    [a, 'user.id', '123456789012', '§2.2 principalId'],
    [a, 'cloud.account.id', '123456789012', '§2.2 / §9.5: userIdentity.accountId, not recipientAccountId'],
    [a, 'aws.cloudtrail.recipient_account_id', '210987654321', '§2.2'],
    [a, 'aws.cloudtrail.user_identity.access_key_id', undefined, 'M2 / §9.7: "" is dropped'],
    [a, 'aws.cloudtrail.request_parameters', undefined, 'M2 / §9.6: null requestParameters leaves no field'],
    [a, 'user.name', undefined, 'M3 / §9.4: root has no user.name'],
    [a, 'event.provider', 'signin.amazonaws.com', '§2.2'],
    [a, 'event.action', 'ConsoleLogin', '§2.2'],
    [a, 'cloud.region', 'us-east-1', '§2.2'],
    [a, 'source.address', '198.51.100.7', '§2.2'],
    [a, 'source.ip', '198.51.100.7', '§2.2 an IP gives source.ip'],
    [a, 'user_agent.original', 'Mozilla/5.0', '§2.2'],
    [a, 'aws.cloudtrail.event_type', 'AwsConsoleSignIn', '§2.2'],
    [a, 'aws.cloudtrail.event_category', 'Management', '§2.2'],
    [a, 'aws.cloudtrail.management_event', true, '§2.2 (a keyword field: indexed as "true")'],
    [a, 'aws.cloudtrail.read_only', false, '§2.2 boolean'],
    [a, 'aws.cloudtrail.response_elements', '{ConsoleLogin=Success}', '§2.2 toString()'],
    [a, 'aws.cloudtrail.flattened.response_elements', { ConsoleLogin: 'Success' }, '§2.2 flattened copy'],
    [a, 'aws.cloudtrail.console_login.additional_eventdata.mfa_used', true, '§2.2 / §9.2: "Yes" is true'],
    [a, 'aws.cloudtrail.console_login.additional_eventdata.mobile_version', false, '§2.2 only "No" is false'],
    [a, 'aws.cloudtrail.console_login.additional_eventdata.login_to', 'https://console.aws.amazon.com/', '§2.2'],
    [a, 'event.kind', 'event', '§2.2 derived'],
    [a, 'event.outcome', 'success', '§2.2 / §9.3 from responseElements.ConsoleLogin'],
    [a, 'event.category', ['authentication'], '§2.2 ConsoleLogin → authentication'],
    [a, 'event.type', ['info'], '§2.2'],
    [a, 'data_stream.dataset', 'aws.cloudtrail', '§2 / §9.11 set by the data stream'],
    [a, 'data_stream.type', 'logs', '§2'],
    [a, 'event.dataset', 'aws.cloudtrail', '§2 constant_keyword'],
    [a, 'event.module', 'aws', '§2 constant_keyword'],
    [a, 'aws.cloudtrail.shared_event_id', undefined, 'M4'],
    [b, 'user.name', 'Deployer', 'M3 / §9.4: the issuing role name for assumed roles'],
    [b, 'related.user', ['bob'], '§2.2 requestParameters.userName appended'],
    [b, 'user.target.name', 'bob', '§2.2'],
    [b, 'user.target.id', 'AIDABOB', '§2.2 responseElements.user.userId'],
    [b, 'aws.cloudtrail.user_identity.session_context.mfa_authenticated', 'false', '§2.2 the string'],
    [b, 'aws.cloudtrail.user_identity.session_context.creation_date', '2026-03-09T08:00:00.000Z', '§2.2 date'],
    [b, 'aws.cloudtrail.user_identity.session_context.session_issuer.arn', 'arn:aws:iam::123456789012:role/Deployer', '§2.2'],
    [b, 'aws.cloudtrail.user_identity.session_context.session_issuer.type', 'Role', '§2.2'],
    [b, 'source.address', 'cloudformation.amazonaws.com', '§9.8 source.address always'],
    [b, 'source.ip', undefined, '§9.8 a service name gives no source.ip'],
    [b, 'aws.cloudtrail.error_code', 'EntityAlreadyExists', '§2.2'],
    [b, 'event.outcome', 'failure', '§2.2 errorCode present'],
    [b, 'event.category', ['iam'], '§2.2 CreateUser → iam'],
    [b, 'event.type', ['user', 'creation'], '§2.2 CreateUser → user, creation'],
    [b, 'aws.cloudtrail.shared_event_id', undefined, 'M4: the pipeline looks for sharedEventId'],
    [b, 'aws.cloudtrail.resources', [{ arn: 'arn:aws:iam::123456789012:user/bob', account_id: '123456789012', type: 'AWS::IAM::User' }], '§2.2 duplicates removed'],
    [b, 'tls.version_protocol', 'tls', '§2.2'],
    [b, 'tls.version', '1.3', '§2.2'],
    [b, 'tls.cipher', 'TLS_AES_128_GCM_SHA256', '§2.2'],
    [b, 'tls.client.server_name', 'iam.amazonaws.com', '§2.2'],
    [b, 'aws.cloudtrail.request_parameters', '{path=/, userName=bob}', 'M6 HashMap order'],
    [b, 'json', undefined, 'M4 json removed at the end'],
  ];
  for (const [doc, path, want, why] of rows) t.same(at(doc, path), want, `${path} (${why})`);
});

t.test('event.outcome and failed sign-ins (elastic-rules.md §2.2, §9.3)', async (t) => {
  const failed = toEcs({ ...rootSignIn, responseElements: { ConsoleLogin: 'Failure' } });
  t.equal(at(failed, 'event.outcome'), 'failure', 'a failed root login without errorMessage is failure from responseElements');
  const apiError = toEcs({ eventVersion: '1.08', eventName: 'DescribeInstances', errorMessage: 'denied' });
  t.equal(at(apiError, 'event.outcome'), 'failure', 'errorMessage alone makes failure');
  t.equal(at(apiError, 'event.category'), undefined, '§9.10 actions outside the table have no event.category');
  t.same(at(apiError, 'event.type'), ['info']);
  // The categorisation script reads responseElements.ConsoleLogin without a null check: a sign-in record
  // without responseElements fails the pipeline, which keeps what it had done (and `json`).
  const broken = toEcs({ eventVersion: '1.08', eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', userIdentity: { type: 'Root' }, tlsDetails: { tlsVersion: 'TLSv1.2' } });
  t.type(at(broken, 'error.message'), 'string', 'on_failure sets error.message');
  t.equal(at(broken, 'event.category'), undefined, 'later processors did not run');
  t.same(at(broken, 'json'), { userIdentity: {}, eventName: 'ConsoleLogin', tlsDetails: { tlsVersion: 'TLSv1.2' } }, 'json is kept (renames leave empty maps)');
  t.equal(at(broken, 'data_stream.dataset'), 'aws.cloudtrail');
});

t.test('M2: nulls and empty values dropped recursively before the renames', async (t) => {
  const doc = toEcs({ eventVersion: '1.08', eventName: 'PutObject', requestParameters: { a: '', b: { c: null }, d: [null, ''], e: 'x' }, userIdentity: { type: 'Root', invokedBy: '' } });
  t.equal(at(doc, 'aws.cloudtrail.request_parameters'), '{e=x}');
  t.same(at(doc, 'aws.cloudtrail.flattened.request_parameters'), { e: 'x' });
  t.equal(at(doc, 'aws.cloudtrail.user_identity.invoked_by'), undefined);
});

t.test('M6: Java HashMap toString order', async (t) => {
  t.equal(javaStringHash('ab'), 97 * 31 + 98, 'String.hashCode');
  t.equal(javaStringHash('polygenelubricants'), -2_147_483_648, 'String.hashCode overflows like Java');
  t.same(hashMapOrder(['MobileVersion', 'LoginTo', 'MFAUsed']), ['LoginTo', 'MobileVersion', 'MFAUsed'], 'the PTEST console-login order');
  t.equal(javaToString({ a: { b: 'c' }, l: ['x', 1, true] }), '{a={b=c}, l=[x, 1, true]}', 'nested maps and lists');
  const keys = Array.from({ length: 13 }, (_, i) => `k${i}`);
  t.equal(hashMapOrder(keys).length, 13, 'past 12 keys the table has 32 buckets');
  t.equal(javaToString(1.5e-7), '1.5E-7', 'Double.toString');
  // The table keeps the capacity of every key parsed, dropped ones included.
  const doc = toEcs({ eventVersion: '1.08', requestParameters: Object.fromEntries([...keys.map((k) => [k, null]), ['userName', 'u'], ['path', '/']]) });
  t.equal(at(doc, 'aws.cloudtrail.request_parameters'), `{${hashMapOrder(['userName', 'path'], 15).map((k) => `${k}=${k === 'path' ? '/' : 'u'}`).join(', ')}}`);
});

t.test('field types (elastic-rules.md §2.2, K13–K17)', async (t) => {
  const rows: [string, string | undefined][] = [
    ['event.action', 'keyword'],
    ['aws.cloudtrail.user_identity.type', 'keyword'],
    ['aws.cloudtrail.management_event', 'keyword'],
    ['aws.cloudtrail.read_only', 'boolean'],
    ['aws.cloudtrail.console_login.additional_eventdata.mfa_used', 'boolean'],
    ['source.ip', 'ip'],
    ['@timestamp', 'date'],
    ['data_stream.dataset', 'constant_keyword'],
    ['aws.cloudtrail.request_parameters.text', 'text'],
    ['aws.cloudtrail.flattened.request_parameters', 'flattened'],
    ['aws.cloudtrail.flattened.request_parameters.userName', 'keyword'],
    ['aws.cloudtrail.resources', 'object'],
    ['no.such.field', undefined],
  ];
  for (const [f, want] of rows) t.equal(fieldType(f), want, f);
  t.equal(fieldType('aws.cloudtrail.resources', { 'aws.cloudtrail.resources': 'nested' }), 'nested', 'overrides win');
  t.same(sourcePaths('cloud.account.id'), ['userIdentity.accountId']);
  t.same(sourcePaths('aws.cloudtrail.flattened.request_parameters.userName'), ['requestParameters.userName']);
  t.equal(sourcePaths('event.outcome'), undefined, 'derived fields have no source');
});

t.test('source.ip: the address test answers as node:net isIP on every kind of sourceIPAddress', async (t) => {
  const { isIpAddress } = await import('../../src/dialects/mapping/ecs/to-ecs.js');
  const { isIP } = await import('node:net');
  const values = ['203.0.113.5', '0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '1.2.3.4 ', ' 1.2.3.4', '1..2.3', '',
    '::', '::1', '2001:db8::8a2e:370:7334', '2001:DB8::1', '::ffff:192.0.2.1', 'fe80::1%eth0', '2001:db8:::1', ':', '1:2:3:4:5:6:7:8:9',
    'iam.amazonaws.com', 'AWS Internal', 'signin.amazonaws.com', 'localhost', '\u0661.\u0662.\u0663.\u0664', '1.2.3.4:443', '[::1]'];
  for (const v of values) t.equal(isIpAddress(v), isIP(v) !== 0, JSON.stringify(v));
  t.same(at(toEcs({ ...rootSignIn, sourceIPAddress: 'iam.amazonaws.com' }), 'source'), { address: 'iam.amazonaws.com' }, 'a service name: no source.ip');
  t.same(at(toEcs({ ...rootSignIn, sourceIPAddress: '2001:db8::1' }), 'source'), { address: '2001:db8::1', ip: '2001:db8::1' }, 'an IPv6 address: source.ip');
});
