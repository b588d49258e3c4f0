// Hostile rule files (issue 17 items 4, 5, 8), each loaded next to a good rule: the bad one gives a
// diagnostic with its position and is not loaded, the good one still runs and the report is written.
// Files are built here; each case stays small (the limits cut work short) so the file runs in seconds.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { gzipSync } from 'node:zlib';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { loadDetectionFiles } from '../../src/dialects/index.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import type { DetectionFile, Dialect } from '../../src/dialects/types.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';
import { runCli } from '../helpers/cli.js';

const now = new Date('2026-12-01T00:00:00Z');
const sigma = (title: string, detection: string): string =>
  `title: ${title}\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n${detection}`;
const GOOD: DetectionFile = { path: 'rules/good.yml', text: sigma('Good root', '  sel:\n    userIdentity.type: Root\n  condition: sel\n') };
/** Column (1-based) of the condition's first character on its line `  condition: `. */
const CONDITION_COLUMN = '  condition: '.length + 1;

interface Case {
  readonly name: string;
  readonly file: DetectionFile;
  readonly expect: Partial<Diagnostic>;
}

const aliasBomb = [
  'Resources:',
  '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  ...['c', 'd', 'e', 'f', 'g', 'h'].map((k, i) => `  ${k}: &${k} [${Array(9).fill(`*${'bcdefg'[i]}`).join(',')}]`),
  '  Filter:',
  '    Type: AWS::Logs::MetricFilter',
  '    Properties:',
  `      FilterPattern: '{ $.userIdentity.type = "Root" }'`,
  '',
].join('\n');

const CASES: Case[] = [
  {
    name: '4,000 nested nots',
    file: { path: 'rules/not.yml', text: sigma('Deep not', `  sel:\n    eventName: X\n  condition: ${'not '.repeat(4000)}sel\n`) },
    expect: { code: 'TP3010', line: 8, column: CONDITION_COLUMN + 64 * 4, message: "condition nests too deeply: more than 64 levels of 'not' and parentheses" },
  },
  {
    name: '4,000 nested parentheses',
    file: { path: 'rules/paren.yml', text: sigma('Deep paren', `  sel:\n    eventName: X\n  condition: ${'('.repeat(4000)}sel${')'.repeat(4000)}\n`) },
    expect: { code: 'TP3010', line: 8, column: CONDITION_COLUMN + 64 },
  },
  {
    name: 'a 20k-term and',
    file: { path: 'rules/terms.yml', text: sigma('Many terms', `  sel:\n    eventName: X\n  condition: ${Array(20_000).fill('sel').join(' and ')}\n`) },
    expect: { code: 'TP3010', line: 8, column: CONDITION_COLUMN + 4096 * 'sel and '.length, message: 'condition has too many terms: more than 4096 search identifiers and selectors' },
  },
  {
    name: 'a 70 KB value',
    file: { path: 'rules/value.yml', text: sigma('Huge value', `  sel:\n    eventName|contains: ${'x'.repeat(70_000)}\n  condition: sel\n`) },
    expect: { code: 'TP3026', line: 7, column: 25, message: 'value is too long: 70000 characters (the limit is 65536)' },
  },
  {
    // Where the YAML parser gives up depends on the stack left; the line is what is certain.
    name: 'YAML nested 5,000 deep',
    file: { path: 'rules/yaml.yml', text: sigma('Deep YAML', `  sel:\n    eventName: ${'['.repeat(5000)}x${']'.repeat(5000)}\n  condition: sel\n`) },
    expect: { code: 'TP3001', line: 7 },
  },
  {
    name: 'a CloudFormation alias bomb',
    file: { path: 'rules/bomb.yml', text: aliasBomb },
    expect: { code: 'TP1003', line: 3, column: 10, severity: 'error' },
  },
  {
    name: 'a filter pattern nested past its length limit',
    file: { path: 'rules/nested.pattern', text: `{ ${'('.repeat(600)}$.a = 1${')'.repeat(600)} }` },
    expect: { code: 'TP1001', line: 1 },
  },
];

for (const c of CASES) {
  t.test(`${c.name}: a positioned diagnostic, the good rule still loads`, async (t) => {
    const loaded = loadDetectionFiles([GOOD, c.file]);
    t.same(loaded.detections.map((d) => d.title), ['Good root']);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    t.equal(errors.length, 1, JSON.stringify(errors.map((d) => d.message.slice(0, 200))));
    t.match(errors[0], { file: c.file.path, ...c.expect });
    t.ok(errors[0]!.message.length < 300, 'the message does not quote the rule at length');
  });
}

t.test('a condition at the limits loads, as one flat node', async (t) => {
  const deep = `${'not ('.repeat(32)}sel${')'.repeat(32)}`;
  const wide = Array(4096).fill('sel').join(' and ');
  const loaded = loadDetectionFiles([
    { path: 'deep.yml', text: sigma('Deep', `  sel:\n    userIdentity.type: Root\n  condition: ${deep}\n`) },
    { path: 'wide.yml', text: sigma('Wide', `  sel:\n    userIdentity.type: Root\n  condition: ${wide}\n`) },
  ]);
  t.same(loaded.diagnostics, []);
  t.same(loaded.detections.map((d) => d.title), ['Deep', 'Wide']);
});

