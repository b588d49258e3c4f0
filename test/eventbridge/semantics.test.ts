// Semantic table: one case per rule of the EventBridge digest (../shared/docs/eventbridge-patterns.md §3),
// each citing the rule it pins. `match` is what EventBridge's TestEventPattern answers (the digest's
// sources: AWS user guide, aws/event-ruler, LocalStack's AWS-validated templates).
import t from 'tap';
import { EventPatternError, parseEventPattern } from '../../src/dialects/eventbridge/index.js';

interface Case {
  readonly rule: string;
  readonly pattern: string;
  readonly event: object;
  readonly match: boolean;
}

const cases: Case[] = [
  // Structure
  { rule: 'P1 fields are ANDed', pattern: '{"a":["x"],"b":["y"]}', event: { a: 'x', b: 'z' }, match: false },
  { rule: 'P1 matchers are ORed', pattern: '{"a":["x","y"]}', event: { a: 'y' }, match: true },
  { rule: 'P1 unnamed event fields are ignored', pattern: '{"a":["x"]}', event: { a: 'x', other: 1 }, match: true },
  { rule: 'P2 key names are case-sensitive', pattern: '{"MY_KEY":["v"]}', event: { my_key: 'v' }, match: false },
  { rule: 'P3 a leaf test does not match an object', pattern: '{"k":[{"exists":true}]}', event: { k: { S: 'x' } }, match: false },
  { rule: 'P3 nested pattern reaches the leaf', pattern: '{"k":{"S":[{"exists":true}]}}', event: { k: { S: 'x' } }, match: true },
  { rule: 'P4 a JSON string holding JSON is a string', pattern: '{"detail":{"my-key":["my-value"]}}', event: { detail: '{"my-key": "my-value"}' }, match: false },
  { rule: 'P5 dotted pattern key matches nested event', pattern: '{"detail":{"state.status":["running"]}}', event: { detail: { state: { status: 'running' } } }, match: true },
  { rule: 'P5 nested pattern matches dotted event key', pattern: '{"detail":{"state":{"status":["running"]}}}', event: { detail: { 'state.status': 'running' } }, match: true },
  // Literals
  { rule: 'P8 strings match exactly', pattern: '{"t":["Root"]}', event: { t: 'root' }, match: false },
  { rule: 'P9 numbers compare by value', pattern: '{"n":[300]}', event: { n: 300.0 }, match: true },
  { rule: 'P9 3.0e2 is 300', pattern: '{"n":[3.0e2]}', event: { n: 300 }, match: true },
  { rule: 'P10 a number does not match its string', pattern: '{"n":[300]}', event: { n: '300' }, match: false },
  { rule: 'P10 a string does not match the number', pattern: '{"n":["300"]}', event: { n: 300 }, match: false },
  { rule: 'P10 true does not match "true"', pattern: '{"b":[true]}', event: { b: 'true' }, match: false },
  { rule: 'P10 null does not match "null"', pattern: '{"b":[null]}', event: { b: 'null' }, match: false },
  { rule: 'P10 false does not match true', pattern: '{"b":[false]}', event: { b: true }, match: false },
  { rule: 'P11 null matches null', pattern: '{"b":[null]}', event: { b: null }, match: true },
  { rule: 'P11 "" does not match null', pattern: '{"b":[""]}', event: { b: null }, match: false },
  { rule: 'P11 "" matches ""', pattern: '{"b":[""]}', event: { b: '' }, match: true },
  { rule: 'P12 "*" is a literal asterisk', pattern: '{"e":["*"]}', event: { e: 'ConsoleLogin' }, match: false },
  { rule: 'P12 "*" matches an asterisk', pattern: '{"e":["*"]}', event: { e: '*' }, match: true },
  // Arrays in the event
  { rule: 'P13 any element', pattern: '{"r":["b"]}', event: { r: ['a', 'b'] }, match: true },
  { rule: 'P14 empty array is absent (exists)', pattern: '{"r":[{"exists":true}]}', event: { r: [] }, match: false },
  { rule: 'P14 empty array is absent (null)', pattern: '{"r":[null]}', event: { r: [] }, match: false },
  { rule: 'P15 arrays of objects are flattened', pattern: '{"automations":{"id":[{"exists":true}]}}', event: { automations: [{ key1: 'v' }, { id: 'x' }] }, match: true },
  {
    rule: 'P16 array consistency: different elements do not combine',
    pattern: '{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}',
    event: { employees: [{ firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Bob', lastName: 'Jones' }] },
    match: false,
  },
  {
    rule: 'P16 array consistency: the same element matches',
    pattern: '{"employees":{"firstName":["Anna"],"lastName":["Jones"]}}',
    event: { employees: [{ firstName: 'Bob', lastName: 'Jones' }, { firstName: 'Anna', lastName: 'Jones' }] },
    match: true,
  },
  // Operators
  { rule: 'P17 prefix', pattern: '{"r":[{"prefix":"us-"}]}', event: { r: 'us-east-1' }, match: true },
  { rule: 'P17 prefix never matches a number', pattern: '{"r":[{"prefix":"1"}]}', event: { r: 123 }, match: false },
  { rule: 'P17 empty prefix matches every string', pattern: '{"r":[{"prefix":""}]}', event: { r: 'x' }, match: true },
  { rule: 'P18 suffix', pattern: '{"f":[{"suffix":".png"}]}', event: { f: 'a.png' }, match: true },
  { rule: 'P19 equals-ignore-case', pattern: '{"t":[{"equals-ignore-case":"root"}]}', event: { t: 'Root' }, match: true },
  { rule: 'P19 equals-ignore-case "" matches only ""', pattern: '{"t":[{"equals-ignore-case":""}]}', event: { t: 'x' }, match: false },
  { rule: 'P19 prefix ignoring case', pattern: '{"t":[{"prefix":{"equals-ignore-case":"ALI"}}]}', event: { t: 'alice' }, match: true },
  { rule: 'P19 suffix ignoring case', pattern: '{"t":[{"suffix":{"equals-ignore-case":"CE"}}]}', event: { t: 'alice' }, match: true },
  { rule: 'P20 wildcard', pattern: '{"a":[{"wildcard":"arn:aws:iam::*:root"}]}', event: { a: 'arn:aws:iam::111122223333:root' }, match: true },
  { rule: 'P20 wildcard escaped asterisk is literal', pattern: '{"a":[{"wildcard":"a\\\\*b"}]}', event: { a: 'axb' }, match: false },
  { rule: 'P20 empty wildcard matches only ""', pattern: '{"a":[{"wildcard":""}]}', event: { a: 'x' }, match: false },
  { rule: 'P21 numeric range', pattern: '{"n":[{"numeric":[">",0,"<=",5]}]}', event: { n: 5 }, match: true },
  { rule: 'P21 101.0 satisfies > 100', pattern: '{"n":[{"numeric":[">",100]}]}', event: { n: 101.0 }, match: true },
  { rule: 'P21 numeric never matches a string', pattern: '{"n":[{"numeric":[">",100]}]}', event: { n: '300' }, match: false },
  { rule: 'P21 numeric never matches null', pattern: '{"n":[{"numeric":["<",100]}]}', event: { n: null }, match: false },
  { rule: 'P22 cidr v4', pattern: '{"ip":[{"cidr":"10.0.0.0/24"}]}', event: { ip: '10.0.0.255' }, match: true },
  { rule: 'P22 cidr v4 outside', pattern: '{"ip":[{"cidr":"10.0.0.0/24"}]}', event: { ip: '10.0.1.0' }, match: false },
  { rule: 'P22 cidr v6 compares the address', pattern: '{"ip":[{"cidr":"2001:db8:1234:1a00::/64"}]}', event: { ip: '2001:0db8:1234:1a00:0000:0000:0000:0001' }, match: true },
  { rule: 'P22 cidr: a number never matches', pattern: '{"ip":[{"cidr":"10.0.0.0/8"}]}', event: { ip: 10 }, match: false },
  { rule: 'P22 cidr: a service name never matches', pattern: '{"ip":[{"cidr":"0.0.0.0/0"}]}', event: { ip: 'iam.amazonaws.com' }, match: false },
  { rule: 'P23 exists true counts null as present', pattern: '{"p":[{"exists":true}]}', event: { p: null }, match: true },
  { rule: 'P23 exists false on a null leaf', pattern: '{"p":[{"exists":false}]}', event: { p: null }, match: false },
  { rule: 'P23 exists false on a missing field', pattern: '{"p":[{"exists":false}]}', event: {}, match: true },
  { rule: 'P23 exists false on an object counts it absent', pattern: '{"p":[{"exists":false}]}', event: { p: { q: 1 } }, match: true },
  { rule: 'P23 exists false on an empty array', pattern: '{"p":[{"exists":false}]}', event: { p: [] }, match: true },
  { rule: 'P24 anything-but a string', pattern: '{"s":[{"anything-but":"x"}]}', event: { s: 'y' }, match: true },
  { rule: 'P24 anything-but needs a leaf', pattern: '{"s":[{"anything-but":"x"}]}', event: {}, match: false },
  { rule: 'P24 anything-but matches null', pattern: '{"s":[{"anything-but":{"prefix":"x"}}]}', event: { s: null }, match: true },
  { rule: 'P24 anything-but matches the other type', pattern: '{"s":[{"anything-but":{"prefix":"init"}}]}', event: { s: 12 }, match: true },
  { rule: 'P24 anything-but numbers vs a string', pattern: '{"s":[{"anything-but":[1,2]}]}', event: { s: '1' }, match: true },
  { rule: 'P24 anything-but numbers by value', pattern: '{"s":[{"anything-but":[1,2]}]}', event: { s: 2.0 }, match: false },
  { rule: 'P24 anything-but on an array: one element not excluded', pattern: '{"s":[{"anything-but":"x"}]}', event: { s: ['x', 'y'] }, match: true },
  { rule: 'P24 anything-but on an array: all excluded', pattern: '{"s":[{"anything-but":"x"}]}', event: { s: ['x'] }, match: false },
  { rule: 'P24 anything-but suffix list', pattern: '{"s":[{"anything-but":{"suffix":[".a",".b"]}}]}', event: { s: 'f.b' }, match: false },
  { rule: 'P24 anything-but equals-ignore-case', pattern: '{"m":[{"anything-but":{"equals-ignore-case":"yes"}}]}', event: { m: 'YES' }, match: false },
  { rule: 'P24 anything-but empty wildcard matches non-empty strings', pattern: '{"s":[{"anything-but":{"wildcard":""}}]}', event: { s: 'a' }, match: true },
  { rule: 'P25 exists ORed with prefix', pattern: '{"s":[{"exists":true},{"prefix":"IGNORED"}]}', event: { s: 'x' }, match: true },
  { rule: 'P25 numeric ORed with anything-but', pattern: '{"s":[{"numeric":[">",100]},{"anything-but":"101"}]}', event: { s: '42' }, match: true },
  { rule: 'P25 anything-but ORed with exists false', pattern: '{"s":[{"anything-but":["roses"]},{"exists":false}]}', event: {}, match: true },
  // $or
  { rule: 'P28 $or: one branch', pattern: '{"a":["1"],"$or":[{"b":["2"]},{"c":["3"]}]}', event: { a: '1', c: '3' }, match: true },
  { rule: 'P28 $or: siblings are ANDed', pattern: '{"a":["1"],"$or":[{"b":["2"]},{"c":["3"]}]}', event: { a: '0', c: '3' }, match: false },
  { rule: 'P28 $or nested in an object', pattern: '{"detail":{"$or":[{"x":["1"]},{"y":["2"]}]}}', event: { detail: { y: '2' } }, match: true },
  { rule: 'P29 $or holding an object is a plain field', pattern: '{"$or":{"a":["1"]}}', event: { $or: { a: '1' } }, match: true },
  // Text of the pattern
  {
    rule: 'P31 the last duplicate key wins',
    pattern: '{"location":[{"prefix":"us-"}],"location":[{"anything-but":"us-east"}]}',
    event: { location: 'eu-central-1' },
    match: true,
  },
];

for (const c of cases) {
  t.equal(parseEventPattern(c.pattern).matches(c.event), c.match, `${c.rule}: ${c.pattern}`);
}

t.test('a parsed value compiles like its text', async (t) => {
  const value = { detail: { userIdentity: { type: ['Root'] } } };
  t.equal(parseEventPattern(value).matches({ detail: { userIdentity: { type: 'Root' } } }), true);
});

// P34: InvalidEventPatternException reasons, as AWS returns them.
const errors: [rule: string, pattern: string, reason: string | RegExp][] = [
  ['P6 scalar value', '{"int": 42}', '"int" must be an object or an array'],
  ['P6 scalar string', '{"type": "Root"}', '"type" must be an object or an array'],
  ['P6 empty array', '{"a": []}', 'Empty arrays are not allowed'],
  ['P6 empty object', '{"a": {}}', 'Empty objects are not allowed'],
  ['P7 not an object', '["a"]', 'Filter is not an object'],
  ['P7 not JSON', "{'a': ['b']}", /^expected a key in double quotes/],
  ['P17 prefix value type', '{"a":[{"prefix":123}]}', 'prefix match pattern must be a string'],
  ['P18 suffix value type', '{"a":[{"suffix":["x"]}]}', 'suffix match pattern must be a string'],
  ['P19 equals-ignore-case value type', '{"a":[{"equals-ignore-case":1}]}', 'equals-ignore-case match pattern must be a string'],
  ['P20 consecutive wildcards', '{"a":[{"wildcard":"a**b"}]}', 'Consecutive wildcard characters at pos 2'],
  ['P20 bad escape', '{"a":[{"wildcard":"a\\\\nb"}]}', 'Invalid escape character at pos 1'],
  ['P21 operator case', '{"a":[{"NUMERIC":[">",1]}]}', 'Unrecognized match type NUMERIC'],
  ['P21 not an array', '{"a":[{"numeric":">"}]}', 'Value of numeric must be an array.'],
  ['P21 missing value', '{"a":[{"numeric":["<"]}]}', 'Value of < must be numeric'],
  ['P21 two lower bounds', '{"a":[{"numeric":[">",1,">",2]}]}', 'Bad numeric range operator: >'],
  ['P21 overflow', '{"a":[{"numeric":[">",1E309]}]}', 'Cannot compare number'],
  ['P36 underflow', '{"a":[1E-325]}', 'Cannot compare number'],
  ['P22 no slash', '{"a":[{"cidr":"10.0.0.1"}]}', "Malformed CIDR, one '/' required"],
  ['P22 bad mask', '{"a":[{"cidr":"10.0.0.0/x"}]}', 'Malformed CIDR, mask bits must be an integer'],
  ['P22 bad address', '{"a":[{"cidr":"10.0.0.256/8"}]}', 'Nonstandard IP address: 10.0.0.256'],
  ['P23 exists as a string', '{"a":[{"exists":"false"}]}', 'exists match pattern must be either true or false.'],
  ['P24 mixed list', '{"a":[{"anything-but":["a",1]}]}', 'Inside anything but list, either all values are number or string, mixed type is not permitted'],
  ['P24 null in list', '{"a":[{"anything-but":["a",null]}]}', 'Inside anything but list, start|null|boolean is not supported.'],
  ['P24 null value', '{"a":[{"anything-but":null}]}', 'Value of anything-but must be an array or single string/number value.'],
  ['P24 empty prefix', '{"a":[{"anything-but":{"prefix":""}}]}', 'Null prefix/suffix not allowed'],
  ['P24 number under equals-ignore-case', '{"a":[{"anything-but":{"equals-ignore-case":[1]}}]}', 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'],
  ['P24 unknown key', '{"a":[{"anything-but":{"foo":"x"}}]}', 'Unsupported anything-but pattern: foo'],
  ['P26 two keys', '{"a":[{"prefix":"x","suffix":"y"}]}', 'Only one key allowed in match expression'],
  ['P26 unknown operator', '{"a":[{"exactly":"x"}]}', 'Unrecognized match type exactly'],
  ['P29 one-element $or', '{"$or":[{"metricName":["x"]}]}', 'Unrecognized match type metricName'],
];
for (const [rule, pattern, reason] of errors) {
  t.test(rule, async (t) => {
    const e = t.throws(() => parseEventPattern(pattern)) as unknown;
    t.type(e, EventPatternError);
    if (e instanceof EventPatternError) {
      if (typeof reason === 'string') t.equal(e.reason, reason);
      else t.match(e.reason, reason);
      t.ok(e.offset >= 0, 'the error has a position');
    }
  });
}

t.test('P30 more than 1000 $or combinations', async (t) => {
  const or = (k: string, n: number): string => `"$or":[${Array.from({ length: n }, (_, i) => `{"${k}":["${i}"]}`).join(',')}]`;
  t.doesNotThrow(() => parseEventPattern(`{"x":{${or('a', 10)}},"y":{${or('b', 100)}}}`), '10 × 100 = 1000');
  t.throws(() => parseEventPattern(`{"x":{${or('a', 11)}},"y":{${or('b', 100)}}}`), EventPatternError, '11 × 100');
});

t.test('P33 pattern length', async (t) => {
  const long = `{"a":["${'x'.repeat(4100)}"]}`;
  t.throws(() => parseEventPattern(long), EventPatternError);
});

t.test('the error offset points at the offending value', async (t) => {
  try {
    parseEventPattern('{"detail": {\n  "type": "Root"\n}}');
    t.fail('should throw');
  } catch (e) {
    t.equal((e as EventPatternError).offset, '{"detail": {\n  "type": '.length);
  }
});
