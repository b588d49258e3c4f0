import { cwlDialect } from '../../src/dialects/cwl/index.js';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
const files = [
  { path: 'a.tf', text: `# comment
resource "aws_cloudwatch_log_metric_filter" "root" {
  name           = "RootUsage"
  pattern        = "{ $.userIdentity.type = \\"Root\\" && $.x NOT EXIST }"
  log_group_name = aws_cloudwatch_log_group.trail.name
  metric_transformation {
    name      = "RootUsageCount"
    namespace = "CIS"
    value     = "1"
  }
}
resource "aws_cloudwatch_log_metric_filter" "h" {
  name = "\${var.prefix}-x"
  pattern = <<-EOT
    { $.a = 1 &&
      $.b = }
  EOT
}
resource "aws_cloudwatch_log_metric_filter" "i" {
  pattern = "\${var.p}"
}
` },
  { path: 't.yaml', text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  RootFilter:
    Type: AWS::Logs::MetricFilter
    Properties:
      LogGroupName: !Ref TrailLogs
      FilterPattern: >-
        { $.userIdentity.type = "Root"
        && $.x NOT EXISTS && $.y = }
  Two:
    Type: AWS::Logs::MetricFilter
    Properties:
      FilterName: two
      FilterPattern: '{ $.a = ''x'' && }'
  Three:
    Type: AWS::Logs::MetricFilter
    Properties:
      FilterPattern: !Sub '\${Prefix} ERROR'
  Four:
    Type: AWS::Logs::MetricFilter
    Properties:
      FilterPattern: { $.a = 1 }
` },
  { path: 'd.json', text: JSON.stringify({ metricFilters: [{ filterName: 'ok', filterPattern: '{ $.a = "x" }', logGroupName: 'g' }, { filterName: 'bad', filterPattern: '{ $.a = "\u00e9" && $.b = }', logGroupName: 'g' }] }, null, 2) },
  { path: 'c.json', text: JSON.stringify({ Resources: { F: { Type: 'AWS::Logs::MetricFilter', Properties: { FilterPattern: { 'Fn::Sub': '{ $.a = ${X} }' } } }, G: { Type: 'AWS::Logs::MetricFilter', Properties: { FilterPattern: '"ERROR" \t@' } } } }, null, 2) },
  { path: 'x.pattern', text: '\ufeff{ $.a = }\n' },
];
for (const f of files) {
  console.log(f.path, cwlDialect.recognise(f));
  const r = cwlDialect.load(f, {});
  for (const d of r.detections) console.log('  det', d.id, d.title, JSON.stringify(d.meta), d.rule.prefilter);
  for (const d of r.diagnostics) console.log('  ', formatDiagnostic(d));
}
