// Root events are one event only when their delivery identity is equal (eventID, eventTime,
// eventSource, eventName, account, region), not when they merely share an eventID: test and redacted
// data reuse IDs ("1") for distinct records (issue 11.2). Keys, caught/missed, correlations and the
// warning are checked end to end through the engine, with 0 and 2 workers and in two record orders.
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { replay } from '../../src/engine/replay.js';
import { deliveryIdentity, deliveryKey } from '../../src/record/delivery-identity.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';

const ACCOUNT = '111122223333';

function record(eventName: string, eventTime: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const signIn = eventName === 'ConsoleLogin';
  return {
    eventVersion: '1.08',
    userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
    eventTime,
    eventSource: signIn ? 'signin.amazonaws.com' : eventName === 'StopLogging' ? 'cloudtrail.amazonaws.com' : 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.5',
    userAgent: 'aws-cli/2.15.0',
    eventID: '1',
    eventType: signIn ? 'AwsConsoleSignIn' : 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    ...(signIn ? { responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication', additionalEventData: { MFAUsed: 'No' } } : {}),
    ...over,
  };
}

// 16 records sharing eventID "1": 15 root (3 failed sign-ins close together, API calls, one of them
// twice at different times), 1 by an IAM user.
const RECORDS = [
  record('ConsoleLogin', '2026-03-01T10:00:00Z'),
  record('ConsoleLogin', '2026-03-01T10:01:00Z'),
  record('ConsoleLogin', '2026-03-01T10:02:00Z'),
  record('StopLogging', '2026-03-01T10:03:00Z'),
  record('CreateAccessKey', '2026-03-01T10:04:00Z'),
  record('CreateUser', '2026-03-01T10:05:00Z'),
  record('AttachUserPolicy', '2026-03-01T10:06:00Z'),
  record('AttachUserPolicy', '2026-03-01T10:07:00Z'),
  record('CreateAccessKey', '2026-03-01T10:08:00Z'),
  record('ListUsers', '2026-03-01T10:09:00Z'),
  record('ListUsers', '2026-03-01T10:09:00Z', { awsRegion: 'eu-west-1' }),
  record('GetUser', '2026-03-01T10:10:00Z'),
  record('ListRoles', '2026-03-01T10:11:00Z'),
  record('ListPolicies', '2026-03-01T10:12:00Z'),
  record('ListGroups', '2026-03-01T10:13:00Z'),
  record('RunInstances', '2026-03-01T10:14:00Z', {
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/x`, accountId: ACCOUNT, userName: 'x' },
    eventSource: 'ec2.amazonaws.com',
  }),
];

const RULES = {
  'access-key.pattern': '{ $.userIdentity.type = "Root" && $.eventName = "CreateAccessKey" }\n',
  'failures.yml': `title: Root sign-in failure
name: root_signin_failure
id: 0b5f5c7e-1d2a-4a55-9a43-0d5d1c1f9a01
logsource: {product: aws, service: cloudtrail}
detection:
  s:
    eventName: ConsoleLogin
    userIdentity.type: Root
    responseElements.ConsoleLogin: Failure
  condition: s
---
title: Repeated root sign-in failures
id: 6f1e9d3c-5b7a-4e2f-8c1d-2a3b4c5d6e7f
correlation:
  type: event_count
  rules: [root_signin_failure]
  group-by: [sourceIPAddress]
  timespan: 10m
  condition: {gte: 3}
`,
};

async function run(dir: string, workers: number): Promise<Report> {
  const detections = await loadDetections([`${dir}/rules`]);
  return replay({ locations: [`${dir}/logs`], resolveSource: (l) => resolveSource(l, {}), detections, version: 'test', now: new Date(0), workers });
}

const byKey = (r: Report): Record<string, string> => Object.fromEntries(r.rootEvents.map((e) => [e.key, `${e.eventName} ${e.eventTime} ${e.awsRegion}`]));

t.test('distinct records sharing an eventID stay distinct; true duplicates merge', async (t) => {
  const logs = {
    // b.json delivers the CreateUser record again, byte for byte, and the StopLogging record again with its keys reordered.
    'a.json': JSON.stringify({ Records: RECORDS }),
    'b.json': JSON.stringify({ Records: [RECORDS[5], Object.fromEntries(Object.entries(RECORDS[3]!).reverse())] }),
  };
  const reversed = { 'a.json': JSON.stringify({ Records: [...RECORDS].reverse() }), 'b.json': logs['b.json'] };
  const dir = t.testdir({ one: { logs, rules: { ...RULES } }, two: { logs: reversed, rules: { ...RULES } } });
  const report = await run(`${dir}/one`, 0);

  t.equal(report.rootEvents.length, 15, '15 distinct root events');
  t.same(report.rootEvents.map((e) => e.key), Array.from({ length: 15 }, (_, i) => `1#${i + 1}`), 'unique keys, numbered in time order');
  t.equal(report.stats.records.duplicateRootEvents, 2, 'only the two true re-deliveries are duplicates');
  t.same(report.rootEvents.filter((e) => e.duplicates > 0).map((e) => e.eventName), ['StopLogging', 'CreateUser']);
  t.same(report.warnings, ['eventID "1" is shared by 15 different records (test or redacted data?)'], 'one warning for the shared ID');

  const events = new Map(report.rootEvents.map((e) => [e.key, e]));
  const accessKey = report.detections.find((d) => d.id.endsWith('access-key.pattern#1'));
  t.same(accessKey?.caught.map((k) => events.get(k)?.eventName), ['CreateAccessKey', 'CreateAccessKey'], 'the access-key rule is credited only with access keys');
  t.equal((accessKey?.missed.length ?? 0) + (accessKey?.outOfScope.length ?? 0), 13, 'the rest not caught (in or out of its scope)');
  const correlation = report.detections.find((d) => d.kind === 'correlation');
  t.same(correlation?.caught.map((k) => events.get(k)?.eventTime), ['2026-03-01T10:00:00Z', '2026-03-01T10:01:00Z', '2026-03-01T10:02:00Z'], 'correlation hits found by identity');
  for (const d of report.detections) t.equal(d.caught.length + d.missed.length + d.outOfScope.length, 15, `${d.title}: caught + missed + outside its scope = root usage`);

  const other = await run(`${dir}/two`, 2);
  t.same(byKey(other), byKey(report), 'same keys for the same events whatever the record order and worker count');
  t.same(
    other.detections.map((d) => [d.caught, d.missed]),
    report.detections.map((d) => [d.caught, d.missed]),
  );
});

t.test('delivery identity', async (t) => {
  const a = { eventID: '1', eventTime: '2026-03-01T10:00:00Z', eventSource: 's', eventName: 'n', accountId: ACCOUNT, awsRegion: 'us-east-1' };
  t.same(deliveryIdentity(a), ['1', '2026-03-01T10:00:00Z', 's', 'n', ACCOUNT, 'us-east-1']);
  t.equal(deliveryKey({ ...a }), deliveryKey(a));
  for (const k of ['eventID', 'eventTime', 'eventSource', 'eventName', 'accountId', 'awsRegion'] as const) {
    t.not(deliveryKey({ ...a, [k]: null }), deliveryKey(a), `${k} is part of it`);
  }
});
