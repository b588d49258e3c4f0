// Splunk SPL semantics, pinned rule by rule to the digest (../shared/docs/splunk-spl.md, cited as §n),
// through the library entry `parseSplunkSearch`. `fields` events are flat field maps (digest §2.6);
// `ct` events are CloudTrail records seen through the record model and the add-on layer (§2).
import t from 'tap';
import { parseSplunkSearch, SplunkCode, SplunkSearchError, type SplunkSearchOptions } from '../../src/dialects/splunk/index.js';

const FIELDS: SplunkSearchOptions = { input: 'fields' };

const rootLogin = {
  eventVersion: '1.08',
  eventTime: '2026-03-09T08:12:45Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  eventType: 'AwsConsoleSignIn',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'Mozilla/5.0',
  userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', principalId: '111122223333', accountId: '111122223333' },
  requestParameters: null,
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { MFAUsed: 'No', LoginTo: 'https://console.aws.amazon.com' },
  resources: [{ ARN: 'arn:aws:s3:::a', type: 'AWS::S3::Bucket' }, { ARN: 'arn:aws:s3:::b', type: 'AWS::S3::Bucket' }],
  readOnly: false,
  recipientAccountId: '111122223333',
};

// [section, search, event, expected, input]
type Row = readonly [string, string, object, boolean, ('fields' | 'ct')?];
const ROWS: readonly Row[] = [
  // §3.1 implicit AND; `AND` may be written.
  ['§3.1', 'a=1 b=2', { a: '1', b: '2' }, true],
  ['§3.1', 'a=1 b=2', { a: '1' }, false],
  ['§3.1', 'a=1 AND b=2', { a: '1', b: '2' }, true],
  // §3.2 operators are upper-case: lower-case `and` is a term searched in _raw.
  ['§3.2', 'a=1 and b=2', { a: '1', b: '2' }, false],
  ['§3.2', 'a=1 and b=2', { a: '1', b: '2', _raw: 'this and that' }, true],
  // §3.3 ( ) > NOT > OR > AND: `A AND B OR C` is `A AND (B OR C)`.
  ['§3.3', 'A=1 AND B=2 OR C=3', { A: '1', C: '3' }, true],
  ['§3.3', 'A=1 AND B=2 OR C=3', { C: '3' }, false],
  ['§3.3', '(A=1 AND B=2) OR C=3', { C: '3' }, true],
  ['§3.3', 'NOT a=1 b=2', { b: '2' }, true],
  ['§3.3', 'NOT a=1 b=2', { a: '1', b: '2' }, false],
  ['§3.3', 'NOT (a=1 b=2)', { a: '1' }, true],
  // §3.4 whole values, case-insensitive; field names case-sensitive.
  ['§3.4', 'eventName=consolelogin', { eventName: 'ConsoleLogin' }, true],
  ['§3.4', 'eventname=ConsoleLogin', { eventName: 'ConsoleLogin' }, false],
  ['§3.4', 'eventName=Console', { eventName: 'ConsoleLogin' }, false],
  // §3.5 CASE() is case-sensitive, wildcards still work; TERM() is the plain value for fields.
  ['§3.5', 'eventName=CASE(consolelogin)', { eventName: 'ConsoleLogin' }, false],
  ['§3.5', 'eventName=CASE(Console*)', { eventName: 'ConsoleLogin' }, true],
  ['§3.5', 'eventName=TERM(consolelogin)', { eventName: 'ConsoleLogin' }, true],
  // §3.6 `*` anywhere; `field=*` means the field has a value.
  ['§3.6', 'eventName=Console*', { eventName: 'ConsoleLogin' }, true],
  ['§3.6', 'eventSource=*.amazonaws.com', { eventSource: 'iam.amazonaws.com' }, true],
  ['§3.6', 'userIdentity.arn=arn:aws:iam::*:root', { 'userIdentity.arn': 'arn:aws:iam::111122223333:root' }, true],
  ['§3.6', 'x=*', { x: '' }, true],
  ['§3.6', 'x=*', {}, false],
  ['§3.6', 'x=a?c', { x: 'abc' }, false],
  // §3.7 quotes for spaces; they keep case-insensitivity and wildcards; quoted field names; spaces around `=`.
  ['§3.7', 'errorMessage="Failed authentication"', { errorMessage: 'failed AUTHENTICATION' }, true],
  ['§3.7', 'eventName="Console*"', { eventName: 'ConsoleLogin' }, true],
  ['§3.7', '"additionalEventData.MFAUsed"=No', { 'additionalEventData.MFAUsed': 'No' }, true],
  ['§3.7', 'eventName= ConsoleLogin', { eventName: 'ConsoleLogin' }, true],
  ['§3.7', 'additionalEventData.MFAUsed = "Yes"', { 'additionalEventData.MFAUsed': 'Yes' }, true],
  // §3.8 `!=` needs the field; `NOT x=` keeps events without it.
  ['§3.8', 'userAgent!=*.amazonaws.com', {}, false],
  ['§3.8', 'NOT userAgent=*.amazonaws.com', {}, true],
  ['§3.8', 'userAgent!=*.amazonaws.com', { userAgent: 'aws-cli/2' }, true],
  ['§3.8', 'userAgent!=*.amazonaws.com', { userAgent: 'signin.amazonaws.com' }, false],
  ['§3.8', 'invokedBy!=*', { invokedBy: 'x' }, false],
  ['§3.8', 'invokedBy!=*', {}, false],
  ['§3.8', 'NOT invokedBy=*', {}, true],
  // §3.9 IN is an OR of `=`, wildcards allowed.
  ['§3.9', 'status IN(4*, 5*)', { status: '404' }, true],
  ['§3.9', 'status IN(4*, 5*)', { status: '200' }, false],
  ['§3.9', 'eventName IN (CreateKey, createaccesskey)', { eventName: 'CreateAccessKey' }, true],
  // §3.10 multivalue: any value; `!=`: the field exists and no value equals.
  ['§3.10', 'x=b', { x: ['a', 'b'] }, true],
  ['§3.10', 'x!=b', { x: ['a', 'b'] }, false],
  ['§3.10', 'x!=c', { x: ['a', 'b'] }, true],
  // §3.11 numbers as numbers, otherwise lexicographic (upper-case first); `=` compares strings.
  ['§3.11', 'n>9', { n: '10' }, true],
  ['§3.11', 'n<9', { n: '10' }, false],
  ['§3.11', 'v<b', { v: 'B' }, true],
  ['§3.11', 'v<B', { v: 'b' }, false],
  ['§3.11', 'x=1', { x: '1.0' }, false],
  // §3.12 bare terms and phrases search _raw (bounded terms, case-insensitive).
  ['§3.12', 'error', { _raw: 'an ERROR here' }, true],
  ['§3.12', 'error', { _raw: 'errors here' }, false],
  ['§3.12', 'error*', { _raw: 'errors here' }, true],
  ['§3.12', '"web error"', { _raw: 'a web error' }, true],
  ['§3.12', 'search *', {}, true],
  // §3.13 and §2.4: the sourcetype is metadata of every replayed record.
  ['§3.13', '`cloudtrail`', rootLogin, true, 'ct'],
  ['§3.13', 'sourcetype=aws:cloudwatch', rootLogin, false, 'ct'],
  // §2.1–2.3 the record model: dotted paths, `{}` arrays (multivalue), values as text, null gives no field.
  ['§2.1', 'userIdentity.type=root additionalEventData.MFAUsed=no', rootLogin, true, 'ct'],
  ['§2.1', 'readOnly=false', rootLogin, true, 'ct'],
  ['§2.2', 'resources{}.ARN=arn:aws:s3:::b', rootLogin, true, 'ct'],
  ['§2.2', 'resources.ARN=*', rootLogin, false, 'ct'],
  ['§2.3', 'requestParameters=*', rootLogin, false, 'ct'],
  ['§2.3', 'NOT requestParameters.userName=*', rootLogin, true, 'ct'],
  ['§2.4', '_time=1773043965', rootLogin, true, 'ct'],
  ['§2.4', 'index=*', rootLogin, false, 'ct'],
  // §2.5 the add-on layer (docs/splunk.md lists each alias with its source).
  ['§2.5', 'src=203.0.113.10 src_ip=203.0.113.10 user_arn=arn:aws:iam::111122223333:root aws_account_id=111122223333', rootLogin, true, 'ct'],
  ['§2.5', 'errorCode=success action=success user_type=Root region=us-east-1 app=signin.amazonaws.com user_agent=Mozilla*', rootLogin, true, 'ct'],
  ['§2.5', 'action=failure', { ...rootLogin, responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' }, true, 'ct'],
  ['§2.5', 'errorCode=success', { ...rootLogin, errorCode: 'AccessDenied' }, false, 'ct'],
  ['§2.5', 'user_name=*', rootLogin, false, 'ct'],
  // §2.7 / §10.3 root has no user name: `userName=root` never matches.
  ['§2.7', 'userName=root', rootLogin, false, 'ct'],
  // §4.2 eval/where comparisons are case-sensitive.
  ['§4.2', '| where eventName="consolelogin"', { eventName: 'ConsoleLogin' }, false],
  ['§4.2', '| where eventName="ConsoleLogin"', { eventName: 'ConsoleLogin' }, true],
  ['§4.2', '| search eventName=consolelogin', { eventName: 'ConsoleLogin' }, true],
  // §4.3 eval precedence NOT > AND > OR (the reverse of search).
  ['§4.3', '| where a=1 AND b=2 OR c=3', { c: '3' }, true],
  ['§4.3', '| where NOT a=1 OR b=2', { a: '1', b: '2' }, true],
  ['§4.3', '| where a=1 XOR b=2', { a: '1', b: '2' }, false],
  // §4.4 an unquoted word on the right is a field; single quotes name odd fields; `.` concatenates.
  ['§4.4', '| where eventType=AwsApiCall', { eventType: 'AwsApiCall' }, false],
  ['§4.4', '| where eventType=AwsApiCall', { eventType: 'x', AwsApiCall: 'x' }, true],
  ['§4.4', '| where \'5minutes\'="late"', { '5minutes': 'late' }, true],
  ['§4.4', '| where \'userIdentity.type\'="Root"', rootLogin, true, 'ct'],
  ['§4.4', '| where userIdentity.type="Root"', rootLogin, false, 'ct'],
  ['§4.4', '| eval x=a.b | where x="12"', { a: '1', b: '2' }, true],
  // §4.5 null: comparisons with null are not true; isnull/isnotnull; if() takes the else branch.
  ['§4.5', '| where x!="a"', {}, false],
  ['§4.5', '| where NOT x="a"', {}, false],
  ['§4.5', '| where isnull(x)', {}, true],
  ['§4.5', '| where isnotnull(x)', { x: 'v' }, true],
  ['§4.5', '| eval m=if(x="a", 1, 0) | where m=0', {}, true],
  // §4.6 functions.
  ['§4.6', '| where like(x, "arn:%:root")', { x: 'arn:aws:iam::1:root' }, true],
  ['§4.6', '| where like(x, "a_c")', { x: 'abbc' }, false],
  ['§4.6', '| where like(x, "ARN%")', { x: 'arn:x' }, false],
  ['§4.6', '| where x LIKE "ab%"', { x: 'abc' }, true],
  ['§4.6', '| where match(x, "iam::\\d+:root")', { x: 'arn:aws:iam::12:root' }, true],
  ['§4.6', '| where match(x, "^root")', { x: 'arn:root' }, false],
  ['§4.6', '| where lower(x)="root"', { x: 'ROOT' }, true],
  ['§4.6', '| eval u=coalesce(a, b, "none") | where u="B"', { b: 'B' }, true],
  ['§4.6', '| where mvindex(x, 1)="b"', { x: ['a', 'b', 'c'] }, true],
  ['§4.6', '| where mvindex(x, -1)="c"', { x: ['a', 'b', 'c'] }, true],
  ['§4.6', '| eval k=case(n>5, "big", n>1, "mid") | where k="mid"', { n: '3' }, true],
  ['§4.6', '| where spath(j, "a.b{}")="2"', { j: '{"a":{"b":[1,2]}}' }, true],
  ['§4.6', '| where len(x)=3 AND upper(x)="ABC"', { x: 'abc' }, true],
  ['§4.6', '| where x IN ("a", "b")', { x: 'b' }, true],
  ['§4.6', '| eval y=replace(x, "(a)", "<\\1$>") | where y="<a$>b"', { x: 'ab' }, true],
  // Wildcards and regular expressions run in linear time (glob.ts, regex.ts): hostile patterns end.
  ['§3.6', 'x=*a*a*a*a*a*a*a*a*b', { x: 'a'.repeat(30000) }, false],
  ['§4.6', '| where like(x, "%a%a%a%a%a%a%b")', { x: 'a'.repeat(30000) }, false],
  ['§4.6', '| where match(x, "(a+)+$")', { x: `${'a'.repeat(30000)}!` }, false],
  ['§3.12', '*a*a*a*b', { _raw: 'a'.repeat(30000) }, false],
  // §4.7 typed values: quoted literals are strings, numeric fields are numbers.
  ['§4.7', '| where "10" < "9"', {}, true],
  ['§4.7', '| where n > 9', { n: '10' }, true],
  ['§4.7', '| eval s=n+1 | where s=11', { n: '10' }, true],
  ['§4.7', '| where a < b', { a: '10', b: '9' }, false],
  ['§4.7', '| where id="012345678901"', { id: '012345678901' }, true],
  ['§4.7', '| where x > 1', { x: '1.50' }, true],
  // §5.1 rename (also by wildcard), §5.2 fields, §5.3 table.
  ['§5.1', '| rename a AS b | search b=1 NOT a=*', { a: '1' }, true],
  ['§5.1', '| rename Authentication.* AS * | search user=x', { 'Authentication.user': 'x' }, true],
  ['§5.2', '| fields a | search NOT b=*', { a: '1', b: '2' }, true],
  ['§5.2', '| fields - a | search NOT a=* b=2', { a: '1', b: '2' }, true],
  ['§5.3', '| table a | search a=1 NOT b=*', { a: '1', b: '2' }, true],
  // §5.4 spath: a path into a field; without a path, every field of the JSON.
  ['§5.4', '| spath input=j output=o path=a.b{} | search o=2', { j: '{"a":{"b":[1,2]}}' }, true],
  ['§5.4', '| spath input=j | search a.c=x', { j: '{"a":{"c":"X"}}' }, true],
  ['§5.4', '| spath input=j path=a{2} | search a{2}=y', { j: '{"a":["x","y"]}' }, true],
  // §5.5 rex: named groups become fields; no match, no field.
  ['§5.5', '| rex field=ua "(?<tool>aws-cli)/(?<ver>\\d+)" | search tool=aws-cli ver=2', { ua: 'aws-cli/2.0' }, true],
  ['§5.5', '| rex field=ua "(?<tool>boto3)" | search tool=*', { ua: 'aws-cli/2.0' }, false],
  // §5.6 bucket rounds _time down; §5.7 convert ctime formats it (UTC); §5.8 fillnull.
  ['§5.6', '| bucket span=10m _time | search _time=600', { _time: 959 }, true],
  ['§5.7', '| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t) | search t=2026-03-09T08:12:45', { t: 1773043965 }, true],
  ['§5.8', '| fillnull value=none x | search x=none', {}, true],
];

t.test('digest rules, one row each', async (t) => {
  for (const [section, search, event, expected, input] of ROWS) {
    const s = parseSplunkSearch(search, input === 'ct' ? {} : FIELDS);
    t.equal(s.matches(event), expected, `${section} ${search} on ${JSON.stringify(event).slice(0, 80)}`);
  }
});

t.test('§6 stats: contribution, null BY fields, multivalue BY, surviving rows', async (t) => {
  const events = [
    { user: 'a', src: '1', n: '5' },
    { user: 'a', src: '2', n: '7' },
    { user: 'b', src: '1', n: '1' },
    { src: '3' }, // no BY value: contributes to no row (§6.3)
    { user: ['c', 'a'], src: '4' }, // multivalue BY: one row per value (§6.3)
  ];
  const run = (q: string): number[] => parseSplunkSearch(q, FIELDS).run(events);
  t.same(run('| stats count by user'), [0, 1, 2, 4], '§6.3 the record without user contributes to no row');
  t.same(run('| stats count by user | where count > 2'), [0, 1, 4], '§6.4 only records of surviving rows are caught');
  t.same(run('| stats dc(src) as n by user | where n=1'), [2, 4], '§6.1 dc; the multivalue record is in rows a and c');
  t.same(run('| stats count'), [0, 1, 2, 3, 4], '§6.1 without BY one row over all input');
  t.same(run('| stats count | where count > 5'), [], 'a row that does not survive catches nothing');
  t.same(run('| fillnull value=unknown user | stats count by user | where user="unknown"'), [3], '§5.8 fillnull is the fix for §6.3');
  t.same(run('| stats values(src) as s by user | search s=2'), [0, 1, 4], '§6.1 values() is multivalue');
  t.same(run('| stats max(n) as m min(n) as lo by user | where m=7 AND lo=5'), [0, 1, 4], '§6.1 min/max numeric');
  t.same(run('| stats count(n) as c by user | where c=0'), [4], 'count(x) counts only events with x');
  t.same(run('| eventstats count as c by src | where c=1'), [1, 3, 4], 'eventstats adds the group aggregate to each event');
  t.same(run('| eventstats count as c by user | where isnull(c)'), [3], 'eventstats keeps an event without the BY field, without the aggregate (docs/splunk.md)');
  t.same(run('| stats count as c by src | rename c AS total | table src total | where total=2'), [0, 2], '§6.4 rename/table keep contribution');
});

t.test('§6 stats over CloudTrail records: `by` an add-on field drops every record without the layer (§10.4)', async (t) => {
  const q = '`cloudtrail` eventName=ConsoleLogin | stats count by src user_arn';
  t.same(parseSplunkSearch(q).run([rootLogin, rootLogin]), [0, 1]);
  t.same(parseSplunkSearch(q, { addon: false }).run([rootLogin]), []);
  t.match(parseSplunkSearch(q, { addon: false }).warnings.join('\n'), /'src' never has a value: it is a field of the Splunk Add-on for AWS and the alias layer is off/);
  const props = '[aws:cloudtrail]\nFIELDALIAS-src = sourceIPAddress AS src\nEVAL-user_arn = \'userIdentity.arn\'\n';
  t.same(parseSplunkSearch(q, { addon: false, props }).run([rootLogin]), [0], 'user props define the fields');
  t.ok(parseSplunkSearch('eventName=x', { props }).matches({ eventName: 'x' }));
  t.ok(parseSplunkSearch('| where isroot="yes"', { props: '[aws:cloudtrail]\nEVAL-isroot = if(\'userIdentity.type\'="Root", "yes", "no")' }).matches(rootLogin), 'EVAL- fields');
});

t.test('§8 macros', async (t) => {
  t.ok(parseSplunkSearch('`cloudtrail` eventName=ConsoleLogin | `security_content_ctime(_time)` | `my_rule_filter`').matches(rootLogin), '§8.3 undefined *_filter is search *');
  const macros = { root_only: { definition: 'userIdentity.type=Root' }, by_type: { args: ['t'], definition: 'userIdentity.type=$t$ `root_only`' } };
  t.ok(parseSplunkSearch('`by_type(root)`', { macros }).matches(rootLogin), '§8.1 arguments, §8.2 recursion');
  t.notOk(parseSplunkSearch('`by_type(IAMUser)`', { macros }).matches(rootLogin));
  t.ok(parseSplunkSearch('```a `comment` with backticks``` `cloudtrail`').matches(rootLogin), '§8.2 triple-backtick comments are not macros');
  t.ok(parseSplunkSearch('`x_filter`', { macros: { x_filter: { definition: 'eventName=nothing' } } }).matches(rootLogin) === false, 'a user filter macro replaces the default');
  const errors: [string, SplunkSearchOptions, string, number][] = [
    ['eventName=x `nope`', {}, "undefined macro 'nope'", 13],
    ['`security_content_ctime`', {}, "undefined macro 'security_content_ctime' (defined: security_content_ctime(1))", 1],
    ['a=1 `self`', { macros: { self: { definition: 'b=2 `self`' } } }, "macro 'self' expands into itself", 5],
    ['a=1 `m(1)`', { macros: { m: { args: ['x', 'y'], definition: '$x$ $y$' } } }, "undefined macro 'm(1)' (defined: m(2))", 5],
    ['a=1 `bad`', { macros: { bad: { definition: 'x="open' } } }, 'unbalanced quotes', 5],
  ];
  for (const [q, o, message, column] of errors) {
    const e = catchError(() => parseSplunkSearch(q, o));
    t.equal(e?.code, e?.code === SplunkCode.syntax ? SplunkCode.syntax : SplunkCode.macro, q);
    t.match(e?.message, message, q);
    t.equal(e?.column, column, `${q}: the error is at the macro`);
  }
});

function catchError(f: () => unknown): SplunkSearchError | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof SplunkSearchError) return e;
    throw e;
  }
  return undefined;
}

