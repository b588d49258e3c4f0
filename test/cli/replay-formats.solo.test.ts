// End to end, continued from replay.solo.test.ts (split so that neither file nears the 40 s budget):
// the built binary's report formats, --output, usage errors and a missing source (README.md's exit codes).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { runCli } from '../helpers/cli.js';

function parse(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

t.test('every format of the report', async (t) => {
  const junit = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'junit']);
  t.equal(junit.code, 0);
  t.match(junit.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  t.notMatch(junit.stdout, /<failure/, 'misses outside a scope do not fail');
  t.match(junit.stdout, /<testcase classname="detections\/cis-root-usage.pattern#1" name="root-console-action" time="0">\n\s*<skipped message="outside the declared scope/);
  const md = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'markdown']);
  t.match(md.stdout, /\| D1 cis-root-usage \| cwl \| console sign-ins, API calls \(declared\) \| 7\/7 \+1 \| 0 \| 2 \| 1 \|/);
  const table = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'table']);
  t.match(table.stdout, /cis-root-usage\s+cwl\s+console sign-ins, API calls \(declared\)\s+7\/7 \+1\s+0\s+2\s+1\s+ok/);
  t.notMatch(table.stdout, /\x1b\[/, 'no colour when stdout is not a terminal');
});

t.test('--output infers the format from the extension', async (t) => {
  const dir = t.testdir();
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-o', join(dir, 'report.xml')]);
  t.equal(r.code, 0);
  t.equal(r.stdout, '');
  t.match(await readFile(join(dir, 'report.xml'), 'utf8'), /<testsuites/);
});

t.test('usage errors exit 2; --help exits 0', async (t) => {
  t.equal((await runCli(['replay', 'fixtures', '--since', 'yesterday'])).code, 2);
  t.equal((await runCli(['replay', 'fixtures', '--format', 'xml'])).code, 2);
  t.equal((await runCli(['replay', '--no-such-flag', 'x'])).code, 2);
  t.equal((await runCli(['replay', 'fixtures', '--account', '12'])).code, 2);
  for (const cmd of [[], ['replay'], ['match'], ['test-metric-filter'], ['synth']]) {
    const r = await runCli([...cmd, '--help']);
    t.equal(r.code, 0, `${cmd.join(' ')} --help`);
    t.match(r.stdout, /Usage: trailproof/);
  }
});

t.test('a missing source is an input error, exit 3', async (t) => {
  const r = await runCli(['replay', 'no/such/dir', '-f', 'json']);
  t.equal(r.code, 3);
  t.match(parse(r.stdout).stats.errors[0]?.message ?? '', /cannot list/);
});
