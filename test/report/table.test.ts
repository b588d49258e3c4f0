// Terminal table renderer (issue 2 §5: per detection caught/missed/false alarms, per-category coverage,
// root events, stats, warnings; colour only when asked, https://no-color.org/ is the CLI's business).
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { sanitize, truncate } from '../../src/report/table/style.js';
import { renderTable } from '../../src/report/table/table.js';
import { sampleReport } from './sample-report.js';

const ANSI = /\u001b\[[0-9;]*m/g;

t.test('key lines, colour off', async (t) => {
  const out = renderTable(sampleReport(), { color: false });
  const lines = out.split('\n');
  t.notOk(out.includes('\u001b'), 'no escape character at all, not even the one planted in a title');
  t.ok(out.endsWith('\n'));
  t.equal(lines[0], 'trailproof 0.1.0 replay report');
  t.equal(lines[1], '2 detections · 6 root events (5 root usage) · 120 records from 4 files');
  t.equal(lines[3], 'selection: regions eu-west-1');
  for (const want of [
    '  #   DETECTION                                  DIALECT  SCOPE                 CAUGHT  MISSED  OUTSIDE SCOPE  FALSE ALARMS  STATUS',
    '  D1  CIS 4.3 root usage "metric" <filter> & co  cwl      all root usage (all)     3/5       2              0             0  MISSED',
    '  D2  AWS Root Credentials | sigma\ufffd[31m          sigma    all root usage (all)     5/5       0              0             3  ok',
    '  CATEGORY                   KIND     EVENTS   D1   D2',
    '  root-console-action        usage         2  0/2  2/2',
    '  service-on-behalf-of-root  context       1  0/1  1/1',
    '  D1 CIS 4.3 root usage "metric" <filter> & co: 2 missed · scope (all): all root usage',
    '    evt-console-2<&>  2024-05-01T09:07:00Z  root-console-action  StartLogging      111122223333  us-east-1',
    '    -         -                     ConsoleLogin  fixtures/lines.jsonl:2',
    '    … and 1 more (see --format json)',
    '  2024-05-01T09:01:00Z  console-login-failure      ConsoleLogin      111122223333  us-east-1  yes  no   failure  192.0.2.10                evt-login-bad (+1 dup)',
    '  files    4 read, 3 skipped (digest: 2, insight: 1), 1 with errors',
    '  records  120 read: 110 evaluated, 7 filtered out, 3 skipped (malformed-json: 2, not-an-object: 1)',
    '  root     6 root events, 1 duplicate delivery',
    '  input    51.2 KiB decompressed',
    '    skipped fixtures/a_CloudTrail-Digest_x.json.gz: digest: CloudTrail digest file (integrity data, no records)',
    '    … and 1 more (see --format json)',
    '  fixtures/bad<1>.json.gz: TP3001 unexpected end of gzip data after 812 bytes & "3" records',
    "  detections/broken.pattern:1:3: TP1003 expected '}' to close '{'",
    '  detections/sigma/win.yml: Windows logon: logsource product windows is not CloudTrail',
    '  warning: --region leaves out us-east-1, where CloudTrail records root console sign-ins',
  ]) t.ok(lines.includes(want), want);
  t.equal(lines[lines.length - 2], '1 of 2 detections missed root-usage events of their scope');
  t.notOk(lines.some((l) => l !== l.trimEnd()), 'no trailing spaces');
  t.notOk(out.includes('root-service-event'), 'categories without events are left out of the coverage table');
});

t.test('colour on adds SGR codes and nothing else', async (t) => {
  const plain = renderTable(sampleReport(), { color: false });
  const coloured = renderTable(sampleReport(), { color: true });
  t.ok(coloured.includes('\u001b[1;31mMISSED\u001b[0m'), 'a missing detection is bold red');
  t.ok(coloured.includes('\u001b[32m2/2\u001b[0m'), 'full coverage is green');
  t.ok(coloured.includes('\u001b[1mDETECTIONS\u001b[0m'), 'headings are bold');
  t.equal(coloured.replace(ANSI, ''), plain, 'stripping the codes gives the plain output');
});

t.test('empty report', async (t) => {
  const empty: Report = { ...sampleReport(), detections: [], rootEvents: [], notApplicable: [], warnings: [], ruleProblems: [],
    rootCategories: Object.fromEntries(Object.keys(sampleReport().rootCategories).map((k) => [k, 0])) as Report['rootCategories'],
    stats: { ...sampleReport().stats, errors: [] } };
  const lines = renderTable(empty, { color: false }).split('\n');
  t.ok(lines.includes('  no detections loaded'));
  t.ok(lines.includes('  no root events in the input'));
  t.ok(lines.includes('ROOT EVENTS (0)'));
  t.notOk(lines.includes('ERRORS (0)'), 'empty problem sections are left out');
  t.equal(lines[lines.length - 2], 'no detections were evaluated');
});

t.test('long lists are cut with a count', async (t) => {
  const base = sampleReport();
  const many = Array.from({ length: 53 }, (_, i) => ({ ...(base.rootEvents[2] as Report['rootEvents'][number]), eventID: `e${i}` }));
  const lines = renderTable({ ...base, rootEvents: many }, { color: false }).split('\n');
  t.ok(lines.includes('ROOT EVENTS (53)'));
  t.ok(lines.includes('  … and 3 more (see --format json)'));
});

t.test('sanitize and truncate', async (t) => {
  t.equal(sanitize('a\u001b[2Jb\r\nc\u0085d\ud800e\ud83d\ude00'), 'a\ufffd[2Jb  c\ufffdd\ufffde\ud83d\ude00');
  t.equal(sanitize('plain'), 'plain');
  t.equal(truncate('abcdef', 4), 'abc…');
  t.equal(truncate('ab\ud83d\ude00cd', 4), 'ab…', 'never splits a surrogate pair');
  t.equal(truncate('abc', 4), 'abc');
});
