// Splitting each input format into compact record texts.
// Formats: issue 2 §2 (local sources); shapes per docs/cloudtrail.md §4.1–4.2 (CloudTrail log file body
// `{"Records":[...]}`, https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html;
// LookupEvents `CloudTrailEvent` string; EventBridge `detail`,
// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
import t from 'tap';
import { splitText, texts, problems } from './helpers.js';

const a = { eventVersion: '1.09', eventTime: '2026-03-09T08:12:45Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } };
const b = { eventVersion: '1.09', eventTime: '2026-03-09T08:14:10Z', eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', n: [1, -2.5e3, true, false, null] };
const A = JSON.stringify(a);
const B = JSON.stringify(b);

t.test('cloudtrail: compact records pass through as the exact slices', async (t) => {
  const ev = splitText('cloudtrail', `{"Records":[${A},${B}]}`);
  t.same(texts(ev), [A, B]);
  t.same(problems(ev), []);
  t.same(
    ev.map((e) => (e[0] === 'record' ? e[1] : null)),
    [{ text: A, index: 0 }, { text: B, index: 1 }],
    'container formats give no line',
  );
});

t.test('cloudtrail: pretty-printed records are re-serialised to the compact form', async (t) => {
  const ev = splitText('cloudtrail', JSON.stringify({ Records: [a, b] }, null, 4));
  t.same(texts(ev), [A, B]);
});

t.test('cloudtrail: an empty Records array, and concatenated files', async (t) => {
  t.same(splitText('cloudtrail', '{"Records":[]}'), []);
  t.same(texts(splitText('cloudtrail', `{"Records":[${A}]}\n{"Records":[${B}]}\n`)), [A, B]);
});

t.test('cloudtrail: other top-level members are skipped over, not read as records', async (t) => {
  const ev = splitText('cloudtrail', `{"Other":[${B}],"Records":[${A}],"More":{"Records":[${B}]}}`);
  t.same(texts(ev), [A]);
  t.same(problems(ev), []);
});

t.test('string contents with escapes, brackets and unicode do not confuse the scan', async (t) => {
  const tricky = { eventTime: 't', eventName: 'n', eventSource: 's', p: '{"Statement":[{"a":"]}"}]}', q: 'back\\slash\\', r: '\\"', s: 'caf\u00e9 \u2603 \ud83d\ude80', u: '\u0000\u001f' };
  const T = JSON.stringify(tricky);
  t.same(texts(splitText('cloudtrail', `{"Records":[${T},${A}]}`)), [T, A]);
  // Escapes the serialiser would not write are kept as written in a compact record.
  const raw = '{"eventTime":"t","eventName":"n","eventSource":"s","x":"\\u00e9\\/"}';
  t.same(texts(splitText('cloudtrail', `{"Records":[${raw}]}`)), [raw]);
});

t.test('json-array', async (t) => {
  t.same(texts(splitText('json-array', `[${A},${B}]`)), [A, B]);
  t.same(texts(splitText('json-array', JSON.stringify([a, b], null, 2))), [A, B]);
  t.same(splitText('json-array', '[]'), []);
});

t.test('jsonl: one record per line, lines numbered from 1, blank lines ignored', async (t) => {
  const ev = splitText('jsonl', `${A}\n\n${B}\r\n`);
  t.same(
    ev.map((e) => (e[0] === 'record' ? e[1] : null)),
    [{ text: A, index: 0, line: 1 }, { text: B, index: 1, line: 3 }],
  );
});

t.test('jsonl: a pretty-printed record may span lines; a line starting with { starts a new one', async (t) => {
  const pretty = JSON.stringify(a, null, 2);
  const ev = splitText('jsonl', `${pretty}\n${B}\n`);
  t.same(texts(ev), [A, B]);
  t.equal(ev[1]?.[0] === 'record' ? ev[1][1].line : 0, pretty.split('\n').length + 1);
});

t.test('cwl-export: the timestamp and space before each record are dropped', async (t) => {
  const ev = splitText('cwl-export', `2026-03-09T08:12:45.000Z ${A}\n2026-03-09T08:14:10.123+00:00 ${B}\n`);
  t.same(
    ev.map((e) => (e[0] === 'record' ? e[1] : null)),
    [{ text: A, index: 0, line: 1 }, { text: B, index: 1, line: 2 }],
  );
  const bad = splitText('cwl-export', `2026-03-09T08:12:45.000Z {"eventTime":"t"}\n`);
  t.same(problems(bad), [['skip', 'not-cloudtrail-record', { index: 0, line: 1, column: 26 }, 'object has no eventName, eventSource: not a CloudTrail record']]);
});

t.test('lookup-events: the record is the CloudTrailEvent string; pages concatenated or in an array', async (t) => {
  const page = (recs: object[], next?: string): object => ({ Events: recs.map((r, i) => ({ EventId: `e${i}`, EventName: 'x', CloudTrailEvent: JSON.stringify(r) })), ...(next ? { NextToken: next } : {}) });
  t.same(texts(splitText('lookup-events', JSON.stringify(page([a, b], 'tok'), null, 4))), [A, B]);
  t.same(texts(splitText('lookup-events', `${JSON.stringify(page([a]), null, 4)}\n${JSON.stringify(page([b]), null, 4)}\n`)), [A, B]);
  t.same(texts(splitText('lookup-events', JSON.stringify([page([a]), page([b])]))), [A, B]);
  // A pretty-printed CloudTrailEvent is compacted.
  t.same(texts(splitText('lookup-events', JSON.stringify({ Events: [{ CloudTrailEvent: JSON.stringify(a, null, 2) }] }))), [A]);
});

t.test('lookup-events: entries that cannot give a record are skipped with a reason', async (t) => {
  const ev = splitText('lookup-events', JSON.stringify({ Events: [{ EventId: 'x' }, { CloudTrailEvent: '{"a":' }, { CloudTrailEvent: '[1]' }, 7] }));
  t.same(
    problems(ev).map((e) => (e as unknown[]).slice(0, 2)),
    [
      ['skip', 'not-cloudtrail-record'],
      ['skip', 'malformed-json'],
      ['skip', 'not-an-object'],
      ['skip', 'not-an-object'],
    ],
  );
});

t.test('eventbridge: detail is the record, by detail-type; one event, lines, or an array', async (t) => {
  const ev = (detailType: string, detail: object): object => ({ version: '0', id: '1', 'detail-type': detailType, source: 'aws.signin', account: '111122223333', time: 't', region: 'us-east-1', resources: [], detail });
  const e1 = ev('AWS Console Sign In via CloudTrail', a);
  const e2 = ev('AWS API Call via CloudTrail', b);
  t.same(texts(splitText('eventbridge', JSON.stringify(e1, null, 2))), [A], 'one pretty-printed event');
  t.same(texts(splitText('eventbridge', `${JSON.stringify(e1)}\n${JSON.stringify(e2)}\n`)), [A, B], 'JSON Lines');
  t.same(texts(splitText('eventbridge', JSON.stringify([e1, e2], null, 1))), [A, B], 'array');
  const mixed = splitText('eventbridge', [JSON.stringify(ev('EC2 Instance State-change Notification', { state: 'stopped' })), JSON.stringify(ev('AWS Insight via CloudTrail', a)), JSON.stringify({ version: '0', 'detail-type': 'AWS API Call via CloudTrail' })].join('\n'));
  t.same(problems(mixed), [
    ['skip', 'not-cloudtrail-record', { index: 0, line: 1, column: 1 }, 'detail-type "EC2 Instance State-change Notification" is not a CloudTrail event'],
    ['skip', 'cloudtrail-insight', { index: 1, line: 2, column: 1 }, 'an Insights event, not an API record'],
    ['skip', 'not-cloudtrail-record', { index: 2, line: 3, column: 1 }, 'event has no detail object'],
  ]);
});
