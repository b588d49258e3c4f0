// Test-result formats of `trailproof test` (docs/suites.md "Output"): terminal lines ending in
// "N passed, N failed", JUnit XML (the common Jenkins/GitLab schema), Markdown, and SARIF 2.1.0
// (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html §3.13 sarifLog, §3.27 result).
import t from 'tap';
import { evaluateSuite } from '../../src/suite/evaluate-suite.js';
import { renderSuiteJunit } from '../../src/suite/format/junit.js';
import { renderSuiteMarkdown } from '../../src/suite/format/markdown.js';
import { renderSuiteSarif } from '../../src/suite/format/sarif.js';
import { renderTerminal } from '../../src/suite/format/terminal.js';
import { parseSuite } from '../../src/suite/parse-suite.js';
import type { Baseline } from '../../src/suite/baseline.js';
import { makeReport, rootEvent } from './make-report.js';

const EVENTS = [rootEvent('login', 'console-login-success'), rootEvent('console', 'root-console-action', { eventName: 'StopLogging' })];
const SIGMA = 'title: Root <&> "use"\nlogsource:\n  product: aws\ndetection:\n  sel:\n    userIdentity.type: Root\n  condition: sel\n';

function result(withBaseline = false) {
  const report = makeReport(EVENTS, [
    { id: 'cis', title: 'CIS root usage', fired: ['login'] },
    { id: 's1', title: 'Root <&> "use"', dialect: 'sigma', file: '/repo/detections/sigma/root.yml', fired: ['login'], nonRoot: ['n1'] },
  ]);
  const { suite } = parseSuite(
    'name: demo <suite>\nsources: [data]\ndetections: [detections]\nexpect:\n  - detection: detections/cis.pattern\n    catches: [console-login-success, root-console-action]\n  - detection: detections/sigma/root.yml\n    max_false_alarms: 0\n  - detection: nothing\n    catches: root-api-call\n',
    '/repo/trailproof.yml',
  );
  const baseline: Baseline = {
    schema: 'trailproof/baseline@1',
    detections: { 'detections/cis.pattern#cis': { caught: { 'console-login-success': ['login'], 'root-console-action': ['console'] }, missed: {}, falseAlarms: { count: 0, eventIDs: [] } } },
  };
  return evaluateSuite({
    suite: suite!,
    baseDir: '/repo',
    report,
    probed: new Map(),
    diagnostics: [],
    ruleTexts: new Map([['/repo/detections/sigma/root.yml', SIGMA]]),
    baseline: withBaseline ? { file: 'trailproof.baseline.json', content: baseline } : null,
    version: '0.1.0',
  }).result;
}

