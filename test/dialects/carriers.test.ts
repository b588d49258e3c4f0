// Shared carriers (src/dialects/carriers): one CloudFormation template or Terraform file feeding
// several dialects, with positions in the carrier file.
import t from 'tap';
import { loadDetectionFiles } from '../../src/dialects/index.js';
import type { DetectionFile } from '../../src/dialects/types.js';
import { viewOfRecord } from '../../src/record/view.js';

const ROOT = { userIdentity: { type: 'Root', accountId: '111122223333' }, eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', eventType: 'AwsApiCall', awsRegion: 'us-east-1', eventTime: '2026-03-09T08:10:02Z', recipientAccountId: '111122223333' };
const USER = { ...ROOT, userIdentity: { type: 'IAMUser', accountId: '111122223333' } };

const YAML_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  RootFilter:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref TrailGroup
      FilterPattern: '{ $.userIdentity.type = "Root" }'
  RootRule:
    Type: AWS::Events::Rule
    Properties:
      Name: root-activity
      State: ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
      EventBusName: !Ref Bus
      EventPattern:
        detail:
          userIdentity:
            type: [Root]
  AsString:
    Type: AWS::Events::Rule
    Properties:
      State: DISABLED
      EventPattern: '{"detail": {"userIdentity": {"type": ["Root"]}}}'
  Nightly:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 day)
`;

const JSON_TEMPLATE = JSON.stringify(
  {
    Resources: {
      RootFilter: { Type: 'AWS::Logs::MetricFilter', Properties: { LogGroupName: 'trail', FilterPattern: '{ $.userIdentity.type = "Root" }' } },
      RootRule: { Type: 'AWS::Events::Rule', Properties: { EventPattern: { detail: { userIdentity: { type: ['Root'] } } } } },
    },
  },
  null,
  2,
);

function load(...files: DetectionFile[]) {
  return loadDetectionFiles(files);
}

t.test('a CloudFormation template with a metric filter and event rules loads both dialects', async (t) => {
  for (const file of [{ path: 'stack.yaml', text: YAML_TEMPLATE }, { path: 'stack.json', text: JSON_TEMPLATE }]) {
    const loaded = load(file);
    t.same(loaded.diagnostics, [], `${file.path}: no diagnostics`);
    const byDialect = loaded.detections.map((d) => [d.dialect, d.id]);
    const expected = file.path === 'stack.yaml'
      ? [['cwl', 'stack.yaml#RootFilter'], ['eventbridge', 'stack.yaml#root-activity'], ['eventbridge', 'stack.yaml#AsString']]
      : [['cwl', 'stack.json#RootFilter'], ['eventbridge', 'stack.json#RootRule']];
    t.same(byDialect, expected, `${file.path}: both dialects' rules`);
    for (const d of loaded.detections) {
      t.ok(d.rule.match(viewOfRecord(ROOT)), `${d.id} matches root`);
      t.notOk(d.rule.match(viewOfRecord(USER)), `${d.id} does not match an IAM user`);
    }
  }
  const yaml = load({ path: 'stack.yaml', text: YAML_TEMPLATE });
  const rule = yaml.detections.find((d) => d.id === 'stack.yaml#root-activity')!;
  t.same(rule.meta, {
    ruleId: 'root-activity',
    description: 'AWS::Events::Rule RootRule',
    status: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
    tags: ['event-bus:!Ref Bus'],
    // A template never states the stack's Region and account; on a custom bus they are not checked anyway.
    notes: ['on the custom bus !Ref Bus, events arrive only when forwarded, which no rule file shows: the Region and account they were recorded in are not checked'],
  }, 'Name, State, EventBusName kept');
  t.equal(yaml.detections.find((d) => d.id === 'stack.yaml#AsString')!.meta.status, 'DISABLED');
  t.same(yaml.notApplicable.map((n) => [n.title, n.reason]), [['Nightly', 'rule has no event pattern (schedule only)']]);
});

t.test('problems in a carried pattern are placed in the template', async (t) => {
  const bad = YAML_TEMPLATE.replace('type: [Root]', 'type: Root').replace(`'{"detail": {"userIdentity": {"type": ["Root"]}}}'`, '!Sub "{}"');
  const loaded = load({ path: 'bad.yaml', text: bad });
  t.same(loaded.detections.map((d) => d.id), ['bad.yaml#RootFilter'], 'the metric filter still loads');
  t.match(loaded.diagnostics, [
    { code: 'TP5001', severity: 'error', file: 'bad.yaml', line: 17, rule: 'root-activity' },
    { code: 'TP5003', severity: 'error', file: 'bad.yaml', line: 22, message: /^EventPattern uses !Sub, whose value only CloudFormation knows/, rule: 'AsString' },
  ]);
  const broken = load({ path: 'broken.yaml', text: 'Resources:\n  R:\n    Type: AWS::Events::Rule\n    Properties: [\n' });
  t.match(broken.diagnostics, [{ code: 'TP5002', severity: 'error', file: 'broken.yaml', line: 5, message: /^invalid YAML/ }], 'a template that does not read is reported by the dialect it names');
});

