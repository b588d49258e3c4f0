// The splunk-spl dialect: which files it reads (ESCU YAML, savedsearches.conf, .spl; digest §1.2), how
// macros (§8) and props load from files, positions of errors in the rule file, not-replayable rules, and
// searches with stats loaded as aggregates.
import t from 'tap';
import { loadDetectionFiles } from '../../src/dialects/index.js';
import { parseRule } from '../../src/dialects/parse-rule.js';
import { RuleError } from '../../src/dialects/rule-error.js';
import { loadSplunkFiles, parseSplunkSearch, recogniseSplunk, SplunkCode, SplunkSearchError } from '../../src/dialects/splunk/index.js';
import type { DetectionFile, LoadOptions } from '../../src/dialects/types.js';
import { viewOfRecord } from '../../src/record/view.js';

const login = { eventTime: '2026-03-09T08:12:45Z', eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', userIdentity: { type: 'Root' }, sourceIPAddress: '203.0.113.10' };
const file = (path: string, text: string): DetectionFile => ({ path, text });

const ESCU = `name: Root Console Login
id: 0a1b2c3d-0000-4000-8000-000000000001
type: TTP
status: production
description: root signs in
data_source:
  - AWS CloudTrail
search: '\`cloudtrail\` eventName=ConsoleLogin userIdentity.type=Root | \`root_console_login_filter\`'
how_to_implement: add-on
tags:
  mitre_attack_id:
    - T1078.004
trailproof:
  scope: [console-login-success]
`;

t.test('recognises ESCU YAML, savedsearches.conf and .spl files only', async (t) => {
  t.ok(recogniseSplunk(file('r.yml', ESCU)));
  t.ok(recogniseSplunk(file('a.spl', 'eventName=x')));
  t.ok(recogniseSplunk(file('savedsearches.conf', '[ESCU - X - Rule]\nsearch = eventName=x\n')));
  t.notOk(recogniseSplunk(file('macros.conf', '[cloudtrail]\ndefinition = sourcetype=aws:cloudtrail\n')));
  t.notOk(recogniseSplunk(file('m.yml', 'name: cloudtrail\ndefinition: sourcetype=aws:cloudtrail\n')));
  t.notOk(recogniseSplunk(file('s.yml', 'title: x\nlogsource: {product: aws}\ndetection: {sel: {a: 1}, condition: sel}\n')));
  const loaded = loadDetectionFiles([file('r.yml', ESCU), file('s.yml', 'title: x\nlogsource: {product: aws, service: cloudtrail}\ndetection: {sel: {a: 1}, condition: sel}\n')]);
  t.same(loaded.detections.map((d) => d.dialect).sort(), ['sigma', 'splunk-spl'], 'registered next to the other dialects');
});

t.test('ESCU YAML: title, id, tags, declared scope, and a matcher', async (t) => {
  const r = loadSplunkFiles([file('rules/r.yml', ESCU)], {});
  t.same(r.diagnostics, []);
  const d = r.detections[0]!;
  t.equal(d.id, 'rules/r.yml#Root Console Login');
  t.same(d.meta, { ruleId: '0a1b2c3d-0000-4000-8000-000000000001', description: 'root signs in', status: 'production', tags: ['type:TTP', 'attack.t1078.004'], scope: ['console-login-success'] });
  t.ok(d.rule.match(viewOfRecord(login)));
  t.notOk(d.rule.match(viewOfRecord({ ...login, userIdentity: { type: 'IAMUser' } })));
  const bad = loadSplunkFiles([file('r.yml', ESCU.replace('scope: [console-login-success]', 'scope: [nope]'))], {});
  t.match(bad.diagnostics, [{ code: SplunkCode.file, severity: 'error', line: 14, column: 10, message: /trailproof.scope: unknown root category 'nope'/ }]);
});

t.test('errors point into the rule file, whatever holds the search', async (t) => {
  const yaml = ESCU.replace('userIdentity.type=Root |', 'userIdentity.type=Root | serach x |');
  t.match(loadSplunkFiles([file('r.yml', yaml)], {}).diagnostics, [{ code: SplunkCode.unknownCommand, line: 8, column: 71, message: "unknown command 'serach'", rule: 'Root Console Login' }]);
  const block = 'name: B\ntype: TTP\nsearch: |\n  eventName=ConsoleLogin\n  | where x="open\n';
  t.match(loadSplunkFiles([file('b.yml', block)], {}).diagnostics, [{ code: SplunkCode.syntax, line: 5, column: 13 }]);
  const conf = '[First]\nsearch = eventName=ConsoleLogin \\\n| stats count by src \\\n| where count > (1\ndisabled = 1\n\n[Second]\nsearch = eventName=x\n';
  const r = loadSplunkFiles([file('savedsearches.conf', conf)], {});
  t.match(r.diagnostics, [{ code: SplunkCode.syntax, line: 4, column: 17, message: /'\(' is not closed/, rule: 'First' }], 'a backslash continues the value on the next line');
  t.same(r.detections.map((d) => [d.title, d.meta.status]), [['Second', undefined]]);
  const spl = loadSplunkFiles([file('x.spl', 'eventName=x\n| `nope(1)`\n')], {});
  t.match(spl.diagnostics, [{ code: SplunkCode.macro, line: 2, column: 3, message: "undefined macro 'nope(1)'" }]);
});

t.test('YAML whose search continues on unindented lines (2021 ESCU files) is read as PyYAML reads it', async (t) => {
  const old = "name: Old Rule\ntype: batch\nsearch: '`cloudtrail` eventName=ConsoleLogin userName=root\n| stats count by src\n| `old_rule_filter`'\nhow_to_implement: add-on\n";
  const r = loadSplunkFiles([file('old.yml', old)], {});
  t.match(r.diagnostics, [
    { code: SplunkCode.file, severity: 'warning', line: 3, column: 10, message: /not valid YAML 1.2/ },
    { code: SplunkCode.fieldNotInModel, severity: 'warning', line: 3, column: 46, message: /'userName' never has a value/ },
  ]);
  t.equal(r.correlations[0]?.title, 'Old Rule');
});

t.test('not replayable rules are listed with the command named, never loaded as a silent no-match', async (t) => {
  const tstats = "name: Failed Login\ntype: TTP\nsearch: '| tstats count from datamodel=Authentication where Authentication.action=failure by Authentication.user | `drop_dm_object_name(Authentication)`'\n";
  const r = loadSplunkFiles([file('t.yml', tstats), file('l.spl', 'eventName=x | lookup users user')], {});
  t.same(r.detections, []);
  t.same(r.notApplicable.map((n) => [n.title, n.reason]), [
    ['Failed Login', "not replayable: 'tstats' reads data other than raw records (data model Authentication)"],
    ['l', "not replayable: 'lookup' needs a lookup table"],
  ]);
});

t.test('searches with stats: hidden record selector plus an aggregate over the whole replay (§6)', async (t) => {
  const r = loadSplunkFiles([file('a.spl', '`cloudtrail` eventName=ConsoleLogin | stats count by src | where count >= 2')], {});
  t.same(r.detections.map((d) => d.id), ['a.spl#a#records']);
  const c = r.correlations[0]!;
  t.same([c.id, c.inputs, c.generate], ['a.spl#a', ['a.spl#a#records'], false]);
  t.ok(c.fields.includes('userIdentity') && c.fields.includes('sourceIPAddress'), 'the engine hands over each top-level value');
  const input = (ordinal: number, record: Record<string, unknown>) => ({
    detectionId: 'a.spl#a#records',
    ordinal,
    eventID: null,
    time: 0,
    fields: c.fields.map((f) => (record[f] === undefined ? null : typeof record[f] === 'string' ? (record[f] as string) : JSON.stringify(record[f]))),
  });
  const other = { ...login, sourceIPAddress: '198.51.100.7' };
  t.same(c.evaluate([input(0, login), input(1, other), input(2, login)]), [0, 2], 'only the records of the row that survives');
});

t.test('macros and props from files (--splunk-macros, --splunk-props) and the add-on switch', async (t) => {
  const search = file('a.spl', '`root_events` `mine(Root)` | stats count by src origin');
  const macrosConf = file('macros.conf', '[root_events]\ndefinition = `cloudtrail` \\\n  eventSource=signin.amazonaws.com\n\n[mine(1)]\nargs = t\ndefinition = userIdentity.type=$t$\n');
  const propsConf = file('props.conf', '# local\n[aws:cloudtrail]\nFIELDALIAS-origin = sourceIPAddress AS origin\nEVAL-is_root = if(\'userIdentity.type\'="Root", 1, 0)\n');
  const options: LoadOptions = { dialectOptions: { macros: [macrosConf], props: [propsConf] } };
  const r = loadSplunkFiles([search], options);
  t.same(r.diagnostics, []);
  t.equal(r.correlations.length, 1);
  t.ok(r.detections[0]!.rule.match(viewOfRecord(login)));
  const yamlMacro = file('mine.yml', 'name: mine\narguments:\n  - t\ndefinition: userIdentity.type=$t$\n');
  const fromYaml = loadSplunkFiles([file('b.spl', '`mine(IAMUser)`')], { dialectOptions: { macros: [yamlMacro] } });
  t.notOk(fromYaml.detections[0]!.rule.match(viewOfRecord(login)), 'ESCU macro YAML');
  const noMacros = loadSplunkFiles([search], { dialectOptions: { props: [propsConf] } });
  t.match(noMacros.diagnostics, [{ code: SplunkCode.macro, line: 1, column: 1, message: "undefined macro 'root_events'" }]);
  const badFiles = loadSplunkFiles([], { dialectOptions: { macros: [file('m.conf', '[m(2)]\nargs = a\ndefinition = x\n')], props: [file('p.conf', '[aws:cloudtrail]\nEVAL-x = if(a,\n')] } });
  t.match(badFiles.diagnostics, [
    { code: SplunkCode.settings, file: 'm.conf', line: 1, message: /declares 2 argument\(s\) but args names 1/ },
    { code: SplunkCode.settings, file: 'p.conf', line: 2, message: /EVAL-x: expected a value/ },
  ]);
  const indexed = loadSplunkFiles([file('i.spl', 'index=aws eventName=ConsoleLogin')], { dialectOptions: { metadata: { index: 'aws' } } });
  t.same(indexed.diagnostics, []);
  t.ok(indexed.detections[0]!.rule.match(viewOfRecord(login)), '--splunk-index sets the index records are searched as');
  const off = loadSplunkFiles([file('c.spl', 'src=203.0.113.10')], { dialectOptions: { addon: false } });
  t.notOk(off.detections[0]!.rule.match(viewOfRecord(login)), 'without the add-on layer there is no src');
  t.match(off.diagnostics, [{ code: SplunkCode.fieldNotInModel, message: /alias layer is off/ }]);
});

t.test("parseRule({ dialect: 'splunk-spl' }): inputs cloudtrail and fields, the dialect's options, RuleErrors", async (t) => {
  const spl = (text: string, options: Record<string, unknown> = {}) => parseRule(text, { dialect: 'splunk-spl', ...options });
  t.ok(spl('`cloudtrail` eventName=ConsoleLogin userIdentity.type=Root').matches(login), 'a CloudTrail record');
  t.ok(spl('src=203.0.113.10').matches(JSON.stringify(login)), 'its JSON text, seen through the add-on layer');
  t.notOk(spl('src=203.0.113.10', { addon: false }).matches(login), 'addon: false');
  // digest §3.8: x!=v needs the field
  const fields = spl('status!=404', { input: 'fields' });
  t.same([fields.matches({ status: '200' }), fields.matches({}), fields.matches({ status: ['404', '500'] })], [true, false, false], 'input fields: a flat field map');
  t.ok(spl('`mine(Root)`', { macros: { mine: { args: ['t'], definition: 'userIdentity.type=$t$' } } }).matches(login), 'macros as a table');
  t.ok(spl('is_root=1', { props: "[aws:cloudtrail]\nEVAL-is_root = if('userIdentity.type'=\"Root\", 1, 0)\n" }).matches(login), 'props as text');
  t.ok(spl('index=aws eventName=ConsoleLogin', { metadata: { index: 'aws' } }).matches(login), 'metadata');
  t.ok(spl('`m`', { macros: [file('macros.conf', '[m]\ndefinition = eventName=ConsoleLogin\n')] }).matches(login), 'macros as files');
  t.equal(spl('eventName=x').dialect, 'splunk-spl');
  const errors: [string, Record<string, unknown>, { code: string; line?: number; column?: number; message?: RegExp }][] = [
    ['eventName=x | serach y', {}, { code: SplunkCode.unknownCommand, line: 1, column: 15 }],
    ['eventName="x', {}, { code: SplunkCode.syntax, line: 1 }],
    ['`nope`', {}, { code: SplunkCode.macro, line: 1, column: 1 }],
    ['| tstats count', {}, { code: 'TP0006', message: /not replayable: 'tstats'/ }],
    ['eventName=x', { macro: {} }, { code: 'TP0005', message: /no option 'macro' \(known: macros, props, addon, metadata\)/ }],
    ['eventName=x', { input: 'event' }, { code: 'TP0005', message: /known: cloudtrail, fields/ }],
    ['eventName=x', { addon: 'no' }, { code: SplunkCode.settings, message: /option addon: expected true or false/ }],
    ['eventName=x', { props: '[aws:cloudtrail]\nEVAL-x = if(a,\n' }, { code: SplunkCode.settings, line: 2 }],
  ];
  for (const [text, options, expected] of errors) {
    t.throws(() => spl(text, options), expected, `${text} ${JSON.stringify(options)}`);
  }
  const thrown = (() => {
    try {
      parseSplunkSearch('eventName=x | serach y');
    } catch (e) {
      return e;
    }
    return null;
  })();
  t.ok(thrown instanceof SplunkSearchError && thrown instanceof RuleError, 'parseSplunkSearch throws a RuleError too');
});
