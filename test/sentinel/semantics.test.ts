// The Sentinel KQL dialect against ../shared/docs/sentinel-kql.md: the AWSCloudTrail row (§2), scalar
// semantics (§3), tabular operators and scheduled runs (§4, §5), errors with positions, rule files, and
// the prefilter contract. Every query here is also validated by Microsoft's parser (kusto-validate.solo.test.ts).
import t from 'tap';
import { RECORD_PATHS, recordTexts } from '../../src/dialects/mapping/awscloudtrail.js';
import { rowOfPartial, rowOfRecord, rowOfTexts } from '../../src/dialects/sentinel/columns.js';
import { compileSentinel, evaluateRuns } from '../../src/dialects/sentinel/compile-rule.js';
import { loadSentinelFile, parseSentinelRule, SentinelRuleError, sentinelDialect } from '../../src/dialects/sentinel/index.js';
import { parseRule } from '../../src/dialects/parse-rule.js';
import { claimOf } from '../../src/dialects/registry.js';
import { RuleError } from '../../src/dialects/rule-error.js';
import { readRuleFile } from '../../src/dialects/sentinel/rule-file.js';
import { ONE_RUN, readOperator, readPeriod, type Schedule } from '../../src/dialects/sentinel/schedule.js';
import { KDateTime } from '../../src/dialects/sentinel/values.js';
import type { CorrelationInput } from '../../src/dialects/types.js';
import { compilePrefilter } from '../../src/engine/prefilter/compile.js';
import type { JsonObject } from '../../src/record/view.js';
import { viewOfRecord } from '../../src/record/view.js';
import { ERROR_CASES, FILE_QUERIES, NOT_REPLAYABLE, PREFILTER_CASES, ROW_CASES, RUN_CASES, RUN_RECORDS } from './cases.js';

const rootLogin: JsonObject = {
  eventVersion: '1.09',
  userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333', sessionContext: { attributes: { mfaAuthenticated: 'true', creationDate: '2024-05-01T09:00:00Z' } } },
  eventTime: '2024-05-01T10:42:00Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'Mozilla/5.0',
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home?a=1&b=2', MobileVersion: 'No', MFAUsed: 'Yes' },
  eventID: 'e-1',
  requestID: 'req-1',
  readOnly: false,
  eventType: 'AwsConsoleSignIn',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
  tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'signin.aws.amazon.com' },
};

t.test('§2 the AWSCloudTrail row of a CloudTrail record', async (t) => {
  const row = rowOfRecord(rootLogin);
  t.same(row['TimeGenerated'], new KDateTime(Date.parse('2024-05-01T10:42:00Z')), '§2 TimeGenerated ← eventTime');
  t.equal(row['EventTypeName'], 'AwsConsoleSignIn', '§2 EventTypeName ← eventType');
  t.equal(row['UserIdentityPrincipalid'], '111122223333', '§2 lower-case id');
  t.equal(row['UserIdentityUserName'], '', '§2 rule 1: an absent string is ""');
  t.equal(row['ErrorCode'], '', '§2 rule 1: ErrorCode "" when absent');
  t.equal(row['SessionMfaAuthenticated'], true, '§2 "true" text → bool');
  t.same(row['SessionCreationDate'], new KDateTime(Date.parse('2024-05-01T09:00:00Z')));
  t.equal(row['SessionIssuerUserName'], '');
  t.equal(row['ResponseElements'], '{"ConsoleLogin":"Success"}', '§2 rule 3: compact JSON text');
  t.equal(row['AdditionalEventData'], '{"LoginTo":"https://console.aws.amazon.com/console/home?a=1&b=2","MobileVersion":"No","MFAUsed":"Yes"}');
  t.equal(row['RequestParameters'], '', '§2 JSON null → ""');
  t.equal(row['AwsRequestId_'], 'req-1', '§2 AwsRequestId_ ← requestID');
  t.equal(row['AwsRequestId'], '', '§2 deprecated AwsRequestId is empty');
  t.equal(row['ReadOnly'], false);
  t.equal(row['ManagementEvent'], true);
  t.equal(row['Category'], '', '§2 Category left empty (unverified source)');
  t.equal(row['TlsVersion'], 'TLSv1.3');
  t.equal(row['Type'], 'AWSCloudTrail');
  const bare = rowOfRecord({ eventName: 'X' });
  t.equal(bare['SessionMfaAuthenticated'], null, '§2 rule 2: bool null when absent');
  t.equal(bare['TimeGenerated'], null, '§2 rule 2: datetime null when absent');
  t.equal(bare['ReadOnly'], null);
  // The engine hands a correlation the same texts (src/engine/evaluate.ts fieldString).
  t.same(rowOfTexts(recordTexts(rootLogin)), row, 'the texts a correlation input carries rebuild the same row');
  const partial = rowOfPartial({ EventName: 'ConsoleLogin', SessionMfaAuthenticated: false, TimeGenerated: '2024-05-01T00:00:00Z' });
  t.equal(partial['UserIdentityArn'], '', '§2 rule 4: a partial row fills strings with ""');
  t.equal(partial['SessionMfaAuthenticated'], false);
  t.equal(partial['ReadOnly'], null, '§2 rule 4: and bools with null');
  t.same(partial['TimeGenerated'], new KDateTime(Date.parse('2024-05-01T00:00:00Z')));
});


