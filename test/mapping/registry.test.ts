// Shared field mappings (src/dialects/mapping): every dialect names a registered mapping, and each
// mapping's document is what its dialect matches: a rule given the document through the mapping's
// `input` decides as it does on the CloudTrail record itself (plain path ≡ mapped path).
import t from 'tap';
import { DIALECTS } from '../../src/dialects/index.js';
import { parseRule } from '../../src/dialects/parse-rule.js';
import { FIELD_MAPPINGS, fieldMapping } from '../../src/dialects/mapping/index.js';
import { toEcs } from '../../src/dialects/mapping/ecs/index.js';
import { envelopeOf } from '../../src/dialects/mapping/eventbridge.js';
import { rowOfPartial, rowOfRecord } from '../../src/dialects/sentinel/columns.js';
import type { Dialect } from '../../src/dialects/types.js';
import type { JsonObject } from '../../src/record/view.js';

const ROOT_LOGIN: JsonObject = {
  eventVersion: '1.08', eventTime: '2026-03-09T08:10:02Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1', sourceIPAddress: '198.51.100.7', userAgent: 'Mozilla/5.0', eventType: 'AwsConsoleSignIn',
  eventID: '0b5c1d2e-0000-4000-8000-000000000001', recipientAccountId: '111122223333', readOnly: false, managementEvent: true,
  userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333',
    sessionContext: { attributes: { mfaAuthenticated: 'false', creationDate: '2026-03-09T08:09:00Z' } } },
  responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' },
};
const USER_CALL: JsonObject = {
  ...ROOT_LOGIN, eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', eventType: 'AwsApiCall', errorCode: 'AccessDenied',
  userIdentity: { type: 'IAMUser', principalId: 'AIDA0', userName: 'alice', accountId: '111122223333' },
  resources: [{ ARN: 'arn:aws:iam::111122223333:user/alice' }, { ARN: 'arn:aws:iam::111122223333:user/bob' }],
};
const RECORDS = [ROOT_LOGIN, USER_CALL, {}];

t.test('the registry: the five mappings, one id each', async (t) => {
  t.same(FIELD_MAPPINGS.map((m) => m.id), ['cloudtrail', 'ecs', 'awscloudtrail', 'splunk', 'eventbridge']);
  for (const m of FIELD_MAPPINGS) t.equal(fieldMapping(m.id), m);
  t.equal(fieldMapping('nope'), undefined);
});

t.test("every registered dialect names a registered mapping; parseRule's inputs are cloudtrail and that mapping's input", async (t) => {
  const inputs = Object.fromEntries(DIALECTS.map((d) => [d.id, fieldMapping(d.defaultMapping ?? 'cloudtrail')?.input ?? null]));
  t.same(inputs, {
    cwl: null, sigma: null, eventbridge: 'event', 'elastic-kuery': 'ecs', 'elastic-lucene': 'ecs', 'elastic-eql': 'ecs',
    'sentinel-kql': 'row', 'splunk-spl': 'fields', panther: null,
  });
});

t.test('a dialect naming an unknown mapping is a TP0005 from parseRule', async (t) => {
  const cwl = DIALECTS.find((d) => d.id === 'cwl')!;
  const odd: Dialect = { ...cwl, id: 'odd', defaultMapping: 'qradar' };
  t.throws(() => parseRule('{ $.eventName = "x" }', { dialect: 'odd', dialects: [odd] }), { code: 'TP0005', message: /^dialect 'odd' names an unknown field mapping 'qradar' \(known: cloudtrail, ecs, awscloudtrail, splunk, eventbridge\)/ });
  t.throws(() => parseRule('{ $.eventName = "x" }', { dialect: 'cwl', input: 'ecs' }), { code: 'TP0005', message: /^dialect 'cwl' takes no input 'ecs' \(known: cloudtrail\)$/ });
});

