// Value modifiers: sigma-appendix-modifiers.md v2.1 (section named per test) and
// sigma-rules-specification.md "Value Modifiers".
// https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-appendix-modifiers.md
import t from 'tap';
import { parseSigmaRule } from '../../src/dialects/sigma/index.js';
import { base64Offsets } from '../../src/dialects/sigma/compile/encode.js';
import { dedent, parseError, rule, ruleText } from './helpers.js';

/** One item `key: value` in a selection. */
function item(key: string, value: string): ReturnType<typeof rule> {
  return rule(`
    selection:
        ${key}: ${value}
    condition: selection
  `);
}

t.test('contains / startswith / endswith (Generic Modifiers)', async (t) => {
  const c = item('userAgent|contains', "'S3 Browser'");
  t.ok(c.matches({ userAgent: 'S3 Browser 9.5.5 https://s3browser.com' }));
  t.ok(c.matches({ userAgent: 'x s3 browser' }), 'case-insensitive');
  t.notOk(c.matches({ userAgent: 'S3Browser' }));
  const inner = item('userAgent|contains', "'aws-cli/*Python'");
  t.ok(inner.matches({ userAgent: 'x aws-cli/2.1 Python/3' }), 'inner wildcards still work');
  const s = item('eventName|startswith', "'Delete'");
  t.ok(s.matches({ eventName: 'DeleteTrail' }));
  t.notOk(s.matches({ eventName: 'UndeleteTrail' }));
  const e = item('userIdentity.arn|endswith', "':root'");
  t.ok(e.matches({ userIdentity: { arn: 'arn:aws:iam::123456789012:root' } }));
  t.notOk(e.matches({ userIdentity: { arn: 'arn:aws:iam::123456789012:root/x' } }));
  const star = item('f|contains', "'*x*'");
  t.ok(star.matches({ f: 'axb' }), 'existing outer * are not doubled');
  const num = item('f|contains', '404');
  t.ok(num.matches({ f: 'error 404 here' }), 'a number is searched as its text');
});

t.test('all: a value list becomes AND; not allowed on a single value (Generic Modifiers)', async (t) => {
  const r = item('requestParameters.policyDocument|contains|all', "['s3:GetObject', 'Allow']");
  t.ok(r.matches({ requestParameters: { policyDocument: '{"Effect":"Allow","Action":"s3:GetObject"}' } }));
  t.notOk(r.matches({ requestParameters: { policyDocument: '{"Effect":"Allow"}' } }));
  const e = parseError(ruleText(`
    selection:
        f|all: only
    condition: selection
  `));
  t.equal(e.code, 'TP3006');
  t.match(e.message, "modifier 'all' needs a list of at least two values");
});

t.test('cased: case-sensitive matching (Generic Modifiers)', async (t) => {
  const r = item('userIdentity.type|cased', 'Root');
  t.ok(r.matches({ userIdentity: { type: 'Root' } }));
  t.notOk(r.matches({ userIdentity: { type: 'root' } }));
  const c = item('userAgent|cased|contains', 'Boto3');
  t.ok(c.matches({ userAgent: 'x Boto3/1.0' }));
  t.notOk(c.matches({ userAgent: 'x boto3/1.0' }));
});

t.test('exists: presence only, be it empty or null (Generic Modifiers)', async (t) => {
  const yes = item('userIdentity.invokedBy|exists', 'true');
  t.ok(yes.matches({ userIdentity: { invokedBy: 'signin.amazonaws.com' } }));
  t.ok(yes.matches({ userIdentity: { invokedBy: null } }), 'a null value is present');
  t.ok(yes.matches({ userIdentity: { invokedBy: '' } }));
  t.notOk(yes.matches({ userIdentity: {} }));
  const no = item('userIdentity.invokedBy|exists', 'false');
  t.ok(no.matches({ userIdentity: { type: 'Root' } }));
  t.notOk(no.matches({ userIdentity: { invokedBy: 'x' } }));
  t.equal(parseError(ruleText(`\n    s:\n        f|exists: 'yes'\n    condition: s\n`)).code, 'TP3006', 'needs a boolean');
  t.match(parseError(ruleText(`\n    s:\n        f|exists|contains: true\n    condition: s\n`)).message, "modifier 'exists' must be the only modifier");
});

