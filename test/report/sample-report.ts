/**
 * A hand-built Report shared by the renderer tests: two detections (one misses console actions, one
 * fires on context and non-root records), six root events across usage and context categories, a
 * duplicate delivery, skipped records and files, one input error, one rule problem, a warning. Strings
 * that need escaping (`<&"'|`, a control character) are planted in titles, file names and messages.
 */
import {
  REPORT_SCHEMA,
  ROOT_CONTEXT_CATEGORIES,
  ROOT_USAGE_CATEGORIES,
  type CategoryCoverage,
  type Report,
  type RootCategory,
  type RootEvent,
} from '../../src/report/model.js';

type Coverage = Record<RootCategory, CategoryCoverage>;

function coverage(entries: Partial<Record<RootCategory, [number, number]>>): Coverage {
  const out = {} as Coverage;
  for (const c of [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES]) {
    const [caught, total] = entries[c] ?? [0, 0];
    out[c] = { total, caught };
  }
  return out;
}

function rootEvent(over: Partial<RootEvent> & Pick<RootEvent, 'eventID' | 'eventTime' | 'eventName' | 'category'>): RootEvent {
  const usage = (ROOT_USAGE_CATEGORIES as readonly string[]).includes(over.category);
  return {
    key: over.eventID,
    eventSource: 'iam.amazonaws.com',
    accountId: '111122223333',
    awsRegion: 'us-east-1',
    rootUsage: usage,
    cisRootUsage: usage,
    mfaUsed: null,
    outcome: 'success',
    sourceIPAddress: '192.0.2.10',
    userAgent: 'aws-cli/2.15.0',
    source: { uri: 'fixtures/AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/a.json.gz', record: 0 },
    duplicates: 0,
    ...over,
  };
}

/** Root events, sorted by eventTime then eventID as the model requires. */
export const ROOT_EVENTS: readonly RootEvent[] = [
  rootEvent({ eventID: 'evt-login-ok', eventTime: '2024-05-01T09:00:00Z', eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', category: 'console-login-success', mfaUsed: false, userAgent: 'Mozilla/5.0' }),
  rootEvent({ eventID: 'evt-login-bad', eventTime: '2024-05-01T09:01:00Z', eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', category: 'console-login-failure', mfaUsed: false, outcome: 'failure', duplicates: 1 }),
  rootEvent({ eventID: 'evt-api', eventTime: '2024-05-01T09:05:00Z', eventName: 'CreateAccessKey', category: 'root-api-call', source: { uri: 'fixtures/lines.jsonl', record: 4, line: 5 } }),
  rootEvent({ eventID: 'evt-console-1', eventTime: '2024-05-01T09:06:00Z', eventName: 'AttachUserPolicy', category: 'root-console-action', cisRootUsage: false, userAgent: 'signin.amazonaws.com' }),
  rootEvent({ eventID: 'evt-console-2<&>', eventTime: '2024-05-01T09:07:00Z', eventName: 'StartLogging', eventSource: 'cloudtrail.amazonaws.com', category: 'root-console-action', cisRootUsage: false }),
  rootEvent({ eventID: 'evt-svc', eventTime: '2024-05-01T09:08:00Z', eventName: 'Decrypt', eventSource: 'kms.amazonaws.com', category: 'service-on-behalf-of-root', sourceIPAddress: 'cloudtrail.amazonaws.com' }),
];

/** The whole sample report. */
export function sampleReport(): Report {
  return {
    schema: REPORT_SCHEMA,
    tool: { name: 'trailproof', version: '0.1.0' },
    generatedAt: '2024-05-02T10:00:00.000Z',
    options: { sources: ['fixtures/'], since: null, until: null, accounts: [], regions: ['eu-west-1'] },
    stats: {
      files: {
        total: 4,
        skipped: { insight: 1, digest: 2 },
        skippedFiles: [
          { file: 'fixtures/a_CloudTrail-Digest_x.json.gz', reason: 'digest', message: 'CloudTrail digest file (integrity data, no records)' },
          { file: 'fixtures/b_CloudTrail-Digest_x.json.gz', reason: 'digest', message: 'CloudTrail digest file (integrity data, no records)' },
        ],
        skippedFilesNotListed: 1,
        errored: 1,
      },
      bytes: 52_428,
      records: { total: 120, evaluated: 110, filtered: 7, skipped: 3, duplicateRootEvents: 1 },
      skipped: { 'not-an-object': 1, 'malformed-json': 2 },
      errors: [{ file: 'fixtures/bad<1>.json.gz', message: 'unexpected end of gzip data after 812 bytes & "3" records', code: 'TP3001' }],
    },
    rootEvents: ROOT_EVENTS,
    rootCategories: {
      'console-login-success': 1,
      'console-login-failure': 1,
      'root-api-call': 1,
      'root-console-action': 2,
      'assume-root-session': 0,
      'service-on-behalf-of-root': 1,
      'root-service-event': 0,
      'root-sign-in-other': 0,
    },
    detections: [
      {
        id: 'detections/cis-root-usage.pattern#1',
        title: 'CIS 4.3 root usage "metric" <filter> & co',
        dialect: 'cwl',
        file: 'detections/cis-root-usage.pattern',
        kind: 'rule',
        level: null,
        status: null,
        tags: [],
        fired: 3,
        caught: ['evt-login-ok', 'evt-login-bad', 'evt-api'],
        missed: ['evt-console-1', 'evt-console-2<&>'],
        outOfScope: [],
        undelivered: [],
        scope: { categories: ROOT_USAGE_CATEGORIES, source: 'all', partial: [] },
        rootDetection: true,
        contextHits: [],
        coverage: coverage({ 'console-login-success': [1, 1], 'console-login-failure': [1, 1], 'root-api-call': [1, 1], 'root-console-action': [0, 2], 'service-on-behalf-of-root': [0, 1] }),
        falseAlarms: { count: 0, sample: [] },
      },
      {
        id: 'detections/sigma/root.yml#8ad1600d',
        title: 'AWS Root Credentials | sigma\u001b[31m',
        dialect: 'sigma',
        file: 'detections/sigma/root.yml',
        kind: 'rule',
        level: 'medium',
        status: 'test',
        tags: ['attack.privilege-escalation'],
        fired: 8,
        caught: ['evt-login-ok', 'evt-login-bad', 'evt-api', 'evt-console-1', 'evt-console-2<&>'],
        missed: [],
        outOfScope: [],
        undelivered: [],
        scope: { categories: ROOT_USAGE_CATEGORIES, source: 'all', partial: [] },
        rootDetection: true,
        contextHits: ['evt-svc'],
        coverage: coverage({ 'console-login-success': [1, 1], 'console-login-failure': [1, 1], 'root-api-call': [1, 1], 'root-console-action': [2, 2], 'service-on-behalf-of-root': [1, 1] }),
        falseAlarms: {
          count: 3,
          sample: [
            { eventID: 'evt-svc', eventTime: '2024-05-01T09:08:00Z', eventName: 'Decrypt', source: { uri: 'fixtures/a.json', record: 9 } },
            { eventID: null, eventTime: null, eventName: 'ConsoleLogin', source: { uri: 'fixtures/lines.jsonl', record: 1, line: 2 } },
          ],
        },
      },
    ],
    ruleProblems: [{ file: 'detections/broken.pattern', message: "expected '}' to close '{'", line: 1, column: 3, code: 'TP1003' }],
    notApplicable: [{ file: 'detections/sigma/win.yml', title: 'Windows logon', reason: 'logsource product windows is not CloudTrail' }],
    warnings: ['--region leaves out us-east-1, where CloudTrail records root console sign-ins'],
  };
}
