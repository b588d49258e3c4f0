// Bad input: every element found is delivered or skipped with a reason and a position; the run goes on
// (issue 2 §6 "Bad input ... Each gets one clear message naming the file and position ... nothing is
// dropped silently"). Resynchronisation rules: src/engine/split/scanner.ts module comment.
import t from 'tap';
import { problems, splitText, texts } from './helpers.js';

const ok = (n: number): string => JSON.stringify({ eventVersion: '1.09', eventTime: `2026-03-09T10:0${n}:00Z`, eventSource: 's', eventName: 'n' });

t.test('malformed record among good ones: that record is skipped, the next ones are read', async (t) => {
  const text = `{"Records":[${ok(1)},{"a":1 "b":2},${ok(2)}]}`;
  const ev = splitText('cloudtrail', text);
  t.same(texts(ev), [ok(1), ok(2)]);
  const col = text.indexOf('{"a":1') + 1;
  t.same(problems(ev), [['skip', 'malformed-json', { index: 1, line: 1, column: col }, `expected ',' or a closing bracket, found '"' at line 1, column ${col + 7}`]]);
});

t.test('malformed records of several kinds each cost one record', async (t) => {
  const bads = ['{"a":tru}', '{"a":[1,2}', '{"a" 1}', '{"a":1,}', '{,}', '{"a":01}', '{"a":1.}', '{"a":-}', '{"a":@}', '{"a":{"b":1]}'];
  const text = `{"Records":[${ok(1)},${bads.join(',')},${ok(2)}]}`;
  const ev = splitText('cloudtrail', text);
  t.same(texts(ev), [ok(1), ok(2)]);
  t.same(
    problems(ev).map((e) => (e as unknown[]).slice(0, 2)),
    bads.map(() => ['skip', 'malformed-json']),
  );
  t.same(
    ev.map((e) => (e[0] === 'skip' ? e[2].index : e[0] === 'record' ? e[1].index : -1)),
    Array.from({ length: bads.length + 2 }, (_, i) => i),
    'indexes count every element',
  );
});

t.test('a record that never closes swallows the rest of the file: one malformed record, then the end is reported', async (t) => {
  const text = `{"Records":[${ok(1)},{"a":"x}]},${ok(2)}]}`;
  const ev = splitText('cloudtrail', text);
  t.same(texts(ev), [ok(1)]);
  t.equal(ev.length, 3);
  t.match(ev[1], ['skip', 'malformed-json', { index: 1, line: 1 }, /the record never closes, so the rest of the file was read as part of it$/]);
  t.match(ev[2], ['error', /^unexpected end of file: \d brackets? not closed$/, { line: 1 }]);
});

t.test('elements that are not objects', async (t) => {
  const ev = splitText('cloudtrail', `{"Records":[${ok(1)},"text",42,null,[1],${ok(2)}]}`);
  t.same(texts(ev), [ok(1), ok(2)]);
  t.same(
    problems(ev).map((e) => (e as unknown[]).slice(0, 2).concat([(e as [string, string, { index: number }])[2].index])),
    [
      ['skip', 'not-an-object', 1],
      ['skip', 'not-an-object', 2],
      ['skip', 'not-an-object', 3],
      ['skip', 'not-an-object', 4],
    ],
  );
});

t.test('slips between records are reported and tolerated', async (t) => {
  const ev = splitText('cloudtrail', `{"Records":[${ok(1)} ${ok(2)},,${ok(3)},]}`);
  t.same(texts(ev), [ok(1), ok(2), ok(3)]);
  t.same(
    problems(ev).map((e) => (e as unknown[])[1]),
    ["missing ',' before '{' between elements", 'empty element (two commas in a row) ignored', "trailing comma before ']' ignored"],
  );
});

