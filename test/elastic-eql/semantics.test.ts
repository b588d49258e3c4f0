// EQL semantics as Elasticsearch runs them, one table row per rule of the reference notes
// (shared/docs/elastic-rules.md §4, "Q<n>"; EQLSYN = Elasticsearch's EQL syntax reference, EQLFN = its
// function reference), on ECS documents written here. Decisions where the notes are open: docs/elastic.md "EQL".
import t from 'tap';
import { compileQuery, EqlCode, EqlRuleError, parseEql, parseEqlRule } from '../../src/dialects/elastic/eql/index.js';
import { prng } from '../helpers/prng.js';
import type { ParseEqlRuleOptions } from '../../src/dialects/elastic/eql/index.js';

// A small mapping in the shape of the aws.cloudtrail data stream (elastic-rules.md §2.2).
const TYPES: Record<string, string> = {
  '@timestamp': 'date',
  'data_stream.dataset': 'constant_keyword',
  'event.action': 'keyword',
  'event.provider': 'keyword',
  'event.outcome': 'keyword',
  'event.category': 'keyword',
  'event.type': 'keyword',
  'user.name': 'keyword',
  'cloud.account.id': 'keyword',
  'source.ip': 'ip',
  'source.address': 'keyword',
  'aws.cloudtrail.user_identity.type': 'keyword',
  'aws.cloudtrail.request_parameters': 'keyword',
  'aws.cloudtrail.read_only': 'boolean',
  'aws.cloudtrail.flattened.request_parameters': 'flattened',
  'aws.cloudtrail.resources.arn': 'keyword',
  'aws.cloudtrail.resources': 'object',
  'process.args_count': 'long',
  'metric.ratio': 'double',
  message: 'text',
  'process.title': 'text',
  'process.title.keyword': 'keyword',
  tags: 'keyword',
};
const ROOT_RULE = `any where data_stream.dataset == "aws.cloudtrail" and aws.cloudtrail.user_identity.type == "Root"
  and aws.cloudtrail.user_identity.invoked_by == null and aws.cloudtrail.event_type != "AwsServiceEvent"`;
const fieldTypes = (f: string): string | undefined => TYPES[f];
const typed: ParseEqlRuleOptions = { fieldTypes };

const ROOT_LOGIN = {
  '@timestamp': '2026-03-01T10:00:00.000Z',
  data_stream: { dataset: 'aws.cloudtrail' },
  event: { action: 'ConsoleLogin', provider: 'signin.amazonaws.com', outcome: 'success', category: ['authentication'], type: ['info'] },
  cloud: { account: { id: '111122223333' } },
  source: { ip: '203.0.113.5', address: '203.0.113.5' },
  aws: { cloudtrail: { user_identity: { type: 'Root' }, read_only: false, flattened: { request_parameters: { userName: 'alice' } } } },
  process: { args_count: 4, title: 'sshd' },
  metric: { ratio: 4 },
  tags: ['Alpha', 'beta'],
  'user.name': 'ops',
};

