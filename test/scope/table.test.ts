// With sixty detections, most of them not about root (as with SigmaHQ's AWS rules), the table keeps
// one line per detection and no wall of misses; Markdown lists the rules that are not about root apart.
import t from 'tap';
import { applyScopes } from '../../src/engine/scope/apply-scope.js';
import type { ResolvedScope } from '../../src/engine/scope/resolve-scope.js';
import { renderMarkdown } from '../../src/report/markdown/markdown.js';
import type { Report } from '../../src/report/model.js';
import { renderTable } from '../../src/report/table/table.js';
import { makeReport, rootEvent, type DetectionSpec } from '../suite/make-report.js';

const EVENTS = [
  rootEvent('login-1', 'console-login-success'),
  rootEvent('login-2', 'console-login-success'),
  rootEvent('fail-1', 'console-login-failure'),
  ...Array.from({ length: 20 }, (_, i) => rootEvent(`api-${i}`, 'root-api-call')),
  rootEvent('console-1', 'root-console-action'),
];

/** `rooted` sign-in rules (the first one misses a sign-in), then other rules firing on non-root records. */
function sixty(rooted: number): Report {
  const specs: DetectionSpec[] = Array.from({ length: 60 }, (_, i) =>
    i < rooted ? { id: `root-${i}`, fired: i === 0 ? ['login-1'] : ['login-1', 'login-2'] } : { id: `other-${i}`, fired: [], nonRoot: i % 2 === 0 ? ['n'] : [] },
  );
  const report = makeReport(EVENTS, specs);
  const scopes = new Map<string, ResolvedScope>(report.detections.map((d, i) => [d.id, i < rooted
    ? { scope: { categories: ['console-login-success'], source: 'inferred', partial: [] }, firesOnExample: true }
    : { scope: { categories: [], source: 'inferred', partial: [] }, firesOnExample: false }]));
  return applyScopes(report, scopes);
}

function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(title));
  const end = lines.findIndex((l, i) => i > start && l === '');
  return lines.slice(start + 1, end);
}

t.test('one line per detection; not a root detection in one line', async (t) => {
  const text = renderTable(sixty(4), { color: false });
  const rows = section(text, 'DETECTIONS');
  t.equal(rows.length, 61, 'a header and sixty rows');
  t.match(rows[1], /D1\s+root-0\s+cwl\s+successful sign-ins \(inferred\)\s+1\/2\s+1\s+22\s+0\s+MISSED/);
  t.match(rows[2], /D2\s+root-1\s+cwl\s+successful sign-ins \(inferred\)\s+2\/2\s+0\s+22\s+0\s+ok/);
  t.match(rows[5], /D5\s+other-4\s+cwl\s+-\s+not a root detection · fired on 1 other record$/);
  t.match(rows[6], /D6\s+other-5\s+cwl\s+-\s+not a root detection · fired on 0 other records$/);
  t.same(section(text, 'COVERAGE BY ROOT CATEGORY')[0]?.trim().split(/\s+/), ['CATEGORY', 'KIND', 'EVENTS', 'D1', 'D2', 'D3', 'D4'], 'coverage columns for root detections only');
  t.equal(section(text, 'MISSED ROOT-USAGE EVENTS').length, 3, 'only the one miss inside a scope is listed');
  t.notMatch(text, /^FALSE ALARMS/m, 'hits of rules that are not about root are not false alarms');
  t.ok(text.split('\n').length < 140, `the whole table stays short (${text.split('\n').length} lines)`);
});

t.test('past a dozen root detections the coverage matrix gives way to a pointer', async (t) => {
  const text = renderTable(sixty(13), { color: false });
  t.same(section(text, 'COVERAGE BY ROOT CATEGORY'), ['  13 root detections: see --format markdown or json']);
});

t.test('markdown: root detections in the table, the others listed apart with their hit counts', async (t) => {
  const text = renderMarkdown(sixty(4));
  t.match(text, '<summary>Not root detections (56)</summary>');
  t.match(text, '- D5 other-4: not a root detection: fired on 1 other record\n');
  t.match(text, '**D1 root-0** scope (inferred): successful sign-ins; 22 other root-usage events outside it');
  t.equal(text.split('\n').filter((l) => /^\| (✅|❌|➖) \| D\d+ /.test(l)).length, 4, 'four rows in the detections table');
});
