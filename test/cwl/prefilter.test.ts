// Prefilters (literals.ts) and the compiled-rule fast path.
// Contract (src/dialects/types.ts, after ripgrep): a prefilter may admit records the rule rejects, never
// reject a record the rule matches. Matching semantics: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
import t from 'tap';
import { prng } from '../helpers/prng.js';
import { compileFilterPattern, parseFilterPattern, prefilterOf } from '../../src/dialects/cwl/index.js';
import type { Prefilter } from '../../src/dialects/types.js';
import { asciiLower, makeRecordView, type RecordView } from '../../src/record/view.js';

const literals = (p: string): readonly string[] | null => prefilterOf(parseFilterPattern(p))?.anyOf ?? null;

t.test('literals per construct', async (t) => {
  t.same(literals('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'), ['"Root"'], 'an exact value is a whole JSON string token');
  t.same(literals('ERROR Exception'), ['Exception'], 'the longest required term');
  t.same(literals('?ERROR ?WARN'), ['ERROR', 'WARN'], 'every alternative');
  t.same(literals('?ERROR REQUEST'), ['REQUEST'], 'alternatives are ignored next to a plain term');
  t.equal(literals('-DEBUG'), null);
  t.equal(literals('" "'), null);
  t.equal(literals(''), null);
  t.same(literals('"a/b c"'), ['a/b c'], 'terms run on the raw text: a slash is fine there');
  t.equal(literals('"say \\"hi\\""'), null);
  t.same(literals('%AUTH|DEN+IED%'), ['AUTH', 'DEN'], 'one literal per alternative');
  t.same(literals('%^ab\\.cd%'), ['ab.cd']);
  t.equal(literals('%\\d+%'), null);
  t.equal(literals('%ab|\\d%'), null, 'an alternative without a literal');
  t.same(literals('{ $.errorCode = "AccessDenied*" }'), ['AccessDenied']);
  t.same(literals('{ $.errorCode = "*UnauthorizedOperation" }'), ['UnauthorizedOperation']);
  t.same(literals('{ $.a = "*mid*" }'), ['mid']);
  t.same(literals('{ $.a = %Trail$% }'), ['Trail']);
  t.same(literals('{ $.f IS TRUE }'), ['true']);
  t.same(literals('{ $.f IS NULL }'), ['null']);
  t.same(literals('{ $.a = "x" || $.b = "yy" }'), ['"x"', '"yy"']);
  t.same(literals('{ ($.a = "ab") && ($.b = "abcd") }'), ['"abcd"']);
  t.same(literals('{ $.a = "true" }'), ['true'], 'a JSON literal could be the value: never quoted');
  t.equal(literals('{ $.a = "a/b" }'), null, 'a slash may be written escaped: no literal');
  t.same(
    literals('{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }'),
    ['UnauthorizedOperation', 'AccessDenied'],
  );
  for (const p of [
    '{ $.a != "x" }',
    '{ $.a NOT EXISTS }',
    '{ $.a > 5 }',
    '{ $.a = 5 }',
    '{ $.a = "400" }',
    '{ $.a = "1e3" }',
    '{ $.a = "Infinity" }',
    '{ $.a = * }',
    '{ $.a = "a/b" }',
    '{ $.a = "caf\u00e9" }',
    '{ $.a = "x\\"y" }',
    '{ $.a = 1 || $.b = "x" }',
    '{ $.a = %\\d% }',
  ]) {
    t.equal(literals(p), null, p);
  }
  t.same(literals('[a = ERROR, b]'), ['ERROR']);
  t.same(literals('[a = "400", b]'), ['400'], 'fields are raw text: digits are fine');
  t.same(literals('[a = "x/y", b]'), ['x/y']);
  t.equal(literals('[a = 400, b]'), null);
  t.equal(literals('[a != x, b]'), null);
  t.same(literals('[a = x || a = %yz%, b = "long one"]'), ['long one']);
  for (const p of ['ERROR', '{ $.a = "x" }', '%x%', '[a = x]']) {
    t.equal(prefilterOf(parseFilterPattern(p))?.caseInsensitive, false, `${p}: case-sensitive`);
  }
});

// --- property tests: soundness and fast path = plain path -------------------------------------------


const rand = prng(20240501);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

