// Markdown renderer: GFM tables (https://github.github.com/gfm/#tables-extension-) for PR comments;
// untrusted text escaped per CommonMark backslash escapes (https://spec.commonmark.org/0.31.2/#backslash-escapes).
import t from 'tap';
import { md, renderMarkdown } from '../../src/report/markdown/markdown.js';
import type { Report } from '../../src/report/model.js';
import { sampleReport } from './sample-report.js';

t.test('key lines', async (t) => {
  const out = renderMarkdown(sampleReport());
  const lines = out.split('\n');
  t.equal(lines[0], '## trailproof replay report');
  t.equal(lines[2], '❌ **1 of 2 detections missed root-usage events of their scope** · 6 root events (5 root usage) · 120 records from 4 files');
  for (const want of [
    '|  | Detection | Dialect | Scope | Caught | Missed | Outside scope | False alarms | Context hits |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
    '| ❌ | D1 CIS 4.3 root usage "metric" \\<filter\\> \\& co | cwl | all root usage (all) | 3/5 | **2** | 0 | 0 | 0 |',
    '| ✅ | D2 AWS Root Credentials \\| sigma \\[31m | sigma | all root usage (all) | 5/5 | 0 | 0 | 3 | 1 |',
    '| Category | Kind | Events | D1 | D2 |',
    '| root-console-action | usage | 2 | 0/2 | 2/2 |',
    '<summary>Missed root-usage events (2)</summary>',
    '| evt-console-2\\<\\&\\> | 2024-05-01T09:07:00Z | root-console-action | StartLogging | 111122223333 | us-east-1 |',
    '<summary>False alarms (3)</summary>',
    '| 2024-05-01T09:01:00Z | console-login-failure | ConsoleLogin | 111122223333 | us-east-1 | yes | no | failure | evt-login-bad (+1 duplicate) |',
    '- **Files:** 4 read, 3 skipped (digest: 2, insight: 1), 1 with errors',
    '- **Records:** 120 read: 110 evaluated, 7 filtered out, 3 skipped (malformed-json: 2, not-an-object: 1)',
    '### Skipped files (3)',
    '- fixtures/a\\_CloudTrail-Digest\\_x.json.gz: digest: CloudTrail digest file (integrity data, no records)',
    '… and 1 more (see the JSON report).',
    '### Input errors (1)',
    '- fixtures/bad\\<1\\>.json.gz: TP3001 unexpected end of gzip data after 812 bytes \\& "3" records',
    '- ⚠️ \\--region leaves out us-east-1, where CloudTrail records root console sign-ins',
  ]) t.ok(lines.includes(want), want);
  t.notOk(out.includes('\u001b'), 'control characters never reach the comment');
});

t.test('every table row has the header\'s column count', async (t) => {
  // An unescaped "|" in a cell would add a column.
  const lines = renderMarkdown(sampleReport()).split('\n');
  let columns = 0;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      columns = 0;
      continue;
    }
    const cells = line.replace(/\\\|/g, '').split('|').length - 2;
    if (columns === 0) columns = cells;
    else t.equal(cells, columns, line);
  }
});

t.test('details blocks are balanced and separated by blank lines', async (t) => {
  const out = renderMarkdown(sampleReport());
  t.equal(out.split('<details>').length, out.split('</details>').length);
  t.match(out, /<\/summary>\n\n/);
  t.match(out, /\n\n<\/details>/);
});

t.test('clean report', async (t) => {
  const base = sampleReport();
  const clean: Report = { ...base, detections: [base.detections[1] as Report['detections'][number]], stats: { ...base.stats, errors: [] }, ruleProblems: [], warnings: [], notApplicable: [] };
  const out = renderMarkdown(clean);
  t.match(out, '✅ **Every detection caught every root-usage event of its scope**');
  t.notMatch(out, 'Missed root-usage events');
  t.notMatch(out, '### Warnings');
  t.notMatch(out, '### Input errors');
});

t.test('md escapes inline markup', async (t) => {
  t.equal(md('a|b'), 'a\\|b');
  t.equal(md('*x* _y_ `z` [l](u) <b> &amp; ~s~'), '\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\<b\\> \\&amp; \\~s\\~');
  t.equal(md('# h'), '\\# h', 'a leading # cannot start a heading');
  t.equal(md('line\nbreak\ttab'), 'line break tab');
  t.equal(md('us-east-1'), 'us-east-1', 'ordinary text is left alone');
});
