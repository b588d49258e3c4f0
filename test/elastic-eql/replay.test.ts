// EQL in the replay: prefilter literals (contract: src/dialects/types.ts `Prefilter`, no false negatives)
// checked against plain evaluation over generated records, the literal table, and sequences evaluated
// as a CorrelationDetection the way the engine feeds it (elastic-rules.md Q12). The CloudTrail → ECS
// mapping here is a stub written for these tests; the real one lives in src/dialects/elastic/ecs/.
import t from 'tap';
import type { Test } from 'tap';
import { compileEqlForReplay, EqlCode, mappingHooks } from '../../src/dialects/elastic/eql/index.js';
import type { EqlReplayOptions } from '../../src/dialects/elastic/eql/index.js';
import { compilePrefilter } from '../../src/engine/prefilter/compile.js';
import { viewOfRecord } from '../../src/record/view.js';
import type { JsonObject, JsonValue } from '../../src/record/view.js';
import type { CompiledRule, CorrelationInput } from '../../src/dialects/types.js';
import { prng } from '../helpers/prng.js';

// ---- a stub mapping (a few fields of elastic-rules.md §2.2) --------------------------------------

const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: JsonValue | undefined): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});

function toEcs(r: JsonObject): JsonObject {
  const id = obj(r.userIdentity);
  const issuer = obj(obj(id.sessionContext).sessionIssuer);
  const doc: Record<string, JsonValue> = {
    'data_stream.dataset': 'aws.cloudtrail',
    'event.outcome': r.errorCode !== undefined ? 'failure' : 'success',
  };
  const put = (k: string, v: JsonValue | undefined): void => {
    if (v !== undefined) doc[k] = v;
  };
  put('@timestamp', str(r.eventTime));
  put('event.action', str(r.eventName));
  put('event.provider', str(r.eventSource));
  put('aws.cloudtrail.user_identity.type', str(id.type));
  put('aws.cloudtrail.event_type', str(r.eventType));
  put('user.name', str(id.userName) ?? str(issuer.userName));
  put('source.address', str(r.sourceIPAddress));
  put('tags', Array.isArray(r.tags) ? r.tags : undefined);
  return doc;
}
const SOURCES: Record<string, readonly string[]> = {
  'event.action': ['eventName'],
  'event.provider': ['eventSource'],
  'aws.cloudtrail.user_identity.type': ['userIdentity.type'],
  'aws.cloudtrail.event_type': ['eventType'],
  'user.name': ['userIdentity.userName', 'userIdentity.sessionContext.sessionIssuer.userName'],
  'source.address': ['sourceIPAddress'],
  tags: ['tags'],
};
const TYPES: Record<string, string> = Object.fromEntries([...Object.keys(SOURCES), 'data_stream.dataset', 'event.outcome', 'event.category'].map((f) => [f, 'keyword']));
TYPES['@timestamp'] = 'date';

const options: EqlReplayOptions = { toDocument: toEcs, fieldTypes: (f) => TYPES[f], ...mappingHooks((f) => SOURCES[f]) };

function single(query: string): CompiledRule {
  const plan = compileEqlForReplay(query, 'rule.toml', options);
  if (!plan.ok || plan.kind !== 'event') throw new Error(`${query}: ${JSON.stringify(plan)}`);
  return plan.rules[0]!.rule;
}

// ---- literal table ---------------------------------------------------------------------------

// [query, expected prefilter]
const LITERALS: [string, unknown][] = [
  ['any where event.action == "ConsoleLogin"', { anyOf: ['"ConsoleLogin"'], caseInsensitive: false }],
  ['any where event.action : "ConsoleLogin"', { anyOf: ['"consolelogin"'], caseInsensitive: true }],
  ['any where event.action : "*Login*"', { anyOf: ['login'], caseInsensitive: true }],
  ['any where event.action like "Console*"', { anyOf: ['Console'], caseInsensitive: false }],
  ['any where event.action in ("ConsoleLogin", "GetSessionToken")', { anyOf: ['"ConsoleLogin"', '"GetSessionToken"'], caseInsensitive: false }],
  ['any where event.action in~ ("ConsoleLogin")', { anyOf: ['"consolelogin"'], caseInsensitive: true }],
  ['any where startsWith(event.provider, "signin.")', { anyOf: ['signin.'], caseInsensitive: false }],
  // `~` functions lower-case both sides: U+212A / U+0130 make `k` and `i` unsafe.
  ['any where startsWith~(event.provider, "SIGNIN")', null],
  ['any where stringContains~(event.provider, "AMAZONAWS")', { anyOf: ['amazonaws'], caseInsensitive: true }],
  // Both conjuncts are needed; the case-sensitive one leads, and all are lower-cased together.
  ['any where event.action == "ConsoleLogin" and aws.cloudtrail.user_identity.type : "root"', { anyOf: ['"consolelogin"'], caseInsensitive: true, also: [['"root"']] }],
  ['any where event.action == "ConsoleLogin" and aws.cloudtrail.user_identity.type == "Root"', { anyOf: ['"ConsoleLogin"'], caseInsensitive: false, also: [['"Root"']] }],
  ['any where event.action == "ConsoleLogin" or event.action == "CreateUser"', { anyOf: ['"ConsoleLogin"', '"CreateUser"'], caseInsensitive: false }],
  // Derived and constant fields are not in the record text: no literal.
  ['any where event.outcome == "success"', null],
  ['any where data_stream.dataset == "aws.cloudtrail" and event.action == "ConsoleLogin"', { anyOf: ['"ConsoleLogin"'], caseInsensitive: false }],
  ['any where event.action == "ConsoleLogin" or event.outcome == "success"', null],
  ['any where not event.action == "ConsoleLogin"', null],
  ['any where event.action != "ConsoleLogin"', null],
  ['any where event.action regex "Console.*"', null],
  ['any where event.action == "a/b"', null],
  ['any where event.action == "ab"', { anyOf: ['"ab"'], caseInsensitive: false }],
  ['any where tags == "7"', null],
  ['any where tags == "true"', { anyOf: ['true'], caseInsensitive: false }],
];

