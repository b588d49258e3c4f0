// What a file is comes from its place and structure, never from a substring of a record (issue 11
// item 1), and from enough of its head, not its first value only (issue 17 item 6). Insights events
// ("CloudTrail Insights events":
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-insights-events-with-cloudtrail.html:
// top-level eventType "AwsCloudTrailInsight", eventCategory "Insight") met among records are skipped one
// by one; lines that are not records are skipped, each named with its line; the other lines are read.
import t from 'tap';
import { isInsightRecord } from '../../src/engine/split/insight-record.js';
import { replay } from '../../src/engine/replay.js';
import { loadDetections } from '../../src/dialects/index.js';
import { resolveSource } from '../../src/sources/index.js';
import { problems, readStream, readSync, texts } from './helpers.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const rec = (n: number, extra = ''): string =>
  `{"eventVersion":"1.09","userIdentity":{"type":"Root","accountId":"111122223333"},"eventTime":"2026-03-09T08:12:4${n}Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","eventID":"e-${n}"${extra}}`;
const insight = '{"eventVersion":"1.07","eventTime":"2026-03-09T09:00:00Z","eventID":"i-1","eventType":"AwsCloudTrailInsight","recipientAccountId":"111122223333","insightDetails":{"state":"Start"},"eventCategory":"Insight"}';

t.test('an Insights event is told by its own top-level members only', async (t) => {
  t.ok(isInsightRecord(insight));
  t.ok(isInsightRecord('{"eventType":"AwsCloudTrailInsight"}'), 'its event type alone');
  t.ok(isInsightRecord('{"eventCategory":"Insight"}'), 'its category alone');
  t.ok(isInsightRecord('{ "eventCategory" : "Insight" }'), 'spaced');
  t.ok(isInsightRecord('{"event\\u0054ype":"AwsCloudTrail\\u0049nsight"}'), 'escaped key and value');
  t.notOk(isInsightRecord(rec(1, ',"requestParameters":{"tags":{"k":"\\"eventType\\":\\"AwsCloudTrailInsight\\""}}')), 'the text in a tag value');
  t.notOk(isInsightRecord(rec(1, ',"requestParameters":{"eventType":"AwsCloudTrailInsight","eventCategory":"Insight"}')), 'nested members');
  t.notOk(isInsightRecord(rec(1, ',"eventType":"AwsApiCall","eventCategory":"Management","userAgent":"Insight"')), 'other values');
  t.notOk(isInsightRecord('{"eventCategory":"insight"}'), 'case counts');
  t.notOk(isInsightRecord('{"eventType":["AwsCloudTrailInsight"]}'), 'not a string');
  t.notOk(isInsightRecord('{"eventType":"AwsCloudTrailInsight","eventType":"AwsApiCall"}'), 'a repeated key: the last value, as JSON.parse reads it');
  t.notOk(isInsightRecord('"eventCategory":"Insight"'), 'not an object');
});

t.test('in a log file, each Insights event is skipped where it is and the records around it read', async (t) => {
  const pretty = JSON.stringify(JSON.parse(insight), null, 2);
  const text = `{"Records":[${rec(1)},${insight},${rec(2)},${pretty},${rec(3)}]}`;
  const skip = (index: number): unknown => ['skip', 'cloudtrail-insight', { index }, 'an Insights event, not an API record'];
  for (const events of [readSync(enc(text), 'x.json'), await readStream(enc(text), 'x.json', 7)]) {
    t.same(texts(events), [rec(1), rec(2), rec(3)]);
    t.same(problems(events), [skip(1), skip(3)]);
  }
  // In line formats it is named with its line, before the record-shape check (it has no eventName).
  const lines = readSync(enc(`${rec(1)}\n${insight}\n${rec(2)}\n`), 'x.jsonl');
  t.same(problems(lines), [['skip', 'cloudtrail-insight', { index: 1, line: 2 }, 'an Insights event, not an API record']]);
  t.same(texts(lines), [rec(1), rec(2)]);
});

t.test('JSON Lines whose first lines are not records: those lines are named, the records read', async (t) => {
  const records = [1, 2, 3, 4, 5, 6, 7].map((n) => rec(n));
  const body = `${records.join('\n')}\n`;
  const cases: [string, string, unknown[]][] = [
    ['garbage', 'not a record at all\n', ['skip', 'malformed-json', { index: 0, line: 1, column: 1 }, "invalid literal 'not' at line 1, column 1"]],
    ['a # comment', '# exported by hand\n', ['skip', 'malformed-json', { index: 0, line: 1, column: 1 }, "expected a value, found '#' at line 1, column 1"]],
    ['another object', '{"exportedBy":"me"}\n', ['skip', 'not-cloudtrail-record', { index: 0, line: 1, column: 1 }, 'object has no eventName, eventSource: not a CloudTrail record']],
    [
      'a digest object',
      '{"awsAccountId":"111122223333","digestStartTime":"2026-03-09T08:25:00Z","digestEndTime":"2026-03-09T09:25:00Z","logFiles":[]}\n',
      ['skip', 'not-cloudtrail-record', { index: 0, line: 1, column: 1 }, 'object has no eventName, eventSource: not a CloudTrail record'],
    ],
  ];
  for (const [what, first, skipped] of cases) {
    const bytes = enc(first + body);
    for (const events of [readSync(bytes, 'export.jsonl'), await readStream(bytes, 'export.jsonl', 5)]) {
      t.same(problems(events), [skipped], `${what}: named with its line`);
      t.same(texts(events), records, `${what}: the 7 records read`);
    }
  }
});

t.test('keys spelled with escapes: the file and its records are read', async (t) => {
  const text = `{"Rec\\u006frds":[${rec(1)},${rec(2)}]}`;
  for (const events of [readSync(enc(text), 'x.json'), await readStream(enc(text), 'x.json', 3)]) {
    t.same(problems(events), []);
    t.same(texts(events), [rec(1), rec(2)]);
  }
  // JSON Lines checks each line's record shape: escaped keys count as the keys they spell.
  const line = '{"eventVersion":"1.09","event\\u0054ime":"2026-03-09T08:12:41Z","eventSourc\\u0065":"s","eventName":"n"}';
  const events = readSync(enc(`${line}\n`), 'x.jsonl');
  t.same(problems(events), []);
  t.same(texts(events), [line]);
});

t.test('a replay finds the root events of JSON Lines behind a comment line', async (t) => {
  const dir = t.testdir({ 'export.jsonl': `# root activity, exported by hand\n${[1, 2, 3, 4, 5, 6, 7].map((n) => rec(n)).join('\n')}\n` });
  const detections = await loadDetections(['detections']);
  const report = await replay({ locations: [dir], resolveSource: (l) => resolveSource(l, {}), detections, version: 'test', now: new Date('2026-11-27T00:00:00Z'), workers: 0 });
  t.same(report.stats.files.skipped, {});
  t.same(report.stats.records, { total: 8, evaluated: 7, filtered: 0, skipped: 1, duplicateRootEvents: 0 });
  t.equal(report.rootEvents.length, 7, 'every root sign-in found');
  t.same(report.stats.errors.map((e) => e.message), ["record index 0 (line 1): skipped (malformed-json): expected a value, found '#' at line 1, column 1"]);
  // And as fields (docs/report-schema.md, "Problem objects").
  t.match(report.stats.errors[0], { file: `${dir}/export.jsonl`, line: 1, column: 1 });
});
