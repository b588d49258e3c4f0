// Shared AWS CLI carrier (src/dialects/carriers/aws-cli.ts): `describe-*`/`list-*` output, a key
// holding an array of objects plus NextToken, read over either position-keeping JSON reader.
import t from 'tap';
import { lineColumn } from '../../src/diagnostics/diagnostic.js';
import { isCliList, readCliList, readCliResource, type CliOutput } from '../../src/dialects/carriers/aws-cli.js';
import { readJson, yamlTree } from '../../src/dialects/carriers/structured.js';
import { jsonNodeTree, readJsonText } from '../../src/dialects/eventbridge/json-text.js';
import { loadDetectionFiles } from '../../src/dialects/index.js';

const LIST = `{
  "Rules": [
    { "Name": "a", "EventPattern": "{}" },
    { "Name": "b" }
  ],
  "NextToken": "page-2"
}`;

t.test('list output: items with their line and column, and the page token, over both readers (they agree)', async (t) => {
  const doc = readJson({ path: 'rules.json', text: LIST }, 'TP0000').doc!;
  const viaYaml = readCliList(LIST, doc.contents, yamlTree, { list: 'Rules', itemKeys: ['Name'] });
  const viaNodes = readCliList(LIST, readJsonText(LIST), jsonNodeTree(0), { list: 'Rules', itemKeys: ['Name'] });
  const where = <N>(o: CliOutput<N> | null) => o && { items: o.items.map(({ index, offset, line, column }) => ({ index, offset, line, column })), nextToken: o.nextToken };
  t.same(where(viaYaml), {
    items: [
      { index: 0, offset: 19, line: 3, column: 5 },
      { index: 1, offset: 62, line: 4, column: 5 },
    ],
    nextToken: 'page-2',
  });
  t.same(where(viaNodes), where(viaYaml));
});

t.test('the shape: key, item keys, nextToken spelled either way', async (t) => {
  const read = (text: string, itemKeys?: string[]) => readCliList(text, readJsonText(text), jsonNodeTree(0), { list: 'metricFilters', ...(itemKeys ? { itemKeys } : {}) });
  t.same(read('{"metricFilters":[],"nextToken":"n"}')?.nextToken, 'n');
  t.same(read('{"metricFilters":[]}')?.nextToken, null);
  t.equal(read('{"metricFilters":{}}'), null, 'not an array');
  t.equal(read('[]'), null, 'not an object');
  t.equal(read('{"other":[]}'), null, 'no such key');
  t.equal(read('{"metricFilters":[{"filterName":"x"},1]}', ['filterName']), null, 'an item without the item keys');
  t.equal(read('{"metricFilters":[1]}')?.items.length, 1, 'without item keys, any item');
  t.ok(isCliList({ metricFilters: [{ filterName: 'x' }] }, { list: 'metricFilters', itemKeys: ['filterName'] }));
  t.notOk(isCliList({ metricFilters: [{}] }, { list: 'metricFilters', itemKeys: ['filterName'] }));
  t.notOk(isCliList(null, { list: 'metricFilters' }));
});

t.test('describe-* of one resource: the object itself', async (t) => {
  const text = '\n{"Name":"r","EventPattern":"{}"}';
  t.match(readCliResource(text, readJsonText(text), jsonNodeTree(0), 'EventPattern'), { items: [{ index: 0, offset: 1, line: 2, column: 1 }], nextToken: null });
  t.equal(readCliResource(text, readJsonText(text), jsonNodeTree(0), 'Missing'), null);
});

t.test('a byte order mark: offsets shift to file offsets', async (t) => {
  const text = '\ufeff{"Rules":[{"Name":"a"}]}';
  t.match(readCliList(text, readJsonText(text.slice(1)), jsonNodeTree(1), { list: 'Rules' }), { items: [{ offset: 11, line: 1, column: 12 }] });
});

t.test('the dialects read their CLI output through it: describe-metric-filters and list-rules', async (t) => {
  const filters = JSON.stringify({ metricFilters: [{ filterName: 'root', filterPattern: '{ $.userIdentity.type = "Root" }', logGroupName: 'trail' }, { filterName: 'none' }], nextToken: 'x' }, null, 2);
  const rules = JSON.stringify({ Rules: [{ Name: 'root', EventPattern: '{"detail":{"userIdentity":{"type":["Root"]}}}' }], NextToken: 'y' }, null, 2);
  const loaded = loadDetectionFiles([{ path: 'filters.json', text: filters }, { path: 'rules.json', text: rules }]);
  t.same(loaded.detections.map((d) => `${d.dialect} ${d.title}`), ['cwl root', 'eventbridge root']);
  t.match(loaded.diagnostics, [{ file: 'filters.json', severity: 'error', line: 8, column: 5, rule: 'none' }]);
});

t.test("items' line and column (counted once through the file) equal lineColumn of their offset", async (t) => {
  const rules = Array.from({ length: 300 }, (_, i) => `${i % 7 === 0 ? '\n\n' : ''}  {"Name": "r${i}",\n   "EventPattern": "{}"}`);
  const text = `{"Rules": [\n${rules.join(',')}\n], "NextToken": null}`;
  const output = readCliList(text, readJsonText(text), jsonNodeTree(0), { list: 'Rules', itemKeys: ['Name'] })!;
  t.equal(output.items.length, 300);
  t.equal(output.nextToken, null, 'a null token: the last page');
  t.same(output.items.map((i) => ({ line: i.line, column: i.column })), output.items.map((i) => lineColumn(text, i.offset!)));
});