t.test('prefilter literals (docs/elastic.md, EQL "Prefilter")', async (t) => {
  for (const [query, expected] of LITERALS) t.same(single(query).prefilter, expected, query);
});

// ---- soundness over generated records ------------------------------------------------------------

const rand = prng(20261207);
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
const WORDS = ['ConsoleLogin', 'consolelogin', 'CONSOLELOGIN', 'Root', 'root', 'ROOT', '\u212aey', 'key', 'KEY', '\u0130d', 'id', 'signin.amazonaws.com', 'SIGNIN.amazonaws.com', 'a/b', 'Login', 'true', '7', 'Créé', 'CRÉÉ', 'x"y'];

function record(): JsonObject {
  const r: JsonObject = { eventTime: '2026-03-01T10:00:00Z', eventName: pick(WORDS) + (rand() < 0.2 ? pick(WORDS) : ''), eventSource: pick(WORDS), eventType: pick(['AwsApiCall', 'AwsServiceEvent']) };
  r.userIdentity = rand() < 0.5 ? { type: pick(WORDS), userName: pick(WORDS) } : { type: pick(WORDS), sessionContext: { sessionIssuer: { userName: pick(WORDS) } } };
  if (rand() < 0.3) r.tags = [pick(WORDS), rand() < 0.5 ? 7 : true, pick(WORDS)];
  if (rand() < 0.3) r.errorCode = 'AccessDenied';
  return r;
}

const SOUNDNESS = [
  ...LITERALS.map(([q]) => q),
  'any where event.action : ("*root*", "key")',
  'any where user.name : "KEY"',
  'any where user.name in~ ("key", "id")',
  'any where startsWith~(user.name, "KE")',
  'any where stringContains~(event.name_missing_is_optional_so_use, "x") or true',
  'any where tags : "TRUE" and event.action like~ "*LOGIN"',
  'any where tags == "true" or tags in ("7")',
  'any where event.provider : "signin.*" and aws.cloudtrail.user_identity.type == "Root"',
  'any where aws.cloudtrail.user_identity.type like~ "r??t"',
  'any where event.action : "créé"',
].filter((q) => !q.includes('name_missing'));

t.test('a record a rule matches is always admitted by its prefilter', async (t) => {
  const records = Array.from({ length: 400 }, record);
  let matched = 0;
  let filtered = 0;
  for (const query of SOUNDNESS) {
    const rule = single(query);
    const test = rule.prefilter === null ? null : compilePrefilter(rule.prefilter);
    if (test !== null) filtered++;
    for (const r of records) {
      const view = viewOfRecord(r);
      if (!rule.match(view)) continue;
      matched++;
      if (test !== null && !test.test(view.text)) t.fail(`${query} matches ${view.text} but its prefilter rejects it`);
    }
  }
  t.ok(matched > 150, `rules matched generated records (${matched})`);
  t.ok(filtered > 15, `most rules have a prefilter (${filtered})`);
});

// ---- sequences through the correlation interface -----------------------------------------------

const ct = (id: string, minute: number, name: string, user: string | null, assumed = false): JsonObject => ({
  eventID: id,
  eventTime: new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString(),
  eventName: name,
  eventSource: 'iam.amazonaws.com',
  sourceIPAddress: '203.0.113.5',
  userIdentity: user === null ? { type: 'Root' } : assumed ? { type: 'AssumedRole', sessionContext: { sessionIssuer: { userName: user } } } : { type: 'IAMUser', userName: user },
});

