// The Panther runner (docs/panther.md): the event object's behaviour, rule errors, alert functions,
// prefilters derived from the rule's AST, and the rules' own unit tests. Digest: panther.md (§ cited
// per row). One runner process serves the probe rows: each row is a Python expression over `event`.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { PantherCode, loadPantherFiles, parsePantherRule, runPantherTests } from '../../src/dialects/panther/index.js';
import { alertingRecords } from '../../src/dialects/panther/alerts.js';
import type { CorrelationInput } from '../../src/dialects/types.js';
import { makeRecordView } from '../../src/record/view.js';

const dir = mkdtempSync(join(tmpdir(), 'trailproof-panther-'));
function write(path: string, text: string): string {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
  return join(dir, path);
}
write('global_helpers/probe_helpers.py', 'def twice(x):\n    return x * 2\n');
write('data_models/m.yml', 'AnalysisType: datamodel\nLogTypes: [AWS.CloudTrail]\nFilename: m.py\nMappings:\n  - Name: actor_user\n    Method: actor\n  - Name: agent\n    Path: $.userAgent\n  - Name: many\n    Path: $.list[*].n\n');
write('data_models/m.py', 'def actor(event):\n    return event.deep_get("userIdentity", "userName")\n');
write('rules/probe.py', [
  'from probe_helpers import twice',
  '',
  'def rule(event):',
  '    return eval(event["probe"], {"event": event, "twice": twice})',
  '',
  'def title(event):',
  '    if event.get("titleRaises"):',
  '        raise ValueError("no enrichment")',
  '    return "probe " + str(event.get("eventName"))',
  '',
  'def severity(event):',
  '    return event.get("sev", "DEFAULT")',
  '',
].join('\n'));
const probeYaml = 'AnalysisType: rule\nFilename: probe.py\nRuleID: Probe\nLogTypes: [AWS.CloudTrail]\nSeverity: Low\n';
const probe = parsePantherRule(probeYaml, { root: join(dir, 'rules') });
t.teardown(() => probe.close());

const record = {
  eventName: 'ConsoleLogin',
  Dup: 'upper first',
  dup: 'exact',
  eventTime: '2026-03-10T10:00:00Z',
  requestParameters: null,
  userAgent: 'aws-cli/2',
  userIdentity: { type: 'Root', userName: 'root', sessionContext: { attributes: { mfaAuthenticated: 'false' } } },
  resources: [{ ARN: 'arn:a' }, { ARN: 'arn:b' }, { ARN: 'arn:a' }],
  list: [{ n: 1 }, { n: 2 }],
};

// [digest section, expression, expected: true/false, or 'error' for a rule error]
const rows: [string, string, boolean | 'error'][] = [
  ['§2.1 keys are case-insensitive', 'event.get("EVENTNAME") == "ConsoleLogin"', true],
  ['§2.1 nested keys too', 'event["UserIdentity"]["TYPE"] == "Root"', true],
  ['§2.1 the exact key wins', 'event.get("dup") == "exact" and event.get("DUP") == "upper first"', true],
  ['§2.1 values are not folded (§7.1)', 'event.get("eventName") == "consolelogin"', false],
  ['§2.1 read-only: assignment raises', 'event.__setitem__("x", 1) or True', 'error'],
  ['§2.1 lists are read-only sequences, not lists', 'not isinstance(event["resources"], list) and len(event["resources"]) == 3', true],
  ['§2.1 list items are wrapped', 'event["resources"][0]["arn"] == "arn:a"', true],
  ['§2.2 get with a default', 'event.get("missing", "d") == "d"', true],
  ['§2.3 deep_get walks nested mappings', 'event.deep_get("userIdentity", "sessionContext", "attributes", "mfaAuthenticated") == "false"', true],
  ['§2.3 deep_get: null is the default', 'event.deep_get("requestParameters", default="none") == "none"', true],
  ['§2.3 deep_get: a missing step is the default', 'event.deep_get("userIdentity", "nope", "deeper") is None', true],
  ['§7.3 get: null and missing are both None', 'event.get("requestParameters") is None and event.get("absent") is None', true],
  ['§2.4 udm through a method', 'event.udm("actor_user") == "root"', true],
  ['§2.4 udm through a path', 'event.udm("agent") == "aws-cli/2"', true],
  ['§2.4 udm: unknown name falls back to the top-level field', 'event.udm("eventName") == "ConsoleLogin"', true],
  ['§2.4 udm: unknown everywhere gives the default', 'event.udm("nothing", default="x") == "x"', true],
  ['§4 udm: a path matching several values raises', 'event.udm("many") or True', 'error'],
  ['§2.4 udm_path names the mapping', 'event.udm_path("actor_user") == "actor" and event.udm_path("agent") == "$.userAgent"', true],
  ['§2.4 deep_walk walks lists, de-duplicates', 'list(event.deep_walk("resources", "ARN")) == ["arn:a", "arn:b"]', true],
  ['§2.4 deep_walk is case-sensitive', 'event.deep_walk("resources", "arn") is None', true],
  ['§2.5 p_log_type and p_event_time are set', 'event.get("p_log_type") == "AWS.CloudTrail" and event.get("p_event_time").startswith("2026-03-10 10:00:00")', true],
  ['§5.2 helpers of global_helpers/ import', 'twice(2) == 4', true],
  ['§5.4 a non-bool result is a rule error', '"yes"', 'error'],
  ['§5.4 an exception is a rule error', 'event["noSuchKey"]', 'error'],
  ['§7.4 not event.get("readOnly") when missing', 'not event.get("readOnly")', true],
];

