// Detection section: sigma-rules-specification.md "Detection" (Search-Identifier, General, String
// Wildcard, Escaping, Lists, Maps, Special Field Values, Keywords search)
// https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-rules-specification.md#detection
import t from 'tap';
import { parseError, rule } from './helpers.js';

t.test('maps are AND, value lists are OR (RULES "Maps", "Lists")', async (t) => {
  const r = rule(`
    selection:
        eventSource: signin.amazonaws.com
        eventName:
            - ConsoleLogin
            - GetSigninToken
    condition: selection
  `);
  t.ok(r.matches({ eventSource: 'signin.amazonaws.com', eventName: 'GetSigninToken' }));
  t.notOk(r.matches({ eventSource: 'iam.amazonaws.com', eventName: 'ConsoleLogin' }));
  t.notOk(r.matches({ eventName: 'ConsoleLogin' }), 'a missing field fails its item');
});

t.test('a list of maps is an OR of ANDs (RULES "Lists": maps in a list are OR-ed)', async (t) => {
  const r = rule(`
    selection:
        - eventName: ConsoleLogin
          userIdentity.type: Root
        - eventName: CreateAccessKey
    condition: selection
  `);
  t.ok(r.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } }));
  t.notOk(r.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'IAMUser' } }));
  t.ok(r.matches({ eventName: 'CreateAccessKey' }));
});

t.test('keywords: OR-ed substrings of any value, nested included, never keys (RULES "Keywords search")', async (t) => {
  const r = rule(`
    keywords:
        - 'aws-cli/2'
        - 'EvilTool'
    condition: keywords
  `);
  t.ok(r.matches({ userAgent: 'aws-cli/2.15.0 Python/3.11' }));
  t.ok(r.matches({ requestParameters: { tags: [{ value: 'runs eviltool nightly' }] } }), 'nested values, case-insensitive');
  t.notOk(r.matches({ EvilTool: 'x' }), 'keys are not searched');
  const all = rule(`
    keywords:
        '|all':
            - 'root'
            - 'ConsoleLogin'
    condition: keywords
  `);
  t.ok(all.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } }), "'|all' needs every keyword");
  t.notOk(all.matches({ eventName: 'ConsoleLogin' }));
  const numeric = rule(`
    keywords:
        - 123456789012
    condition: keywords
  `);
  t.ok(numeric.matches({ recipientAccountId: '123456789012' }));
  t.ok(numeric.matches({ n: 99123456789012 }), 'numbers are searched as text');
});

t.test('null matches an absent field or JSON null; empty string only an empty string (RULES "Special Field Values")', async (t) => {
  const r = rule(`
    selection:
        eventName: DeleteBucket
    succeeded:
        errorCode: null
    condition: selection and succeeded
  `);
  t.ok(r.matches({ eventName: 'DeleteBucket' }), 'errorCode absent');
  t.ok(r.matches({ eventName: 'DeleteBucket', errorCode: null }));
  t.notOk(r.matches({ eventName: 'DeleteBucket', errorCode: 'AccessDenied' }));
  const empty = rule(`
    selection:
        userAgent: ''
    condition: selection
  `);
  t.ok(empty.matches({ userAgent: '' }));
  t.notOk(empty.matches({}), "'' needs the field present");
  t.notOk(empty.matches({ userAgent: null }));
  const notNull = rule(`
    filter:
        errorCode: null
    condition: not filter
  `);
  t.ok(notNull.matches({ errorCode: 'AccessDenied' }), 'not null = present with a value');
  t.notOk(notNull.matches({}));
});