t.test('§3 scalar semantics, one row at a time', async (t) => {
  for (const c of ROW_CASES) {
    const rule = parseSentinelRule(`AWSCloudTrail | where ${c.where}`, { input: 'row' });
    t.equal(rule.matches(c.row), c.expect, `${c.ref}: ${c.where}`);
  }
});

function schedule(s: RunCaseSchedule | undefined): Schedule {
  if (s === undefined) return ONE_RUN;
  return { frequency: readPeriod(s.queryFrequency), period: readPeriod(s.queryPeriod), operator: readOperator(s.triggerOperator ?? 'gt')!, threshold: s.triggerThreshold ?? 0 };
}
type RunCaseSchedule = NonNullable<(typeof RUN_CASES)[number]['schedule']>;

/** The inputs the engine would hand the correlation: every record, with the texts of RECORD_PATHS. */
const inputs: CorrelationInput[] = RUN_RECORDS.map((r, ordinal) => ({
  detectionId: 'd#input',
  ordinal,
  eventID: r['eventID'] as string,
  time: Date.parse(r['eventTime'] as string),
  fields: recordTexts(r as JsonObject),
}));

t.test('§4, §5 tabular operators and scheduled runs: the records folded into alerting result rows', async (t) => {
  for (const c of RUN_CASES) {
    const sched = schedule(c.schedule);
    const compiled = compileSentinel(c.query, sched);
    if (compiled.kind === 'not-replayable') {
      t.fail(`${c.ref}: not replayable: ${compiled.reason}`);
      continue;
    }
    const caught = evaluateRuns(compiled.query, sched, inputs).map((o) => inputs[o]!.eventID);
    t.same(caught, c.caught, `${c.ref}: ${c.query}`);
    if (compiled.kind === 'per-record') {
      // A per-record rule fires on exactly the records the runs would catch.
      const fired = RUN_RECORDS.filter((r) => compiled.rule.match(viewOfRecord(r as JsonObject))).map((r) => r['eventID']);
      t.same(fired, c.caught, `${c.ref}: per record ≡ runs`);
    } else {
      // The screen never drops a record the runs catch.
      for (const o of c.caught) t.ok(compiled.input.match(viewOfRecord(RUN_RECORDS.find((r) => r['eventID'] === o) as JsonObject)), `${c.ref}: screen admits ${o}`);
    }
  }
});

t.test('§5.2 schedule fields: repository YAML and ARM spellings', async (t) => {
  t.equal(readPeriod('1d'), 86_400_000);
  t.equal(readPeriod('5m'), 300_000);
  t.equal(readPeriod('PT1H'), 3_600_000);
  t.equal(readPeriod('P1D'), 86_400_000);
  t.equal(readPeriod('P1DT12H'), 129_600_000);
  t.equal(readPeriod('1 week'), null);
  t.equal(readOperator('GreaterThan'), 'gt');
  t.equal(readOperator('gt'), 'gt');
  t.equal(readOperator('Equal'), 'eq');
  t.equal(readOperator('above'), null);
});

