// Issue 11.3: a detection folder mixing Sigma rules with other tools' rules loads the rules it reads and
// names every other file with what it looks like and that it was not loaded: a not-applicable entry
// (and a stderr warning for another tool's rule), not a rule problem, so the exit code stays 0.
// The look-alikes below are written for this test in the shapes those tools document: Elastic
// detection-rules TOML (`[rule]`, `rule_id`, `query`), Splunk security_content YAML (`search`,
// `data_source`, `type: TTP`), Sentinel analytics rules (`query`, `queryFrequency`, `triggerOperator`),
// panther-analysis (`AnalysisType: rule` + a Python `rule(event)`: read by the panther dialect, with
// python3), EventBridge event patterns
// (`source`, `detail-type` arrays), Chronicle YARA-L (`rule name { ... }`).
import t from 'tap';
import { runReplay } from '../../src/cli/commands/replay.js';
import { loadDetections } from '../../src/dialects/index.js';
import type { Report } from '../../src/report/model.js';
import { captureIO } from '../suite/capture-io.js';

const SIGMA = `title: Root sign-in
id: 5e0a3f7c-1111-4c2b-9d00-000000000001
logsource: {product: aws, service: cloudtrail}
detection:
    selection: {eventName: ConsoleLogin, userIdentity.type: Root}
    condition: selection
`;

const FOLDER = {
  'root_sign_in.yml': SIGMA,
  'elastic_root_login.toml': '[metadata]\nmaturity = "production"\n\n[rule]\nname = "Console Root Login"\nrule_id = "0000-1111"\ntype = "query"\nlanguage = "kuery"\nquery = \'\'\'\nevent.action:ConsoleLogin and aws.cloudtrail.user_identity.type:Root\n\'\'\'\n',
  'splunk_root_login.yml': 'name: Root Account Login\nid: 0000-2222\ntype: TTP\ndata_source:\n- AWS CloudTrail ConsoleLogin\nsearch: \'`cloudtrail` eventName=ConsoleLogin userIdentity.type=Root\'\n',
  'sentinel_root_login.yaml': 'id: 0000-3333\nname: Root console login\nseverity: High\nqueryFrequency: 1h\nqueryPeriod: 1h\ntriggerOperator: gt\ntriggerThreshold: 0\nquery: |\n  AWSCloudTrail | where EventName == "ConsoleLogin" and UserIdentityType == "Root"\n',
  'panther_root_activity.yml': 'AnalysisType: rule\nFilename: panther_root_activity.py\nRuleID: "Root.Activity"\nDisplayName: "Root Account Activity"\nLogTypes:\n  - AWS.CloudTrail\n',
  'panther_root_activity.py': 'def rule(event):\n    return event.deep_get("userIdentity", "type") == "Root"\n',
  'root_signin_pattern.json': '{"source": ["aws.signin"], "detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"userIdentity": {"type": ["Root"]}}}\n',
  'root_login.yaral': 'rule root_console_login {\n  events:\n    $e.metadata.product_event_type = "ConsoleLogin"\n  condition:\n    $e\n}\n',
  'README.md': '# Our rules\n',
};

t.test('every file of a mixed folder is loaded or named with what it looks like', async (t) => {
  const dir = t.testdir(FOLDER);
  const loaded = await loadDetections([dir]);
  t.same(loaded.detections.map((d) => d.dialect).sort(), ['elastic-kuery', 'eventbridge', 'panther', 'sentinel-kql', 'sigma', 'splunk-spl'], 'the Sigma, Elastic, EventBridge, Sentinel, Splunk and Panther rules load');
  t.same(loaded.diagnostics, [], 'unsupported files are not rule problems');
  const named = Object.fromEntries(loaded.notApplicable.map((n) => [n.file.slice(dir.length + 1), [n.title, n.reason, n.unsupported]]));
  const notRead = (what: string): string => `not loaded: ${what}, a format trailproof does not read (known: cwl, sigma, eventbridge, elastic-kuery, elastic-lucene, elastic-eql, sentinel-kql, splunk-spl, panther)`;
  t.same(named, {
    'README.md': ['README.md', 'not loaded: a Markdown document, not a rule file', 'other'],
    'root_login.yaral': ['root_console_login', notRead('a Google SecOps (Chronicle) YARA-L rule'), 'rule'],
  });
});

t.test('replay: exit 0, the report lists them, stderr warns about the rules not loaded', async (t) => {
  const dir = t.testdir(FOLDER);
  const io = captureIO();
  const code = await runReplay(['fixtures/formats/records.jsonl'], { detections: [dir], format: 'json', workers: '0' }, io.io);
  t.equal(code, 0);
  const report = JSON.parse(io.stdout()) as Report;
  t.equal(report.notApplicable.length, 2, 'every file that is not loaded is in the report');
  t.same(report.ruleProblems, []);
  const warnings = io.stderr().split('\n').filter((l) => l.startsWith('warning: '));
  t.equal(warnings.length, 1, 'one warning per rule of another tool (the YARA-L one), none for the README');
  t.ok(warnings.includes(`warning: ${dir}/root_login.yaral: not loaded: a Google SecOps (Chronicle) YARA-L rule, a format trailproof does not read (known: cwl, sigma, eventbridge, elastic-kuery, elastic-lucene, elastic-eql, sentinel-kql, splunk-spl, panther)`));
});

t.test('a file named on purpose: another tool\'s rule is not loaded, anything else is an error', async (t) => {
  const dir = t.testdir(FOLDER);
  const rule = await loadDetections([`${dir}/root_login.yaral`]);
  t.same(rule.diagnostics, []);
  t.match(rule.notApplicable, [{ unsupported: 'rule', reason: /a Google SecOps \(Chronicle\) YARA-L rule/ }]);
  const readme = await loadDetections([`${dir}/README.md`]);
  t.match(readme.diagnostics, [{ code: 'TP0001', severity: 'error', message: 'no dialect recognises this file: it looks like a Markdown document (known: cwl, sigma, eventbridge, elastic-kuery, elastic-lucene, elastic-eql, sentinel-kql, splunk-spl, panther)' }]);
});