t.test('the event object and verdicts, row by row', async (t) => {
  for (const [section, expr, want] of rows) {
    const out = probe.evaluate({ ...record, probe: expr });
    if (want === 'error') {
      t.ok(out.error !== null && !out.matched, `${section}: rule error (${out.error})`);
    } else {
      t.same([out.matched, out.error], [want, null], section);
    }
  }
});

t.test('alert functions: title, severity, dedup (defaults to the title); a raising one never changes the verdict', async (t) => {
  const hit = probe.evaluate({ ...record, probe: 'True', sev: 'critical' });
  t.same([hit.matched, hit.title, hit.severity, hit.dedup, hit.alertError], [true, 'probe ConsoleLogin', 'CRITICAL', 'probe ConsoleLogin', null]);
  const raising = probe.evaluate({ ...record, probe: 'True', titleRaises: true });
  t.equal(raising.matched, true, '§5.2 isolated from the verdict');
  t.equal(raising.title, 'Probe', 'the RuleID stands in for the title');
  t.match(raising.alertError, /^title\(\): ValueError: no enrichment/);
  t.equal(probe.evaluate({ ...record, probe: 'True', sev: 'DEFAULT' }).severity, null, 'DEFAULT keeps the YAML severity');
});

t.test('library: matches (sync, object or text) and evaluateBatch (async) agree', async (t) => {
  const events = rows.slice(0, 8).map(([, expr]) => ({ ...record, probe: expr }));
  const batch = await probe.evaluateBatch(events);
  t.same(batch.map((o) => o.matched), events.map((e) => probe.matches(e)));
  t.same(events.map((e) => probe.matches(JSON.stringify(e))), events.map((e) => probe.matches(e)));
  t.equal(probe.matches({ ...record, probe: 'event["noSuchKey"]' }), false, 'a rule error does not match');
  // Deeper than Python's json module can decode: that record's error, and the runner goes on.
  let deep: object = {};
  for (let i = 0; i < 1500; i++) deep = { d: deep };
  t.match(probe.evaluate({ ...record, probe: 'True', deep }), { matched: false, error: /nested too deeply/ });
  t.equal(probe.matches({ ...record, probe: 'True' }), true, 'the next record is evaluated');
});