t.test('errors with the position and Kusto vocabulary', async (t) => {
  for (const c of ERROR_CASES) {
    try {
      parseSentinelRule(c.query);
      t.fail(`${c.ref}: accepted ${c.query}`);
    } catch (e) {
      t.ok(e instanceof SentinelRuleError, c.ref);
      const err = e as SentinelRuleError;
      t.same({ code: err.code, line: err.line, column: err.column }, { code: c.code, line: c.line, column: c.column }, `${c.ref}: position`);
      t.match(err.message, c.message, `${c.ref}: message`);
    }
  }
});

t.test('§5.5 valid queries the replay cannot run: a per-rule reason, never a silent no-match', async (t) => {
  for (const c of NOT_REPLAYABLE) {
    t.throws(() => parseSentinelRule(c.query), { code: 'TP9004', message: c.reason }, c.query);
    const r = loadSentinelFile({ path: 'r.kql', text: c.query.replace(/^SigninLogs/, 'AWSCloudTrail | union SigninLogs') });
    t.equal(r.detections.length, 0);
    t.match(r.notApplicable[0]?.reason, /^not replayable: .*\(line 1, col \d+\)$/, 'listed as not applicable with its reason');
  }
});

const yamlRule = (query: string, extra = ''): string => `id: 0b0b0b0b-0000-4000-8000-000000000001
name: Root sign-in without MFA
description: |
  A test rule.
severity: Medium
requiredDataConnectors:
  - connectorId: AWSS3
    dataTypes:
      - AWSCloudTrail
queryFrequency: 1d
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
tactics:
  - InitialAccess
query: |
${query.split('\n').map((l) => `  ${l}`).join('\n')}
kind: Scheduled
${extra}`;

