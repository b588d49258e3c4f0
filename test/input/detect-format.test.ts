// Format detection per file from its name and first characters (issue 2 §2 "auto-detected per file,
// --input-format to force"; digest and Insights names per docs/cloudtrail.md §4.1,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
import t from 'tap';
import { detectFormat, skipByName } from '../../src/engine/split/index.js';

const rec = '{"eventVersion":"1.09","userIdentity":{"type":"Root"},"eventTime":"2026-03-09T08:12:45Z","eventSource":"s","eventName":"n"}';

t.test('formats from content', async (t) => {
  const cases: [string, string][] = [
    [`{"Records":[${rec}]}`, 'cloudtrail'],
    ['{\n    "Records": [\n', 'cloudtrail'],
    ['{"Records":[]}', 'cloudtrail'],
    [`${rec}\n${rec}\n`, 'jsonl'],
    [`{\n  "eventVersion": "1.09",\n  "eventTime": "t"`, 'jsonl'],
    // A record without eventVersion and eventTime (redacted or exported without them) is still one.
    ['{"eventSource":"iam.amazonaws.com","eventName":"ListUsers","eventID":"1"}\n', 'jsonl'],
    [`2026-03-09T08:12:45.000Z ${rec}\n`, 'cwl-export'],
    [`2026-03-09T08:12:45+00:00 ${rec}\n`, 'cwl-export'],
    ['{\n    "Events": [\n        {\n            "EventId": "x",', 'lookup-events'],
    ['[{"Events":[]}]', 'lookup-events'],
    [`{"version":"0","id":"x","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","detail":${rec}}`, 'eventbridge'],
    [`[{"version":"0","detail-type":"AWS Console Sign In via CloudTrail","detail":${rec}}]`, 'eventbridge'],
    [`[${rec}]`, 'json-array'],
    ['[\n  {\n    "eventVersion": "1.09"', 'json-array'],
    ['[]', 'json-array'],
    [`\n\n  {"Records":[${rec}`, 'cloudtrail'],
  ];
  for (const [head, format] of cases) t.same(detectFormat(head, 'x'), { format }, head.slice(0, 40));
});

t.test('files skipped whole', async (t) => {
  t.same(detectFormat('', 'x.json'), { skip: 'empty', message: 'the file is empty' });
  t.same(detectFormat(' \n\t\r\n', 'x.json'), { skip: 'empty', message: 'the file is empty' });
  t.same(detectFormat('{"awsAccountId":"111122223333","digestStartTime":"2026-03-09T08:25:00Z","logFiles":[]}', 'x.json'), {
    skip: 'cloudtrail-digest',
    message: 'CloudTrail digest file (integrity data, no records)',
  });
  t.same(detectFormat('{"Version":"2012-10-17","Statement":[]}', 'policy.json'), {
    skip: 'not-cloudtrail',
    message: 'a JSON object that is not CloudTrail (keys "Version", "Statement")',
  });
  t.same(detectFormat('[1,2,3]', 'x.json'), { skip: 'not-cloudtrail', message: 'a JSON array that does not hold objects' });
  t.same(detectFormat('[{"a":1}]', 'x.json'), { skip: 'not-cloudtrail', message: 'a JSON array of objects that are not CloudTrail records (keys "a")' });
  t.same(detectFormat('%PDF-1.4', 'x.json'), { skip: 'not-cloudtrail', message: 'not JSON, JSON Lines or a CloudWatch Logs export' });
});

t.test('digest and Insights files by name, whatever they hold', async (t) => {
  const digest = 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/03/09/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20260309T092500Z.json.gz';
  const insight = 's3://bucket/AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/03/10/x.json.gz';
  t.equal(detectFormat(`{"Records":[${rec}]}`, digest).valueOf().hasOwnProperty('skip'), true);
  t.same(skipByName(digest), { skip: 'cloudtrail-digest', message: 'CloudTrail digest file (integrity data, no records)' });
  t.same(skipByName(insight), { skip: 'cloudtrail-insight', message: 'CloudTrail Insights file (Insights events, not API records)' });
  t.same(skipByName('111122223333_CloudTrail-Insight_us-east-1_20260310T1200Z_x.json.gz'), skipByName(insight));
  t.equal(skipByName('AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/09/111122223333_CloudTrail_us-east-1_20260309T0825Z_x.json.gz'), null);
  t.equal(skipByName('notes/my-CloudTrail-Digest-review.json'), null, 'only as a path segment or name part');
});

