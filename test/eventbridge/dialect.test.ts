// Loading EventBridge rule files (digest §1): bare patterns, `aws events list-rules` and `describe-rule`
// output (EventPattern is a JSON string), which files the dialect claims, and positioned diagnostics.
import t from 'tap';
import { recognises } from '../helpers/dialect-kit.js';
import { EventBridgeCode, eventBridgeDialect, loadEventBridgeFile } from '../../src/dialects/eventbridge/index.js';
import { loadDetectionFiles } from '../../src/dialects/index.js';
import { viewOfRecord } from '../../src/record/view.js';

const ROOT = JSON.stringify({ detail: { userIdentity: { type: ['Root'] } } });

const listRules = JSON.stringify(
  {
    Rules: [
      { Name: 'root-activity', Arn: 'arn:aws:events:us-east-1:111122223333:rule/root-activity', EventPattern: ROOT, State: 'ENABLED', EventBusName: 'default', Description: 'root used' },
      { Name: 'nightly', Arn: 'arn:aws:events:us-east-1:111122223333:rule/nightly', ScheduleExpression: 'rate(1 day)', State: 'ENABLED', EventBusName: 'default' },
      { Name: 'old-root', Arn: 'arn:aws:events:us-east-1:111122223333:rule/old-root', EventPattern: ROOT, State: 'DISABLED', EventBusName: 'audit' },
    ],
  },
  null,
  2,
);

t.test('list-rules output: one detection per pattern, Name/State/EventBusName kept', async (t) => {
  const r = loadEventBridgeFile({ path: 'rules.json', text: listRules });
  t.same(r.diagnostics, []);
  t.same(
    r.detections.map((d) => [d.id, d.title, d.dialect, d.meta]),
    [
      ['rules.json#root-activity', 'root-activity', 'eventbridge', { ruleId: 'root-activity', description: 'root used', status: 'ENABLED', tags: ['event-bus:default'] }],
      // On a custom bus, Region and account are not checked: the report says so with the detection.
      ['rules.json#old-root', 'old-root', 'eventbridge', { ruleId: 'old-root', status: 'DISABLED', tags: ['event-bus:audit'], notes: ['on the custom bus audit, events arrive only when forwarded, which no rule file shows: the Region and account they were recorded in are not checked'] }],
    ],
  );
  t.same(r.notApplicable, [{ file: 'rules.json', title: 'nightly', reason: 'rule has no event pattern (schedule only)' }]);
  t.ok(r.detections[0]!.rule.match(viewOfRecord({ eventType: 'AwsApiCall', userIdentity: { type: 'Root' } })));
});

t.test('describe-rule output and a bare pattern file', async (t) => {
  const described = loadEventBridgeFile({ path: 'd.json', text: JSON.stringify({ Name: 'r', Arn: 'a', EventPattern: ROOT, State: 'ENABLED' }) });
  t.same(described.detections.map((d) => d.title), ['r']);
  const bare = loadEventBridgeFile({ path: 'dir/root-usage.json', text: `\ufeff${ROOT}\n` });
  t.same(bare.diagnostics, []);
  t.same(bare.detections.map((d) => [d.id, d.title]), [['dir/root-usage.json#root-usage', 'root-usage']]);
});

t.test('files the dialect claims, and files it leaves to others', async (t) => {
  const claims = (path: string, text: string): boolean => recognises(eventBridgeDialect, { path, text });
  t.ok(claims('p.json', '{"source":["aws.signin"]}'));
  t.ok(claims('p.json', '{"detail-type":["x"]}'));
  t.ok(claims('r.json', listRules));
  t.ok(claims('r.json', '{"Name":"x","EventPattern": "{"}'), 'a broken pattern is still ours, to report');
  t.ok(claims('r.json', '{"EventPattern": "{}",'), 'a broken file naming an event pattern is ours');
  t.notOk(claims('p.pattern', ROOT), 'only .json files');
  t.notOk(claims('m.json', '{"metricFilters":[{"filterName":"x","filterPattern":"{ $.a = 1 }"}]}'), 'describe-metric-filters output');
  t.notOk(claims('t.json', '{"Resources":{"F":{"Type":"AWS::Logs::MetricFilter","Properties":{"FilterPattern":"x"}}}}'), 'a CloudFormation template');
  t.notOk(claims('x.json', '{"foo":["bar"]}'), 'no envelope key');
  t.notOk(claims('x.json', '{"foo": '), 'broken JSON that names no event pattern');

  const metricFilters = { path: 'm.json', text: '{"metricFilters":[{"filterName":"x","filterPattern":"{ $.a = 1 }"}]}' };
  const loaded = loadDetectionFiles([metricFilters, { path: 'p.json', text: ROOT }]);
  t.same(loaded.detections.map((d) => [d.file, d.dialect]), [['m.json', 'cwl'], ['p.json', 'eventbridge']], 'each file goes to its own dialect');
});

t.test('invalid patterns are diagnostics with positions, never exceptions', async (t) => {
  const bare = loadEventBridgeFile({ path: 'b.json', text: '{\n  "detail": {\n    "type": "Root"\n  }\n}' });
  t.same(bare.detections, []);
  t.match(bare.diagnostics, [{ code: EventBridgeCode.invalidPattern, severity: 'error', line: 3, column: 13, message: 'event pattern is not valid: "type" must be an object or an array' }]);

  const text = JSON.stringify({ Rules: [{ Name: 'bad', EventPattern: '{"detail":{"x":[{"numeric":[">"]}]}}' }, { Name: 'good', EventPattern: ROOT }] }, null, 2);
  const listed = loadEventBridgeFile({ path: 'l.json', text });
  t.same(listed.detections.map((d) => d.title), ['good'], 'the other rules still load');
  t.match(listed.diagnostics, [
    { code: EventBridgeCode.invalidPattern, line: 5, column: 23, rule: 'bad', message: 'event pattern is not valid: Value of > must be numeric (at line 1, column 29 of the pattern)' },
  ]);

  const broken = loadEventBridgeFile({ path: 'x.json', text: '{"EventPattern": "{}",\n}' });
  t.match(broken.diagnostics, [{ code: EventBridgeCode.fileSyntax, line: 2, column: 1 }]);

  const notString = loadEventBridgeFile({ path: 'n.json', text: '{"Name":"n","EventPattern": 5}' });
  t.match(notString.diagnostics, [{ code: EventBridgeCode.badEventPattern }]);

  const long = JSON.stringify({ Name: 'long', EventPattern: JSON.stringify({ detail: { eventName: Array.from({ length: 150 }, (_, i) => `EventName${i}`) } }) });
  t.match(loadEventBridgeFile({ path: 'long.json', text: long }).diagnostics, [{ code: EventBridgeCode.overDefaultLength, severity: 'warning' }], 'over 2048 characters (P33)');
});