/** Feeds records to the step rules and the correlation as src/engine does (fields by CloudTrail path). */
function replaySequence(t: Test, query: string, records: readonly JsonObject[]): string[] {
  const plan = compileEqlForReplay(query, 'rule.toml', options);
  if (!plan.ok || plan.kind !== 'sequence') throw new Error(JSON.stringify(plan));
  const ids = plan.rules.map((r) => `rule.toml#seq/${r.part}`);
  const corr = plan.correlation({ id: 'rule.toml#seq', title: 'seq', dialect: 'elastic-eql', file: 'rule.toml', meta: {} }, ids);
  const inputs: CorrelationInput[] = [];
  const eventIds: string[] = [];
  for (const r of records) {
    const view = viewOfRecord(r);
    plan.rules.forEach((rule, i) => {
      if (!rule.rule.match(view)) return;
      const fields = corr.fields.map((p) => {
        let v: JsonValue | undefined = r;
        for (const k of p.split('.')) v = typeof v === 'object' && v !== null && !Array.isArray(v) ? v[k] : undefined;
        return v === undefined || v === null ? null : typeof v === 'string' ? v : JSON.stringify(v);
      });
      inputs.push({ detectionId: ids[i]!, ordinal: inputs.length, eventID: r.eventID as string, time: Date.parse(r.eventTime as string), fields });
      eventIds.push(r.eventID as string);
    });
  }
  t.same(corr.inputs, ids);
  t.equal(corr.generate, false, 'the steps are not reported on their own');
  inputs.sort((a, b) => a.time - b.time || a.ordinal - b.ordinal);
  return [...new Set(corr.evaluate(inputs).map((o) => eventIds[o]!))].sort();
}

t.test('sequences and samples as a correlation: join keys from CloudTrail paths, maxspan, until, missing events (Q12)', async (t) => {
  const q = 'sequence by user.name with maxspan=10m [any where event.action == "CreateUser"] [any where event.action == "CreateAccessKey"] until [any where event.action == "DeleteUser"]';
  const records = [
    ct('a1', 0, 'CreateUser', 'alice'),
    ct('b1', 1, 'CreateUser', 'ops', true),
    ct('a2', 2, 'CreateAccessKey', 'alice'),
    // The role name comes from the session issuer (M3): same key as b1.
    ct('b2', 3, 'CreateAccessKey', 'ops', true),
    ct('c1', 4, 'CreateUser', 'carol'),
    ct('c2', 5, 'DeleteUser', 'carol'),
    ct('c3', 6, 'CreateAccessKey', 'carol'),
    ct('d1', 7, 'CreateUser', 'dave'),
    ct('d2', 30, 'CreateAccessKey', 'dave'),
    // Root has no user.name: a required join key is missing, so root records never join.
    ct('r1', 8, 'CreateUser', null),
    ct('r2', 9, 'CreateAccessKey', null),
  ];
  t.same(replaySequence(t, q, records), ['a1', 'a2', 'b1', 'b2']);
  t.same(replaySequence(t, q.replace('by user.name', 'by ?user.name'), records), ['a1', 'a2', 'b1', 'b2', 'r1', 'r2'], '?user.name joins root records on null');
  const missing = 'sequence by user.name with maxspan=10m [any where event.action == "CreateUser"] ![any where event.action == "DeleteUser"] [any where event.action == "CreateAccessKey"]';
  t.same(replaySequence(t, missing, records), ['a1', 'a2', 'b1', 'b2'], "carol's DeleteUser between the steps drops her sequence");
  const sample = 'sample by user.name [any where event.action == "CreateAccessKey"] [any where event.action == "CreateUser"]';
  t.same(replaySequence(t, sample, records), ['a1', 'a2', 'b1', 'b2', 'c1', 'c3', 'd1', 'd2'], 'a sample ignores order and time');
  t.same(replaySequence(t, 'sequence [any where event.action == "CreateUser"] by source.address [any where event.action == "CreateAccessKey"] by source.address', records.slice(0, 2)), []);
});

t.test('sequence join keys the mapping cannot source are diagnostics, positioned in the file (mappingHooks: derived fields have no source)', async (t) => {
  const plan = compileEqlForReplay('sequence by cloud.account.id\n  [any where true] [any where true]', 'rules/x.toml', { ...options, fieldTypes: undefined, at: { line: 12, column: 9 } });
  t.equal(plan.ok, false);
  if (plan.ok) return;
  t.same(plan.diagnostics.map((d) => [d.code, d.file, d.line, d.column]), [[EqlCode.joinKeySource, 'rules/x.toml', 12, 21]]);
  const syntax = compileEqlForReplay('any where\n  x ==', 'rules/x.toml', { ...options, at: { line: 12, column: 9 } });
  t.same(syntax.ok ? null : syntax.diagnostics.map((d) => [d.code, d.line, d.column]), [[EqlCode.syntax, 13, 7]]);
});

t.test('several EQL rules map a record once', async (t) => {
  let calls = 0;
  const counting = (r: JsonObject): JsonObject => {
    calls++;
    return toEcs(r);
  };
  const mk = (q: string): CompiledRule => {
    const p = compileEqlForReplay(q, 'f', { ...options, toDocument: counting });
    if (!p.ok) throw new Error('compile');
    return p.rules[0]!.rule;
  };
  const view = viewOfRecord(ct('a', 0, 'CreateUser', 'alice'));
  t.same([mk('any where event.action == "CreateUser"').match(view), mk('any where user.name == "alice"').match(view)], [true, true]);
  t.equal(calls, 1);
});
