// KQL fixtures of the Sentinel dialect tests, in one place so that kusto-validate.solo.test.ts can check every
// query with Microsoft's own parser (valid ones bind with zero diagnostics, rejected ones do not).
// Each case cites the section of ../shared/docs/sentinel-kql.md it pins.

/** A where-predicate over one row given by column (library `input: 'row'`), and whether it keeps the row. */
export interface RowCase {
  readonly ref: string;
  readonly where: string;
  readonly row: Record<string, unknown>;
  readonly expect: boolean;
}

const fab = { EventName: 'Fabrikam' };
const na = { EventName: 'North America' };

export const ROW_CASES: readonly RowCase[] = [
  // §3.1 the string operators, with the doc's own "yields true" examples.
  { ref: '§3.1 ==', where: 'EventName == "aBc"', row: { EventName: 'aBc' }, expect: true },
  { ref: '§3.1 == is case-sensitive', where: 'EventName == "abc"', row: { EventName: 'aBc' }, expect: false },
  { ref: '§3.1 !=', where: 'EventName != "ABC"', row: { EventName: 'abc' }, expect: true },
  { ref: '§3.1 =~', where: 'EventName =~ "ABC"', row: { EventName: 'abc' }, expect: true },
  { ref: '§3.1 !~', where: 'EventName !~ "xyz"', row: { EventName: 'aBc' }, expect: true },
  { ref: '§3.1 !~ same text', where: 'EventName !~ "ABC"', row: { EventName: 'aBc' }, expect: false },
  { ref: '§3.1 contains', where: 'EventName contains "BRik"', row: { EventName: 'FabriKam' }, expect: true },
  { ref: '§3.1 !contains', where: 'EventName !contains "brik"', row: { EventName: 'FabriKam' }, expect: false },
  { ref: '§3.1 contains_cs', where: 'EventName contains_cs "Kam"', row: { EventName: 'FabriKam' }, expect: true },
  { ref: '§3.1 contains_cs is case-sensitive', where: 'EventName contains_cs "kam"', row: { EventName: 'FabriKam' }, expect: false },
  { ref: '§3.1 startswith', where: 'EventName startswith "fab"', row: fab, expect: true },
  { ref: '§3.1 endswith', where: 'EventName endswith "Kam"', row: fab, expect: true },
  { ref: '§3.1 endswith_cs', where: 'EventName endswith_cs "kam"', row: fab, expect: true },
  { ref: '§3.1 !startswith', where: 'EventName !startswith "brik"', row: fab, expect: true },
  { ref: '§3.1 has', where: 'EventName has "america"', row: na, expect: true },
  { ref: '§3.1 !has on part of a term', where: 'EventName !has "amer"', row: na, expect: true },
  { ref: '§3.1 has on part of a term', where: 'EventName has "amer"', row: na, expect: false },
  { ref: '§3.1 has_cs', where: 'EventName has_cs "America"', row: na, expect: true },
  { ref: '§3.1 has_cs is case-sensitive', where: 'EventName has_cs "america"', row: na, expect: false },
  { ref: '§3.1 hasprefix', where: 'EventName hasprefix "ame"', row: na, expect: true },
  { ref: '§3.1 hassuffix', where: 'EventName hassuffix "ica"', row: na, expect: true },
  { ref: '§3.1 has_any', where: 'EventName has_any ("south", "north")', row: na, expect: true },
  { ref: '§3.1 has_all', where: 'EventName has_all ("south", "north")', row: { EventName: 'North and South America' }, expect: true },
  { ref: '§3.1 has_all needs every term', where: 'EventName has_all ("south", "north")', row: na, expect: false },
  { ref: '§3.1 in', where: 'EventName in ("123", "345", "abc")', row: { EventName: 'abc' }, expect: true },
  { ref: '§3.1 in is case-sensitive', where: 'EventName in ("123", "345", "abc")', row: { EventName: 'Abc' }, expect: false },
  { ref: '§3.1 in~', where: 'EventName in~ ("123", "345", "abc")', row: { EventName: 'Abc' }, expect: true },
  { ref: '§3.1 !in~', where: 'EventName !in~ ("123", "abc")', row: { EventName: 'ABC' }, expect: false },
  { ref: '§3.1 matches regex', where: 'EventName matches regex "b.*k"', row: fab, expect: true },
  { ref: '§3.1 matches regex is case-sensitive', where: 'EventName matches regex "B.*K"', row: fab, expect: false },
  // §3.1 rule 1: terms are runs of letters and digits.
  { ref: '§3.1.1 terms of an ARN', where: 'UserIdentityArn has "root"', row: { UserIdentityArn: 'arn:aws:iam::123456789012:root' }, expect: true },
  { ref: '§3.1.1 account id is a term', where: 'UserIdentityArn has "123456789012"', row: { UserIdentityArn: 'arn:aws:iam::123456789012:root' }, expect: true },
  { ref: '§3.1.1 has "amazon" is false', where: 'EventSource has "amazon"', row: { EventSource: 'signin.amazonaws.com' }, expect: false },
  { ref: '§3.1.1 contains "amazon" is true', where: 'EventSource contains "amazon"', row: { EventSource: 'signin.amazonaws.com' }, expect: true },
  // §3.1 rule 2 (unverified, decided: a phrase of consecutive terms).
  { ref: '§3.1.2 has with several terms', where: `AdditionalEventData has '"MFAUsed": "Yes"'`, row: { AdditionalEventData: '{"MFAUsed":"Yes"}' }, expect: true },
  { ref: '§3.1.2 terms must be consecutive', where: `AdditionalEventData has '"MFAUsed": "Yes"'`, row: { AdditionalEventData: '{"MFAUsed":"No","x":"Yes"}' }, expect: false },
  // §3.1 rule 4: literals.
  { ref: '§3.1.4 adjacent literals concatenate', where: 'EventName == "Console" "Login"', row: { EventName: 'ConsoleLogin' }, expect: true },
  { ref: '§3.1.4 verbatim literal', where: 'UserAgent == @"C:\\tools"', row: { UserAgent: 'C:\\tools' }, expect: true },
  { ref: '§3.1.4 single quotes', where: `UserAgent == 'say "hi"'`, row: { UserAgent: 'say "hi"' }, expect: true },
  // §3.2 null and empty.
  { ref: '§3.2.1 isempty on an absent string column', where: 'isempty(ErrorCode)', row: {}, expect: true },
  { ref: '§3.2.1 isempty(parse_json(""))', where: 'isempty(parse_json(ErrorCode))', row: {}, expect: true },
  { ref: '§3.2.1 isempty(parse_json("[]")) is false', where: 'isempty(parse_json(Resources))', row: { Resources: '[]' }, expect: false },
  { ref: '§3.2.1 isempty(parse_json("{}")) is false', where: 'isempty(parse_json(RequestParameters))', row: { RequestParameters: '{}' }, expect: false },
  { ref: '§3.2.2 isnull is never true for a string column', where: 'isnull(ErrorCode)', row: {}, expect: false },
  { ref: '§3.2.3 != with a null side is true', where: 'SessionMfaAuthenticated != true', row: {}, expect: true },
  { ref: '§3.2.3 == with a null side is false', where: 'SessionMfaAuthenticated == false', row: {}, expect: false },
  { ref: '§3.2.3 != on a value', where: 'SessionMfaAuthenticated != true', row: { SessionMfaAuthenticated: true }, expect: false },
  { ref: '§3.2.4 not(null) is null: dropped', where: 'not(SessionMfaAuthenticated)', row: {}, expect: false },
  { ref: '§3.2.4 true or null', where: 'EventName == "x" or SessionMfaAuthenticated', row: { EventName: 'x' }, expect: true },
  { ref: '§3.2.4 null and true is null: dropped', where: 'SessionMfaAuthenticated and EventName == "x"', row: { EventName: 'x' }, expect: false },
  { ref: '§3.2.4 false and null', where: 'not(EventName == "x" and SessionMfaAuthenticated)', row: { EventName: 'y' }, expect: true },
  { ref: '§3.2.5 a null comparison drops the row', where: 'ReadOnly == true or ReadOnly == false', row: {}, expect: false },
  { ref: '§3.2.6 a missing property is ""', where: 'tostring(parse_json(AdditionalEventData).MFAUsed) !~ "Yes"', row: { AdditionalEventData: '{"LoginTo":"https://console.aws.amazon.com"}' }, expect: true },
  { ref: '§3.2.6 no AdditionalEventData at all', where: 'tostring(parse_json(AdditionalEventData).MFAUsed) !~ "Yes"', row: {}, expect: true },
  { ref: '§3.2.6 MFA used, any case', where: 'tostring(parse_json(AdditionalEventData).MFAUsed) !~ "Yes"', row: { AdditionalEventData: '{"MFAUsed":"YES"}' }, expect: false },
  { ref: '§3.2.7 !in is an AND of !=', where: 'EventName !in ("a", "b")', row: { EventName: 'c' }, expect: true },
  // §3.3 dynamic values.
  { ref: '§3.3.1 text that is not JSON stays a string', where: 'tostring(parse_json(ErrorMessage)) == "not json"', row: { ErrorMessage: 'not json' }, expect: true },
  { ref: '§3.3.2 property access', where: 'tostring(parse_json(ResponseElements).ConsoleLogin) == "Success"', row: { ResponseElements: '{"ConsoleLogin":"Success"}' }, expect: true },
  { ref: '§3.3.2 bracket access', where: 'tostring(parse_json(ResponseElements)["ConsoleLogin"]) == "Success"', row: { ResponseElements: '{"ConsoleLogin":"Success"}' }, expect: true },
  { ref: '§3.3.2 negative index', where: 'tostring(split(UserIdentityArn, "/")[-1]) == "alice"', row: { UserIdentityArn: 'arn:aws:iam::111122223333:user/alice' }, expect: true },
  { ref: '§3.3.2 index out of range is null', where: 'isnull(split(EventName, "/")[5])', row: { EventName: 'a/b' }, expect: true },
  { ref: '§3.3.2 missing property is null', where: 'isnull(parse_json(RequestParameters).userName)', row: { RequestParameters: '{"x":1}' }, expect: true },
  { ref: '§3.3.2 property names are case-sensitive', where: 'isnull(parse_json(AdditionalEventData).mfaused)', row: { AdditionalEventData: '{"MFAUsed":"No"}' }, expect: true },
  { ref: '§3.3.2 array element property', where: 'tostring(parse_json(Resources)[0].ARN) == "arn:aws:iam::1:root"', row: { Resources: '[{"ARN":"arn:aws:iam::1:root"}]' }, expect: true },
  { ref: '§3.3.4 split(s, d, i)[0]', where: 'tostring(split(UserIdentityUserName, "@", 1)[0]) == "example.com"', row: { UserIdentityUserName: 'alice@example.com' }, expect: true },
  { ref: '§3.3.5 indexof absent is -1', where: 'indexof(UserIdentityPrincipalid, ":") == -1', row: { UserIdentityPrincipalid: 'AIDAEXAMPLE' }, expect: true },
  { ref: '§3.3.5 indexof', where: 'indexof(UserIdentityPrincipalid, ":") == 5', row: { UserIdentityPrincipalid: 'AROAX:alice' }, expect: true },
  { ref: '§3.3.2 a number inside JSON', where: 'toint(parse_json(RequestParameters).durationSeconds) > 3600', row: { RequestParameters: '{"durationSeconds":7200}' }, expect: true },
  // §3.4 other functions.
  { ref: '§3.4 iff', where: 'iff(isempty(UserIdentityUserName), "root", UserIdentityUserName) == "root"', row: {}, expect: true },
  { ref: '§3.4 iif', where: 'iif(EventName == "a", 1, 2) == 2', row: { EventName: 'b' }, expect: true },
  { ref: '§3.4 case falls through to else', where: 'case(EventName == "a", "A", EventName == "b", "B", "other") == "other"', row: { EventName: 'c' }, expect: true },
  { ref: '§3.4 case picks the first true branch', where: 'case(EventName has "b", "first", EventName == "b", "second", "other") == "first"', row: { EventName: 'b' }, expect: true },
  { ref: '§3.4 strcat and tolower', where: 'tolower(strcat(EventSource, ":", EventName)) == "iam.amazonaws.com:createuser"', row: { EventSource: 'iam.amazonaws.com', EventName: 'CreateUser' }, expect: true },
  { ref: '§3.4 bin on datetime', where: 'bin(TimeGenerated, 1h) == datetime(2024-05-01T10:00:00Z)', row: { TimeGenerated: '2024-05-01T10:42:00Z' }, expect: true },
  { ref: '§3.4 int()', where: 'toint("7") + int(1) == 8', row: {}, expect: true },
  { ref: '§3.4 datetime comparison', where: 'TimeGenerated between (datetime(2024-05-01) .. datetime(2024-05-02))', row: { TimeGenerated: '2024-05-01T10:42:00Z' }, expect: true },
  { ref: '§2.1 Type is the table name', where: 'Type == "AWSCloudTrail"', row: {}, expect: true },
];

