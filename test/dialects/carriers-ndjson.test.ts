// Shared NDJSON carrier (src/dialects/carriers/ndjson.ts): one value per non-blank line, with where
// the line starts; bad lines are reported in place and do not stop the others.
import t from 'tap';
import { ndjsonLines, type NdjsonLine } from '../../src/dialects/carriers/ndjson.js';
import { loadDetectionFiles } from '../../src/dialects/index.js';

const all = (text: string): NdjsonLine[] => [...ndjsonLines(text)];

t.test('each non-blank line, with its offset, line and column', async (t) => {
  const text = '{"a":1}\n\n  {"b":2}\r\n[3]\n';
  t.same(all(text).map((l) => ({ kind: l.kind, offset: l.offset, line: l.line, column: l.column })), [
    { kind: 'value', offset: 0, line: 1, column: 1 },
    { kind: 'value', offset: 9, line: 3, column: 1 },
    { kind: 'value', offset: 20, line: 4, column: 1 },
  ]);
  t.same(all(text).map((l) => (l.kind === 'value' ? l.value : null)), [{ a: 1 }, { b: 2 }, [3]]);
  t.equal(all(text)[1]!.raw, '  {"b":2}\r', 'the raw line, for offsets inside it');
});

t.test('a line that is not JSON is an error at its line; the next lines still read', async (t) => {
  const lines = all('{"a":1}\n{"b":\n{"c":3}');
  t.same(lines.map((l) => [l.kind, l.line]), [['value', 1], ['error', 2], ['value', 3]]);
  t.match(lines[1], { kind: 'error', message: /JSON/ });
});

t.test('empty and blank texts have no lines', async (t) => {
  t.same(all(''), []);
  t.same(all('\n \n\t\n'), []);
});

t.test('lazy: a sniff stops at the first line it recognises', async (t) => {
  const lines = ndjsonLines('{"rule_id":"x"}\n{not json');
  t.match(lines.next().value, { kind: 'value', line: 1 });
});

t.test('Kibana rules export: a bad line and an unknown line are placed on their lines; the export summary is recognised', async (t) => {
  const rule = { rule_id: 'r1', name: 'root', type: 'query', language: 'kuery', query: 'user.name: root', index: ['logs-aws*'] };
  const text = [JSON.stringify(rule), '{broken', '{"something":"else"}', '{"exported_count":1,"exported_rules_count":1}', ''].join('\n');
  const loaded = loadDetectionFiles([{ path: 'export.ndjson', text }]);
  t.equal(loaded.detections.length, 1);
  t.match(loaded.diagnostics.filter((d) => d.file === 'export.ndjson').map((d) => ({ severity: d.severity, line: d.line, column: d.column })), [
    { severity: 'error', line: 2, column: 1 },
    { severity: 'warning', line: 3, column: 1 },
  ]);
});