// [section, query, expected on ROOT_LOGIN]
const MATCHES: [string, string, boolean][] = [
  // Q1: category from event.category, `any` ignores it.
  ['Q1', 'any where true', true],
  ['Q1', 'authentication where true', true],
  ['Q1', 'iam where true', false],
  ['Q1', '"authentication" where event.action == "ConsoleLogin"', true],
  ['Q1', 'Authentication where true', false],
  // Q2: == and != case-sensitive, no wildcards; `:` case-insensitive with wildcards, lists mean "any".
  ['Q2', 'any where event.action == "ConsoleLogin"', true],
  ['Q2', 'any where event.action == "consolelogin"', false],
  ['Q2 §9.1', 'any where aws.cloudtrail.user_identity.type == "root"', false],
  ['Q2 §9.1', 'any where aws.cloudtrail.user_identity.type : "root"', true],
  ['Q2', 'any where event.action == "Console*"', false],
  ['Q2', 'any where event.action : "console*"', true],
  ['Q2', 'any where event.action : ("x", "consolelog?n")', true],
  ['Q2', 'any where event.action : ("x", "y")', false],
  ['Q2', 'any where event.action != "ConsoleLogin"', false],
  ['Q2', 'any where event.action != "consolelogin"', true],
  // Q3: like / like~ / regex / regex~ / in / in~ / not in.
  ['Q3', 'any where event.action like "Console*"', true],
  ['Q3', 'any where event.action like "console*"', false],
  ['Q3', 'any where event.action like~ "console*"', true],
  ['Q3', 'any where event.action like ("a*", "*Login")', true],
  ['Q3', 'any where event.action regex "Con[a-z]+Login"', true],
  ['Q3', 'any where event.action regex "con[a-z]+login"', false],
  ['Q3', 'any where event.action regex~ "con[a-z]+login"', true],
  ['Q3 Lucene anchors', 'any where event.action regex "Console"', false],
  ['Q3 Lucene \\d is d', 'any where cloud.account.id regex "\\\\d+"', false],
  ['Q3 Lucene classes', 'any where cloud.account.id regex "[0-9]{12}"', true],
  ['Q3 Lucene "quoted"', 'any where event.provider regex "signin\\".amazonaws.\\"com"', true],
  ['Q3', 'any where event.action in ("ConsoleLogin", "x")', true],
  ['Q3', 'any where event.action in ("consolelogin")', false],
  ['Q3', 'any where event.action in~ ("consolelogin")', true],
  ['Q3 no wildcards in in~', 'any where event.action in~ ("console*")', false],
  ['Q3', 'any where event.action not in ("x", "y")', true],
  ['Q3', 'any where event.action not in~ ("CONSOLELOGIN")', false],
  // Q4: `?` is exactly one character.
  ['Q4', 'any where event.action : "consolelogi?"', true],
  ['Q4', 'any where event.action : "consolelog?"', false],
  ['Q4', 'any where event.action : "*"', true],
  ['Q4 other characters are literal', 'any where event.provider : "signin.amazonaws.c?m"', true],
  ['Q4 other characters are literal', 'any where event.action : ("*-*", "[a-]*", "(x|y)")', false],
  ['Q3 in~ with punctuation', 'any where event.action in~ ("a-b", "CONSOLELOGIN")', true],
  // Q5: escapes and raw strings.
  ['Q5', 'any where event.action == "Console\\u{4c}ogin"', true],
  ['Q5', 'any where event.action == """ConsoleLogin"""', true],
  // Q6: functions, case-sensitive unless `~`.
  ['Q6', 'any where startsWith(event.action, "Console")', true],
  ['Q6', 'any where startsWith(event.action, "console")', false],
  ['Q6', 'any where startsWith~(event.action, "console")', true],
  ['Q6', 'any where endsWith~(event.provider, ".COM")', true],
  ['Q6', 'any where stringContains(event.provider, "amazon")', true],
  ['Q6 EQLFN empty', 'any where stringContains(event.provider, "")', false],
  ['Q6', 'any where length(event.action) == 12', true],
  ['Q6', 'any where indexOf(event.provider, ".") == 6', true],
  ['Q6', 'any where indexOf~(event.provider, "AMAZON", 7) == 7', true],
  ['Q6', 'any where between(event.provider, "signin.", ".com") == "amazonaws"', true],
  ['Q6', 'any where substring(event.action, -5) == "Login"', true],
  ['Q6', 'any where concat(event.action, "-", 42) == "ConsoleLogin-42"', true],
  ['Q6', 'any where cidrMatch(source.ip, "10.0.0.0/8", "203.0.113.0/24")', true],
  ['Q6', 'any where cidrMatch(source.ip, "10.0.0.0/8")', false],
  ['Q6', 'any where cidrMatch(source.address, "2001:db8::/32", "203.0.113.4/30")', true],
  ['Q6', 'any where number("0x10") == 16', true],
  ['Q6', 'any where string(process.args_count) == "4"', true],
  ['Q6', 'any where add(process.args_count, 1) == 5 and subtract(10, 4) == 6 and multiply(2, 3) == 6 and modulo(10, 6) == 4', true],
  // Q7: null propagation; a null condition does not match; == null / != null test presence.
  ['Q7 §9.6', 'any where not stringContains(aws.cloudtrail.request_parameters, "userName=")', false],
  ['Q7', 'any where ?user.id == null', true],
  ['Q7', 'any where ?user.id != null', false],
  ['Q7', 'any where event.action != null', true],
  ['Q7', 'any where not (length(?user.id) > 3)', false],
  ['Q7', 'any where length(?user.id) > 3 or true', true],
  ['Q7', 'any where ?user.id in ("a", null)', false],
  ['Q7', 'any where ?user.id != "a"', false],
  ['Q7', 'any where not (?user.id == "a")', false],
  ['Q7', 'any where length(?user.id) == null', true],
  // Q8: optional fields; flattened sub-fields are keywords.
  ['Q8', 'any where ?no.such.field == null', true],
  ['Q8 missing optional fields are null constants', 'any where ?no.x == ?no.y', true],
  ['Q8 missing optional fields are null constants', 'any where ?no.x != ?no.y', false],
  ['Q8', 'any where aws.cloudtrail.flattened.request_parameters.userName == "alice"', true],
  // Q9: integer division truncates; a float operand keeps the fraction.
  ['Q9', 'any where 4 / process.args_count == 1', true],
  ['Q9', 'any where 4 / 3 == 1', true],
  ['Q9', 'any where 4.0 / 3 > 1.3', true],
  ['Q9', 'any where divide(metric.ratio, 3) > 1.3', true],
  ['Q9', 'any where divide(process.args_count, 3) == 1', true],
  ['Q9 division by zero', 'any where 4 / 0 == 0', false],
  // Q10: string ordering is case-sensitive lexicographic.
  ['Q10', 'any where event.action > "Cons"', true],
  ['Q10', 'any where event.action < "abc"', true],
  ['Q10', 'any where process.args_count >= 4 and process.args_count < 5', true],
  // Q11: multi-valued fields: any value; != is the negation of ==.
  ['Q11', 'any where tags == "beta"', true],
  ['Q11', 'any where tags : "ALPHA"', true],
  ['Q11', 'any where tags != "beta"', false],
  ['Q11', 'any where tags != "gamma"', true],
  ['Q11', 'any where event.category == "authentication"', true],
  // Dotted keys in the document are the same field (M1: _source may hold either).
  ['fields', 'any where user.name == "ops"', true],
  ['Q8 text with a keyword sub-field', 'any where process.title == "sshd"', true],
  ['fields', 'any where `user`.`name` == "ops"', true],
  // Booleans and logic.
  ['logic', 'any where aws.cloudtrail.read_only == false', true],
  ['logic', 'any where not aws.cloudtrail.read_only', true],
  ['logic', 'any where event.action == "x" or event.outcome == "success" and true', true],
  ['logic', 'any where (event.action == "x" or event.outcome == "success") and false', false],
  ['comments', 'any where /* c */ event.action == "ConsoleLogin" // end', true],
];