t.test('parsePantherRule errors carry a code and a position', async (t) => {
  t.throws(() => parsePantherRule('AnalysisType: rule\nRuleID: [1\n', { root: dir }), { code: PantherCode.yamlSyntax });
  t.throws(() => parsePantherRule('AnalysisType: rule\nRuleID: X\nLogTypes: [AWS.CloudTrail]\nThreshold: 0\nFilename: probe.py\n', { root: join(dir, 'rules') }), { code: PantherCode.badField, line: 4, column: 12 });
  write('rules/broken.py', 'def rule(event)\n    return True\n');
  t.throws(() => parsePantherRule('AnalysisType: rule\nRuleID: B\nFilename: broken.py\nLogTypes: [AWS.CloudTrail]\n', { root: join(dir, 'rules') }), { code: PantherCode.notLoaded, message: /broken\.py, line 1/ });
  t.throws(() => parsePantherRule(probeYaml, { root: join(dir, 'rules'), python: join(dir, 'no-such-python3') }), { code: PantherCode.notLoaded, message: /not found/ });
});

// A prefilter only where `rule()` provably needs eventName first (runner.py `event_names`).
const shapes: [string, string, string[] | null][] = [
  ['return-and', 'def rule(event):\n    return event.get("eventName") == "ConsoleLogin" and event.get("x") == 1\n', ['"ConsoleLogin"']],
  ['return-in', 'def rule(e):\n    return e.get("eventName") in ("CreateUser", "DeleteUser")\n', ['"CreateUser"', '"DeleteUser"']],
  ['guard-not-equal', 'def rule(event):\n    if event.get("eventName") != "PasswordUpdated":\n        return False\n    return True\n', ['"PasswordUpdated"']],
  ['guard-not', 'def rule(event):\n    if not event.deep_get("eventName") == "CreateAccessKey":\n        return False\n    return True\n', ['"CreateAccessKey"']],
  ['constant-left', 'def rule(event):\n    return "GetSecretValue" == event.get("eventName")\n', ['"GetSecretValue"']],
  ['an or: no proof', 'def rule(event):\n    return event.get("eventName") == "A" or event.get("x")\n', null],
  ['something runs first: no proof', 'def rule(event):\n    x = event["a"]\n    return event.get("eventName") == "A"\n', null],
  ['any key', 'def rule(event):\n    return event.get("eventSource") == "iam.amazonaws.com"\n', ['"iam.amazonaws.com"']],
  ['a nested key', 'def rule(event):\n    return event.deep_get("userIdentity", "type") == "Root" and not event.get("x")\n', ['"Root"']],
  ['a default: no proof', 'def rule(event):\n    return event.deep_get("userIdentity", "type", default="Root") == "Root"\n', null],
  ['a slash (JSON may write \\/): no literal', 'def rule(event):\n    return event.get("userAgent") == "aws-cli/2"\n', null],
  ['another object: no proof', 'def rule(event):\n    return other.get("eventName") == "A"\n', null],
  ['a quote in the name: no literal', 'def rule(event):\n    return event.get("eventName") == "A\\"B"\n', null],
];

t.test('prefilters derived from the rule source', async (t) => {
  const files = shapes.flatMap(([name, py], i) => {
    write(`shapes/s${i}.py`, py);
    return [{ path: write(`shapes/s${i}.yml`, `AnalysisType: rule\nFilename: s${i}.py\nRuleID: S${i}\nLogTypes: [AWS.CloudTrail]\n`), text: `AnalysisType: rule\nFilename: s${i}.py\nRuleID: S${i}\nLogTypes: [AWS.CloudTrail]\n`, name }];
  });
  const loaded = loadPantherFiles(files);
  t.same(loaded.diagnostics, []);
  for (const [i, [name, , want]] of shapes.entries()) {
    const d = loaded.detections[i]!;
    t.same(d.rule.prefilter?.anyOf ?? null, want, name);
  }
  // The rule still runs on what the prefilter admits: a ConsoleLogin record through the first shape.
  t.equal(loaded.detections[0]!.rule.match(makeRecordView('{"eventName":"ConsoleLogin","x":1}')), true);
});