// Issue 11 item 1: a file's kind comes from its place and structure, never from a substring of a record.
t.test('a log file holding Insights events, or their text, is still a log file', async (t) => {
  const insight = '{"eventVersion":"1.07","eventTime":"t","eventType":"AwsCloudTrailInsight","eventCategory":"Insight"}';
  const tag = '{"eventVersion":"1.08","eventTime":"t","eventName":"TagResource","requestParameters":{"tags":{"k":"\\"eventType\\":\\"AwsCloudTrailInsight\\""}}}';
  t.same(detectFormat(`{"Records":[${insight},${insight}]}`, 'x.json'), { format: 'cloudtrail' }, 'only Insights events: read, each skipped by the splitter');
  t.same(detectFormat(`{"Records":[${tag},${rec}]}`, 'x.json'), { format: 'cloudtrail' });
  t.same(detectFormat(`${insight}\n${rec}\n`, 'x.jsonl'), { format: 'jsonl' });
});

// Issue 17 item 6: decided from enough of the head, not from its first value only.
t.test('JSON Lines whose first lines are not records', async (t) => {
  const digest = '{"awsAccountId":"111122223333","digestStartTime":"2026-03-09T08:25:00Z","logFiles":[]}';
  const cases: [string, string][] = [
    [`this is not json\n${rec}\n`, 'garbage first'],
    [`# exported 2026-03-09\n# by hand\n${rec}\n`, 'comments first'],
    [`{"note":"header"}\n${rec}\n`, 'another object first'],
    [`${digest}\n${rec}\n`, 'a digest object first'],
    [`{broken\n${rec}\n`, 'an unbalanced line first'],
    [`[1,2]\n${rec}\n`, 'an array line first'],
  ];
  for (const [head, what] of cases) t.same(detectFormat(head, 'x.jsonl'), { format: 'jsonl' }, what);
  t.same(detectFormat(`# comment\n2026-03-09T08:12:45.000Z ${rec}\n`, 'x.log'), { format: 'cwl-export' });
  const event = `{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.s3","detail":${rec}}`;
  t.same(detectFormat(`oops\n${event}\n`, 'x.jsonl'), { format: 'eventbridge' });
  t.same(detectFormat(`[{"note":"header"},${rec}]`, 'x.json'), { format: 'json-array' }, 'an array: its first elements');
  t.same(detectFormat(digest, 'x.json'), { skip: 'cloudtrail-digest', message: 'CloudTrail digest file (integrity data, no records)' }, 'a digest alone');
  t.same(detectFormat(`${digest}\n{"note":1}\n`, 'x.json'), { skip: 'cloudtrail-digest', message: 'CloudTrail digest file (integrity data, no records)' });
  const lines = `${'# filler\n'.repeat(250)}${rec}\n`;
  t.same(detectFormat(lines, 'x.jsonl'), { skip: 'not-cloudtrail', message: 'not JSON, JSON Lines or a CloudWatch Logs export' }, 'only the first 200 lines are looked at');
});

t.test('keys spelled with escapes are the keys they spell', async (t) => {
  t.same(detectFormat(`{"Rec\\u006frds":[${rec}]}`, 'x.json'), { format: 'cloudtrail' });
  t.same(detectFormat('{"\\u0045vents":[]}', 'x.json'), { format: 'lookup-events' });
  t.same(detectFormat('{"event\\u0056ersion":"1.09"}\n', 'x.jsonl'), { format: 'jsonl' });
  t.same(detectFormat('{"Rec\\qrds":[]}', 'x.json'), { skip: 'not-cloudtrail', message: 'a JSON object that is not CloudTrail (keys "Rec\\qrds")' }, 'a bad escape matches nothing');
});