const TERRAFORM = `resource "aws_cloudwatch_log_metric_filter" "root" {
  name           = "root-usage"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \\"Root\\" }"
}

resource "aws_cloudwatch_event_rule" "encoded" {
  name  = "root-encoded"
  state = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
  event_pattern = jsonencode({
    # comments and both separators
    detail = {
      "userIdentity": { type = ["Root"] },
    }
  })
}

resource "aws_cloudwatch_event_rule" "heredoc" {
  is_enabled    = false
  event_pattern = <<-EOT
    {"detail": {"userIdentity": {"type": ["Root"]}}}
  EOT
}

resource "aws_cloudwatch_event_rule" "templated" {
  event_pattern = jsonencode({ detail = { account = [var.account] } })
}

resource "aws_cloudwatch_event_rule" "invalid" {
  event_pattern = jsonencode({ detail = { type = "Root" } })
}
`;

t.test('a Terraform file feeds cwl and eventbridge: jsonencode(...) and heredoc patterns', async (t) => {
  const loaded = load({ path: 'main.tf', text: TERRAFORM });
  t.same(loaded.detections.map((d) => [d.dialect, d.id, d.meta.status ?? null]), [
    ['cwl', 'main.tf#root-usage', null],
    ['eventbridge', 'main.tf#root-encoded', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'],
    ['eventbridge', 'main.tf#heredoc', 'DISABLED'],
  ]);
  for (const d of loaded.detections) {
    t.ok(d.rule.match(viewOfRecord(ROOT)), `${d.id} matches root`);
    t.notOk(d.rule.match(viewOfRecord(USER)), `${d.id} does not match an IAM user`);
  }
  t.match(loaded.diagnostics, [
    { code: 'TP5003', file: 'main.tf', line: 26, column: 54, message: /^event_pattern: 'var' is a reference or function call, whose value only Terraform knows/, rule: 'templated' },
    { code: 'TP5001', file: 'main.tf', line: 30, column: 50, rule: 'invalid' },
  ], 'problems placed in the Terraform file');
});

t.test('terraform show -json: event rules of the root and child modules', async (t) => {
  const rule = (name: string, values: object) => ({ address: `aws_cloudwatch_event_rule.${name}`, mode: 'managed', type: 'aws_cloudwatch_event_rule', name, values });
  const state = {
    format_version: '1.0',
    values: {
      root_module: {
        resources: [
          rule('root', { name: 'root-activity', event_pattern: '{"detail":{"userIdentity":{"type":["Root"]}}}', state: 'ENABLED', event_bus_name: 'default', description: '' }),
          rule('nightly', { name: 'nightly', event_pattern: null, schedule_expression: 'rate(1 day)', is_enabled: true }),
        ],
        child_modules: [{ resources: [rule('old', { name: 'old-provider', event_pattern: '{"detail":{"userIdentity":{"type":["Root"]}}}', is_enabled: false })] }],
      },
    },
  };
  const loaded = load({ path: 'state.json', text: JSON.stringify(state, null, 2) });
  t.same(loaded.diagnostics, []);
  t.same(loaded.detections.map((d) => [d.id, d.meta.status ?? null, d.meta.description]), [
    ['state.json#root-activity', 'ENABLED', 'aws_cloudwatch_event_rule.root'],
    ['state.json#old-provider', 'DISABLED', 'aws_cloudwatch_event_rule.old'],
  ]);
  t.ok(loaded.detections.every((d) => d.rule.match(viewOfRecord(ROOT)) && !d.rule.match(viewOfRecord(USER))));
  t.same(loaded.notApplicable.map((n) => n.title), ['nightly']);
  const bad = load({ path: 'bad-state.json', text: JSON.stringify({ ...state, values: { root_module: { resources: [rule('x', { name: 'x', event_pattern: '{"detail": 5}' })] } } }, null, 2) });
  t.match(bad.diagnostics, [{ code: 'TP5001', file: 'bad-state.json', line: 13, column: 30, message: /\(at line 1, column 12 of the pattern\)$/, rule: 'x' }], 'placed at the pattern string in the state file');
});
