// Loading metric filters from rule files.
// Sources: describe-metric-filters output, https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeMetricFilters.html;
// CloudFormation, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-metricfilter.html;
// Terraform, https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_metric_filter
// and the HCL native syntax, https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md; quotas,
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { recognises, loadOne } from '../helpers/dialect-kit.js';
import { cwlDialect } from '../../src/dialects/cwl/index.js';
import type { DetectionFile, LoadResult } from '../../src/dialects/types.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { viewOfRecord } from '../../src/record/view.js';

/** Writes `files` into a fresh test directory and reads them back as DetectionFiles. */
function write(t: Test, files: Record<string, string>): Record<string, DetectionFile> {
  const dir = t.testdir(files);
  const out: Record<string, DetectionFile> = {};
  for (const name of Object.keys(files)) {
    const path = join(dir, name);
    out[name] = { path, text: readFileSync(path, 'utf8') };
  }
  return out;
}

/** 1-based line and column of the first occurrence of `needle` (plus `skip` characters) in `text`. */
function posOf(text: string, needle: string, skip = 0): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`${needle} not in text`);
  const before = text.slice(0, at + skip).split('\n');
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}

function load(file: DetectionFile): LoadResult {
  t.equal(recognises(cwlDialect, file), true, `${file.path} is recognised`);
  return loadOne(cwlDialect, file, {});
}

const brief = (d: Diagnostic): Pick<Diagnostic, 'code' | 'severity' | 'line' | 'column'> & { message: string } => ({
  code: d.code,
  severity: d.severity,
  line: d.line,
  column: d.column,
  message: d.message,
});

const ROOT = { userIdentity: { type: 'Root' }, eventType: 'AwsApiCall', eventName: 'ConsoleLogin' };

t.test('.pattern and .cwl files hold one pattern', async (t) => {
  const files = write(t, {
    'root.pattern': '{ $.userIdentity.type = "Root" }\n',
    'terms.cwl': 'ConsoleLogin\r\n',
    'bad.pattern': '{\n  $.userIdentity.type = "Root" &&\n  $.eventType = \n}\n',
    'bom.pattern': '\ufeff{ $.a = }',
    'empty.pattern': '',
  });
  const root = load(files['root.pattern'] as DetectionFile);
  t.same(root.diagnostics, []);
  t.equal(root.detections[0]?.id, `${files['root.pattern']?.path}#1`);
  t.equal(root.detections[0]?.title, 'root');
  t.equal(root.detections[0]?.rule.match(viewOfRecord(ROOT)), true);
  const terms = load(files['terms.cwl'] as DetectionFile);
  t.equal(terms.detections[0]?.rule.match(viewOfRecord(ROOT)), true);
  t.same(terms.detections[0]?.rule.prefilter, { anyOf: ['ConsoleLogin'], caseInsensitive: false });

  const bad = load(files['bad.pattern'] as DetectionFile);
  t.equal(bad.detections.length, 0);
  t.same(bad.diagnostics.map(brief), [
    { code: 'TP1001', severity: 'error', line: 4, column: 1, message: "invalid filter pattern: expected value after '='" },
  ]);
  t.equal(bad.diagnostics[0]?.rule, 'bad');
  t.equal(bad.diagnostics[0]?.file, files['bad.pattern']?.path);

  const bom = load(files['bom.pattern'] as DetectionFile);
  t.same(bom.diagnostics.map(brief), [
    { code: 'TP1001', severity: 'error', line: 1, column: 9, message: "invalid filter pattern: expected value after '='" },
  ], 'the byte order mark is not a column');

  const empty = load(files['empty.pattern'] as DetectionFile);
  t.equal(empty.detections.length, 1);
  t.equal(empty.detections[0]?.rule.match(viewOfRecord({})), true);
  t.same(empty.diagnostics.map((d) => [d.code, d.severity]), [['TP1007', 'warning']]);
});

