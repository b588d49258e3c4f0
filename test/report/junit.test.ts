// JUnit renderer: well-formed XML 1.0 (https://www.w3.org/TR/xml/), a suite per detection, a case per
// root-usage category with events, failures naming the missed eventIDs, a case for input errors.
import t from 'tap';
import { escapeAttr, escapeText, xmlChars } from '../../src/report/junit/xml.js';
import { renderJunit } from '../../src/report/junit/junit.js';
import type { Report } from '../../src/report/model.js';
import { sampleReport } from './sample-report.js';
import { parseXml, type XmlElement } from './xml-check.js';

function only(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

t.test('document structure and counts', async (t) => {
  const xml = renderJunit(sampleReport());
  t.ok(xml.endsWith('</testsuites>\n'));
  const root = parseXml(xml);
  t.equal(root.name, 'testsuites');
  t.strictSame(root.attrs, { name: 'trailproof', tests: '10', failures: '1', errors: '2', skipped: '0', time: '0' });
  const suites = only(root, 'testsuite');
  t.strictSame(suites.map((s) => s.attrs['name']), ['CIS 4.3 root usage "metric" <filter> & co', 'AWS Root Credentials | sigma\ufffd[31m', 'trailproof']);
  const [cis, sigma] = suites as [XmlElement, XmlElement];
  t.strictSame(only(cis, 'testcase').map((c) => c.attrs['name']),
    ['console-login-success', 'console-login-failure', 'root-api-call', 'root-console-action'],
    'one case per usage category with events; context categories have none');
  t.equal(cis.attrs['timestamp'], '2024-05-02T10:00:00');
  t.strictSame(only(only(cis, 'properties')[0] as XmlElement, 'property').map((p) => [p.attrs['name'], p.attrs['value']]), [
    ['id', 'detections/cis-root-usage.pattern#1'], ['dialect', 'cwl'], ['file', 'detections/cis-root-usage.pattern'],
    ['kind', 'rule'], ['scope', 'console-login-success,console-login-failure,root-api-call,root-console-action,assume-root-session'],
    ['scopeSource', 'all'], ['fired', '3'], ['falseAlarms', '0'],
  ]);
  t.equal(sigma.attrs['failures'], '0');
  t.ok(only(sigma, 'testcase').every((c) => c.children.length === 0), 'a detection that missed nothing passes every case');
});

t.test('a miss fails its category with the eventIDs, escaped', async (t) => {
  const xml = renderJunit(sampleReport());
  t.match(xml, '<failure type="missed" message="missed 2 of 2 root-console-action events: evt-console-1, evt-console-2&lt;&amp;&gt;">');
  const cis = only(parseXml(xml), 'testsuite')[0] as XmlElement;
  const failing = only(cis, 'testcase').filter((c) => c.children.length > 0);
  t.equal(failing.length, 1);
  const failure = (failing[0] as XmlElement).children[0] as XmlElement;
  t.equal(failure.name, 'failure');
  t.equal(failure.attrs['message'], 'missed 2 of 2 root-console-action events: evt-console-1, evt-console-2<&>');
  t.equal(failure.text,
    'evt-console-1 2024-05-01T09:06:00Z AttachUserPolicy account 111122223333 region us-east-1\n' +
    'evt-console-2<&> 2024-05-01T09:07:00Z StartLogging account 111122223333 region us-east-1');
});

t.test('input errors and rule problems get erroring cases', async (t) => {
  const run = only(parseXml(renderJunit(sampleReport())), 'testsuite')[2] as XmlElement;
  t.strictSame(only(run, 'testcase').map((c) => [c.attrs['name'], c.children[0]?.name, c.children[0]?.attrs['message'], c.children[0]?.text]), [
    ['input errors', 'error', '1 input error', 'fixtures/bad<1>.json.gz: TP3001 unexpected end of gzip data after 812 bytes & "3" records'],
    ['rule problems', 'error', '1 rule problem', "detections/broken.pattern:1:3: TP1003 expected '}' to close '{'"],
  ]);
  const clean: Report = { ...sampleReport(), stats: { ...sampleReport().stats, errors: [] }, ruleProblems: [] };
  const suites = only(parseXml(renderJunit(clean)), 'testsuite');
  t.equal(suites.length, 2, 'no trailproof suite when the run had no problems');
});

t.test('many missed IDs: the message is capped, the body lists all', async (t) => {
  const base = sampleReport();
  const ids = Array.from({ length: 25 }, (_, i) => `id-${i}`);
  const events = ids.map((id, i) => ({ ...(base.rootEvents[2] as Report['rootEvents'][number]), key: id, eventID: id, eventTime: `2024-05-01T10:${String(i).padStart(2, '0')}:00Z` }));
  const d = base.detections[0] as Report['detections'][number];
  const report: Report = {
    ...base,
    rootEvents: events,
    detections: [{ ...d, caught: [], missed: ids, coverage: { ...d.coverage, 'root-api-call': { total: 25, caught: 0 } } }],
  };
  const failure = parseXml(renderJunit(report)).children[0]?.children.find((c) => c.attrs['name'] === 'root-api-call')?.children[0];
  t.match(failure?.attrs['message'], /^missed 25 of 25 root-api-call events: id-0, id-1, .*, id-19 and 5 more$/);
  t.equal(failure?.text.split('\n').length, 25);
});

t.test('escaping helpers', async (t) => {
  t.equal(escapeText('a<b & c>d ]]>'), 'a&lt;b &amp; c&gt;d ]]&gt;');
  t.equal(escapeAttr(`"x" & 'y' <z>\n\tq\r`), '&quot;x&quot; &amp; &apos;y&apos; &lt;z&gt;&#10;&#9;q&#13;');
  t.equal(xmlChars('ok\u0000\u0008\u001b\ufffe\ud800x\ud83d\ude00'), 'ok\ufffd\ufffd\ufffd\ufffd\ufffdx\ud83d\ude00', 'forbidden code points replaced, pairs kept');
  const hostile = 'a\u0001<"&\'>\n\ud800';
  const el = parseXml(`<r a="${escapeAttr(hostile)}">${escapeText(hostile)}</r>`);
  t.equal(el.attrs['a'], 'a\ufffd<"&\'>\n\ufffd', 'attribute round-trips, newline included');
  t.equal(el.text, 'a\ufffd<"&\'>\n\ufffd', 'text round-trips');
});

t.test('the checker itself rejects what is not well-formed', async (t) => {
  for (const bad of ['<a>&</a>', '<a b="<"/>', '<a><b></a></b>', '<a>x &foo; y</a>', '<a/><b/>', '<a b="1" b="2"/>', '<a>\u0001</a>', '<a b=\'1\'/>']) {
    t.throws(() => parseXml(bad), bad);
  }
});