t.test('§1 rule files: repository YAML, ARM export, .kql', async (t) => {
  const q = FILE_QUERIES.noMfa;
  const yaml = { path: 'rules/no-mfa.yaml', text: yamlRule(q, 'trailproof:\n  scope: [console-login-success]\n') };
  t.equal(claimOf(sentinelDialect, yaml), 'yes');
  const loaded = loadSentinelFile(yaml);
  t.same(loaded.diagnostics, []);
  t.equal(loaded.detections.length, 1, 'a row-wise query with gt 0 fires per record');
  const d = loaded.detections[0]!;
  t.equal(d.id, 'rules/no-mfa.yaml#Root sign-in without MFA');
  t.equal(d.dialect, 'sentinel-kql');
  t.same(d.meta, { ruleId: '0b0b0b0b-0000-4000-8000-000000000001', description: 'A test rule.', level: 'medium', tags: ['InitialAccess'], scope: ['console-login-success'] });
  t.same(readRuleFile(yaml, 'x').rules[0]!.schedule, { frequency: 86_400_000, period: 86_400_000, operator: 'gt', threshold: 0 });
  const noMfa = { ...rootLogin, additionalEventData: { MobileVersion: 'No' } };
  t.equal(d.rule.match(viewOfRecord(noMfa)), true, 'the MFA trap: no MFAUsed field counts as no MFA');
  t.equal(d.rule.match(viewOfRecord(rootLogin)), false);

  // An error in the third line of the query block is reported at its line in the file.
  const bad = loadSentinelFile({ path: 'bad.yaml', text: yamlRule('AWSCloudTrail\n| where EventName == "ConsoleLogin"\n| where MFA = "No"') });
  t.same(bad.diagnostics.map((x) => [x.code, x.line, x.column, x.rule]), [['TP9001', 19, 15, 'Root sign-in without MFA']]);

  const summarizing = loadSentinelFile({ path: 's.yaml', text: yamlRule(FILE_QUERIES.summarizing) });
  t.equal(summarizing.correlations.length, 1, 'a summarizing rule replays its runs');
  t.same(summarizing.detections.map((x) => x.id), ['s.yaml#Root sign-in without MFA#input']);
  t.same(summarizing.correlations[0]!.inputs, ['s.yaml#Root sign-in without MFA#input']);
  t.same(summarizing.correlations[0]!.fields, RECORD_PATHS);

  const nrt = readRuleFile({ path: 'n.yaml', text: yamlRule(q).replace('kind: Scheduled', 'kind: NRT') }, 'n').rules[0]!;
  t.same(nrt.schedule, { frequency: 60_000, period: 60_000, operator: 'gt', threshold: 0 }, 'NRT: every minute over the minute before');

  const badSchedule = loadSentinelFile({ path: 'b.yaml', text: yamlRule(q).replace('queryPeriod: 1d', 'queryPeriod: one day') });
  t.same(badSchedule.diagnostics.map((x) => [x.code, x.line]), [['TP9006', 11]]);

  const arm = {
    path: 'export.json',
    text: JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        { type: 'Microsoft.OperationalInsights/workspaces/providers/metadata', name: 'x' },
        {
          type: 'Microsoft.OperationalInsights/workspaces/providers/alertRules',
          kind: 'Scheduled',
          apiVersion: '2023-02-01-preview',
          properties: { displayName: 'Root activity', query: FILE_QUERIES.armRoot, queryFrequency: 'PT1H', queryPeriod: 'PT2H', triggerOperator: 'GreaterThan', triggerThreshold: 2, severity: 'High', enabled: true },
        },
      ],
    }, null, 2),
  };
  t.equal(claimOf(sentinelDialect, arm), 'yes');
  const armRules = readRuleFile(arm, 'export');
  t.same(armRules.rules.map((r) => [r.title, r.schedule]), [['Root activity', { frequency: 3_600_000, period: 7_200_000, operator: 'gt', threshold: 2 }]]);
  const armLoaded = loadSentinelFile(arm);
  t.equal(armLoaded.correlations.length, 1, 'a threshold above 0 needs the runs');
  const armBad = loadSentinelFile({ path: 'e.json', text: arm.text.replace('UserIdentityType ==', 'UserIdentityType =') });
  t.match(armBad.diagnostics[0]?.message, /did you mean '=='\? \(at line 2, column 26 of the query\)/, 'inside a JSON string: the position in the query');

  t.equal(claimOf(sentinelDialect, { path: 'q.kql', text: '// root\nAWSCloudTrail | where UserIdentityType == "Root"' }), 'yes', '.kql naming AWSCloudTrail is ours');
  t.equal(claimOf(sentinelDialect, { path: 'q.kql', text: 'event.action : "ConsoleLogin" and aws.cloudtrail.user_identity.type : "Root"' }), 'no', 'Elastic KQL is not');
  t.equal(claimOf(sentinelDialect, { path: 'q.kql', text: 'event.provider : "AWSCloudTrail" and event.action : "ConsoleLogin"' }), 'no', 'a string naming the table is not a table reference');
  t.equal(claimOf(sentinelDialect, { path: 'q.kql', text: '// AWSCloudTrail\nevent.action : "ConsoleLogin"' }), 'no', 'nor is a comment');
  t.equal(claimOf(sentinelDialect, { path: 'r.toml', text: '[rule]\nquery = "AWSCloudTrail | where x"\n' }), 'no', 'Elastic TOML is another extension');
  t.equal(claimOf(sentinelDialect, { path: 'r.ndjson', text: '{"query":"AWSCloudTrail"}\n' }), 'no', 'Elastic NDJSON likewise');
  t.equal(claimOf(sentinelDialect, { path: 's.yml', text: 'title: x\nlogsource:\n  product: aws\ndetection:\n  sel:\n    eventName: x\n  condition: sel\n' }), 'no', 'Sigma is not');
  const other = loadSentinelFile({ path: 'signin.yaml', text: yamlRule(FILE_QUERIES.signin) });
  t.match(other.notApplicable, [{ reason: /^not replayable: table 'SigninLogs' is not available.*\(line 17, col 3\)$/ }], 'a rule for another table');
});

t.test('the library: parseSentinelRule takes a query, a YAML rule or an ARM export', async (t) => {
  const r = parseSentinelRule(FILE_QUERIES.library);
  t.equal(r.matches(rootLogin), true);
  t.equal(r.matches(JSON.stringify(rootLogin)), true, 'JSON text');
  t.equal(r.matches('not json'), false);
  t.equal(r.matches({ ...rootLogin, userIdentity: { type: 'IAMUser' } }), false);
  t.equal(r.perRecord, true);
  const y = parseSentinelRule(yamlRule(FILE_QUERIES.byArn));
  t.equal(y.title, 'Root sign-in without MFA');
  t.equal(y.perRecord, false);
  t.equal(y.matches(rootLogin), true, 'a summarizing rule: the event is folded into a result row');
  t.throws(() => parseSentinelRule(yamlRule('AWSCloudTrail\n| where Nope == 1')), { code: 'TP9002', line: 18, column: 11 });
});