t.test('describe-metric-filters output: one detection per filter; bad ones get positioned diagnostics', async (t) => {
  const text = `{
    "metricFilters": [
        {
            "filterName": "RootAccountUsage",
            "filterPattern": "{ $.userIdentity.type = \\"Root\\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \\"AwsServiceEvent\\" }",
            "metricTransformations": [{ "metricName": "RootAccountUsageCount", "metricNamespace": "CISBenchmark", "metricValue": "1" }],
            "creationTime": 1714557600000,
            "logGroupName": "aws-cloudtrail-logs"
        },
        {
            "filterName": "Broken",
            "filterPattern": "{ $.eventName = \\"Console\\\\u004cogin\\" && $.x = }",
            "logGroupName": "aws-cloudtrail-logs"
        },
        {
            "filterName": "RootAccountUsage",
            "filterPattern": "ConsoleLogin",
            "logGroupName": "other"
        }
    ]
}
`;
  const file = write(t, { 'filters.json': text })['filters.json'] as DetectionFile;
  const r = load(file);
  t.same(r.detections.map((d) => [d.id.slice(file.path.length), d.title, d.meta.ruleId]), [
    ['#RootAccountUsage', 'RootAccountUsage', 'RootAccountUsage'],
    ['#RootAccountUsage-2', 'RootAccountUsage', 'RootAccountUsage'],
  ]);
  t.equal(r.detections[0]?.meta.description, 'metric filter on log group aws-cloudtrail-logs');
  t.equal(r.detections[0]?.rule.match(viewOfRecord(ROOT)), true);
  // The error is at the '}' after '$.x = ', past a \" and a \\u004c escape in the JSON string.
  const at = posOf(text, '$.x = }', 6);
  t.same(r.diagnostics.map(brief), [
    { code: 'TP1001', severity: 'error', ...at, message: "invalid filter pattern: expected value after '='" },
  ]);
  t.equal(r.diagnostics[0]?.rule, 'Broken');
});

t.test('describe-metric-filters: log-group quotas are warnings', async (t) => {
  const filters = Array.from({ length: 6 }, (_, i) => ({ filterName: `re${i}`, filterPattern: `%x${i}%`, logGroupName: 'g' }));
  const file = write(t, { 'many.json': JSON.stringify({ metricFilters: filters }) })['many.json'] as DetectionFile;
  const r = load(file);
  t.equal(r.detections.length, 6);
  t.same(r.diagnostics.map((d) => [d.code, d.severity, d.rule]), [['TP1005', 'warning', 're5']]);
});

t.test('CloudFormation YAML with intrinsic tags', async (t) => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Prefix:
    Type: String
Resources:
  TrailLogs:
    Type: AWS::Logs::LogGroup
  RootUsageFilter:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref TrailLogs
      FilterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }'
      MetricTransformations:
        - MetricName: !Sub '\${Prefix}-root'
          MetricNamespace: CIS
          MetricValue: '1'
  Folded:
    Type: AWS::Logs::MetricFilter
    Properties:
      FilterName: folded-filter
      LogGroupName: !GetAtt TrailLogs.Arn
      FilterPattern: >-
        { $.eventName = "ConsoleLogin"
        && $.x = }
  SubLiteral:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: logs
      FilterPattern: !Sub 'ConsoleLogin'
  SubVariable:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: logs
      FilterPattern: !Sub '\${Prefix} ERROR'
  Unquoted:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: logs
      FilterPattern: { $.a = 1 }
  NoPattern:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: logs
  Number:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: logs
      FilterPattern: 404
