// Sigma filters (meta filters): sigma-filters-specification.md; semantics as pySigma implements them
// (sigma/filters.py: the rule condition becomes `(rule) and (filter condition)`).
// https://github.com/SigmaHQ/sigma-specification/blob/main/specification/sigma-filters-specification.md
import t from 'tap';
import { loadWithDialect } from '../helpers/dialect-kit.js';
import { parseSigmaRule, sigmaDialect } from '../../src/dialects/sigma/index.js';
import { viewOfRecord } from '../../src/record/view.js';
import { dedent, parseError } from './helpers.js';

const ROOT_RULE = dedent(`
  title: Root activity
  id: 7d0c1f6e-2222-4b1a-8f00-000000000001
  name: root_activity
  logsource: {product: aws, service: cloudtrail}
  detection:
      selection: {userIdentity.type: Root}
      condition: selection
`);

const READ_ONLY_FILTER = dedent(`
  title: Ignore read-only calls
  logsource: {product: aws, service: cloudtrail}
  filter:
      rules:
          - 7d0c1f6e-2222-4b1a-8f00-000000000001
      read_only:
          readOnly: true
      condition: not read_only
`);

t.test('a filter in the same text excludes matches of the rule it names (by id)', async (t) => {
  const r = parseSigmaRule(`${ROOT_RULE}---\n${READ_ONLY_FILTER}`);
  t.same(r.filters, ['Ignore read-only calls']);
  t.ok(r.matches({ userIdentity: { type: 'Root' }, readOnly: false }));
  t.notOk(r.matches({ userIdentity: { type: 'Root' }, readOnly: true }));
  t.ok(r.rule.match(viewOfRecord({ userIdentity: { type: 'Root' } })), 'the compiled rule carries the filter too');
});

t.test('filters refer to rules by name, or to any rule whose log source they cover, across files', async (t) => {
  const byName = READ_ONLY_FILTER.replace('- 7d0c1f6e-2222-4b1a-8f00-000000000001', '- root_activity');
  const r = loadWithDialect(sigmaDialect, [
    { path: 'rule.yml', text: ROOT_RULE },
    { path: 'filter.yml', text: byName },
  ], {});
  t.same(r.diagnostics, []);
  const d = r.detections[0]!;
  t.notOk(d.rule.match(viewOfRecord({ userIdentity: { type: 'Root' }, readOnly: true })));
  const anyRule = dedent(`
    title: Ignore the lab account
    logsource: {product: aws}
    filter:
        rules: any
        lab: {recipientAccountId: '111111111111'}
        condition: not lab
  `);
  const other = dedent(`
    title: Windows rule
    logsource: {product: windows}
    detection:
        sel: {EventID: 1}
        condition: sel
  `);
  const r2 = loadWithDialect(sigmaDialect, [
    { path: 'rule.yml', text: ROOT_RULE },
    { path: 'any.yml', text: anyRule },
    { path: 'win.yml', text: other },
  ], {});
  t.notOk(r2.detections[0]!.rule.match(viewOfRecord({ userIdentity: { type: 'Root' }, recipientAccountId: '111111111111' })));
  t.ok(r2.detections[0]!.rule.match(viewOfRecord({ userIdentity: { type: 'Root' }, recipientAccountId: '222222222222' })));
  t.match(r2.notApplicable, [{ title: 'Ignore the lab account' }, { title: 'Windows rule' }], 'a filter for product aws only is reported, not applied elsewhere');
});

t.test('the filter condition is AND-ed as written (pySigma), so `condition: selection` restricts', async (t) => {
  const restrict = READ_ONLY_FILTER.replace('condition: not read_only', 'condition: read_only');
  const r = parseSigmaRule(`${ROOT_RULE}---\n${restrict}`);
  t.ok(r.matches({ userIdentity: { type: 'Root' }, readOnly: true }));
  t.notOk(r.matches({ userIdentity: { type: 'Root' }, readOnly: false }));
});

// FILT "Log source" (sigma-filters-specification.md): a filter applies to the rules it names whose log
// source its own covers; pySigma (sigma/filters.py, SigmaFilter.apply_on_rule) skips any other rule
// without failing, and so do we, with a TP3025 warning when the filter names that rule.
t.test('a filter whose log source does not cover the rule is not applied to it: a warning, not a failure', async (t) => {
  const narrow = READ_ONLY_FILTER.replace('logsource: {product: aws, service: cloudtrail}', 'logsource: {product: aws, service: guardduty}');
  const r = parseSigmaRule(`${ROOT_RULE}---\n${narrow}`);
  t.same(r.filters, [], 'not applied');
  t.ok(r.matches({ userIdentity: { type: 'Root' }, readOnly: true }), 'the rule matches unfiltered');
  t.match(r.warnings, [
    {
      code: 'TP3025',
      severity: 'warning',
      line: 13,
      column: 11,
      message: "filter is not applied to rule 'Root activity': its log source (product aws, service guardduty) does not cover the rule's (product aws, service cloudtrail)",
    },
  ]);
  const run = loadWithDialect(sigmaDialect, [
    { path: 'rule.yml', text: ROOT_RULE },
    { path: 'filter.yml', text: narrow },
  ], {});
  t.equal(run.detections.length, 1, 'the rule loads in a run too');
  t.ok(run.detections[0]!.rule.match(viewOfRecord({ userIdentity: { type: 'Root' }, readOnly: true })));
  t.match(run.diagnostics, [{ code: 'TP3025', severity: 'warning', file: 'filter.yml' }]);
  t.notOk(run.diagnostics.some((d) => d.severity === 'error'));

  const anyNarrow = narrow.replace(/rules:\n {8}- .*\n/, 'rules: any\n').replace('service: guardduty', 'service: cloudtrail, category: other');
  const unused = parseSigmaRule(`${ROOT_RULE}---\n${anyNarrow}`);
  t.same(unused.filters, []);
  t.match(unused.warnings, [{ code: 'TP3025', message: /filter is not applied to any rule: its log source \(category other, product aws, service cloudtrail\) covers no loaded rule's/ }]);
});

t.test('filter errors: missing rules, list conditions, unknown references', async (t) => {
  const noRules = parseError(`${ROOT_RULE}---\n${READ_ONLY_FILTER.replace(/ {4}rules:\n {8}- .*\n/, '')}`);
  t.equal(noRules.code, 'TP3002');
  t.match(noRules.message, "filter has no 'rules'");
  const listCondition = parseError(`${ROOT_RULE}---\n${READ_ONLY_FILTER.replace('condition: not read_only', 'condition: [not read_only]')}`);
  t.match(listCondition.message, 'a filter condition must be one string');
  const unknown = loadWithDialect(sigmaDialect, [{ path: 'f.yml', text: READ_ONLY_FILTER }], {});
  t.match(unknown.diagnostics, [{ code: 'TP3014', severity: 'warning', message: /is not loaded in this run/ }]);
});
