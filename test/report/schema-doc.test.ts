// The docs are checked against the code: the example in docs/report-schema.md is a consistent
// trailproof/report@3 object that renderJson prints byte for byte, and docs/root-usage.md lists every
// root category of the model.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { renderJson } from '../../src/report/json/json.js';
import { REPORT_SCHEMA, ROOT_CONTEXT_CATEGORIES, ROOT_USAGE_CATEGORIES, type Report } from '../../src/report/model.js';

const docs = (name: string): string => readFileSync(fileURLToPath(new URL(`../../docs/${name}`, import.meta.url)), 'utf8');

t.test('report-schema.md example', async (t) => {
  const block = /```json\n([\s\S]*?)\n```/.exec(docs('report-schema.md'))?.[1];
  if (block === undefined) throw new Error('no json example in docs/report-schema.md');
  const report = JSON.parse(block) as Report;
  t.equal(report.schema, REPORT_SCHEMA);
  t.equal(renderJson(report), block + '\n', 'the example is exactly what renderJson prints for it');
  const r = report.stats.records;
  t.equal(r.total, r.evaluated + r.filtered + r.skipped, 'every record accounted for');
  for (const [category, n] of Object.entries(report.rootCategories)) {
    t.equal(report.rootEvents.filter((e) => e.category === category).length, n, `rootCategories.${category}`);
  }
  t.equal(r.duplicateRootEvents, report.rootEvents.reduce((n, e) => n + e.duplicates, 0), 'duplicates add up');
  for (const d of report.detections) {
    t.equal(d.fired, d.caught.length + d.falseAlarms.count, `${d.id}: fired = caught + false alarms (context hits included)`);
    t.equal(d.caught.length + d.missed.length + d.outOfScope.length + d.undelivered.length, report.rootEvents.filter((e) => e.rootUsage).length, `${d.id}: caught + missed + outOfScope + undelivered = root usage`);
    const inScope = new Set(d.scope.categories);
    t.ok(d.missed.every((id) => inScope.has(report.rootEvents.find((e) => e.eventID === id)!.category)), `${d.id}: missed events are in scope`);
    t.ok(d.outOfScope.every((id) => !inScope.has(report.rootEvents.find((e) => e.eventID === id)!.category)), `${d.id}: outOfScope events are not`);
  }
});

t.test('root-usage.md names every category', async (t) => {
  const text = docs('root-usage.md');
  for (const c of [...ROOT_USAGE_CATEGORIES, ...ROOT_CONTEXT_CATEGORIES]) t.match(text, `| \`${c}\` |`, c);
});
