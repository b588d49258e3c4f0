// renderReport dispatches to the four formats of issue 2 §5; only the table colours.
import t from 'tap';
import { isReportFormat, renderReport, REPORT_FORMATS } from '../../src/report/render.js';
import { sampleReport } from './sample-report.js';

t.test('dispatch', async (t) => {
  const r = sampleReport();
  t.strictSame([...REPORT_FORMATS], ['table', 'json', 'markdown', 'junit']);
  t.match(renderReport(r, 'table', { color: false }), /^trailproof 0\.1\.0 replay report\n/);
  t.equal(JSON.parse(renderReport(r, 'json', { color: false })).schema, 'trailproof/report@3');
  t.match(renderReport(r, 'markdown', { color: false }), /^## trailproof replay report\n/);
  t.match(renderReport(r, 'junit', { color: false }), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
  for (const f of REPORT_FORMATS) {
    const out = renderReport(r, f, { color: f !== 'table' });
    t.notOk(out.includes('\u001b'), `${f}: no escape codes unless it is a coloured table`);
    t.ok(out.endsWith('\n'), `${f}: ends with a newline`);
  }
  t.ok(renderReport(r, 'table', { color: true }).includes('\u001b['), 'the table colours when asked');
});

t.test('isReportFormat', async (t) => {
  t.ok(isReportFormat('junit'));
  t.notOk(isReportFormat('xml'));
  t.notOk(isReportFormat('toString'));
});
