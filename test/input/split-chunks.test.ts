// The splitter gives the same result however its input is cut: records may span chunks, and strings,
// escapes, literals, keys and multi-byte characters may be split anywhere (issue 2 §2, issue 5 "a
// structural scan that finds record boundaries without building objects", bounded memory).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { readObjectSync } from '../../src/engine/read-object.js';
import { detectFormat, type InputFormat } from '../../src/engine/split/index.js';
import { inflateSync } from '../../src/engine/decompress/index.js';
import { readStream, readSync, recorder, splitText } from './helpers.js';

const rec = (n: number, extra: object = {}): string =>
  JSON.stringify({ eventVersion: '1.09', eventTime: `2026-03-09T10:0${n}:00Z`, eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', p: 'q\\"uo\\\\te"', n: [n, -1.5e-3, true, null], ...extra });

// Small inputs, every chunk size from 1 to the whole length.
const small: [InputFormat, string][] = [
  ['cloudtrail', `{"Records":[${rec(1)},${rec(2, { u: 'caf\u00e9\u2603\ud83d\ude80' })}]}`],
  ['cloudtrail', JSON.stringify({ Records: [JSON.parse(rec(1)), 42, JSON.parse(rec(2))] }, null, 2)],
  ['cloudtrail', `{"Records":[${rec(1)},{"a" 1},${rec(2)},tru,${rec(3)}]}`],
  ['cloudtrail', `{"Records":[${rec(1)},${rec(2)}`],
  ['json-array', `[${rec(1)}, {"x":1}, "s", ${rec(2)}]`],
  ['jsonl', `${rec(1)}\n{"x":\n${rec(2)}\nnope\n${JSON.stringify(JSON.parse(rec(3)), null, 1)}\n[1]\n${rec(4)}`],
  ['cwl-export', `2026-03-09T10:01:00.000Z ${rec(1)}\r\n2026-03-09T10:02:00.000Z ${rec(2)}\r\n`],
  ['lookup-events', JSON.stringify({ Events: [{ EventId: 'x', CloudTrailEvent: rec(1) }, { EventId: 'y' }], NextToken: 'n' }, null, 4)],
  ['eventbridge', `${JSON.stringify({ 'detail-type': 'AWS API Call via CloudTrail', detail: JSON.parse(rec(1)) })}\n${JSON.stringify({ 'detail-type': 'Other', detail: {} })}`],
];

t.test('every chunk size 1..N gives the same events as one chunk', async (t) => {
  for (const [format, text] of small) {
    const whole = splitText(format, text);
    t.ok(whole.length > 0, `${format}: something found`);
    let same = true;
    for (let size = 1; size <= text.length; size++) {
      const ev = splitText(format, text, size);
      if (JSON.stringify(ev) !== JSON.stringify(whole)) {
        same = false;
        t.same(ev, whole, `${format}, chunks of ${size}`);
        break;
      }
    }
    t.ok(same, `${format} (${text.length} chars): identical at every chunk size`);
  }
});

t.test('a backslash run split across chunks: \\\\" ends the string, \\" does not', async (t) => {
  for (const value of ['a\\', '\\', '\\\\', '\\"', 'x\\\\\\"y']) {
    const r = rec(5, { v: value });
    const text = `{"Records":[${r}]}`;
    for (let size = 1; size <= text.length; size++) t.same(splitText('cloudtrail', text, size).length, 1, `${JSON.stringify(value)} at ${size}`);
  }
});

// Every fixture, decoded, split in chunks of 1..64 and a few larger sizes, and read as bytes in chunks
// of 1, 3, 7 (small files) and 4096 bytes: one result.
function* fixtureFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* fixtureFiles(path);
    else if (/\.(json|jsonl|gz)$/.test(name)) yield path;
  }
}

t.test('every fixture file: chunking of text and of bytes does not change the result', async (t) => {
  const files = [...fixtureFiles('fixtures/formats'), ...fixtureFiles('fixtures/bad'), ...fixtureFiles('fixtures/AWSLogs')];
  t.ok(files.length >= 30);
  for (const file of files) {
    const bytes = readFileSync(file);
    const whole = readSync(bytes, file);
    const decision = detectFormat(new TextDecoder().decode(inflateSync(bytes).data), file);
    if ('format' in decision) {
      const text = new TextDecoder().decode(inflateSync(bytes).data);
      const damaged = inflateSync(bytes).damage !== null;
      const ref = splitText(decision.format, text, text.length, damaged);
      const sizes = [...Array.from({ length: 64 }, (_, i) => i + 1), 127, 1000, 4093];
      const bad = sizes.find((size) => JSON.stringify(splitText(decision.format, text, size, damaged)) !== JSON.stringify(ref));
      t.equal(bad, undefined, `${file}: text chunks`);
    }
    for (const size of bytes.length < 3000 ? [1, 3, 7, 4096] : [7, 4096]) {
      t.same(await readStream(bytes, file, size), whole, `${file}: byte chunks of ${size}`);
    }
  }
});

t.test('bytes(): the streaming and in-memory readers count the same decoded bytes for a file they read whole', async (t) => {
  const bytes = readFileSync('fixtures/formats/records.jsonl.gz');
  const a = recorder();
  readObjectSync(bytes, 'x.jsonl.gz', {}, a);
  const expected = inflateSync(bytes).data.length;
  t.equal(a.byteCount, expected);
  const { readObject } = await import('../../src/engine/read-object.js');
  const { chunked } = await import('./helpers.js');
  const b = recorder();
  await readObject(chunked(bytes, 100), 'x.jsonl.gz', {}, b);
  t.equal(b.byteCount, expected);
});