t.test('terminal: a line per check under its detection, details, and the summary line', async (t) => {
  const text = renderTerminal(result(), { color: false });
  t.equal(
    text,
    [
      'trailproof test demo <suite>',
      'replayed 2 files, 40 records: 2 root events (2 root usage), 2 detections',
      '',
      'detections/cis.pattern#cis  CIS root usage',
      '  ✓ catches console-login-success  1/1 caught',
      '  ✗ catches root-console-action  missed 1 of 1',
      '      missed console (StopLogging 2024-06-03T09:00:00Z)',
      '',
      'detections/sigma/root.yml#s1  Root <&> "use"',
      '  ✗ at most 0 false alarms  1 false alarm',
      '      fired on n1',
      '',
      'nothing',
      '  ✗ detection nothing  no loaded detection has this file, id or title',
      '      loaded: detections/cis.pattern#cis',
      '      loaded: detections/sigma/root.yml#s1',
      '',
      '1 passed, 3 failed',
      '',
    ].join('\n'),
  );
  const colored = renderTerminal(result(), { color: true });
  t.match(colored, /\u001b\[32m✓\u001b\[0m/);
  t.match(colored, /\u001b\[1;31m1 passed, 3 failed\u001b\[0m\n$/);
});

t.test('JUnit: a suite per group, a case per check, failures with message and body, escaped', async (t) => {
  const xml = renderSuiteJunit(result(true));
  t.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="trailproof test demo &lt;suite&gt;" tests="6" failures="4" errors="0" time="0">/);
  t.match(xml, /<testsuite name="detections\/cis\.pattern#cis" tests="2" failures="1" errors="0" skipped="0" time="0">/);
  t.match(xml, /<testcase classname="detections\/cis\.pattern#cis" name="catches console-login-success" time="0" file="detections\/cis\.pattern" line="1"\/>/);
  t.match(xml, /<failure message="missed 1 of 1" type="catches">missed console \(StopLogging 2024-06-03T09:00:00Z\)<\/failure>/);
  t.match(xml, /<testcase classname="detections\/sigma\/root\.yml#s1" name="at most 0 false alarms" time="0" file="detections\/sigma\/root\.yml" line="4">/);
  t.match(xml, /<testsuite name="baseline" tests="2" failures="1"/);
  t.notMatch(xml, /<&>/);
  // Balanced elements: every opened testsuite/testcase with a body is closed.
  t.equal(xml.match(/<testsuite /g)!.length, xml.match(/<\/testsuite>/g)!.length);
  t.equal(xml.match(/<testcase [^>]*[^/]>/g)!.length, xml.match(/<\/testcase>/g)!.length);
  t.ok(xml.endsWith('</testsuites>\n'));
});

t.test('Markdown: verdict, failures, baseline diff, all checks; input escaped', async (t) => {
  const md = renderSuiteMarkdown(result(true));
  t.match(md, /^## ❌ trailproof test: demo \\<suite\\>\n\n\*\*2 passed, 4 failed\*\*/);
  t.match(md, /### Failed\n\n- \*\*detections\/cis\.pattern#cis\*\*: catches root-console-action: missed 1 of 1 \(`detections\/cis\.pattern:1`\)\n {2}- missed console/);
  t.match(md, /### Baseline \(`trailproof\.baseline\.json`\)/);
  t.match(md, /#### detections\/cis\.pattern#cis: ❌ regression\n\n- \*\*Newly missed\*\* \(1\): `console`/);
  t.match(md, /#### detections\/sigma\/root\.yml#s1: ✅ no regression, new detection/);
  t.match(md, /<details><summary>All checks<\/summary>/);
  t.match(md, /\| ✅ \| detections\/cis\.pattern#cis \| catches console-login-success \| 1\/1 caught \|/);
  const ok = renderSuiteMarkdown({ ...result(), checks: [], passed: 0, failed: 0 });
  t.match(ok, /^## ✅ /);
  t.notMatch(ok, /### Failed/);
});

t.test('SARIF 2.1.0: failed checks as results on the rule file line, or the suite line', async (t) => {
  const log = JSON.parse(renderSuiteSarif(result(true), { baseDir: '/repo', root: '/repo' })) as {
    version: string;
    $schema: string;
    runs: {
      tool: { driver: { name: string; version: string; rules: { id: string }[] } };
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn?: number } } }[];
        partialFingerprints: Record<string, string>;
      }[];
    }[];
  };
  t.equal(log.version, '2.1.0');
  t.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  const run = log.runs[0]!;
  t.equal(run.tool.driver.name, 'trailproof');
  t.equal(run.tool.driver.version, '0.1.0');
  const ids = run.tool.driver.rules.map((r) => r.id);
  t.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  // §3.27.6: ruleIndex points at the rule whose id is ruleId.
  for (const r of run.results) t.equal(ids[r.ruleIndex], r.ruleId);
  const where = run.results.map((r) => {
    const loc = r.locations[0]!.physicalLocation;
    return `${r.ruleId} ${loc.artifactLocation.uri}:${loc.region.startLine}${loc.region.startColumn !== undefined ? `:${loc.region.startColumn}` : ''}`;
  });
  t.same(where, [
    'TP-missed-category detections/cis.pattern:1',
    'TP-false-alarms detections/sigma/root.yml:4',
    'TP-unknown-detection trailproof.yml:9:5',
    'TP-baseline-regression detections/cis.pattern:1',
  ]);
  t.ok(run.results.every((r) => r.level === 'error' && r.locations[0]!.physicalLocation.artifactLocation.uriBaseId === '%SRCROOT%'));
  t.match(run.results[0]!.message.text, /^detections\/cis\.pattern#cis \(CIS root usage\): catches root-console-action: missed 1 of 1\nmissed console/);
  t.equal(new Set(run.results.map((r) => r.partialFingerprints['trailproofCheck/v1'])).size, run.results.length);

  // A repository root above the suite folder prefixes the paths; one elsewhere gives file: URIs.
  const nested = JSON.parse(renderSuiteSarif(result(), { baseDir: '/repo/rules', root: '/repo' })) as typeof log;
  t.equal(nested.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'rules/detections/cis.pattern');
  const outside = JSON.parse(renderSuiteSarif(result(), { baseDir: '/repo', root: '/elsewhere' })) as typeof log;
  const loc = outside.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation;
  t.same(loc, { uri: 'file:///repo/detections/cis.pattern' });
});