`;
  const file = write(t, { 'template.yaml': text })['template.yaml'] as DetectionFile;
  const r = load(file);
  t.same(r.detections.map((d) => [d.id.slice(file.path.length), d.title]), [
    ['#RootUsageFilter', 'RootUsageFilter'],
    ['#SubLiteral', 'SubLiteral'],
    ['#Number', 'Number'],
  ]);
  t.equal(r.detections[0]?.meta.description, 'AWS::Logs::MetricFilter RootUsageFilter on log group !Ref TrailLogs');
  t.equal(r.detections[0]?.rule.match(viewOfRecord(ROOT)), true);
  t.equal(r.detections[1]?.rule.match(viewOfRecord(ROOT)), true);
  t.equal(r.detections[2]?.rule.match(viewOfRecord({ code: 404 })), true, 'FilterPattern: 404 is the term 404');
  t.same(r.diagnostics.map(brief), [
    { code: 'TP1001', severity: 'error', ...posOf(text, '&& $.x = }', 9), message: "invalid filter pattern: expected value after '='" },
    { code: 'TP1002', severity: 'error', ...posOf(text, "'${Prefix} ERROR'"), message: 'the filter pattern is not a literal string (!Sub); it cannot be checked offline' },
    { code: 'TP1002', severity: 'error', ...posOf(text, '{ $.a = 1 }'), message: "FilterPattern is a YAML collection, not a string: quote patterns that start with '{' or '['" },
    { code: 'TP1004', severity: 'error', ...posOf(text, 'Type: AWS::Logs::MetricFilter\n    Properties:\n      LogGroupName: logs\n  Number'), message: 'metric filter NoPattern has no FilterPattern' },
  ]);
  t.same(r.diagnostics.map((d) => d.rule), ['folded-filter', 'SubVariable', 'Unquoted', 'NoPattern']);
});

t.test('CloudFormation JSON', async (t) => {
  const template = {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      RootFilter: {
        Type: 'AWS::Logs::MetricFilter',
        Properties: {
          FilterName: 'cis-root',
          LogGroupName: { Ref: 'TrailLogs' },
          FilterPattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
        },
      },
      Joined: {
        Type: 'AWS::Logs::MetricFilter',
        Properties: { LogGroupName: 'x', FilterPattern: { 'Fn::Join': ['', ['{ $.a', ' = 1 }']] } },
      },
      SubLiteral: {
        Type: 'AWS::Logs::MetricFilter',
        Properties: { LogGroupName: 'x', FilterPattern: { 'Fn::Sub': '"ERROR" %' } },
      },
    },
  };
  const text = JSON.stringify(template, null, 2);
  const file = write(t, { 'stack.json': text })['stack.json'] as DetectionFile;
  const r = load(file);
  t.same(r.detections.map((d) => [d.id.slice(file.path.length), d.title]), [['#cis-root', 'cis-root']]);
  t.same(r.detections[0]?.rule.prefilter, { anyOf: ['"Root"'], caseInsensitive: false });
  t.same(r.diagnostics.map(brief), [
    { code: 'TP1002', severity: 'error', ...posOf(text, '{\n          "Fn::Join"'), message: 'the filter pattern is not a literal string (Fn::Join); it cannot be checked offline' },
    { code: 'TP1001', severity: 'error', ...posOf(text, '\\"ERROR\\" %', 10), message: 'invalid filter pattern: a regular expression (%...%) cannot be combined with terms; use it as the whole pattern' },
  ]);
});

t.test('Terraform: quoted strings, heredocs, interpolation', async (t) => {
  const text = `# CIS 4.3
variable "prefix" { default = "cis" }

resource "aws_cloudwatch_log_group" "trail" {
  name = "trail"
}

resource "aws_cloudwatch_log_metric_filter" "root_usage" {
  name           = "RootUsage"
  pattern        = "{ $.userIdentity.type = \\"Root\\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \\"AwsServiceEvent\\" }"
  log_group_name = aws_cloudwatch_log_group.trail.name

  metric_transformation {
    name      = "RootUsageCount"
    namespace = "CIS"
    value     = "1"
  }
}

resource "aws_cloudwatch_log_metric_filter" "heredoc" {
  name    = "\${var.prefix}-console"  // templated: the resource name is used
  pattern = <<-EOT
    { $.eventName = "ConsoleLogin" &&
      $.errorMessage = }
  EOT
  log_group_name = "trail"
}

resource "aws_cloudwatch_log_metric_filter" "plain_heredoc" {
  name    = "plain"
  pattern = <<EOT
ConsoleLogin
EOT
  log_group_name = "trail"
}

resource "aws_cloudwatch_log_metric_filter" "dollar" {
  name    = "dollar"
  pattern = "\\"$\${literal}\\" \\u0041BC"
  log_group_name = "trail"
}

resource "aws_cloudwatch_log_metric_filter" "templated" {
  name           = "templated"
  pattern        = "{ $.userIdentity.type = \\"\${var.type}\\" }"
  log_group_name = "trail"
}

resource "aws_cloudwatch_log_metric_filter" "expression" {
  name           = "expression"
  pattern        = local.root_pattern
  log_group_name = "trail"
}