t.test('§9 errors with positions, in SPL vocabulary; not replayable searches', async (t) => {
  const cases: [string, string, string, number, number][] = [
    ['eventName="Console', SplunkCode.syntax, 'unbalanced quotes', 1, 11],
    ['(a=1 b=2', SplunkCode.syntax, "unbalanced brackets: '(' is not closed", 1, 1],
    ['a=1 | stats count by x)', SplunkCode.syntax, "')' closes nothing", 1, 23],
    ['a=1\n| serach b=2', SplunkCode.unknownCommand, "unknown command 'serach'", 2, 3],
    ['a=1 | where x=', SplunkCode.syntax, 'expected a value, found end of expression', 1, 15],
    ['a=1 | where nosuch(x)', SplunkCode.syntax, "unknown eval function 'nosuch'", 1, 13],
    ['a=1 | where if(x, 1)', SplunkCode.syntax, 'if() takes 3 argument(s), 2 given', 1, 13],
    ['a=1 OR', SplunkCode.syntax, "expected a search term after 'OR'", 1, 7],
    ['a=1 | eval = 2', SplunkCode.syntax, "expected 'field=expression' in eval", 1, 12],
    ['a=1 || b', SplunkCode.syntax, 'empty command between pipes', 1, 6],
    ['a=1 | where match(x, "a(?=b)")', SplunkCode.syntax, 'match(): look-around assertions', 1, 13],
    ['a=1 | rex field=x "(?<n>a)\\1"', SplunkCode.syntax, 'rex: backreferences', 1, 19],
    [`${'('.repeat(300)}a=1${')'.repeat(300)}`, SplunkCode.syntax, 'search nests deeper than 256 levels', 1, 257],
    [`| eval x=${Array(5000).fill('a').join('.')}`, SplunkCode.syntax, 'more than 4096 operators in a row', 1, 8203],
  ];
  for (const [q, code, message, line, column] of cases) {
    const e = catchError(() => parseSplunkSearch(q, FIELDS));
    t.equal(e?.code, code, q);
    t.match(e?.message, message, q);
    t.same([e?.line, e?.column], [line, column], `${q}: position`);
  }
  const notReplayable: [string, RegExp][] = [
    ['| tstats count from datamodel=Authentication where Authentication.action=failure by Authentication.user | `drop_dm_object_name(Authentication)`', /'tstats' .*data model Authentication/],
    ['a=1 | lookup users user OUTPUT dept', /'lookup' needs a lookup table/],
    ['| inputlookup users.csv', /'inputlookup'/],
    ['a=1 | join user [search b=2]', /subsearch/],
    ['a=1 | dedup user', /command 'dedup' is not supported/],
    ['a=1 | stats perc95(n)', /stats function 'perc95' is not supported/],
  ];
  for (const [q, reason] of notReplayable) {
    const e = catchError(() => parseSplunkSearch(q, FIELDS));
    t.equal(e?.code, SplunkCode.notReplayable, q);
    t.match(e?.message, reason, q);
  }
});