t.test('a broken container structure stops the file with an error naming the position', async (t) => {
  const ev = splitText('cloudtrail', `{"Records":[${ok(1)}]:${ok(2)}}`);
  t.same(texts(ev), [ok(1)]);
  const col = ok(1).length + 14;
  t.same(problems(ev), [['error', `expected ',' or a closing bracket, found ':' at line 1, column ${col}; stopped reading the file here`, { line: 1, column: col }]]);
  const garbage = splitText('cloudtrail', `{"Records":[${ok(1)}]} trailing words`);
  t.same(texts(garbage), [ok(1)]);
  t.match(problems(garbage), [['error', /^invalid literal 'trailing' at line 1, column \d+; stopped reading the file here$/]]);
});

t.test('a file of the wrong shape for a forced format says so', async (t) => {
  t.same(problems(splitText('cloudtrail', `[${ok(1)}]`)), [
    ['error', 'the file should be an object with "Records", found an array', { line: 1, column: 1 }],
    ['error', 'no "Records" array found in the file', { line: 1, column: ok(1).length + 3 }],
  ]);
  t.same(problems(splitText('cloudtrail', '{"Records":{"x":1}}')), [
    ['error', '"Records" should be an array, found an object', { line: 1, column: 12 }],
    ['error', 'no "Records" array found in the file', { line: 1, column: 20 }],
  ]);
  t.same(problems(splitText('json-array', `${ok(1)}`)), [
    ['error', 'the file should be an array, found an object', { line: 1, column: 1 }],
    ['error', 'no array of records found in the file', { line: 1, column: ok(1).length + 1 }],
  ]);
  t.same(problems(splitText('lookup-events', '[{"Events":[]},7]')), [['error', 'each element should be an object with "Events", found a literal', { line: 1, column: 16 }]]);
});

t.test('truncation: records before it are delivered, the cut one is skipped as truncated', async (t) => {
  const text = `{"Records":[${ok(1)},${ok(2).slice(0, 30)}`;
  const damaged = splitText('cloudtrail', text, text.length, true);
  t.same(damaged, [
    ['record', { text: ok(1), index: 0 }],
    ['skip', 'truncated', { index: 1, line: 1, column: ok(1).length + 14 }, 'the file ends inside this record'],
  ]);
  // Without a decoder's damage report, the splitter says the file ended early.
  const plain = splitText('cloudtrail', text);
  t.same(plain.slice(0, 2), damaged);
  t.same(plain[2], ['error', 'unexpected end of file: 3 brackets not closed', { line: 1, column: text.length + 1 }]);
});

t.test('line formats: each bad line is one skip with its line, the others are read', async (t) => {
  const text = [ok(1), '{"x":"unterminated', 'not json', '{"level":"info"}', '"a string"', '[1,2]', `{"a":1} ${ok(2).slice(0, 5)}`, ok(3), ok(4).slice(0, 20)].join('\n');
  const ev = splitText('jsonl', text, 7);
  t.same(texts(ev), [ok(1), ok(3)]);
  t.same(problems(ev), [
    ['skip', 'malformed-json', { index: 1, line: 2, column: 1 }, 'line 2 ends inside a string'],
    ['skip', 'malformed-json', { index: 2, line: 3, column: 1 }, "invalid literal 'not' at line 3, column 1"],
    ['skip', 'not-cloudtrail-record', { index: 3, line: 4, column: 1 }, 'object has no eventName, eventSource: not a CloudTrail record'],
    ['skip', 'not-an-object', { index: 4, line: 5, column: 1 }, 'record is a string, not an object'],
    ['skip', 'not-an-object', { index: 5, line: 6, column: 1 }, 'record is an array, not an object'],
    ['skip', 'not-cloudtrail-record', { index: 6, line: 7, column: 1 }, 'object has no eventName, eventSource: not a CloudTrail record'],
    ['skip', 'malformed-json', { index: 7, line: 7, column: 9 }, 'line 7 ends inside a string'],
    ['skip', 'truncated', { index: 9, line: 9, column: 1 }, 'the file ends inside this record'],
  ]);
});

