// `test-metric-filter` as a drop-in for `aws logs test-metric-filter` (issue 12, item 2): `--output
// json|text|table` render as the aws CLI renders them, `--region`/`--profile` are accepted and
// ignored, `--events` reads gzip and standard input. The expected text and table below were checked
// against aws-cli 1.45.11's own formatters (awscli/text.py, awscli/formatter.py TableFormatter, with
// colour off and an 80-column terminal) on the same responses.
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runTestMetricFilter } from '../../src/cli/commands/test-metric-filter.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { formatAwsTable } from '../../src/cli/aws-output/table.js';
import { formatAwsText } from '../../src/cli/aws-output/text.js';
import { captureIO } from '../suite/capture-io.js';
import { runCli } from '../helpers/cli.js';

const PATTERN = '[ip, user, status = 404]';
const MESSAGES = ['127.0.0.1 bob 404', '127.0.0.1 ann 200', '10.0.0.2 carol 404'];

const TEXT = 'MATCHES\t127.0.0.1 bob 404\t1\nEXTRACTEDVALUES\t127.0.0.1\t404\tbob\nMATCHES\t10.0.0.2 carol 404\t3\nEXTRACTEDVALUES\t10.0.0.2\t404\tcarol\n';

const TABLE = `-----------------------------------------
|           TestMetricFilter            |
+---------------------------------------+
||               matches               ||
|+---------------------+---------------+|
||    eventMessage     |  eventNumber  ||
|+---------------------+---------------+|
||  127.0.0.1 bob 404  |  1            ||
|+---------------------+---------------+|
|||          extractedValues          |||
||+-------------+-----------+---------+||
|||     $ip     |  $status  |  $user  |||
||+-------------+-----------+---------+||
|||  127.0.0.1  |  404      |  bob    |||
||+-------------+-----------+---------+||
||               matches               ||
|+---------------------+---------------+|
||    eventMessage     |  eventNumber  ||
|+---------------------+---------------+|
||  10.0.0.2 carol 404 |  3            ||
|+---------------------+---------------+|
|||          extractedValues          |||
||+------------+------------+---------+||
|||     $ip    |  $status   |  $user  |||
||+------------+------------+---------+||
|||  10.0.0.2  |  404       |  carol  |||
||+------------+------------+---------+||
`;

async function run(flags: Parameters<typeof runTestMetricFilter>[0], stdin?: Uint8Array): Promise<{ code: number; out: string; err: string }> {
  const cap = captureIO();
  const code = await runTestMetricFilter(flags, cap.io, async () => stdin ?? new Uint8Array());
  return { code, out: cap.stdout(), err: cap.stderr() };
}

t.test('--output text and table render as the aws CLI does', async (t) => {
  t.equal((await run({ filterPattern: PATTERN, logEventMessages: MESSAGES, output: 'text' })).out, TEXT);
  t.equal((await run({ filterPattern: PATTERN, logEventMessages: MESSAGES, output: 'table' })).out, TABLE);
  const json = await run({ filterPattern: PATTERN, logEventMessages: MESSAGES });
  t.match(json.out, /^\{\n {4}"matches": \[\n {8}\{\n/, 'json by default, four-space indent');
  t.equal(JSON.parse(json.out).matches.length, 2);
});

t.test('no match: text prints nothing, table only the title', async (t) => {
  t.equal((await run({ filterPattern: 'nothing', logEventMessages: ['a'], output: 'text' })).out, '');
  t.equal((await run({ filterPattern: 'nothing', logEventMessages: ['a'], output: 'table' })).out, '------------------\n|TestMetricFilter|\n+----------------+\n');
});

t.test('a table wider than the terminal turns single-row sections vertical', (t) => {
  const response = { matches: [{ eventNumber: 1, eventMessage: 'x'.repeat(100), extractedValues: {} }] };
  const table = formatAwsTable('TestMetricFilter', response, 80);
  t.match(table, /\n\|\| {2}eventMessage\| {2}x{100} *\|\|\n\|\| {2}eventNumber \| {2}1 *\|\|\n/);
  t.notMatch(formatAwsTable('TestMetricFilter', response, 400), /eventMessage\|/, 'fits: stays horizontal');
  t.end();
});

t.test('text: scalars in key order, lists of scalars one line each, Python spellings', (t) => {
  t.equal(formatAwsText({ b: 2, a: 'x', c: [true, null], d: { z: false } }), 'x\t2\nC\tTrue\nC\tNone\nD\tFalse\n');
  t.end();
});

t.test('--region and --profile are accepted and noted as ignored', async (t) => {
  const r = await run({ filterPattern: PATTERN, logEventMessages: MESSAGES, region: 'us-east-1', profile: 'p' });
  t.equal(r.code, 0);
  t.equal(r.err, 'note: --region and --profile ignored: test-metric-filter runs offline\n');
});

t.test('--events reads gzip and standard input', async (t) => {
  const dir = t.testdir({});
  const gz = join(dir, 'events.log.gz');
  writeFileSync(gz, gzipSync(`${MESSAGES.join('\n')}\n`));
  t.equal((await run({ filterPattern: PATTERN, events: gz, output: 'text' })).out, TEXT, 'a .gz is decoded, not read as text lines');
  t.equal((await run({ filterPattern: PATTERN, events: '-', output: 'text' }, gzipSync(MESSAGES.join('\r\n')))).out, TEXT, '- is standard input, gzip too');
  await t.rejects(run({ filterPattern: PATTERN, events: join(dir, 'missing.log') }), new UsageError(`no such file or folder: ${join(dir, 'missing.log')}`));
  await t.rejects(run({ filterPattern: PATTERN, events: '-' }, Uint8Array.from([0x1f, 0x8b, 1, 2, 3])), /standard input: corrupt gzip data/);
});

t.test('end to end: --output text, --events - from a pipe', async (t) => {
  const r = await runCli(['test-metric-filter', '--filter-pattern', PATTERN, '--events', '-', '--output', 'text', '--region', 'eu-west-1'], { stdin: MESSAGES.join('\n') });
  t.equal(r.code, 0, r.stderr);
  t.equal(r.stdout, TEXT);
  t.match(r.stderr, /--region ignored/);
  const bad = await runCli(['test-metric-filter', '--filter-pattern', PATTERN, '--log-event-messages', 'x', '--output', 'yaml']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /Allowed choices are json, text, table/);
});
