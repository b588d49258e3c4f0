// The table fits the terminal (issue 12, item 6): with COLUMNS (or a terminal's width) every table
// row fits, cut columns end in "…", event IDs are never cut; `-o out.html` on replay says HTML is a
// review format instead of writing a table under that name.
import t from 'tap';
import { runCli } from '../helpers/cli.js';
import type { Report } from '../../src/report/model.js';

/** The lines of one section of the table: from its heading to the next blank line. */
function section(text: string, heading: RegExp): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

t.test('COLUMNS=120: every table row fits, event IDs whole', async (t) => {
  const wide = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'table', '--workers', '0'], { env: { NO_COLOR: '1' } });
  const json = JSON.parse((await runCli(['replay', 'fixtures/AWSLogs', '-f', 'json', '--workers', '0'])).stdout) as Report;
  t.ok(Math.max(...section(wide.stdout, /^ROOT EVENTS/).map((l) => l.length)) > 120, 'unfitted, the root events table is wider than 120');
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'table', '--workers', '0'], { env: { NO_COLOR: '1', COLUMNS: '120' } });
  t.equal(r.code, 0, r.stderr);
  for (const heading of [/^DETECTIONS/, /^ROOT EVENTS/, /^COVERAGE/]) {
    for (const line of section(r.stdout, heading)) t.ok(line.length <= 120, `${line.length} columns: ${line}`);
  }
  const events = section(r.stdout, /^ROOT EVENTS/).join('\n');
  for (const e of json.rootEvents) t.match(events, e.key, `${e.key} is whole`);
  t.match(events, /…/, 'some column was cut');
});

t.test('-o out.html on replay names the formats it writes', async (t) => {
  const r = await runCli(['replay', 'fixtures/AWSLogs', '-o', 'out.html']);
  t.equal(r.code, 2);
  t.match(r.stderr, /cannot write out\.html: HTML is a format of `trailproof review`, not of this command \(formats: table, json, markdown, junit\)/);
});