t.test('matching (elastic-rules.md §4)', async (t) => {
  for (const [section, query, expected] of MATCHES) {
    let got: boolean | string;
    try {
      got = parseEqlRule(query, typed).matches(ROOT_LOGIN);
    } catch (e) {
      got = (e as Error).message;
    }
    t.equal(got, expected, `${section}: ${query}`);
  }
});

t.test('the case-insensitive fold is per character, as Elasticsearch builds it (Q2, Q3)', async (t) => {
  const kelvin = { event: { action: '\u212aey' } };
  t.equal(parseEqlRule('any where event.action : "key"').matches(kelvin), false, 'U+212A KELVIN SIGN is not a case form of k');
  t.equal(parseEqlRule('any where event.action : "éy"').matches({ event: { action: 'ÉY' } }), true, 'non-ASCII letters fold to their simple case forms');
  t.equal(parseEqlRule('any where event.action regex~ "éy"').matches({ event: { action: 'ÉY' } }), false, 'regex~ folds ASCII only');
});

// [section, query, code, line, column]
const ERRORS: [string, string, string, number, number][] = [
  ['Q2 `=`', 'any where event.action = "x"', EqlCode.syntax, 1, 24],
  ['Q5 single quotes', "any where event.action == 'x'", EqlCode.syntax, 1, 27],
  ['Q5 bad escape', 'any where event.action == "a\\qb"', EqlCode.syntax, 1, 29],
  ['Q5 unterminated', 'any where event.action == "x', EqlCode.syntax, 1, 27],
  ['syntax', 'any where\n  event.action == ', EqlCode.syntax, 2, 19],
  ['syntax', 'any where event.action == "x" and', EqlCode.syntax, 1, 34],
  ['syntax', 'where event.action == "x"', EqlCode.syntax, 1, 1],
  ['syntax chained', 'any where 1 < process.args_count < 5', EqlCode.syntax, 1, 34],
  ['Q6 Endgame function', 'any where match(event.action, "x")', EqlCode.unknownFunction, 1, 11],
  ['Q6 Endgame function', 'any where arrayContains(tags, "x")', EqlCode.unknownFunction, 1, 11],
  ['Q6 case-sensitive names', 'any where StartsWith(event.action, "x")', EqlCode.unknownFunction, 1, 11],
  ['Q6 no ~ form', 'any where length~(event.action) == 1', EqlCode.syntax, 1, 11],
  ['Q6 arity', 'any where startsWith(event.action)', EqlCode.arity, 1, 11],
  ['Q6 cidrMatch block', 'any where cidrMatch(source.ip, "10.0.0.0/8", "10.0.0/33")', EqlCode.typeMismatch, 1, 46],
  ['Q8 unknown field', 'any where no.such.field == "x"', EqlCode.unknownField, 1, 11],
  ['Q8 field to field', 'any where event.action == event.provider', EqlCode.fieldToField, 1, 11],
  ['Q8 field to field via function', 'any where length(event.action) == length(event.provider)', EqlCode.fieldToField, 1, 11],
  ['Q8 text field', 'any where message : "x"', EqlCode.typeMismatch, 1, 11],
  ['Q2 `:` on a number', 'any where process.args_count : "4"', EqlCode.typeMismatch, 1, 11],
  ['types', 'any where event.action == 4', EqlCode.typeMismatch, 1, 11],
  ['types', 'any where process.args_count == "4"', EqlCode.typeMismatch, 1, 11],
  ['condition', 'any where event.action', EqlCode.typeMismatch, 1, 11],
  ['Q11 [n]', 'any where tags[0] == "x"', EqlCode.syntax, 1, 15],
  ['Q3 Lucene ~', 'any where event.action regex "a~b"', EqlCode.syntax, 1, 30],
  ['Q12 one step', 'sequence [any where true]', EqlCode.syntax, 1, 10],
  ['Q12 keys', 'sequence [any where true] by user.name [any where true]', EqlCode.syntax, 1, 40],
  ['Q12 missing needs maxspan', 'sequence [any where true] ![any where true]', EqlCode.syntax, 1, 27],
  ['Q12 one positive step', 'sequence with maxspan=1m ![any where true] ![any where true]', EqlCode.syntax, 1, 26],
  ['Q12 runs', 'sequence [any where true] with runs=101 [any where true]', EqlCode.syntax, 1, 37],
  ['Q12 maxspan unit', 'sequence with maxspan=30 [any where true] [any where true]', EqlCode.syntax, 1, 26],
  ['Q12 sample needs join keys', 'sample [any where true] [any where true]', EqlCode.syntax, 1, 1],
  ['Q12 sample has no until', 'sample by user.name [any where true] [any where true] until [any where true]', EqlCode.syntax, 1, 55],
  ['Q13 pipes', 'any where true | count', EqlCode.syntax, 1, 18],
];