t.test('nested field names walk nested JSON, arrays are any-member (reference notes sigma.md §3.2, §3.7)', async (t) => {
  const r = rule(`
    selection:
        userIdentity.sessionContext.sessionIssuer.type: Role
    condition: selection
  `);
  t.ok(r.matches({ userIdentity: { sessionContext: { sessionIssuer: { type: 'Role' } } } }));
  t.notOk(r.matches({ userIdentity: { sessionContext: 'Role' } }), 'a scalar in the middle resolves to nothing');
  t.notOk(r.matches({ userIdentity: null }));
  const dotted = rule(`
    selection:
        requestParameters.x-amz.id: abc
    condition: selection
  `);
  t.ok(dotted.matches({ requestParameters: { 'x-amz.id': 'abc' } }), 'a key holding the remaining dotted name is found');
  const arrays = rule(`
    selection:
        resources.type: AWS::IAM::AccessKey
        requestParameters.containerDefinitions.command|contains: CREDENTIALS
    condition: selection
  `);
  t.ok(
    arrays.matches({
      resources: [{ type: 'AWS::S3::Bucket' }, { type: 'AWS::IAM::AccessKey' }],
      requestParameters: { containerDefinitions: [{ command: ['sh', '-c', 'curl $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] }] },
    }),
  );
  t.notOk(arrays.matches({ resources: [{ type: 'AWS::S3::Bucket' }], requestParameters: { containerDefinitions: [{ command: ['x'] }] } }));
  const objects = rule(`
    selection:
        requestParameters|contains: Suspended
    condition: selection
  `);
  t.notOk(objects.matches({ requestParameters: { status: 'Suspended' } }), 'an object never matches a value (reference notes sigma.md §3.8)');
});

t.test('wildcards * and ? match whole values, with backtracking (RULES "String Wildcard")', async (t) => {
  const r = rule(`
    selection:
        userAgent: '*a?c'
    condition: selection
  `);
  t.ok(r.matches({ userAgent: 'aabc' }), 'needs backtracking to the last *');
  t.notOk(r.matches({ userAgent: 'aabcd' }), 'matching is whole-value');
  const exact = rule(`
    selection:
        eventName: Console
    condition: selection
  `);
  t.notOk(exact.matches({ eventName: 'ConsoleLogin' }), 'no wildcard = equality, not contains');
  const single = rule(`
    selection:
        awsRegion: 'us-east-?'
    condition: selection
  `);
  t.ok(single.matches({ awsRegion: 'us-east-1' }));
  t.notOk(single.matches({ awsRegion: 'us-east-12' }));
  t.ok(single.matches({ awsRegion: 'us-east-\u{1F600}' }), '? matches one character, surrogate pairs included');
});

t.test('backslash escapes only *, ? and itself (RULES "Escaping")', async (t) => {
  const cases: [string, string, boolean][] = [
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axxb', false],
    ['a\\?b', 'a?b', true],
    ['a\\?b', 'axb', false],
    ['C:\\Windows\\*', 'C:\\Windows\\System32', false],
    ['C:\\Windows\\*', 'C:\\Windows*', true],
    ['C:\\Windows\\\\*', 'C:\\Windows\\System32', true],
    ['C:\\Windows', 'C:\\Windows', true],
    ['C:\\\\Windows', 'C:\\Windows', true],
    ['x\\\\*', 'x\\anything', true],
    ['x\\\\\\*', 'x\\*', true],
    ['x\\\\\\*', 'x\\y', false],
    ['x\\\\\\\\', 'x\\\\', true],
    ['trailing\\', 'trailing\\', true],
    ['100%', '100%', true],
  ];
  for (const [pattern, value, expected] of cases) {
    const r = rule(`
      selection:
          f: '${pattern}'
      condition: selection
    `);
    t.equal(r.matches({ f: value }), expected, `${pattern} vs ${value}`);
  }
});

t.test('strings are case-insensitive by default (RULES "General")', async (t) => {
  const r = rule(`
    selection:
        additionalEventData.MFAUsed: 'NO'
    condition: selection
  `);
  t.ok(r.matches({ additionalEventData: { MFAUsed: 'No' } }));
  t.ok(r.matches({ additionalEventData: { MFAUsed: 'no' } }));
  const unicode = rule(`
    selection:
        f: 'ÉTÉ'
    condition: selection
  `);
  t.ok(unicode.matches({ f: 'été' }), 'non-ASCII letters fold too');
  const kelvin = rule(`
    selection:
        f: 'k'
    condition: selection
  `);
  t.notOk(kelvin.matches({ f: '\u212a' }), 'KELVIN SIGN does not fold onto ASCII k (keeps the prefilter sound)');
});

t.test('numbers and booleans compare as the rule wrote them (RULES "General": values are case-insensitive strings)', async (t) => {
  const num = rule(`
    selection:
        status: 200
    condition: selection
  `);
  t.ok(num.matches({ status: 200 }));
  t.ok(num.matches({ status: '200' }), 'number vs numeric string');
  t.notOk(num.matches({ status: '0200' }));
  const quoted = rule(`
    selection:
        status: '200'
    condition: selection
  `);
  t.ok(quoted.matches({ status: 200 }), 'string vs JSON number');
  const hex = rule(`
    selection:
        flags: 0x17
    condition: selection
  `);
  t.ok(hex.matches({ flags: 23 }));
  t.ok(hex.matches({ flags: '0X17' }), 'the text as written, case-insensitively');
  t.ok(hex.matches({ flags: '23' }));
  const bool = rule(`
    selection:
        readOnly: false
    condition: selection
  `);
  t.ok(bool.matches({ readOnly: false }));
  t.ok(bool.matches({ readOnly: 'False' }));
  t.notOk(bool.matches({ readOnly: true }));
  t.notOk(bool.matches({ readOnly: 0 }));
  const boolText = rule(`
    selection:
        requestParameters.enable: 'false'
    condition: selection
  `);
  t.ok(boolText.matches({ requestParameters: { enable: false } }), "'false' matches JSON false (GuardDuty rule)");
});

t.test('YAML typing keeps the author\'s type: account ids stay strings (RULES "Yaml File"; docs/sigma.md)', async (t) => {
  const r = rule(`
    selection:
        recipientAccountId: 012345678901
    condition: selection
  `);
  t.ok(r.matches({ recipientAccountId: '012345678901' }));
  t.notOk(r.matches({ recipientAccountId: '12345678901' }), 'leading zero kept');
  const mfa = rule(`
    selection:
        additionalEventData.MFAUsed: No
    condition: selection
  `);
  t.ok(mfa.matches({ additionalEventData: { MFAUsed: 'No' } }), 'unquoted No is a string (YAML 1.2)');
  t.equal(mfa.warnings[0]?.code, 'TP3017', 'with a warning that YAML 1.1 reads it as boolean false');
  t.match(mfa.warnings[0]?.message ?? '', /YAML 1\.1 .* boolean false/);
});

t.test('shapes the specification does not allow are errors with their position', async (t) => {
  const nested = parseError(`title: Nested\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    userIdentity:\n      type: Root\n  condition: sel\n`);
  t.equal(nested.code, 'TP3004');
  t.equal(nested.line, 6);
  t.match(nested.message, "write nested fields with dots (e.g. 'userIdentity.type')");
  const nullInList = parseError(`title: N\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    errorCode:\n      - AccessDenied\n      - null\n  condition: sel\n`);
  t.equal(nullInList.code, 'TP3004');
  t.equal(nullInList.line, 7);
  t.equal(nullInList.column, 9);
  const empty = parseError(`title: E\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel: {}\n  condition: sel\n`);
  t.match(empty.message, "search identifier 'sel' is empty");
  const noCondition = parseError(`title: C\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel: {a: 1}\n`);
  t.equal(noCondition.code, 'TP3002');
  const timeframe = parseError(`title: T\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel: {a: 1}\n  timeframe: 5m\n  condition: sel\n`);
  t.equal(timeframe.code, 'TP3019');
});