t.test('line formats: a record cut short by the next record line', async (t) => {
  const ev = splitText('jsonl', `{"a":{"b":1}\n${ok(1)}\n`);
  t.same(texts(ev), [ok(1)]);
  t.same(problems(ev), [['skip', 'malformed-json', { index: 0, line: 1, column: 1 }, 'record is not closed before line 2, which starts a new record']]);
});

t.test('deep nesting is scanned without recursion', async (t) => {
  const depth = 100_000;
  const deep = `{"eventTime":"t","eventName":"n","eventSource":"s","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  t.same(texts(splitText('cloudtrail', `{"Records":[${deep}]}`, 65536)), [deep]);
  t.same(texts(splitText('jsonl', deep, 4096)), [deep]);
});

t.test('a huge string inside a record, across many chunks', async (t) => {
  const big = JSON.stringify({ eventTime: 't', eventName: 'n', eventSource: 's', policy: `${'x\\"y'.repeat(1_000_000)}` });
  t.ok(big.length > 5_000_000);
  t.same(texts(splitText('cloudtrail', `{"Records":[${ok(1)},${big},${ok(2)}]}`, 65536)), [ok(1), big, ok(2)]);
});

t.test('records over the size limit are skipped as too-large without being held', async (t) => {
  const { createSplitter } = await import('../../src/engine/split/index.js');
  const { recorder } = await import('./helpers.js');
  const big = JSON.stringify({ eventTime: 't', eventName: 'n', eventSource: 's', x: 'y'.repeat(5000) });
  for (const [format, text] of [
    ['cloudtrail', `{"Records":[${ok(1)},${big},${ok(2)}]}`],
    ['jsonl', `${ok(1)}\n${big}\n${ok(2)}\n`],
  ] as const) {
    for (const size of [100, 100_000]) {
      const sink = recorder();
      const s = createSplitter(format, text, sink, { maxRecordLength: 1000 });
      for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size));
      s.end(false);
      t.same(texts(sink.events), [ok(1), ok(2)], `${format} / ${size}`);
      t.match(sink.events[1], ['skip', 'too-large', { index: 1 }, /over the (record )?limit of 1000$/]);
    }
  }
});

t.test('line formats: the last line without a line break', async (t) => {
  t.same(problems(splitText('jsonl', `${ok(1)}\nnot json`)), [['skip', 'malformed-json', { index: 1, line: 2, column: 1 }, "invalid literal 'not' at line 2, column 1"]]);
  t.same(problems(splitText('jsonl', `${ok(1)}\n42`)), [['skip', 'not-an-object', { index: 1, line: 2, column: 1 }, 'record is a number, boolean or null, not an object']]);
  t.same(texts(splitText('jsonl', `${ok(1)}\n${ok(2)}`, 3)), [ok(1), ok(2)]);
});

t.test('NUL padding after the document: one warning, every record read; NULs then garbage still stop', async (t) => {
  const doc = `{"Records":[${ok(1)},${ok(2)}]}`;
  const padded = `${doc}\0\0\0\n\0\0`;
  for (const size of [padded.length, 7]) {
    const ev = splitText('cloudtrail', padded, size);
    t.same(texts(ev), [ok(1), ok(2)], `chunks of ${size}`);
    t.same(problems(ev), [['warning', `NUL bytes after the document, from column ${doc.length + 1}, ignored`, { line: 1, column: doc.length + 1 }]]);
  }
  const lines = splitText('jsonl', `${ok(1)}\n${ok(2)}\n\0\0\0\0`);
  t.same(texts(lines), [ok(1), ok(2)], 'JSON Lines too');
  t.same(problems(lines), [['warning', 'NUL bytes after the document, from column 1, ignored', { line: 3, column: 1 }]]);
  const garbage = splitText('cloudtrail', `${doc}\0\0x`);
  t.same(texts(garbage), [ok(1), ok(2)]);
  t.match(problems(garbage), [['warning'], ['error', /^invalid literal 'x' at line 1, column \d+; stopped reading the file here$/]]);
  t.match(problems(splitText('cloudtrail', `\0${doc}`)), [['error']], 'a NUL before the document is damage');
});