t.test('neq: different from every value; a missing field is different (Generic Modifiers, v2.1)', async (t) => {
  const r = item('eventType|neq', 'AwsServiceEvent');
  t.ok(r.matches({ eventType: 'AwsApiCall' }));
  t.notOk(r.matches({ eventType: 'awsserviceevent' }));
  t.ok(r.matches({}), 'plain negation: an absent field is different');
  const list = item('eventName|neq', '[A, B]');
  t.notOk(list.matches({ eventName: 'B' }));
  t.ok(list.matches({ eventName: 'C' }));
  const num = item('status|neq', '200');
  t.notOk(num.matches({ status: 200 }));
  t.ok(num.matches({ status: 404 }));
  const ref = item('userIdentity.userName|fieldref|neq', 'requestParameters.userName');
  t.ok(ref.matches({ userIdentity: { userName: 'alice' }, requestParameters: { userName: 'bob' } }));
  t.notOk(ref.matches({ userIdentity: { userName: 'alice' }, requestParameters: { userName: 'Alice' } }));
});

t.test('windash: -, /, en dash, em dash, horizontal bar are interchangeable at word starts (String Modifiers, v2.1)', async (t) => {
  const r = item('cmd|windash|contains', "' -enc '");
  for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) t.ok(r.matches({ cmd: `powershell ${dash}enc abc` }), `dash ${dash}`);
  t.notOk(r.matches({ cmd: 'powershell +enc abc' }));
  const mid = item('f|windash', "'a-b'");
  t.notOk(mid.matches({ f: 'a/b' }), 'a dash inside a word is not a flag');
});

t.test('re: RE2 search, case-sensitive unless i; m and s flags (Regular Expression)', async (t) => {
  const r = item('userIdentity.arn|re', "'.+:assumed-role/aws:.+'");
  t.ok(r.matches({ userIdentity: { arn: 'arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1' } }));
  const search = item('f|re', "'b+c'");
  t.ok(search.matches({ f: 'aabbcdd' }), 'unanchored search (v2.2 draft, docs/sigma.md)');
  const anchored = item('f|re', "'^b+c$'");
  t.notOk(anchored.matches({ f: 'abbc' }));
  t.notOk(item('f|re', "'abc'").matches({ f: 'ABC' }), 'case-sensitive by default');
  t.ok(item('f|re|i', "'abc'").matches({ f: 'xABCx' }));
  t.ok(item('f|re|m', "'^two$'").matches({ f: 'one\ntwo\nthree' }));
  t.notOk(item('f|re', "'^two$'").matches({ f: 'one\ntwo\nthree' }));
  t.ok(item('f|re|s', "'a.b'").matches({ f: 'a\nb' }));
  t.notOk(item('f|re', "'a.b'").matches({ f: 'a\nb' }));
  t.ok(item('f|re', "'(a+)+$'").matches({ f: 'a'.repeat(5000) + 'a' }), 'linear time on a classic ReDoS pattern');
  const look = parseError(ruleText(`\n    s:\n        f|re: 'foo(?=bar)'\n    condition: s\n`));
  t.equal(look.code, 'TP3008');
  t.match(look.message, 'look-around assertions');
  t.match(parseError(ruleText(`\n    s:\n        f|re: '(a)\\1'\n    condition: s\n`)).message, 'backreferences');
  t.match(parseError(ruleText(`\n    s:\n        f|re: '(unclosed'\n    condition: s\n`)).message, 'invalid regular expression');
  t.match(parseError(ruleText(`\n    s:\n        f|re: '(?>a)b'\n    condition: s\n`)).message, 'atomic groups');
  t.match(parseError(ruleText(`\n    s:\n        f|re: 'a*+'\n    condition: s\n`)).message, 'invalid regular expression', 'possessive quantifiers');
  t.match(parseError(ruleText(`\n    s:\n        f|contains|re: 'x'\n    condition: s\n`)).message, "modifier 're' must come before every other value modifier");
  t.match(parseError(ruleText(`\n    s:\n        f|i: 'x'\n    condition: s\n`)).message, "modifier 'i' is a regular expression flag");
});

