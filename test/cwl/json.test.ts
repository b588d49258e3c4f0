// JSON filter patterns.
// Sources: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
// ("Match terms in JSON log events"), https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html
// and the 2021 revision with "JSON special considerations" and the number grammar:
// https://github.com/awsdocs/amazon-cloudwatch-logs-user-guide/blob/5ae5c9aeccbdc909d7549b9260291ce7ed2a92f3/doc_source/FilterAndPatternSyntax.md
import t from 'tap';
import { parseFilterPattern } from '../../src/dialects/cwl/index.js';
import { matches } from './helpers.js';

// The example event of the 2021 page ("JSON metric filter examples").
const doc = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '111.111.111.111',
  arrayKey: ['value', 'another value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  SomeObject: null,
  ThisFlag: true,
};

// The example event of the "JSON compound conditions" section.
const compound = {
  user: { id: 1, email: 'John.Stiles@example.com' },
  users: [
    { id: 2, email: 'John.Doe@example.com' },
    { id: 3, email: 'Jane.Doe@example.com' },
  ],
  actions: ['GET', 'PUT', 'DELETE'],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
    [7, 8, 9],
  ],
};

t.test('the documented examples match', async (t) => {
  for (const p of [
    '{ $.eventType = "UpdateTrail" }',
    '{ $.sourceIPAddress != 123.123.* }',
    '{ $.arrayKey[0] = "value" }',
    '{ $.objectList[1].id = 2 }',
    '{ $.SomeObject IS NULL }',
    '{ $.SomeOtherObject NOT EXISTS }',
    '{ $.ThisFlag IS TRUE }',
  ]) {
    t.equal(matches(p, doc), true, p);
    t.equal(parseFilterPattern(p).kind, 'json');
  }
});