t.test('errors carry a code, line and column (elastic-rules.md §4)', async (t) => {
  for (const [section, query, code, line, column] of ERRORS) {
    try {
      parseEqlRule(query, typed);
      t.fail(`${section}: ${query} should fail`);
    } catch (e) {
      t.ok(e instanceof EqlRuleError, `${section}: EqlRuleError`);
      const err = e as EqlRuleError;
      t.same([err.code, err.line, err.column], [code, line, column], `${section}: ${query} (${err.message})`);
      t.match(err.message, /^line \d+, col \d+: [a-z'`]/, 'message starts with the position, then lower case');
    }
  }
});

t.test('pipes are accepted with a warning (Q13)', async (t) => {
  const rule = parseEqlRule('any where true | head 5 | tail 2');
  t.same(rule.warnings.map((w) => [w.code, w.column]), [[EqlCode.pipeIgnored, 16], [EqlCode.pipeIgnored, 25]]);
});

t.test('values longer than ignore_above are not indexed: EQL sees null (M6)', async (t) => {
  const options: ParseEqlRuleOptions = { fieldTypes, ignoreAbove: (f) => (f === 'aws.cloudtrail.request_parameters' ? 20 : undefined) };
  const doc = (text: string): object => ({ aws: { cloudtrail: { request_parameters: text } } });
  const contains = parseEqlRule('any where stringContains(aws.cloudtrail.request_parameters, "userName=")', options);
  t.equal(contains.matches(doc('{userName=alice}')), true);
  t.equal(contains.matches(doc('{userName=alice, policyArn=arn:aws:iam::aws:policy/x}')), false);
  t.equal(parseEqlRule('any where aws.cloudtrail.request_parameters == null', options).matches(doc('x'.repeat(21))), true);
});

t.test('the category field is an option (EQL search API event_category_field)', async (t) => {
  const rule = parseEqlRule('iam where true', { eventCategoryField: 'aws.cloudtrail.event_category' });
  t.equal(rule.matches({ aws: { cloudtrail: { event_category: 'iam' } } }), true);
  t.equal(rule.matches({ event: { category: 'iam' } }), false);
});

t.test('matches takes an object or its JSON text; anything else never matches', async (t) => {
  const rule = parseEqlRule('any where event.action == "ConsoleLogin"');
  t.equal(rule.matches(JSON.stringify(ROOT_LOGIN)), true);
  t.equal(rule.matches('not json'), false);
  t.equal(rule.matches('[1]'), false);
});

t.test('the project root rule (EQL) as shipped at merge', async (t) => {
  // docs/elastic.md "EQL" "A root rule": root-identity activity, except what AWS services do on root's behalf.
  const rule = parseEqlRule(ROOT_RULE, { fieldTypes: (f) => TYPES[f] ?? (f.startsWith('aws.cloudtrail.') ? 'keyword' : undefined) });
  const signIn = { ...ROOT_LOGIN, aws: { cloudtrail: { user_identity: { type: 'Root' }, event_type: 'AwsConsoleSignIn' } } };
  t.equal(rule.matches(signIn), true);
  t.equal(rule.matches({ ...signIn, aws: { cloudtrail: { user_identity: { type: 'Root', invoked_by: 'support.amazonaws.com' }, event_type: 'AwsApiCall' } } }), false);
  t.equal(rule.matches({ ...signIn, aws: { cloudtrail: { user_identity: { type: 'Root' }, event_type: 'AwsServiceEvent' } } }), false);
  t.equal(rule.matches({ ...signIn, aws: { cloudtrail: { user_identity: { type: 'IAMUser' }, event_type: 'AwsApiCall' } } }), false);
  t.equal(rule.matches({ ...signIn, data_stream: { dataset: 'aws.guardduty' } }), false);
});

// ---- sequences (Q12) -------------------------------------------------------------------------

const ev = (minute: number, action: string, user: string | null = 'u1', extra: Record<string, unknown> = {}): object => ({
  '@timestamp': new Date(Date.UTC(2026, 2, 1, 10, minute)).toISOString(),
  event: { action },
  ...(user === null ? {} : { user: { name: user } }),
  ...extra,
});

// [section, query, events, expected sequences (event indexes)]
const SEQUENCES: [string, string, object[], number[][]][] = [
  ['Q12 order', 'sequence [any where event.action == "A"] [any where event.action == "B"]', [ev(0, 'B'), ev(1, 'A'), ev(2, 'B')], [[1, 2]]],
  ['Q12 by', 'sequence by user.name [any where event.action == "A"] [any where event.action == "B"]', [ev(0, 'A', 'u1'), ev(1, 'B', 'u2'), ev(2, 'B', 'u1')], [[0, 2]]],
  ['Q12 null keys do not join', 'sequence by user.name [any where event.action == "A"] [any where event.action == "B"]', [ev(0, 'A', null), ev(1, 'B', null)], []],
  ['Q12 ?keys join on null', 'sequence by ?user.name [any where event.action == "A"] [any where event.action == "B"]', [ev(0, 'A', null), ev(1, 'B', null)], [[0, 1]]],
  ['Q12 maxspan', 'sequence with maxspan=5m [any where event.action == "A"] [any where event.action == "B"]', [ev(0, 'A'), ev(6, 'B'), ev(7, 'A'), ev(12, 'B')], [[2, 3]]],
  ['Q12 maxspan is inclusive', 'sequence with maxspan=5m [any where event.action == "A"] [any where event.action == "B"]', [ev(0, 'A'), ev(5, 'B')], [[0, 1]]],
  ['Q12 a newer start replaces the pending one', 'sequence [any where event.action == "A"] [any where event.action == "B"]', [ev(0, 'A'), ev(1, 'A'), ev(2, 'B'), ev(3, 'B')], [[1, 2]]],
  ['Q12 until between', 'sequence by user.name [any where event.action == "A"] [any where event.action == "B"] until [any where event.action == "C"]', [ev(0, 'A'), ev(1, 'C'), ev(2, 'B')], []],
  ['Q12 until after', 'sequence by user.name [any where event.action == "A"] [any where event.action == "B"] until [any where event.action == "C"]', [ev(0, 'A'), ev(1, 'B'), ev(2, 'C')], [[0, 1]]],
  ['Q12 until other key', 'sequence by user.name [any where event.action == "A"] [any where event.action == "B"] until [any where event.action == "C"]', [ev(0, 'A'), ev(1, 'C', 'u2'), ev(2, 'B')], [[0, 2]]],
  ['Q12 runs', 'sequence [any where event.action == "A"] with runs=2 [any where event.action == "B"]', [ev(0, 'A'), ev(1, 'B'), ev(2, 'A'), ev(3, 'A'), ev(4, 'B')], [[2, 3, 4]]],
  // B completes the first sequence as step 2 and starts the next as step 1 (never both in one).
  ['Q12 one record is one step of a sequence', 'sequence [any where true] [any where true]', [ev(0, 'A'), ev(1, 'B'), ev(2, 'C')], [[0, 1], [1, 2]]],
  ['Q12 per-step keys', 'sequence [any where event.action == "A"] by user.name [any where event.action == "B"] by source.address', [ev(0, 'A', 'x'), ev(1, 'B', null, { source: { address: 'y' } }), ev(2, 'B', null, { source: { address: 'x' } })], [[0, 2]]],
  // Missing events (EQLSYN "Missing events"); interval bounds: docs/elastic.md "EQL".
  ['Q12 missing between', 'sequence by user.name with maxspan=10m [any where event.action == "A"] ![any where event.action == "C"] [any where event.action == "B"]', [ev(0, 'A'), ev(1, 'C'), ev(2, 'B')], []],
  ['Q12 missing after the pair', 'sequence by user.name with maxspan=10m [any where event.action == "A"] ![any where event.action == "C"] [any where event.action == "B"]', [ev(0, 'A'), ev(2, 'B'), ev(3, 'C')], [[0, 1]]],
  ['Q12 missing of another key', 'sequence by user.name with maxspan=10m [any where event.action == "A"] ![any where event.action == "C"] [any where event.action == "B"]', [ev(0, 'A'), ev(1, 'C', 'u2'), ev(2, 'B')], [[0, 2]]],
  ['Q12 trailing missing within maxspan', 'sequence with maxspan=5m [any where event.action == "A"] ![any where event.action == "B"]', [ev(0, 'A'), ev(3, 'B')], []],
  ['Q12 trailing missing after maxspan', 'sequence with maxspan=5m [any where event.action == "A"] ![any where event.action == "B"]', [ev(0, 'A'), ev(6, 'B')], [[0]]],
  ['Q12 leading missing', 'sequence with maxspan=5m ![any where event.action == "B"] [any where event.action == "A"]', [ev(0, 'B'), ev(2, 'A'), ev(20, 'A')], [[2]]],
  // Samples (EQLSYN "Samples"): any order, one record per step, one sample per key.
  ['Q12 sample in any order', 'sample by user.name [any where event.action == "A"] [any where event.action == "B"]', [ev(0, 'B'), ev(1, 'A'), ev(2, 'A', 'u2'), ev(3, 'A')], [[1, 0]]],
  ['Q12 sample: one record per step', 'sample by user.name [any where true] [any where event.action == "A"]', [ev(0, 'A')], []],
  ['Q12 sample: one record per step', 'sample by user.name [any where true] [any where event.action == "A"]', [ev(0, 'A'), ev(1, 'A')], [[0, 1]]],
  ['Q12 sample with step keys only', 'sample [any where event.action == "A"] by user.name [any where event.action == "B"] by source.address', [ev(0, 'A', 'x'), ev(1, 'B', null, { source: { address: 'x' } })], [[0, 1]]],
  ['Q12 time order, not list order', 'sequence [any where event.action == "A"] [any where event.action == "B"]', [ev(5, 'B'), ev(1, 'A')], [[1, 0]]],
];

// Missing events against the shapes of Elasticsearch's conformance queries (EQLQA test_missing_events.toml;
// events written here, same relative times): [section, query, tags at milliseconds 1, 2, …, expected].
const MISSING: [string, string, string[], number[][]][] = [
  ['missingInBetween_noMatches', 'sequence with maxspan=1s [any where tag == "N"] ![any where tag == "X"] [any where tag == "N"]', ['N', 'N', 'M', 'N'], [[0, 1], [1, 3]]],
  ['missingInBetween_match', 'sequence with maxspan=1s [any where tag == "N"] ![any where tag == "M"] [any where tag == "N"]', ['N', 'N', 'M', 'N'], [[0, 1]]],
  ['positivePlusMissing', 'sequence with maxspan=1s [any where tag == "N"] ![any where tag == "M"]', ['N', 'N', 'M', 'N'], [[3]]],
  ['skipFirstMatchAndPickSecondCandidate', 'sequence with maxspan=1s [any where tag == "N"] [any where tag == "N"] ![any where tag == "M"] [any where tag == "N"]', ['N', 'N', 'M', 'N', 'N', 'M'], [[1, 3, 4]]],
  ['multipleMissing4', 'sequence with maxspan=1s [any where tag == "A"] [any where tag == "B"] ![any where tag == "M1"] [any where tag == "C"] ![any where tag == "M2"] [any where tag == "D"] ![any where tag == "M4"]', ['A', 'B', 'M1', 'B', 'C', 'M2', 'D', 'M1', 'C', 'B', 'C', 'D', 'A', 'B', 'M3', 'C', 'D', 'M4'], []],
  ['multipleMissing6', 'sequence with maxspan=1s [any where tag == "A"] [any where tag == "B"] [any where tag == "C"] ![any where tag == "M2"] [any where tag == "D"] ![any where tag == "none"]', ['A', 'B', 'M1', 'B', 'C', 'M2', 'D', 'M1', 'C', 'B', 'C', 'D', 'A', 'B', 'M3', 'C', 'D', 'M4'], [[12, 13, 15, 16]]],
];

t.test('missing events agree with Elasticsearch\'s conformance queries (EQLQA)', async (t) => {
  for (const [name, query, tags, expected] of MISSING) {
    const events = tags.map((tag, i) => ({ '@timestamp': new Date(Date.UTC(2026, 0, 1) + i + 1).toISOString(), tag }));
    t.same(parseEqlRule(query).sequences(events), expected, name);
  }
});

// EQLQA's test3 events: M at 0 min, N at 10, M at 20, N at 21, 29 and 31.
const TEST3: [string, number][] = [['M', 0], ['N', 10], ['M', 20], ['N', 21], ['N', 29], ['N', 31]];
const LEADING: [string, string, number[][]][] = [
  ['leadingSimple', 'sequence with maxspan=3m ![any where tag == "M"] [any where tag == "N"]', [[1], [4], [5]]],
  ['leadingAndTrailingExcluded1', 'sequence with maxspan=19m ![any where tag == "M"] [any where tag == "N"] ![any where tag == "M"]', [[1], [3], [4], [5]]],
  ['leadingAndTrailingExcluded2', 'sequence with maxspan=21m ![any where tag == "M"] [any where tag == "N"] ![any where tag == "M"]', [[3], [4], [5]]],
];

t.test('leading and trailing missing events agree with EQLQA', async (t) => {
  const events = TEST3.map(([tag, minute]) => ({ '@timestamp': new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString(), tag }));
  for (const [name, query, expected] of LEADING) t.same(parseEqlRule(query).sequences(events), expected, name);
});

t.test('sequences order by the rule\'s timestamp field when given (Q12 timestamp_field)', async (t) => {
  const rule = parseEqlRule('sequence [any where event.action == "A"] [any where event.action == "B"]', { timestampField: 'event.ingested' });
  const at = (action: string, ingested: string): object => ({ '@timestamp': '2026-03-01T10:00:00Z', event: { action, ingested } });
  t.same(rule.sequences([at('B', '2026-03-01T10:05:00Z'), at('A', '2026-03-01T10:01:00Z')]), [[1, 0]]);
  t.same(rule.sequences([at('A', '2026-03-01T10:05:00Z'), at('B', '2026-03-01T10:01:00Z')]), []);
});

t.test('sequences (elastic-rules.md Q12)', async (t) => {
  for (const [section, query, events, expected] of SEQUENCES) {
    const rule = parseEqlRule(query);
    t.equal(rule.kind, query.startsWith('sample') ? 'sample' : 'sequence');
    t.equal(rule.matches(events[0] as object), false, `${section}: one event never completes a sequence`);
    t.same(rule.sequences(events), expected, `${section}: ${query}`);
  }
});

// ---- parse and compile never throw ------------------------------------------------------------

t.test('parsing and compiling never throw, on generated and mutated queries', async (t) => {
  const rand = prng(7405);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const VALUES = ['"x"', '"""r"""', '"a*"', '"[a-"', '1', '2.5', 'null', 'true', 'event.action', '?no.field', 'tags', 'process.args_count', 'message', '`user`.name'];
  const LEAVES = [
    () => `${pick(VALUES)} ${pick(['==', '!=', '<', '>=', ':', 'like~', 'regex', 'in~', 'not in'])} ${rand() < 0.3 ? `(${pick(VALUES)}, ${pick(VALUES)})` : pick(VALUES)}`,
    () => `${pick(['length', 'startsWith~', 'between', 'cidrMatch', 'number', 'match', 'add', 'divide', 'substring', 'concat'])}(${pick(VALUES)}, ${pick(VALUES)})`,
    () => `${pick(VALUES)} ${pick(['+', '-', '*', '/', '%'])} ${pick(VALUES)} ${pick(['==', '>'])} ${pick(VALUES)}`,
  ];
  const cond = (d: number): string => (d > 2 || rand() < 0.4 ? pick(LEAVES)() : `${rand() < 0.2 ? 'not ' : ''}(${cond(d + 1)} ${pick(['and', 'or'])} ${cond(d + 1)})`);
  const query = (): string =>
    rand() < 0.3
      ? `sequence ${rand() < 0.5 ? 'by user.name ' : ''}${rand() < 0.5 ? 'with maxspan=5m ' : ''}[any where ${cond(0)}] ${rand() < 0.3 ? '!' : ''}[iam where ${cond(0)}]${rand() < 0.3 ? ` until [any where ${cond(0)}]` : ''}`
      : `${pick(['any', 'iam', '"x y"'])} where ${cond(0)}${rand() < 0.1 ? ' | head 3' : ''}`;
  const mutate = (q: string): string => {
    const at = Math.floor(rand() * (q.length + 1));
    return rand() < 0.5 ? q.slice(0, at) + q.slice(at + 1 + Math.floor(rand() * 3)) : q.slice(0, at) + pick(['"', '(', ']', '`', '\\', "'", '~', '?', '/*', 'and']) + q.slice(at);
  };
  let parsed = 0;
  for (let i = 0; i < 800; i++) {
    const text = rand() < 0.5 ? query() : mutate(query());
    const r = parseEql(text);
    if (!r.ok) continue;
    parsed++;
    for (const o of [{ fieldTypes }, {}]) {
      const c = compileQuery(r.query, o);
      if (c.ok && c.query.kind === 'event') c.query.matcher.matches(ROOT_LOGIN);
    }
  }
  t.ok(parsed > 250, `most generated queries parse (${parsed})`);
});
