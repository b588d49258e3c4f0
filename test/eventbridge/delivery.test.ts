// Delivery, not just matching (issue 13 §2): a rule whose pattern matches may never have received the
// event. Table of `undeliveredReason` per digest rule (eventbridge-patterns.md §2 D1–D4, P47), then a
// replay of hand-written records through rules in each state, Region and bus: the report lists such
// events as `undelivered` (neither caught nor missed), --fail-on-miss counts them, every format shows
// them, and prefilter on ≡ off.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { exitCodeOf } from '../../src/cli/commands/replay.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { loadDetections } from '../../src/dialects/index.js';
import { isReadOnlyManagementEvent, ruleArnParts, undeliveredReason, UNKNOWN_DEPLOYMENT, type RuleDeployment } from '../../src/dialects/eventbridge/index.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { renderReport } from '../../src/report/render.js';
import type { CloudTrailRecord } from '../../src/record/view.js';
import { resolveSource } from '../../src/sources/index.js';
import { evaluateSuite } from '../../src/suite/evaluate-suite.js';
import { parseSuite } from '../../src/suite/parse-suite.js';

const ACCOUNT = '111122223333';
const ARN = `arn:aws:events:us-east-1:${ACCOUNT}:rule/root-usage`;

function rec(id: string, eventName: string, extra: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
    eventTime: `2026-11-0${(id.charCodeAt(0) % 9) + 1}T10:00:00Z`,
    eventSource: 'iam.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: null,
    responseElements: null,
    eventID: id,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...extra,
  };
}

const RECORDS = {
  signIn: rec('a-signin', 'ConsoleLogin', {
    eventSource: 'signin.amazonaws.com',
    eventType: 'AwsConsoleSignIn',
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { MFAUsed: 'Yes' },
  }),
  signInWest: rec('b-signin-west', 'ConsoleLogin', {
    eventSource: 'signin.amazonaws.com',
    eventType: 'AwsConsoleSignIn',
    awsRegion: 'eu-west-1',
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { MFAUsed: 'Yes' },
  }),
  list: rec('c-list', 'ListAccessKeys', { readOnly: true }),
  put: rec('d-put', 'PutBucketPolicy', { eventSource: 's3.amazonaws.com', awsRegion: 'eu-west-1' }),
  sts: rec('e-sts', 'GetSessionToken', { eventSource: 'sts.amazonaws.com', readOnly: true }),
  other: rec('f-other', 'CreateUser', { recipientAccountId: '999988887777' }),
  data: rec('g-data', 'GetObject', { eventSource: 's3.amazonaws.com', readOnly: true, managementEvent: false, eventCategory: 'Data' }),
};