/* a block comment with a } brace */
resource "aws_cloudwatch_log_metric_filter" "missing" {
  name           = "missing"
  log_group_name = "trail"
}
`;
  const file = write(t, { 'main.tf': text })['main.tf'] as DetectionFile;
  const r = load(file);
  t.same(r.detections.map((d) => [d.id.slice(file.path.length), d.title]), [
    ['#RootUsage', 'RootUsage'],
    ['#plain', 'plain'],
    ['#dollar', 'dollar'],
  ]);
  t.equal(r.detections[0]?.meta.description, 'aws_cloudwatch_log_metric_filter.root_usage on log group aws_cloudwatch_log_group.trail.name');
  t.equal(r.detections[0]?.rule.match(viewOfRecord(ROOT)), true);
  t.equal(r.detections[1]?.rule.match(viewOfRecord(ROOT)), true);
  t.equal(r.detections[2]?.rule.match(viewOfRecord({ m: '"${literal}" ABC' })), true, '$${ is a literal ${ and \\u0041 is A');
  t.same(r.diagnostics.map(brief), [
    { code: 'TP1001', severity: 'error', ...posOf(text, '$.errorMessage = }', 17), message: "invalid filter pattern: expected value after '='" },
    { code: 'TP1002', severity: 'error', ...posOf(text, '"{ $.userIdentity.type = \\"${var.type}'), message: 'the pattern is a template with ${...} or %{...}, not a literal string; it cannot be checked offline' },
    { code: 'TP1002', severity: 'error', ...posOf(text, 'local.root_pattern'), message: 'the pattern is an expression (local.root_pattern), not a literal string; it cannot be checked offline' },
    { code: 'TP1004', severity: 'error', ...posOf(text, 'resource "aws_cloudwatch_log_metric_filter" "missing"'), message: 'aws_cloudwatch_log_metric_filter.missing has no pattern' },
  ]);
  t.same(r.diagnostics.map((d) => d.rule), ['heredoc', 'templated', 'expression', 'missing']);
});

t.test('Terraform: an error in a quoted pattern points past the escapes', async (t) => {
  const text = 'resource "aws_cloudwatch_log_metric_filter" "r" {\n  pattern = "{ $.a = \\"x\\" && $.b ! 1 }"\n}\n';
  const file = write(t, { 'r.tf': text })['r.tf'] as DetectionFile;
  const r = load(file);
  t.same(r.diagnostics.map(brief), [
    { code: 'TP1001', severity: 'error', ...posOf(text, '! 1 }'), message: "invalid filter pattern: expected '!=' ('!' on its own is not an operator)" },
  ]);
});

t.test('unreadable files get one TP1003 diagnostic', async (t) => {
  const files = write(t, {
    'bad.tf': 'resource "aws_cloudwatch_log_metric_filter" "r" {\n  pattern = "unterminated\n}\n',
    'bad.json': '{ "metricFilters": [ { "filterName": "x", } ] }',
    'bad.yaml': 'Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n    Properties: [unclosed\n',
  });
  const tf = load(files['bad.tf'] as DetectionFile);
  t.same(tf.diagnostics.map(brief), [{ code: 'TP1003', severity: 'error', line: 2, column: 13, message: 'invalid HCL: unterminated string' }]);
  const json = load(files['bad.json'] as DetectionFile);
  t.equal(json.detections.length, 0);
  t.same(json.diagnostics.map((d) => [d.code, d.line, d.column]), [['TP1003', 1, 43]], 'at the } after the trailing comma');
  t.match(json.diagnostics[0]?.message ?? '', /^invalid JSON: /);
  const yaml = load(files['bad.yaml'] as DetectionFile);
  t.equal(yaml.diagnostics[0]?.code, 'TP1003');
  t.match(yaml.diagnostics[0]?.message ?? '', /^invalid YAML: /);
});

t.test('recognise: only metric-filter files', async (t) => {
  const yes = (path: string, text: string): boolean => recognises(cwlDialect, { path, text });
  t.equal(yes('a.pattern', 'x'), true);
  t.equal(yes('a.CWL', 'x'), true);
  t.equal(yes('a.json', '{"metricFilters":[]}'), true);
  t.equal(yes('a.json', '{"Records":[{"eventName":"x"}]}'), false, 'a CloudTrail file is not a rule');
  t.equal(yes('a.json', '{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}'), false);
  t.equal(yes('a.json', '{"description":"AWS::Logs::MetricFilter"}'), false);
  t.equal(yes('a.json', '{"Resources":{"F":{"Type":"AWS::Logs::MetricFilter"}}}'), true);
  t.equal(yes('rule.yml', 'title: Root login\nlogsource:\n  product: aws\ndetection:\n  sel:\n    userIdentity.type: Root\n  condition: sel\n'), false, 'Sigma owns other YAML');
  t.equal(yes('rule.yml', 'title: mentions AWS::Logs::MetricFilter\ndetection:\n  condition: sel\n'), false);
  t.equal(yes('t.yml', 'Resources:\n  F:\n    Type: AWS::Logs::MetricFilter\n    Properties:\n      FilterPattern: x\n'), true);
  t.equal(yes('main.tf', 'resource "aws_s3_bucket" "b" {}'), false);
  t.equal(yes('main.tf', 'resource "aws_cloudwatch_log_metric_filter" "f" {}'), true);
  t.equal(yes('notes.txt', 'ERROR'), false);
});

t.test('a recognised file without metric filters warns', async (t) => {
  const file = write(t, { 'empty.json': '{"metricFilters":[]}' })['empty.json'] as DetectionFile;
  const r = load(file);
  t.same(r.diagnostics.map((d) => [d.code, d.severity]), [['TP1006', 'warning']]);
});
