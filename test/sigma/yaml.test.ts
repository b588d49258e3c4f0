// YAML typing of rule values: sigma-rules-specification.md "Yaml File" links YAML 1.2.2; pySigma reads
// YAML 1.1 (PyYAML). Decision and table: docs/sigma.md "YAML version".
import t from 'tap';
import { resolvePlain, yaml11Reading } from '../../src/dialects/sigma/yaml/scalar.js';
import { parseYamlFile } from '../../src/dialects/sigma/yaml/load.js';
import { parseError, rule } from './helpers.js';

t.test('plain scalars: YAML 1.2 core, but leading zeros and >15 digits stay strings', async (t) => {
  const cases: [string, unknown][] = [
    ['012345678901', { type: 'string', value: '012345678901' }],
    ['00000429', { type: 'string', value: '00000429' }],
    ['123456789012', { type: 'number', value: 123456789012, text: '123456789012' }],
    ['12345678901234567890', { type: 'string', value: '12345678901234567890' }],
    ['0', { type: 'number', value: 0, text: '0' }],
    ['-7', { type: 'number', value: -7, text: '-7' }],
    ['0x1F', { type: 'number', value: 31, text: '0x1F' }],
    ['0o17', { type: 'number', value: 15, text: '0o17' }],
    ['1.10', { type: 'number', value: 1.1, text: '1.10' }],
    ['1e3', { type: 'number', value: 1000, text: '1e3' }],
    ['01.5', { type: 'string', value: '01.5' }],
    ['yes', { type: 'string', value: 'yes' }],
    ['No', { type: 'string', value: 'No' }],
    ['True', { type: 'boolean', value: true }],
    ['FALSE', { type: 'boolean', value: false }],
    ['~', { type: 'null' }],
    ['', { type: 'null' }],
    ['Null', { type: 'null' }],
    ['2024-05-01', { type: 'string', value: '2024-05-01' }],
    ['1.2.3.4', { type: 'string', value: '1.2.3.4' }],
  ];
  for (const [text, expected] of cases) t.same(resolvePlain(text), expected, text);
});

t.test('where YAML 1.1 (pySigma) reads a plain scalar differently, we can say how', async (t) => {
  t.equal(yaml11Reading('No'), 'boolean false');
  t.equal(yaml11Reading('on'), 'boolean true');
  t.equal(yaml11Reading('0123'), 'the octal number 83');
  t.equal(yaml11Reading('1:20'), 'a base-60 number');
  t.equal(yaml11Reading('2024-05-01'), 'a date');
  t.equal(yaml11Reading('1e3'), 'a string (YAML 1.1 floats need a dot)');
  t.equal(yaml11Reading('012345678901'), null, 'not octal (8 and 9): a string in both');
  t.equal(yaml11Reading('ConsoleLogin'), null);
  t.equal(yaml11Reading('true'), null);
});

t.test('explicit tags decide the type; quoted scalars are always strings', async (t) => {
  const r = rule(`
    selection:
        a: !!str 0123
        b: !!int '42'
        c: '0x17'
    condition: selection
  `);
  t.ok(r.matches({ a: '0123', b: 42, c: '0x17' }));
  t.notOk(r.matches({ a: '0123', b: 42, c: 23 }), "quoted '0x17' is the string, not 23");
  t.equal(parseError('title: x\nlogsource: {product: aws}\ndetection:\n  s: {a: !!binary aGk=}\n  condition: s\n').code, 'TP3001');
});

t.test('every node keeps its offsets; aliases resolve; alias bombs fail instead of hanging', async (t) => {
  const file = parseYamlFile('f.yml', "a: &x 'v'\nb: *x\n");
  const root = file.documents[0]!.root!;
  t.equal(root.kind, 'map');
  if (root.kind === 'map') {
    t.equal(root.entries[1]!.value.kind, 'scalar');
    t.equal(root.entries[0]!.value.start, 6);
  }
  let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const exploded = parseYamlFile('bomb.yml', bomb);
  t.match(exploded.problems.list, [{ code: 'TP3001', message: /too many nodes/ }]);
});
