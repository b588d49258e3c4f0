// The CloudTrail → EventBridge envelope (digest §2) and the prefilter contract (src/dialects/types.ts:
// a prefilter never rejects a record the rule matches), on the project's fixtures and on the shipped rule.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { envelopeOf, loadEventBridgeFile, parseEventPattern, prefilterOf, sourceOf } from '../../src/dialects/eventbridge/index.js';
import { flattenEvent, matchBranches, pathsOf } from '../../src/dialects/eventbridge/match.js';
import { compilePrefilter } from '../../src/engine/prefilter/compile.js';
import { viewOfRecord } from '../../src/record/view.js';
import { fixtureRecords, PATTERNS } from './fixtures.js';

t.test('digest §2: the envelope of a CloudTrail record', async (t) => {
  const record = { eventID: 'e1', eventType: 'AwsConsoleSignIn', eventSource: 'signin.amazonaws.com', recipientAccountId: '111122223333', eventTime: '2026-03-09T08:10:02Z', awsRegion: 'us-east-1', userIdentity: { type: 'Root' } };
  t.same(envelopeOf(record), {
    version: '0',
    id: 'e1',
    'detail-type': 'AWS Console Sign In via CloudTrail',
    source: 'aws.signin',
    account: '111122223333',
    time: '2026-03-09T08:10:02Z',
    region: 'us-east-1',
    resources: [],
    detail: record,
  });
  t.equal(envelopeOf({ eventType: 'AwsApiCall' })['detail-type'], 'AWS API Call via CloudTrail');
  t.equal(envelopeOf({ eventType: 'AwsServiceEvent' })['detail-type'], 'AWS Service Event via CloudTrail');
  t.equal(envelopeOf({ eventType: 'AwsConsoleAction' })['detail-type'], 'AWS Console Action via CloudTrail');
  t.equal(sourceOf('iam.amazonaws.com'), 'aws.iam');
  t.equal(sourceOf('monitoring.amazonaws.com'), 'aws.monitoring');
  t.notOk('detail-type' in envelopeOf({ eventType: 'Unknown' }), 'an unknown eventType has no detail-type');
});

t.test('digest §4: published root patterns on the envelope', async (t) => {
  const signIn = envelopeOf({ eventType: 'AwsConsoleSignIn', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } });
  const reflex = parseEventPattern('{"detail-type":["AWS API Call via CloudTrail","AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}');
  t.ok(reflex.matches(signIn));
  t.notOk(parseEventPattern('{"detail":{"eventName":["*"],"userIdentity":{"type":["Root"]}}}').matches(signIn), 'P12: "*" matches nothing real');
  t.notOk(parseEventPattern('{"detail":{"userIdentity":{"type":["root"]}}}').matches(signIn), 'trap 1: lower-case root');
  t.ok(parseEventPattern('{"source":["aws.signin"],"detail":{"eventName":["ConsoleLogin"]}}').matches(signIn));
  t.notOk(parseEventPattern('{"source":["aws.iam"],"detail":{"eventName":["ConsoleLogin"]}}').matches(signIn), 'ConsoleLogin never has source aws.iam');
  const selfKey = envelopeOf({ eventType: 'AwsApiCall', eventName: 'CreateAccessKey', requestParameters: null, userIdentity: { type: 'Root' } });
  t.ok(parseEventPattern('{"detail":{"requestParameters":[null]}}').matches(selfKey), 'trap 4: null requestParameters');
  t.notOk(parseEventPattern('{"detail":{"requestParameters":[{"exists":false}]}}').matches(selfKey), 'trap 4: null is present');
});


t.test('literals per construct', async (t) => {
  const lit = (p: string) => prefilterOf(parseEventPattern(p).branches);
  t.same(lit(PATTERNS[0]!), { anyOf: ['"Root"'], caseInsensitive: false });
  t.same(lit(PATTERNS[1]!)?.anyOf, ['"Root"']);
  t.same(new Set(lit(PATTERNS[1]!)?.also?.flat()), new Set(['signin', '"AwsConsoleSignIn"']), 'source and detail-type map back to eventSource and eventType');
  t.same(lit(PATTERNS[4]!), { anyOf: ['Console'], caseInsensitive: false, also: [['false']] });
  t.same(lit(PATTERNS[6]!)?.anyOf, ['"AccessDenied"', '"ConsoleLogin"'], 'an $or needs a literal from every branch');
  t.equal(lit(PATTERNS[7]!), null, 'a branch without a literal');
  for (const p of [PATTERNS[8]!, PATTERNS[9]!, PATTERNS[12]!, '{"detail":{"n":[5]}}', '{"detail":{"a":["a/b"]}}', '{"detail":{"a":["café"]}}']) {
    t.equal(lit(p), null, p);
  }
});

t.test('match ⇒ prefilter admits, on every fixture record', async (t) => {
  let matched = 0;
  for (const p of PATTERNS) {
    const file = loadEventBridgeFile({ path: 'p.json', text: p });
    const rule = file.detections[0]!.rule;
    const gate = rule.prefilter === null ? null : compilePrefilter(rule.prefilter);
    for (const record of fixtureRecords) {
      const view = viewOfRecord(record);
      if (!rule.match(view)) continue;
      matched++;
      if (gate !== null && !gate.test(view.text)) t.fail(`${p} matches ${String(record.eventID)} but its prefilter rejects it`);
    }
  }
  t.ok(matched > 20, `${matched} matches checked`);
});

t.test('the shipped root-usage pattern', async (t) => {
  const loaded = loadEventBridgeFile({ path: 'detections/eventbridge/root-usage.json', text: readFileSync('detections/eventbridge/root-usage.json', 'utf8') });
  t.same(loaded.diagnostics, []);
  const rule = loaded.detections[0]!.rule;
  t.same(rule.prefilter?.anyOf, ['"Root"']);
  const match = (r: object): boolean => rule.match(viewOfRecord(r as never));
  t.ok(match({ eventType: 'AwsApiCall', userIdentity: { type: 'Root' } }));
  t.notOk(match({ eventType: 'AwsServiceEvent', userIdentity: { type: 'Root' } }), 'service events');
  t.notOk(match({ eventType: 'AwsApiCall', userIdentity: { type: 'Root', invokedBy: 'cloudtrail.amazonaws.com' } }), 'calls services make for root');
  t.notOk(match({ eventType: 'AwsApiCall', userIdentity: { type: 'IAMUser' } }));
});

t.test('flattening only the pattern paths gives the same answers as flattening everything', async (t) => {
  let checked = 0;
  for (const p of [...PATTERNS, '{"detail":{"userIdentity.type":["Root"]}}', '{"detail":{"$or":[{"x.y":[1]},{"userIdentity":{"sessionContext":{"attributes":{"mfaAuthenticated":["true"]}}}}]}}']) {
    const { branches } = parseEventPattern(p);
    const paths = pathsOf(branches);
    for (const record of fixtureRecords) {
      const event = envelopeOf(record);
      const full = matchBranches(branches, flattenEvent(event));
      if (matchBranches(branches, flattenEvent(event, paths)) !== full) t.fail(`${p} on ${String(record.eventID)}`);
      checked++;
    }
  }
  t.ok(checked > 100, `${checked} checked`);
});