t.test('base64 and base64offset (Encoding)', async (t) => {
  t.same(base64Offsets('/bin/bash', false), ['L2Jpbi9iYXNo', '9iaW4vYmFza', 'vYmluL2Jhc2'], 'same cut as pySigma');
  const plain = item('f|base64', "'/bin/bash'");
  t.ok(plain.matches({ f: 'L2Jpbi9iYXNo' }));
  const offset = item('userData|base64offset|contains', "'/bin/bash'");
  for (const prefix of ['', ' ', '  ']) {
    const encoded = Buffer.from(`${prefix}/bin/bash -c id`).toString('base64');
    t.ok(offset.matches({ userData: encoded }), `found at byte offset ${prefix.length}`);
  }
  t.notOk(offset.matches({ userData: Buffer.from('/bin/sh').toString('base64') }));
  const e = parseError(ruleText(`\n    s:\n        f|base64: 'a*'\n    condition: s\n`));
  t.match(e.message, "modifier 'base64' cannot encode wildcards");
});

t.test('utf16le / wide / utf16be / utf16 before base64 (Encoding)', async (t) => {
  t.ok(item('f|utf16le|base64', 'cmd').matches({ f: 'YwBtAGQA' }));
  t.ok(item('f|wide|base64', 'cmd').matches({ f: 'YwBtAGQA' }), 'wide = utf16le');
  t.ok(item('f|utf16be|base64', 'cmd').matches({ f: 'AGMAbQBk' }));
  t.ok(item('f|utf16|base64', 'cmd').matches({ f: '//5jAG0AZAA=' }), 'utf16 = byte order mark FF FE + little endian');
  t.ok(item('f|wide|base64offset|contains', "'cmd'").matches({ f: Buffer.from('x\0cmd'.split('').join('\0') + '\0', 'latin1').toString('base64') }));
});

t.test('gt / gte / lt / lte (Numeric Modifiers)', async (t) => {
  const r = item('responseElements.count|gt', '10');
  t.ok(r.matches({ responseElements: { count: 11 } }));
  t.ok(r.matches({ responseElements: { count: '10.5' } }), 'a numeric string compares as a number');
  t.notOk(r.matches({ responseElements: { count: 10 } }));
  t.notOk(r.matches({ responseElements: { count: 'many' } }));
  t.ok(item('n|gte', '10').matches({ n: 10 }));
  t.ok(item('n|lt', '0').matches({ n: -1 }));
  t.ok(item('n|lte', '1.5').matches({ n: 1.5 }));
  const e = parseError(ruleText(`\n    s:\n        n|gt: '100'\n    condition: s\n`));
  t.equal(e.code, 'TP3006');
  t.match(e.message, "modifier 'gt' needs a number, found the string '100' (numbers are written without quotes)");
});

t.test('minute / hour / day / week / month / year (Time Modifiers, v2.1)', async (t) => {
  const record = { eventTime: '2024-12-30T23:45:10Z' };
  t.ok(item('eventTime|minute', '45').matches(record));
  t.ok(item('eventTime|hour', '23').matches(record), 'no timezone conversion');
  t.ok(item('eventTime|day', '30').matches(record));
  t.ok(item('eventTime|week', '1').matches(record), 'ISO 8601 week: 2024-12-30 is in week 1 of 2025');
  t.ok(item('eventTime|month', '12').matches(record));
  t.ok(item('eventTime|year', '2024').matches(record));
  t.notOk(item('eventTime|hour', '22').matches(record));
  t.ok(item('eventTime|hour|neq', '[9, 10, 11]').matches(record));
  t.notOk(item('eventTime|hour', '0').matches({ eventTime: 'yesterday' }));
});