t.test('toDocument is the document each dialect matches (the moved code, unchanged)', async (t) => {
  for (const r of RECORDS) {
    t.same(fieldMapping('cloudtrail')!.toDocument(r), r);
    t.same(fieldMapping('ecs')!.toDocument(r), toEcs(r));
    t.same(fieldMapping('eventbridge')!.toDocument(r), envelopeOf(r));
    // The JSON row, read back as a given row, is the row Sentinel ingests.
    t.same(rowOfPartial(fieldMapping('awscloudtrail')!.toDocument(r)), rowOfRecord(r));
  }
  const splunk = fieldMapping('splunk')!.toDocument(USER_CALL);
  t.match(splunk, { 'userIdentity.userName': 'alice', user_name: 'alice', 'resources{}.ARN': ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/bob'], action: 'failure', sourcetype: 'aws:cloudtrail', readOnly: 'false' });
});

// One rule per dialect (and mapping), true on ROOT_LOGIN only.
const RULES: readonly (readonly [dialect: string, text: string])[] = [
  ['eventbridge', '{ "detail-type": ["AWS Console Sign In via CloudTrail"], "detail": { "userIdentity": { "type": ["Root"] } } }'],
  ['elastic-kuery', 'event.action: "ConsoleLogin" and aws.cloudtrail.user_identity.type: "Root"'],
  ['elastic-lucene', 'event.action:ConsoleLogin AND aws.cloudtrail.user_identity.type:Root'],
  ['sentinel-kql', 'AWSCloudTrail | where EventName == "ConsoleLogin" and UserIdentityType == "Root" and SessionMfaAuthenticated == false'],
  ['splunk-spl', 'sourcetype=aws:cloudtrail eventName=ConsoleLogin user_type=Root action=success'],
];

t.test("plain ≡ mapped: a rule on the record agrees with the rule on the mapping's document given as its input", async (t) => {
  for (const [dialect, text] of RULES) {
    const d = DIALECTS.find((x) => x.id === dialect)!;
    const mapping = fieldMapping(d.defaultMapping ?? 'cloudtrail')!;
    const onRecord = parseRule(text, { dialect });
    const onDocument = parseRule(text, { dialect, input: mapping.input! });
    for (const r of RECORDS) {
      const verdict = onRecord.matches(r);
      t.equal(onDocument.matches(mapping.toDocument(r)), verdict, `${dialect} on ${String(r.eventName)}`);
    }
    t.ok(onRecord.matches(ROOT_LOGIN), `${dialect} fires on the root login`);
    t.notOk(onRecord.matches(USER_CALL), `${dialect} stays quiet on the user call`);
  }
});

t.test('sourcePaths: a field with source paths holds the record string unchanged', async (t) => {
  const fields: Readonly<Record<string, readonly string[]>> = {
    cloudtrail: ['eventName', 'userIdentity.type', 'nope'],
    ecs: ['event.action', 'cloud.account.id', 'aws.cloudtrail.user_identity.type', 'event.outcome', 'aws.cloudtrail.flattened.response_elements.ConsoleLogin'],
    awscloudtrail: ['EventName', 'UserIdentityType', 'ResponseElements', 'ReadOnly', 'TimeGenerated', 'Type', 'Nope'],
    splunk: ['user_type', 'user_name', 'command', 'eventName', 'action'],
    eventbridge: ['detail.eventName', 'detail.userIdentity.type', 'account', 'time', 'source', 'detail-type'],
  };
  const at = (doc: unknown, path: string): unknown => {
    if (typeof doc === 'object' && doc !== null && path in doc) return (doc as Record<string, unknown>)[path];
    return path.split('.').reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), doc);
  };
  let checked = 0;
  for (const m of FIELD_MAPPINGS) {
    for (const r of [ROOT_LOGIN, USER_CALL]) {
      const doc = m.toDocument(r);
      for (const field of fields[m.id] ?? []) {
        const paths = m.sourcePaths(field);
        if (paths === undefined) continue;
        const value = at(doc, field);
        if (typeof value !== 'string') continue;
        checked++;
        t.ok(paths.some((p) => at(r, p) === value), `${m.id} ${field} ← ${paths.join(', ')}`);
      }
    }
  }
  t.ok(checked >= 20, `${checked} fields checked`);
  t.equal(fieldMapping('awscloudtrail')!.sourcePaths('ResponseElements'), undefined, 'JSON-valued column: text, not the record string');
  t.equal(fieldMapping('awscloudtrail')!.sourcePaths('ReadOnly'), undefined, 'bool column');
  t.equal(fieldMapping('eventbridge')!.sourcePaths('source'), undefined, 'derived');
  t.equal(fieldMapping('splunk')!.sourcePaths('action'), undefined, 'derived');
  t.equal(fieldMapping('ecs')!.fieldType!('event.action'), 'keyword');
  t.equal(fieldMapping('awscloudtrail')!.fieldType!('TimeGenerated'), 'datetime');
});