t.test('loading: log types, Enabled, stand-ins, analysis types that are not rules', async (t) => {
  write('more/cache_rule.py', 'from panther_detection_helpers.caching import get_counter\n\ndef rule(event):\n    return get_counter("k") > 0\n');
  write('more/title_only.py', 'from panther_detection_helpers.caching import get_counter\n\ndef rule(event):\n    return True\n\ndef title(event):\n    return str(get_counter("k"))\n');
  const yml = (name: string, extra: string): { path: string; text: string } => {
    const text = `AnalysisType: rule\nFilename: ${name}.py\nRuleID: ${name}\n${extra}`;
    return { path: write(`more/${name}.yml`, text), text };
  };
  const loaded = loadPantherFiles([
    yml('cache_rule', 'LogTypes: [AWS.CloudTrail]\n'),
    yml('title_only', 'LogTypes: [AWS.CloudTrail]\n'),
    yml('okta', 'LogTypes: [Okta.SystemLog]\n'),
    yml('off', 'LogTypes: [AWS.CloudTrail]\nEnabled: false\n'),
    { path: write('more/policy.yml', 'AnalysisType: policy\nPolicyID: P\n'), text: 'AnalysisType: policy\nPolicyID: P\n' },
  ]);
  t.same(loaded.detections.map((d) => d.meta.ruleId), ['cache_rule', 'title_only']);
  t.same(loaded.diagnostics.map((d) => [d.code, d.rule]), [[PantherCode.standIn, 'cache_rule']], 'only a rule whose rule() reaches the cache is named');
  t.same(loaded.notApplicable.map((n) => n.reason), ['LogTypes Okta.SystemLog do not include AWS.CloudTrail', 'disabled (Enabled: false)', 'a Panther policy, not a rule: not replayed']);
  t.equal(loaded.detections[0]!.rule.match(makeRecordView('{"eventName":"X"}')), false, 'the cache starts empty');
});

t.test("the rules' own unit tests, with Mocks (digest §5.6)", async (t) => {
  write('tested/m.py', 'FLAG = False\n\ndef lookup(x):\n    return "real"\n\ndef rule(event):\n    return lookup(1) == "mocked" or (FLAG is True)\n');
  write('tested/m.yml', [
    'AnalysisType: rule', 'Filename: m.py', 'RuleID: M', 'LogTypes: [AWS.CloudTrail]', 'Tests:',
    '  - Name: function mocked', '    ExpectedResult: true', '    Mocks:', '      - objectName: lookup', '        returnValue: mocked', '    Log: { "a": 1 }',
    '  - Name: constant patched', '    ExpectedResult: true', '    Mocks:', '      - objectName: FLAG', '        returnValue: true', '    Log: { "a": 1 }',
    '  - Name: unmocked', '    ExpectedResult: false', '    Log: { "a": 1 }',
    '  - Name: a wrong expectation fails', '    ExpectedResult: true', '    Log: { "a": 1 }',
    '',
  ].join('\n'));
  const report = await runPantherTests([join(dir, 'tested')]);
  t.same(report.rules[0]!.tests.map((x) => [x.name, x.passed]), [['function mocked', true], ['constant patched', true], ['unmocked', true], ['a wrong expectation fails', false]]);
  t.same([report.passed, report.failed], [3, 1]);
  const own = await runPantherTests(['fixtures/panther', 'detections/panther']);
  t.same(own.rules.flatMap((r) => r.tests.filter((x) => !x.passed)), [], "every test of the project's Panther fixtures passes");
  t.ok(own.passed >= 15);
});

t.test('alert grouping: Threshold matches with one dedup string within DedupPeriodMinutes (digest §5.5)', async (t) => {
  const ev = (ordinal: number, minute: number, dedup: string | null): CorrelationInput => ({ detectionId: 'r', ordinal, eventID: null, time: minute * 60_000, fields: [dedup] });
  // [threshold, period minutes, events, ordinals that raise an alert]
  const cases: [number, number, CorrelationInput[], number[]][] = [
    [2, 15, [ev(0, 0, 'a'), ev(1, 5, 'a')], [0, 1]],
    [2, 15, [ev(0, 0, 'a'), ev(1, 5, 'b')], []],
    [2, 15, [ev(0, 0, 'a'), ev(1, 15, 'a')], []],
    [3, 15, [ev(0, 0, 'a'), ev(1, 14, 'a'), ev(2, 16, 'a'), ev(3, 20, 'a'), ev(4, 29, 'a')], [2, 3, 4]],
    [1, 60, [ev(0, 0, null), ev(1, 1, null)], [0, 1]],
  ];
  for (const [threshold, period, events, want] of cases) t.same(alertingRecords(events, threshold, period), want, `threshold ${threshold}, ${period} min`);
});