t.test('cidr: IPv4 and IPv6 networks, strict like pySigma (IP Modifiers)', async (t) => {
  const v4 = item('sourceIPAddress|cidr', '10.0.0.0/8');
  t.ok(v4.matches({ sourceIPAddress: '10.1.2.3' }));
  t.notOk(v4.matches({ sourceIPAddress: '11.1.2.3' }));
  t.notOk(v4.matches({ sourceIPAddress: 'AWS Internal' }), 'not an address: no match');
  t.notOk(v4.matches({ sourceIPAddress: '010.1.2.3' }));
  const list = item('sourceIPAddress|cidr', "['192.168.0.0/16', '2001:db8::/32']");
  t.ok(list.matches({ sourceIPAddress: '192.168.9.9' }));
  t.ok(list.matches({ sourceIPAddress: '2001:DB8:1::5' }));
  t.notOk(list.matches({ sourceIPAddress: '2001:db9::1' }));
  t.ok(item('ip|cidr', "'::ffff:0:0/96'").matches({ ip: '::ffff:1.2.3.4' }), 'embedded IPv4 in IPv6');
  const e = parseError(ruleText(`\n    s:\n        ip|cidr: 10.0.0.1/8\n    condition: s\n`));
  t.equal(e.code, 'TP3009');
  t.match(e.message, 'host bits set');
  t.match(parseError(ruleText(`\n    s:\n        ip|cidr: 10.0.0.0/33\n    condition: s\n`)).message, 'invalid prefix length');
});

t.test('expand: placeholders from a pipeline; unresolved ones are errors (Specific Modifiers; RULES "Placeholders")', async (t) => {
  const text = ruleText(`
    selection:
        userIdentity.userName|expand: '%admins%'
        eventName|expand: '\\%literal%'
    condition: selection
  `);
  const pipeline = { path: 'p.yml', text: dedent(`
    name: admins
    vars:
        admins: [alice, 'svc-*']
    transformations:
        - type: value_placeholders
  `) };
  const r = parseSigmaRule(text, { fieldMappings: [pipeline] });
  t.ok(r.matches({ userIdentity: { userName: 'alice' }, eventName: '%literal%' }));
  t.ok(r.matches({ userIdentity: { userName: 'svc-backup' }, eventName: '%literal%' }), 'placeholder values may hold wildcards');
  t.notOk(r.matches({ userIdentity: { userName: 'bob' }, eventName: '%literal%' }));
  const e = parseError(text);
  t.equal(e.code, 'TP3012');
  t.match(e.message, 'placeholder %admins% is not defined by any pipeline');
  const literal = item('f', "'%admins%'");
  t.ok(literal.matches({ f: '%admins%' }), 'without expand, %name% is literal');
});

t.test('fieldref: compare with another field of the record (Specific Modifiers)', async (t) => {
  const r = item('userIdentity.userName|fieldref', 'requestParameters.userName');
  t.ok(r.matches({ userIdentity: { userName: 'Alice' }, requestParameters: { userName: 'alice' } }));
  t.notOk(r.matches({ userIdentity: { userName: 'alice' }, requestParameters: { userName: 'bob' } }));
  t.notOk(r.matches({ userIdentity: { userName: 'alice' } }), 'absent referenced field: no match');
  const c = item('userIdentity.arn|fieldref|endswith', 'requestParameters.userName');
  t.ok(c.matches({ userIdentity: { arn: 'arn:aws:iam::1:user/alice' }, requestParameters: { userName: 'alice' } }));
  const cased = item('a|fieldref|cased', 'b');
  t.notOk(cased.matches({ a: 'X', b: 'x' }));
  t.match(parseError(ruleText(`\n    s:\n        a|fieldref: 'b*'\n    condition: s\n`)).message, 'must not contain wildcards');
});

t.test('unknown and repeated modifiers are errors pointing at the modifier (RULES "Value Modifiers")', async (t) => {
  const e = parseError('title: M\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  s:\n    eventName|contians: Console\n  condition: s\n');
  t.equal(e.code, 'TP3005');
  t.equal(e.line, 5);
  t.equal(e.column, 15, 'column of the modifier name in the key');
  t.match(e.message, "unknown modifier 'contians'");
  t.match(parseError(ruleText(`\n    s:\n        f|contains|contains: x\n    condition: s\n`)).message, "modifier 'contains' is repeated");
});