/** Whole queries over a few CloudTrail records, replayed as scheduled runs (§4, §5). */
export interface RunCase {
  readonly ref: string;
  readonly query: string;
  /** Schedule fields as a rule's YAML writes them (none: one run over everything). */
  readonly schedule?: { readonly queryFrequency: string; readonly queryPeriod: string; readonly triggerOperator?: string; readonly triggerThreshold?: number };
  /** The eventIDs (of RUN_RECORDS) caught. */
  readonly caught: readonly string[];
}

const rec = (eventID: string, time: string, fields: Record<string, unknown>): Record<string, unknown> => ({
  eventVersion: '1.09',
  eventTime: time,
  eventSource: 'iam.amazonaws.com',
  eventID,
  eventType: 'AwsApiCall',
  awsRegion: 'us-east-1',
  recipientAccountId: '111122223333',
  ...fields,
});
const root = { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' };
const alice = { type: 'IAMUser', principalId: 'AIDAALICE', arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', userName: 'alice' };

/** The records the run cases replay (times within one day). */
export const RUN_RECORDS: readonly Record<string, unknown>[] = [
  rec('r1', '2024-05-01T00:10:00Z', { userIdentity: root, eventName: 'CreateUser', sourceIPAddress: '198.51.100.7' }),
  rec('r2', '2024-05-01T00:20:00Z', { userIdentity: root, eventName: 'ListUsers', sourceIPAddress: '198.51.100.7', readOnly: true }),
  rec('r3', '2024-05-01T00:50:00Z', { userIdentity: alice, eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', eventType: 'AwsConsoleSignIn', sourceIPAddress: '198.51.100.7', responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' } }),
  rec('r4', '2024-05-01T01:10:00Z', { userIdentity: alice, eventName: 'DeleteUser', sourceIPAddress: '203.0.113.9', errorCode: 'AccessDenied', errorMessage: 'denied' }),
  rec('r5', '2024-05-01T05:00:00Z', { userIdentity: root, eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', eventType: 'AwsConsoleSignIn', sourceIPAddress: '192.0.2.1', responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication', additionalEventData: { MFAUsed: 'No' } }),
];

const hourly = { queryFrequency: '1h', queryPeriod: '1h' };

export const RUN_CASES: readonly RunCase[] = [
  { ref: '§4.1 where, one run', query: 'AWSCloudTrail | where UserIdentityType == "Root"', caught: ['r1', 'r2', 'r5'] },
  { ref: '§4.4 count() by, then a filter on the count', query: 'AWSCloudTrail | summarize n = count() by UserIdentityArn | where n > 2', caught: ['r1', 'r2', 'r5'] },
  { ref: '§4.4 empty strings are ordinary keys', query: 'AWSCloudTrail | summarize n = count() by ErrorCode | where ErrorCode == ""', caught: ['r1', 'r2', 'r3', 'r5'] },
  { ref: '§5.1 contributions follow the key', query: 'AWSCloudTrail | summarize n = count() by ErrorCode | where isnotempty(ErrorCode) | extend why = strcat("code ", ErrorCode)', caught: ['r4'] },
  { ref: '§4.4 dcount and make_set', query: 'AWSCloudTrail | summarize ips = dcount(SourceIpAddress), names = make_set(EventName) by UserIdentityArn | where ips > 1 and array_length(names) == 3', caught: ['r1', 'r2', 'r5'] },
  { ref: '§4.4 bin(TimeGenerated, 1h) as a key', query: 'AWSCloudTrail | summarize n = count() by bin(TimeGenerated, 1h) | where n >= 3', caught: ['r1', 'r2', 'r3'] },
  { ref: '§4.4 arg_max keeps the group row', query: 'AWSCloudTrail | summarize arg_max(TimeGenerated, EventName) by UserIdentityArn | where EventName == "DeleteUser"', caught: ['r3', 'r4'] },
  { ref: '§4.4 min and max', query: 'AWSCloudTrail | summarize firstSeen = min(TimeGenerated), lastSeen = max(TimeGenerated) by UserIdentityType | where lastSeen - firstSeen > 1h', caught: ['r1', 'r2', 'r5'] },
  { ref: '§4.5 render only draws the result', query: 'AWSCloudTrail | where UserIdentityType == "Root" | summarize n = count() by bin(TimeGenerated, 1h) | render timechart', caught: ['r1', 'r2', 'r5'] },
  { ref: '§4.5 top', query: 'AWSCloudTrail | top 1 by TimeGenerated desc', caught: ['r5'] },
  { ref: '§4.5 order by asc puts nulls first', query: 'AWSCloudTrail | order by ReadOnly asc | take 1', caught: ['r1'] },
  { ref: '§4.5 order by desc puts nulls last', query: 'AWSCloudTrail | order by ReadOnly desc | take 1', caught: ['r2'] },
  { ref: '§4.5 take after order', query: 'AWSCloudTrail | order by TimeGenerated asc | take 2', caught: ['r1', 'r2'] },
  { ref: '§4.6 let scalar and tabular', query: 'let threshold = 1; let roots = AWSCloudTrail | where UserIdentityType == "Root"; roots | summarize n = count() by SourceIpAddress | where n > threshold', caught: ['r1', 'r2'] },
  { ref: '§4.6 let dynamic list', query: 'let names = dynamic(["CreateUser", "DeleteUser"]); AWSCloudTrail | where EventName in (names)', caught: ['r1', 'r4'] },
  { ref: '§4.7 union', query: 'union (AWSCloudTrail | where EventName == "CreateUser"), (AWSCloudTrail | where EventName == "DeleteUser")', caught: ['r1', 'r4'] },
  { ref: '§4.8 join: both sides contribute', query: 'AWSCloudTrail | where EventName == "ConsoleLogin" and UserIdentityType != "Root" | join kind=inner (AWSCloudTrail | where UserIdentityType == "Root" | distinct SourceIpAddress) on SourceIpAddress', caught: ['r1', 'r2', 'r3'] },
  { ref: '§4.8 leftanti', query: 'AWSCloudTrail | where UserIdentityType == "Root" | join kind=leftanti (AWSCloudTrail | where UserIdentityType == "IAMUser") on SourceIpAddress', caught: ['r5'] },
  { ref: '§4.8 innerunique keeps one left row per key', query: 'AWSCloudTrail | where UserIdentityType == "Root" | join (AWSCloudTrail | where UserIdentityType == "IAMUser") on SourceIpAddress', caught: ['r1', 'r3'] },
  { ref: '§4.1 in with a subquery', query: 'AWSCloudTrail | where SourceIpAddress in (AWSCloudTrail | where EventName == "ConsoleLogin" and UserIdentityType == "IAMUser" | project SourceIpAddress) and UserIdentityType == "Root"', caught: ['r1', 'r2'] },
  { ref: '§4.3 project-away with a wildcard, project-rename', query: 'AWSCloudTrail | project-away Session*, UserIdentity* | project-rename Action = EventName | where Action == "ListUsers"', caught: ['r2'] },
  // §5.2 scheduled runs: windows and the trigger.
  { ref: '§5.2 one run per hour: counts do not cross windows', query: 'AWSCloudTrail | summarize n = count() by UserIdentityArn | where n > 2', schedule: hourly, caught: [] },
  { ref: '§5.2 a longer queryPeriod sees more', query: 'AWSCloudTrail | summarize n = count() by UserIdentityArn | where n > 2', schedule: { queryFrequency: '1h', queryPeriod: '6h' }, caught: ['r1', 'r2', 'r5'] },
  { ref: '§5.2 triggerThreshold counts result rows per run', query: 'AWSCloudTrail | where UserIdentityType == "Root"', schedule: { ...hourly, triggerOperator: 'gt', triggerThreshold: 1 }, caught: ['r1', 'r2'] },
  { ref: '§5.2 trigger eq', query: 'AWSCloudTrail | where UserIdentityType == "Root"', schedule: { ...hourly, triggerOperator: 'eq', triggerThreshold: 1 }, caught: ['r5'] },
  // §5.4 ago() against the run's now().
  { ref: '§5.4 ago() in an hourly run', query: 'AWSCloudTrail | where TimeGenerated > ago(30m)', schedule: hourly, caught: ['r3'] },
  { ref: '§5.4 ago() in one run: now() is the latest record', query: 'AWSCloudTrail | where TimeGenerated >= ago(1h)', caught: ['r5'] },
  { ref: '§5.4 now()', query: 'AWSCloudTrail | where now() - TimeGenerated < 1h', caught: ['r5'] },
];

/** Queries Kusto rejects: code, 1-based line and column of the first problem, and words of the message. */
export interface ErrorCase {
  readonly ref: string;
  readonly query: string;
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly message: RegExp;
}

export const ERROR_CASES: readonly ErrorCase[] = [
  { ref: '`=` in where', query: 'AWSCloudTrail | where EventName = "ConsoleLogin"', code: 'TP9001', line: 1, column: 33, message: /did you mean '=='/ },
  { ref: 'unknown column', query: 'AWSCloudTrail\n| where UserType == "Root"', code: 'TP9002', line: 2, column: 9, message: /'UserType' does not refer to any known column/ },
  { ref: 'column dropped by project', query: 'AWSCloudTrail | project EventName | where UserIdentityType == "Root"', code: 'TP9002', line: 1, column: 43, message: /'UserIdentityType'/ },
  { ref: 'column not kept by summarize', query: 'AWSCloudTrail | summarize count() by EventName | where UserIdentityArn == "x"', code: 'TP9002', line: 1, column: 56, message: /'UserIdentityArn'/ },
  { ref: 'unbalanced brackets', query: 'AWSCloudTrail | where (EventName == "x"', code: 'TP9001', line: 1, column: 23, message: /unbalanced brackets: this '\(' is never closed/ },
  { ref: 'unknown operator', query: 'AWSCloudTrail | wher EventName == "x"', code: 'TP9001', line: 1, column: 17, message: /unknown query operator 'wher'/ },
  { ref: 'unknown function', query: 'AWSCloudTrail | where is_root(UserIdentityType)', code: 'TP9003', line: 1, column: 23, message: /unknown function 'is_root'/ },
  { ref: 'aggregation outside summarize', query: 'AWSCloudTrail | where count() > 1', code: 'TP9003', line: 1, column: 23, message: /only allowed in summarize/ },
  { ref: 'where on a string column', query: 'AWSCloudTrail | where EventName', code: 'TP9007', line: 1, column: 23, message: /must have the type bool/ },
  { ref: 'a keyword as a column name', query: 'AWSCloudTrail | summarize first = min(TimeGenerated)', code: 'TP9001', line: 1, column: 27, message: /'first' needs to be bracketed as \['first'\]/ },
  { ref: 'unterminated string', query: 'AWSCloudTrail | where EventName == "x', code: 'TP9001', line: 1, column: 36, message: /unterminated string literal/ },
];

/** Valid KQL the replay cannot run (§5.5, operators outside the subset). `tables` names tables Kusto must know. */
export const NOT_REPLAYABLE: readonly { readonly query: string; readonly reason: RegExp }[] = [
  { query: 'SigninLogs | where ResultType == "0"', reason: /table 'SigninLogs' is not available/ },
  { query: 'AWSCloudTrail | union SigninLogs | where EventName == "x"', reason: /table 'SigninLogs' is not available/ },
  { query: 'AWSCloudTrail | mv-expand r = parse_json(Resources) | where tostring(r.ARN) has "root"', reason: /'mv-expand' operator is outside the replayed KQL subset/ },
  { query: 'AWSCloudTrail | parse UserIdentityArn with * ":user/" Name | where Name == "alice"', reason: /'parse' operator/ },
  { query: 'let kinds = datatable (Type:string, Kind:string) ["Root", "Admin"]; AWSCloudTrail | where UserIdentityType in (kinds | project Type)', reason: /'datatable' operator is outside/ },
  { query: 'let byName = (name:string) { AWSCloudTrail | where EventName == name }; byName(name = "CreateUser")', reason: /user-defined function 'byName'/ },
];

/** Where-predicates and the prefilter they give (null: none provably sound). literals.ts */
export const PREFILTER_CASES: readonly { readonly where: string; readonly prefilter: { anyOf: string[]; caseInsensitive: boolean; also?: string[][] } | null; readonly why?: string }[] = [
  { where: 'EventName == "ConsoleLogin"', prefilter: { anyOf: ['"ConsoleLogin"'], caseInsensitive: false }, why: 'the whole JSON string token' },
  { where: 'EventName == "123"', prefilter: { anyOf: ['123'], caseInsensitive: false }, why: 'a number in the record gives the same column text, unquoted' },
  { where: 'EventName =~ "ConsoleLogin"', prefilter: { anyOf: ['"consolelogin"'], caseInsensitive: true } },
  { where: 'UserIdentityType == "Root" and EventSource has "signin"', prefilter: { anyOf: ['"root"'], caseInsensitive: true, also: [['signin']] } },
  { where: 'EventName in ("CreateAccessKey", "CreateUser")', prefilter: { anyOf: ['"CreateAccessKey"', '"CreateUser"'], caseInsensitive: false } },
  { where: 'EventName == "A1" or EventName =~ "B2"', prefilter: { anyOf: ['"a1"', '"b2"'], caseInsensitive: true } },
  { where: 'AdditionalEventData has "MFAUsed"', prefilter: { anyOf: ['mfaused'], caseInsensitive: true }, why: 'has on a JSON column: a term' },
  { where: 'AdditionalEventData contains \'MFAUsed":\'', prefilter: null, why: 'contains on a JSON column: spacing may differ' },
  { where: 'EventName != "ConsoleLogin"', prefilter: null, why: 'negation' },
  { where: 'EventName == ""', prefilter: null, why: '"" matches an absent field' },
  { where: 'EventName == "a\\"b"', prefilter: null, why: 'a character JSON escapes' },
  { where: 'EventName == "x" or ReadOnly == true', prefilter: null, why: 'an or with one side unknown' },
  { where: 'tostring(parse_json(RequestParameters).userName) == "Root"', prefilter: null, why: 'through a function' },
  { where: 'Category == "Management"', prefilter: null, why: 'a column not read from the record' },
];

/** Queries of the YAML / ARM / library tests. */
export const FILE_QUERIES = {
  noMfa: 'AWSCloudTrail\n| where EventName == "ConsoleLogin" and UserIdentityType == "Root"\n| where tostring(parse_json(AdditionalEventData).MFAUsed) !~ "Yes"',
  summarizing: 'AWSCloudTrail\n| where EventName == "ConsoleLogin"\n| summarize n = count() by SourceIpAddress',
  byArn: 'AWSCloudTrail\n| summarize n = count() by UserIdentityArn',
  armRoot: 'AWSCloudTrail\r\n| where UserIdentityType == "Root"',
  library: 'AWSCloudTrail | where UserIdentityType == "Root" and EventName == "ConsoleLogin"',
  overwritten: 'AWSCloudTrail | extend EventName = "x" | where EventName == "x"',
  signin: 'SigninLogs\n| where ResultType == "0"',
} as const;