t.test('a filter pattern nested up to its length limit loads', async (t) => {
  const loaded = loadDetectionFiles([{ path: 'nested.pattern', text: `{ ${'('.repeat(500)}$.a = 1${')'.repeat(500)} }` }]);
  t.same(loaded.diagnostics, []);
  t.equal(loaded.detections.length, 1);
});

t.test('a dialect that throws loses only the file it threw on (TP0003), with a short message', async (t) => {
  const thrower: Dialect = {
    id: 'thrower',
    ruleFileName: 'rule.boom',
    claims: { extensions: ['.boom'], sniff: () => 'yes' },
    parse: () => {
      throw new RangeError(`Maximum call stack size exceeded ${'z'.repeat(70_000)}`);
    },
    compile: () => ({ rule: null, diagnostics: [] }),
  };
  const loaded = loadDetectionFiles([GOOD, { path: 'x.boom', text: '' }], { dialects: [thrower, sigmaDialect] });
  t.same(loaded.detections.map((d) => d.title), ['Good root']);
  t.match(loaded.diagnostics, [{ code: 'TP0003', severity: 'error', file: 'x.boom', message: /^could not load this file: Maximum call stack size exceeded z+… \(\d+ more characters\)$/ }]);
  t.ok(loaded.diagnostics[0]!.message.length < 1100, 'cut far below the 70 KB it held');
});

async function run(files: DetectionFile[], locations: string[], extra: Partial<ReplayOptions>): Promise<Report> {
  const loaded = loadDetectionFiles(files);
  return replay({ locations, resolveSource: (l) => resolveSource(l, {}), detections: { ...loaded, files }, version: 'test', now, workers: 0, ...extra });
}

t.test('every hostile file at once: the good rule runs and the report is written', async (t) => {
  const report = await run([GOOD, ...CASES.map((c) => c.file)], ['fixtures/AWSLogs'], {});
  t.same(report.detections.map((d) => d.title), ['Good root']);
  t.ok(report.detections[0]!.caught.length > 0, 'the good rule caught root events');
  t.equal(report.stats.errors.length, 0, 'no data file is blamed');
  t.same([...new Set(report.ruleProblems.map((p) => p.file))].sort(), CASES.map((c) => c.file.path).sort(), 'a problem for each hostile file, and only for those');
});

t.test('a 40 KB literal: the prefilter is built once, every engine path gives the same report', async (t) => {
  const dir = t.testdir();
  const policy = `P${'q'.repeat(40_000)}P`;
  const record = (id: string, type: string, doc: string): string =>
    JSON.stringify({ eventVersion: '1.09', userIdentity: { type, accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root' }, eventTime: '2026-03-09T08:10:02Z', eventSource: 'iam.amazonaws.com', eventName: 'PutRolePolicy', awsRegion: 'us-east-1', requestParameters: { policyDocument: doc }, eventID: id, recipientAccountId: '111122223333', eventType: 'AwsApiCall' });
  const records = [record('e-hit', 'Root', `x${policy}x`), record('e-near', 'Root', policy.slice(1)), record('e-other', 'IAMUser', 'y')];
  writeFileSync(join(dir, '111122223333_CloudTrail_us-east-1_20260309T0810Z_big.json.gz'), gzipSync(`{"Records":[${records.join(',')}]}`));
  const big: DetectionFile = { path: 'rules/big.yml', text: sigma('Big literal', `  sel:\n    requestParameters.policyDocument|contains: ${policy}\n  condition: sel\n`) };
  const plain = await run([GOOD, big], [dir], { prefilter: 'off' });
  t.equal(plain.stats.errors.length, 0);
  t.same(plain.detections.map((d) => [d.title, d.fired]), [['Good root', 2], ['Big literal', 1]]);
  // Workers build the plan with the same code as the main thread; starting one here would cost more than the rest.
  for (const prefilter of ['on', 'text'] as const) t.same(await run([GOOD, big], [dir], { prefilter }), plain, `prefilter ${prefilter}`);
});

t.test('the CLI: exit 2, diagnostics with positions, no stack trace, the report written', async (t) => {
  const dir = t.testdir();
  const paths = [GOOD, CASES[0]!.file, CASES[5]!.file].map((f) => {
    const path = join(dir, f.path.replace('rules/', ''));
    writeFileSync(path, f.text);
    return path;
  });
  const out = join(dir, 'report.json');
  const r = await runCli(['replay', 'fixtures/AWSLogs', '--detections', ...paths, '--format', 'json', '--output', out, '--workers', '0', '--quiet']);
  t.equal(r.code, 2, r.stderr);
  t.notMatch(r.stderr, /RangeError|ReferenceError|\n\s+at /, 'no stack trace');
  t.ok(existsSync(out), 'the report is written');
  const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
  t.same(report.detections.map((d) => d.title), ['Good root']);
  t.match(report.ruleProblems, [{ code: 'TP1003', line: 3, column: 10 }, { code: 'TP3010', line: 8, column: CONDITION_COLUMN + 64 * 4 }]);
});