function randomRecord(): Record<string, unknown> {
  const identity: Record<string, unknown> = { type: pick(['Root', 'root', 'IAMUser', 'AssumedRole', 'Root ', 'AWSService']) };
  if (rand() < 0.3) identity.invokedBy = pick(['signin.amazonaws.com', 'cloudtrail.amazonaws.com', null, '']);
  if (rand() < 0.3) identity.sessionContext = { attributes: { mfaAuthenticated: pick(['true', 'false', true]) } };
  const r: Record<string, unknown> = {
    eventVersion: '1.08',
    userIdentity: identity,
    eventName: pick(['ConsoleLogin', 'CreateAccessKey', 'HeadBucket', 'PutBucketPolicy', 'consolelogin', 'DeleteTrail']),
    eventSource: pick(['signin.amazonaws.com', 's3.amazonaws.com', 'kms.amazonaws.com', 'iam.amazonaws.com']),
    sourceIPAddress: pick(['198.51.100.7', 'delivery.logs.amazonaws.com', '123.123.4.5', 'AWS Internal']),
    userAgent: pick(['aws-cli/2.15.0', 'Mozilla/5.0 (X11)', 'ERROR agent', 'x "quoted" y']),
  };
  if (rand() < 0.8) r.eventType = pick(['AwsApiCall', 'AwsServiceEvent', 'AwsConsoleSignIn']);
  if (rand() < 0.4) r.errorCode = pick(['AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'accessdenied']);
  if (rand() < 0.4) r.responseElements = pick([null, { ConsoleLogin: pick(['Success', 'Failure']) }, { items: [1, 2] }]);
  if (rand() < 0.4) r.additionalEventData = { MFAUsed: pick(['Yes', 'No', 'yes']), latency: pick([5, 400, 1e3, 55.5, '400']) };
  if (rand() < 0.3) r.requestParameters = { bucketName: pick(['logs', 'a/b', 'Root']), items: [{ id: 1 }, { id: pick([2, 3]) }] };
  if (rand() < 0.2) r.flag = pick([true, false, null, 'true']);
  return r;
}

/** Rewrites the JSON text in ways JSON allows, so the raw text differs from the decoded values. */
function rawVariant(text: string): string {
  switch (Math.floor(rand() * 5)) {
    case 0: return text.replace(/\//g, '\\/'); // escaped slashes
    case 1: return text.replace(/"Root"/g, '"R\\u006fot"'); // a \u escape
    case 2: return text.replace(/:400([,}])/g, ':4e2$1').replace(/:1000([,}])/g, ':1E3$1'); // exponent numbers
    case 3: return text.replace(/:5([,}])/g, ':5.0$1');
    default: return text;
  }
}

const records: RecordView[] = [];
for (let i = 0; i < 400; i++) {
  const text = rawVariant(JSON.stringify(randomRecord()));
  records.push(makeRecordView(text));
}
// A few fixed texts with terms and spaces, so term and space-delimited patterns hit both ways.
for (const text of ['{"a":"ERROR WARN message"}', '{"msg":"Exception in thread"}', '{"userAgent":"DEBUG x"}']) {
  records.push(makeRecordView(text));
}

const corpus = [
  '',
  '" "',
  'ERROR',
  'Root',
  'ERROR -WARN',
  '?ERROR ?Exception',
  '?ERROR REQUEST',
  '-DEBUG',
  '"aws-cli/2.15.0"',
  '"X11)"',
  '%Root%',
  '%^\\{\\x22eventVersion%',
  '%AccessDenied|UnauthorizedOperation%',
  '%R[o]+t%',
  '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  '{ $.userIdentity.type = Root }',
  '{ $.userIdentity.type = "Root*" }',
  '{ $.userIdentity.type = "*oot*" }',
  '{ $.userIdentity.type = %^Ro% }',
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  '{ $.eventSource = kms.amazonaws.com }',
  '{ $.sourceIPAddress != 123.123.* }',
  '{ $.additionalEventData.latency = 400 }',
  '{ $.additionalEventData.latency = "400" }',
  '{ $.additionalEventData.latency = 4* }',
  '{ $.additionalEventData.latency >= 1000 }',
  '{ $.additionalEventData.latency = %^5% }',
  '{ $.requestParameters.bucketName = "a/b" }',
  '{ $.requestParameters.items[*].id = 3 }',
  '{ $.requestParameters.items[1].id != 3 }',
  '{ $.responseElements.items[0] = 1 }',
  '{ $.responseElements IS NULL }',
  '{ $.flag IS TRUE }',
  '{ $.flag IS FALSE || $.flag = "true" }',
  '{ $.userIdentity.invokedBy NOT EXISTS }',
  '{ $.userIdentity.invokedBy = "" }',
  '{ $.userIdentity.sessionContext.attributes.mfaAuthenticated = "true" }',
  '{ $.* = "Root" }',
  '{ $.userIdentity.* = %^Root$% }',
  '{ $.errorCode = * }',
  '[first, ...]',
  '[first = *Root*]',
  '[a, b = *amazonaws.com*, ...]',
  '[a = %Root%]',
  '[..., last = "*}"]',
  '[a, b]',
];

function admits(prefilter: Prefilter | null, view: RecordView): boolean {
  if (prefilter === null || view.text.includes('\\u')) return true;
  const hay = prefilter.caseInsensitive ? asciiLower(view.text) : view.text;
  return prefilter.anyOf.some((l) => hay.includes(l));
}

t.test('prefilter soundness: a match implies the prefilter admits the record text', async (t) => {
  let matched = 0;
  for (const p of corpus) {
    const rule = compileFilterPattern(parseFilterPattern(p));
    const missed = records.filter((v) => rule.match(v) && !admits(rule.prefilter, v));
    matched += records.filter((v) => rule.match(v)).length;
    t.same(missed.map((v) => v.text), [], `${p} (prefilter ${JSON.stringify(rule.prefilter?.anyOf ?? null)})`);
  }
  t.ok(matched > records.length, 'the corpus matches a good share of the generated records');
});

t.test('fast path equals plain path: rule.match(view) === pattern.matches(view.text)', async (t) => {
  for (const p of corpus) {
    const pattern = parseFilterPattern(p);
    const rule = compileFilterPattern(pattern);
    const differ = records.filter((v) => rule.match(v) !== pattern.matches(v.text));
    t.same(differ.map((v) => v.text), [], p);
  }
});

t.test('a FilterPattern from elsewhere compiles to a plain rule without prefilter', async (t) => {
  const foreign = { kind: 'term' as const, text: 'x', matches: (m: string) => m.includes('x'), extract: () => null };
  const rule = compileFilterPattern(foreign);
  t.equal(rule.prefilter, null);
  t.equal(rule.match(makeRecordView('{"a":"x"}')), true);
  t.equal(rule.match(makeRecordView('{"a":"y"}')), false);
});