t.test('compound conditions: && binds tighter than ||, parentheses group', async (t) => {
  t.equal(matches('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', compound), true);
  t.equal(matches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', compound), false);
  t.equal(matches('{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }', compound), true);
  t.equal(matches('{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }', compound), false);
  t.equal(matches('{ $.coordinates[1][2] = 6 }', compound), true, 'indexes chain');
  t.equal(matches('{ (($.user.id = 1)) }', compound), true, 'nested parentheses');
});

t.test('string equality is exact and case-sensitive; quoted and bare values are the same', async (t) => {
  t.equal(matches('{ $.eventType = UpdateTrail }', doc), true);
  t.equal(matches('{ $.eventType = "updatetrail" }', doc), false);
  t.equal(matches('{ $.eventType = "UpdateTrail " }', doc), false, 'no trimming');
  t.equal(matches('{ $.eventSource = kms.amazonaws.com }', { eventSource: 'kms.amazonaws.com' }), true);
  t.equal(matches('{ $.eventName = "" }', { eventName: '' }), true);
  t.equal(matches('{ $.EventType = "UpdateTrail" }', doc), false, 'property names are case-sensitive');
});

t.test('* wildcards: leading, trailing, both, alone; a middle * is literal', async (t) => {
  // DOC2021: "*Event will match PutEvent and GetEvent. Event* will match EventId and EventName.
  // Ev*ent will only match the actual string Ev*ent". CIS patterns use wildcards inside quotes.
  t.equal(matches('{ $.n = *Event }', { n: 'PutEvent' }), true);
  t.equal(matches('{ $.n = Event* }', { n: 'EventName' }), true);
  t.equal(matches('{ $.n = Event* }', { n: 'PutEvent' }), false);
  t.equal(matches('{ $.n = *vent* }', { n: 'PutEvents' }), true);
  t.equal(matches('{ $.n = Ev*ent }', { n: 'Event' }), false);
  t.equal(matches('{ $.n = Ev*ent }', { n: 'Ev*ent' }), true);
  t.equal(matches('{ $.errorCode = "*UnauthorizedOperation" }', { errorCode: 'Client.UnauthorizedOperation' }), true);
  t.equal(matches('{ $.errorCode = "AccessDenied*" }', { errorCode: 'AccessDeniedException' }), true);
  t.equal(matches('{ $.n = *Event }', { n: 'Event' }), true, '* may stand for nothing');
  t.equal(matches('{ $.n = * }', { n: '' }), true, '* alone matches any present value');
  t.equal(matches('{ $.n = * }', { n: 7 }), true);
  t.equal(matches('{ $.n = * }', {}), false);
  t.equal(matches('{ $.n = * }', { n: null }), false);
  t.equal(matches('{ $.n != * }', { n: 'x' }), false);
  // FPS: "Use the asterisk as a wild card to match numbers": { $.errorCode = 4* }.
  t.equal(matches('{ $.errorCode = 4* }', { errorCode: 404 }), true);
  t.equal(matches('{ $.errorCode = 4* }', { errorCode: 500 }), false);
  t.equal(matches('{ $.sourceIPAddress != 123.123.* }', { sourceIPAddress: '123.123.0.1' }), false);
});

t.test('numbers: integers, decimals, signs, exponents; numeric comparison', async (t) => {
  // DOC2021 "Numeric comparisons": { $.latency >= 500 }, { $.numbers[0] < 10e3 }, { $.latency > +1000 }, ...
  t.equal(matches('{ $.latency >= 500 }', { latency: 500 }), true);
  t.equal(matches('{ $.latency >= 500 }', { latency: 499.9 }), false);
  t.equal(matches('{ $.numbers[0] < 10e3 }', { numbers: [9999] }), true);
  t.equal(matches('{ $.numbers[0] < 10e-3 }', { numbers: [0.001] }), true);
  t.equal(matches('{ $.numbers[0] < 10e-3 }', { numbers: [0.01] }), false);
  t.equal(matches('{ $.processes[4].averageRuntime <= 55.5 }', { processes: [0, 0, 0, 0, { averageRuntime: 55.5 }] }), true);
  t.equal(matches('{ $.errorCode = 400 }', { errorCode: 400 }), true);
  t.equal(matches('{ $.errorCode != 500 }', { errorCode: 400 }), true);
  t.equal(matches('{ $.latency > +1000 }', { latency: 1001 }), true);
  t.equal(matches('{ $.t < -5 }', { t: -6 }), true);
  t.equal(matches('{ $.t > -5.5 }', { t: -5 }), true);
  t.equal(matches('{ $.n = 1e+3 }', { n: 1000 }), true);
  t.equal(matches('{ $.n = 10000 }', { n: 1e4 }), true, 'numeric, not textual');
  t.equal(matches('{ $.n = 400 }', { n: 400.0 }), true);
  t.equal(matches('{ $.n = 400.5 }', { n: 400 }), false);
  t.equal(matches('{ $.n=1.5E2 }', { n: 150 }), true);
});

t.test('numbers against strings (docs silent: coerce when the string is a number)', async (t) => {
  t.equal(matches('{ $.recipientAccountId = 111122223333 }', { recipientAccountId: '111122223333' }), true);
  t.equal(matches('{ $.latency > 100 }', { latency: '250' }), true);
  t.equal(matches('{ $.latency > 100 }', { latency: 'slow' }), false);
  t.equal(matches('{ $.latency = 100 }', { latency: 'slow' }), false);
  t.equal(matches('{ $.latency != 100 }', { latency: 'slow' }), true, 'a string that is not a number differs from any number');
  t.equal(matches('{ $.code = "400" }', { code: 400 }), true, 'a quoted value compares with the number as text');
  t.equal(matches('{ $.code = "400.0" }', { code: 400 }), false);
});

t.test('missing properties: every comparison is false, != included', async (t) => {
  // DevelopersIO (tested): a missing field makes != false; azul#5884: invokedBy != x does not match rows without invokedBy.
  t.equal(matches('{ $.user.phone != "080" }', { user: {} }), false);
  t.equal(matches('{ $.userIdentity.invokedBy != "cloudfront.amazonaws.com" }', { userIdentity: { type: 'Root' } }), false);
  t.equal(matches('{ $.a = 1 }', {}), false);
  t.equal(matches('{ $.a < 1 }', {}), false);
  t.equal(matches('{ $.a IS NULL }', {}), false, 'IS NULL is false for a missing property (DOC2021)');
  t.equal(matches('{ $.a IS TRUE }', {}), false);
  t.equal(matches('{ $.a IS FALSE }', {}), false);
  t.equal(matches('{ ($.a != "x") || ($.a NOT EXISTS) }', {}), true, 'the documented workaround');
  // DOC2021: "If arrayKey is not an array this will be false"; items that are not objects: false.
  t.equal(matches('{ $.arrayKey[0] = "value" }', { arrayKey: 'value' }), false);
  t.equal(matches('{ $.arrayKey[5] = "value" }', { arrayKey: ['value'] }), false);
  t.equal(matches('{ $.objectList[0].id = 1 }', { objectList: [1, 2] }), false);
  t.equal(matches('{ $.a.b = 1 }', { a: null }), false, 'a path through null is missing');
  t.equal(matches('{ $.a.b NOT EXISTS }', { a: null }), true);
  t.equal(matches('{ $.a.b NOT EXISTS }', { a: [{ b: 1 }] }), true, 'a property of an array is missing');
});

t.test('arrays, objects, null and booleans are not values: = and != both fail', async (t) => {
  // DOC2021: both {$.users = 1} and {$.users != 1} fail to match when users is an array.
  t.equal(matches('{ $.users = 1 }', { users: [1, 2, 3] }), false);
  t.equal(matches('{ $.users != 1 }', { users: [1, 2, 3] }), false);
  t.equal(matches('{ $.user != 1 }', { user: { id: 1 } }), false);
  t.equal(matches('{ $.flag = true }', { flag: true }), false, 'booleans are tested with IS TRUE');
  t.equal(matches('{ $.flag != false }', { flag: true }), false);
  t.equal(matches('{ $.x = null }', { x: null }), false);
  t.equal(matches('{ $.x != "y" }', { x: null }), false);
  t.equal(matches('{ $.flag = "true" }', { flag: 'true' }), true, 'the string "true" is an ordinary value');
});

t.test('IS TRUE / IS FALSE / IS NULL / NOT EXISTS', async (t) => {
  t.equal(matches('{ $.f IS TRUE }', { f: true }), true);
  t.equal(matches('{ $.f IS TRUE }', { f: 'true' }), false, 'the string "true" is not a boolean');
  t.equal(matches('{ $.f IS FALSE }', { f: false }), true);
  t.equal(matches('{ $.f IS FALSE }', { f: 0 }), false);
  t.equal(matches('{ $.f IS NULL }', { f: null }), true);
  t.equal(matches('{ $.f IS NULL }', { f: 'null' }), false);
  t.equal(matches('{ $.f NOT EXISTS }', { f: null }), false, 'present with null: it exists');
  t.equal(matches('{ $.f NOT EXISTS }', { f: '' }), false);
  t.equal(matches('{ $.f NOT EXISTS }', { f: {} }), false);
  t.equal(matches('{ $.f NOT EXISTS }', { g: 1 }), true);
});

t.test('%regex% values: unanchored search in the value, case-sensitive', async (t) => {
  // FPS: { $.eventType = %Trail% }.
  t.equal(matches('{ $.eventType = %Trail% }', doc), true);
  t.equal(matches('{ $.eventType = %^Trail% }', doc), false);
  t.equal(matches('{ $.eventType != %Trail% }', doc), false);
  t.equal(matches('{ $.eventType = %trail% }', doc), false);
  t.equal(matches('{ $.code = %^4\\d\\d$% }', { code: 404 }), true, 'numbers are searched as their text');
  t.equal(matches('{ $.missing != %x% }', {}), false);
  // A regex inside quotes is a literal (aws/aws-cdk#30451).
  t.equal(matches('{ $.foo = "%bar%" }', { foo: 'bar' }), false);
  t.equal(matches('{ $.foo = "%bar%" }', { foo: '%bar%' }), true);
});

t.test('wildcard selectors [*] and .* hold when some selected node satisfies the condition', async (t) => {
  // FPS: { $.arrayKey[*] = %val.{2}% } and { $.* = %111\.111\.111\.111% }.
  t.equal(matches('{ $.arrayKey[*] = %val.{2}% }', doc), true);
  t.equal(matches('{ $.* = %111\\.111\\.111\\.111% }', doc), true);
  t.equal(matches('{ $.objectList[*].id = 2 }', doc), true);
  t.equal(matches('{ $.objectList[*].id = 3 }', doc), false);
  t.equal(matches('{ $.objectList[*].id != 1 }', doc), true, 'some element differs (docs silent)');
  t.equal(matches('{ $.objectList[*].zzz NOT EXISTS }', doc), true, 'NOT EXISTS: the selector selects nothing');
  t.equal(matches('{ $.objectList[*].id NOT EXISTS }', doc), false);
  t.equal(matches('{ $.eventType[*] = "UpdateTrail" }', doc), false, '[*] on a non-array selects nothing');
});

t.test('bracket notation for keys with dots', async (t) => {
  // FPS: $.['cluster.name'] is the key "cluster.name"; $.cluster.name is nested.
  const e = { 'cluster.name': 'a', cluster: { name: 'b' } };
  t.equal(matches("{ $.['cluster.name'] = a }", e), true);
  t.equal(matches("{ $['cluster.name'] = a }", e), true);
  t.equal(matches('{ $.cluster.name = b }', e), true);
  t.equal(matches('{ $.cluster.name = a }', e), false);
  t.equal(matches("{ $.requestParameters['aws:SourceIp'] = 1.2.3.4 }", { requestParameters: { 'aws:SourceIp': '1.2.3.4' } }), true);
});

t.test('non-JSON events never match a JSON pattern (NOT EXISTS included)', async (t) => {
  t.equal(matches('{ $.a NOT EXISTS }', 'plain text'), false);
  t.equal(matches('{ $.a NOT EXISTS }', 'START RequestId: 1 {"b":1}'), false, 'JSON after a text prefix');
  t.equal(matches('{ $.a NOT EXISTS }', '[1,2]'), false, 'a top-level array');
  t.equal(matches('{ $.a NOT EXISTS }', '"text"'), false);
  t.equal(matches('{ $.a NOT EXISTS }', '{"b":1'), false, 'truncated JSON');
  t.equal(matches('{ $.a NOT EXISTS }', '{"b":1}'), true);
  t.equal(matches('{ $.a = 1 }', '  {"a":1}  '), true, 'surrounding whitespace is fine');
});

t.test('whitespace and line breaks between tokens are free', async (t) => {
  t.equal(matches('{$.a=1&&$.b!="x"}', { a: 1, b: 'y' }), true);
  t.equal(matches('{\n  $.a = 1\n  && $.b = 2\n}', { a: 1, b: 2 }), true);
  t.equal(matches('  { $.a = 1 }  ', { a: 1 }), true);
});

t.test('extract() reports the wildcard-free selectors that resolve to values', async (t) => {
  const p = parseFilterPattern('{ $.a = 1 && $.b.c = * && $.missing NOT EXISTS && $.flag IS TRUE && $.o NOT EXISTS || $.arr[*] = 1 }');
  t.same(p.extract(JSON.stringify({ a: 1, b: { c: 'x' }, flag: true })), { '$.a': '1', '$.b.c': 'x', '$.flag': 'true' });
  t.equal(p.extract(JSON.stringify({ a: 2 })), null);
  t.equal(p.extract('not json'), null);
});
