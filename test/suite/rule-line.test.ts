// Where SARIF results point (docs/suites.md "SARIF"): a Sigma rule's detection: line, line 1 of a pattern file.
import t from 'tap';
import { ruleLine } from '../../src/suite/rule-line.js';

t.test('pattern files: line 1', async (t) => {
  t.equal(ruleLine('{ $.userIdentity.type = "Root" }\n', 'd/cis.pattern', 'cwl', 'cis'), 1);
  t.equal(ruleLine('\n\n{ x }', 'd/cis.CWL', 'cwl', 'cis'), 1);
});

t.test('Sigma: the detection line of the document with the title', async (t) => {
  const text = [
    'title: First rule',
    'logsource: {product: aws, service: cloudtrail}',
    'detection:',
    '  sel: {eventName: A}',
    '  condition: sel',
    '---',
    "title: 'Second rule'",
    'description: x',
    'logsource: {product: aws, service: cloudtrail}',
    'detection:   # the search',
    '  sel: {eventName: B}',
    '  condition: sel',
  ].join('\n');
  t.equal(ruleLine(text, 'r.yml', 'sigma', 'First rule'), 3);
  t.equal(ruleLine(text, 'r.yml', 'sigma', 'Second rule'), 10);
  t.equal(ruleLine(text, 'r.yml', 'sigma', 'Unknown'), 1);
  t.equal(ruleLine('title: Only\nlogsource: {}\n', 'r.yml', 'sigma', 'Other title'), 1, 'title line when there is no detection');
  t.equal(ruleLine('# comment\ntitle: Only\nstatus: test\ndetection:\n  x: 1\n', 'r.yml', 'sigma', 'renamed'), 4, 'a one-document file is that document');
});

t.test('other rule files: the line naming the filter', async (t) => {
  const json = '{\n  "metricFilters": [\n    {\n      "filterName": "RootUsage",\n      "filterPattern": "{...}"\n    }\n  ]\n}\n';
  t.equal(ruleLine(json, 'filters.json', 'cwl', 'RootUsage'), 4);
  t.equal(ruleLine(json, 'filters.json', 'cwl', 'Missing'), 1);
});