const dep = (d: Partial<RuleDeployment>): RuleDeployment => ({ ...UNKNOWN_DEPLOYMENT, ...d });
const ENABLED = dep({ state: 'ENABLED', region: 'us-east-1', account: ACCOUNT });
const ALL = dep({ state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS', region: 'us-east-1', account: ACCOUNT });

t.test('undeliveredReason, one row per digest rule', async (t) => {
  const rows: [string, RuleDeployment, CloudTrailRecord, RegExp | null][] = [
    // eventbridge-patterns.md §2 D2, P47: a DISABLED rule receives nothing.
    ['D2 disabled', dep({ state: 'DISABLED' }), RECORDS.signIn, /^the rule is DISABLED$/],
    ['D2 disabled, read-only too', dep({ state: 'DISABLED' }), RECORDS.list, /DISABLED/],
    // §2 D1: read-only management events reach only ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS rules.
    ['D1 read-only, ENABLED', ENABLED, RECORDS.list, /^read-only management event: .*ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.*the rule is ENABLED$/],
    ['D1 read-only, ALL', ALL, RECORDS.list, null],
    ['D1 read-only, no State: ENABLED assumed and said', UNKNOWN_DEPLOYMENT, RECORDS.list, /the file gives no State, so ENABLED \(the default\) is assumed/],
    ['D1 read-only, unknown State value', dep({ state: 'enabled' }), RECORDS.list, /State "enabled" is taken as ENABLED/],
    ['D1 a change event', ENABLED, RECORDS.signIn, null],
    // AWS-CT: STS GetSessionToken/GetFederationToken are change events for EventBridge.
    ['D1 STS GetSessionToken', ENABLED, RECORDS.sts, null],
    ['D1 data events are not management events', ENABLED, RECORDS.data, null],
    // §2 D3/D4: events reach the default bus of the Region and account that record them.
    ['D3 sign-in recorded in another Region', ENABLED, RECORDS.signInWest, /^console sign-in event recorded in eu-west-1: a rule on the default bus of us-east-1/],
    ['D4 API call recorded in another Region', ENABLED, RECORDS.put, /^event recorded in eu-west-1:/],
    ['D4 another account', ENABLED, RECORDS.other, /^event recorded in account 999988887777: .*account 111122223333/],
    ['D4 default bus by ARN', dep({ ...ENABLED, eventBus: `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default` }), RECORDS.put, /eu-west-1/],
    // Decisions (docs/eventbridge.md): no ARN, no Region check; a custom bus receives forwarded events.
    ['Region unknown: not checked', dep({ state: 'ENABLED' }), RECORDS.put, null],
    ['custom bus: Region and account not checked', dep({ ...ENABLED, eventBus: 'security' }), RECORDS.put, null],
    ['custom bus: State still applies', dep({ ...ENABLED, eventBus: 'security' }), RECORDS.list, /read-only/],
  ];
  for (const [name, d, record, want] of rows) {
    const got = undeliveredReason(d, record);
    if (want === null) t.equal(got, null, name);
    else t.match(got, want, name);
  }
  t.equal(isReadOnlyManagementEvent({ readOnly: 'true' }), false, 'readOnly must be the JSON boolean');
  t.equal(isReadOnlyManagementEvent({ readOnly: true }), true, 'no eventCategory: a management event');
  t.same(ruleArnParts(ARN), { region: 'us-east-1', account: ACCOUNT });
  t.same(ruleArnParts(`arn:aws:events:eu-west-1:${ACCOUNT}:rule/security/root`), { region: 'eu-west-1', account: ACCOUNT });
  t.same(ruleArnParts('root-usage'), { region: null, account: null });
});

// A replay through rules in each deployment.
const dir = mkdtempSync(join(tmpdir(), 'trailproof-eb-delivery-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const logs = join(dir, 'logs');
const rules = join(dir, 'rules');
const nonRoot = rec('h-user', 'ListUsers', { readOnly: true, userIdentity: { type: 'IAMUser', userName: 'alice', accountId: ACCOUNT } });
const PATTERN = '{"detail":{"eventName":[{"anything-but":"nothing"}]}}';
const rule = (Name: string, State: string, extra: object = {}): object => ({ Name, Arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/${Name}`, EventPattern: PATTERN, State, EventBusName: 'default', ...extra });
mkdirSync(logs);
mkdirSync(rules);
writeFileSync(join(logs, 'trail.json'), JSON.stringify({ Records: [...Object.values(RECORDS), nonRoot] }));
writeFileSync(
  join(rules, 'rules.json'),
  JSON.stringify({
    Rules: [
      rule('enabled', 'ENABLED'),
      rule('all', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'),
      rule('disabled', 'DISABLED'),
      rule('custom-bus', 'ENABLED', { EventBusName: 'security' }),
    ],
  }),
);
writeFileSync(join(rules, 'bare.json'), PATTERN);

async function run(extra: Partial<ReplayOptions> = {}): Promise<Report> {
  return replay({
    locations: [logs],
    resolveSource: (l) => resolveSource(l, {}),
    detections: await loadDetections([rules]),
    version: 'test',
    now: new Date('2026-12-01T00:00:00Z'),
    workers: 0,
    scope: { all: true },
    ...extra,
  });
}

t.test('the report lists matched-but-not-received root events apart from catches and misses', async (t) => {
  const report = await run();
  const by = new Map(report.detections.map((d) => [d.title, d]));
  const keys = (title: string) => by.get(title)!.undelivered.map((u) => u.key);
  t.same(keys('enabled'), ['c-list', 'b-signin-west', 'd-put', 'f-other'].sort(order(report)), 'ENABLED: read-only, other Regions, other account (not STS GetSessionToken, not data events)');
  t.same(keys('all'), ['b-signin-west', 'd-put', 'f-other'].sort(order(report)), 'ALL: other Regions and account only');
  t.same(keys('disabled').length, report.rootEvents.filter((e) => e.rootUsage).length, 'DISABLED: every root-usage event');
  t.same(keys('custom-bus'), ['c-list'], 'custom bus: State only');
  t.same(keys('bare'), ['c-list'], 'bare pattern: no ARN, ENABLED assumed');
  t.match(by.get('bare')!.undelivered[0]!.reason, /the file gives no State/);
  for (const d of report.detections) {
    const usage = report.rootEvents.filter((e) => e.rootUsage).length;
    t.equal(d.caught.length + d.missed.length + d.outOfScope.length + d.undelivered.length, usage, `${d.title}: every root-usage event once`);
    t.same(d.missed, [], `${d.title}: an undelivered event is not a miss`);
  }
  t.equal(by.get('disabled')!.fired, 0, 'a DISABLED rule fires on nothing');
  t.equal(by.get('disabled')!.falseAlarms.count, 0, 'and raises no false alarm');
  t.equal(by.get('enabled')!.falseAlarms.count, 0, 'a read-only non-root record it did not receive is no false alarm');
  t.equal(by.get('all')!.falseAlarms.count, 1, 'the ALL rule receives it');
  t.equal(by.get('enabled')!.coverage['root-api-call'].caught, by.get('enabled')!.caught.filter((k) => report.rootEvents.find((e) => e.key === k)!.category === 'root-api-call').length);

  // --fail-on-miss: an undelivered root event of the scope is a miss (it would not have alerted).
  const only = (title: string, undelivered?: []): Report => ({ ...report, detections: [{ ...by.get(title)!, ...(undelivered ? { undelivered } : {}) }] });
  t.equal(exitCodeOf(only('all'), true), EXIT.MISSED);
  t.equal(exitCodeOf(only('all', []), true), EXIT.OK, 'the same detection without them passes');
  t.equal(exitCodeOf(only('all'), false), EXIT.OK);

  const table = renderReport(report, 'table', { color: false });
  t.match(table, /UNDELIVERED/);
  t.match(table, /NOT RECEIVED/);
  t.match(table, /\n {4}why: event recorded in eu-west-1: [^\n]*\n[^\n]*EVENT ID[^\n]*\n {6}d-put /, 'events grouped under their reason');
  const markdown = renderReport(report, 'markdown', { color: false });
  t.match(markdown, /\| Undelivered \|/);
  t.match(markdown, /Undelivered root-usage events/);
  t.match(markdown, /detections missed or would not have received root-usage events of their scope/);
  t.match(table, /detections missed or would not have received root-usage events of their scope/);
  const junit = renderReport(report, 'junit', { color: false });
  t.match(junit, /<failure type="undelivered" message="[^"]*matched but not received/);
  const json = JSON.parse(renderReport(report, 'json', { color: false })) as Report;
  t.same(json.detections.find((d) => d.title === 'all')!.undelivered.map((u) => Object.keys(u)), [['key', 'reason'], ['key', 'reason'], ['key', 'reason']]);

  // What delivery could not check is said with the detection (eventbridge.md "Delivery": unknown
  // Region, D4): a rule with an Arn on the default bus has nothing to note.
  const notes = (title: string) => json.detections.find((d) => d.title === title)!.notes;
  t.same(notes('bare'), ['the rule file gives no rule Arn, so its Region and account are unknown: a root event recorded in any Region and account counts as received']);
  t.match(notes('custom-bus'), [/^on the custom bus \S+, events arrive only when forwarded/]);
  for (const title of ['enabled', 'all', 'disabled']) t.equal(notes(title), undefined, `${title}: an Arn on the default bus, nothing to note`);
  t.match(table, /NOTES \(what the replay could not check\)\n {2}D\d+ bare: the rule file gives no rule Arn/);
  t.match(markdown, /### Notes \(what the replay could not check\)\n\n- bare: the rule file gives no rule Arn/);
});

t.test('a suite expectation names the undelivered events with why', async (t) => {
  const report = await run();
  const { suite, diagnostics } = parseSuite('sources: [logs]\ndetections: [rules]\nexpect:\n  - detection: enabled\n    catches: [root-api-call]\n', join(dir, 'trailproof.yml'));
  if (suite === null) throw new Error(JSON.stringify(diagnostics));
  const { result } = evaluateSuite({ suite, baseDir: dir, report, probed: new Map(), diagnostics: [], ruleTexts: new Map(), baseline: null, version: 'test' });
  const check = result.checks.find((c) => c.name === 'catches root-api-call')!;
  t.equal(check.passed, false, 'not received is not caught');
  t.match(check.details.join('\n'), /^not received c-list \(ListAccessKeys [^)]*\): read-only management event: /m);
  t.match(check.details.join('\n'), /^not received d-put \(PutBucketPolicy [^)]*\): event recorded in eu-west-1/m);
});

// Workers 0 ≡ 2 with undelivered events: test/eventbridge/replay.test.ts (ENABLED rules, read-only root calls).
t.test('delivery is the same on every path: prefilter on ≡ off', async (t) => {
  t.same(await run({ prefilter: 'on' }), await run({ prefilter: 'off' }));
});

/** Root-event order of the report, to compare key lists. */
function order(report: Report): (a: string, b: string) => number {
  const at = new Map(report.rootEvents.map((e, i) => [e.key, i]));
  return (a, b) => at.get(a)! - at.get(b)!;
}