t.test('prefilter: sound literals, case-insensitive where KQL is', async (t) => {
  const lit = (where: string) => {
    const c = compileSentinel(`AWSCloudTrail | where ${where}`, ONE_RUN);
    return c.kind === 'per-record' ? c.rule.prefilter : null;
  };
  for (const c of PREFILTER_CASES) t.same(lit(c.where), c.prefilter, `${c.where}${c.why !== undefined ? ` (${c.why})` : ''}`);
  const c = compileSentinel(FILE_QUERIES.overwritten, ONE_RUN);
  t.equal(c.kind === 'per-record' ? c.rule.prefilter : 'x', null, 'a column overwritten by extend gives nothing');

  // match ⇒ prefilter admits, for every row case's predicate over records built from its row.
  const queries = [...ROW_CASES.map((x) => `AWSCloudTrail | where ${x.where}`), ...RUN_CASES.map((x) => x.query)];
  const records: JsonObject[] = [rootLogin, ...(RUN_RECORDS as JsonObject[]), { ...rootLogin, eventName: 'consolelogin', eventSource: 'SIGNIN.amazonaws.com' }];
  let checked = 0;
  for (const q of queries) {
    const compiled = compileSentinel(q, ONE_RUN);
    if (compiled.kind === 'not-replayable') continue;
    const rule = compiled.kind === 'per-record' ? compiled.rule : compiled.input;
    if (rule.prefilter === null) continue;
    const gate = compilePrefilter(rule.prefilter);
    for (const r of records) {
      const view = viewOfRecord(r);
      if (rule.match(view) && !gate.test(view.text)) t.fail(`${q} matches ${String(r['eventID'])} but its prefilter rejects it`);
      checked++;
    }
  }
  t.ok(checked > 20, `checked ${checked} rule × record pairs`);
});

t.test('parseRule: the sentinel-kql dialect through the one library entry', async (t) => {
  const q = FILE_QUERIES.library;
  const rule = parseRule(q, { dialect: 'sentinel-kql' });
  t.equal(rule.dialect, 'sentinel-kql');
  t.equal(rule.matches(rootLogin), true, 'a CloudTrail record, mapped to its AWSCloudTrail row');
  t.equal(rule.matches(JSON.stringify(rootLogin)), true, 'or its JSON text');
  t.equal(rule.matches({ ...rootLogin, userIdentity: { type: 'IAMUser' } }), false);
  t.same(rule.rule.prefilter?.caseInsensitive, false, 'a CloudTrail rule keeps its prefilter');
  const row = parseRule(q, { dialect: 'sentinel-kql', input: 'row' });
  t.equal(row.matches({ UserIdentityType: 'Root', EventName: 'ConsoleLogin' }), true, "input 'row': columns by name");
  t.equal(row.matches(rootLogin), false, "input 'row': a CloudTrail record is not a row");
  t.equal(row.rule.prefilter, null, 'no record text to prefilter');
  t.equal(parseRule(yamlRule(q), { dialect: 'sentinel-kql' }).title, 'Root sign-in without MFA', 'a YAML rule in the text');
  t.throws(() => parseRule('AWSCloudTrail | where EventName = "x"', { dialect: 'sentinel-kql' }), { name: 'RuleError', code: 'TP9001', line: 1, column: 33 });
  t.throws(() => parseRule(FILE_QUERIES.signin, { dialect: 'sentinel-kql' }), { code: 'TP0006', message: /not replayable: table 'SigninLogs'/ });
  t.throws(() => parseRule(q, { dialect: 'sentinel-kql', input: 'event' }), { code: 'TP0005' });
  // A summarizing rule spans records: parseRule gives the records its query reads (its screen);
  // parseSentinelRule runs the whole query over the one event.
  const summarizing = parseRule(FILE_QUERIES.summarizing, { dialect: 'sentinel-kql' });
  t.equal(summarizing.title, 'rule (records the query reads)');
  t.equal(summarizing.matches(rootLogin), true);
  t.equal(summarizing.matches({ ...rootLogin, eventName: 'GetUser' }), false);
  t.ok(new SentinelRuleError('TP9001', 'x', 1, 2) instanceof RuleError, 'parseSentinelRule errors are RuleErrors');
});