t.test('warnings: fields the record model never has (§2.7), dotted eval names (§4.4), multivalue != (§3.10)', async (t) => {
  t.match(parseSplunkSearch('eventName=ConsoleLogin userName=root').warnings, [/col 24: field 'userName' never has a value: .*userIdentity.userName/]);
  t.match(parseSplunkSearch('eventname=ConsoleLogin').warnings, [/field names are case-sensitive: CloudTrail writes 'eventName'/]);
  t.match(parseSplunkSearch('| eval m=if(match(userIdentity.userName, "x"), 1, 0)').warnings, [/col 19: unquoted 'userIdentity.userName' in eval/]);
  t.match(parseSplunkSearch('resources{}.ARN!=x').warnings, [/multivalue field/]);
  t.same(parseSplunkSearch('| eval u=user_name | where isnotnull(u) | stats count by u | where count > 1').warnings, [], 'fields made by earlier commands are known');
  t.same(parseSplunkSearch('a=1', FIELDS).warnings, [], 'no record-model check for field maps');
  const byIndex = 'index=aws sourcetype=aws:cloudtrail eventName=ConsoleLogin';
  t.match(parseSplunkSearch(byIndex).warnings, [/field 'index' never has a value: replayed records have no index unless one is set \(--splunk-index\)/]);
  t.notOk(parseSplunkSearch(byIndex).matches(rootLogin), '§2.4 index is absent unless set');
  const withIndex = parseSplunkSearch(byIndex, { metadata: { index: 'aws' } });
  t.same(withIndex.warnings, []);
  t.ok(withIndex.matches(rootLogin), '§2.4 and matches once set');
});
