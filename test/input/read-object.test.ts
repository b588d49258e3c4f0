// readObject (streaming) and readObjectSync (in memory) tie decompression, detection and splitting
// together and agree call for call (issue 2 §2, §6; issue 5 "bounded memory"). UTF-8 is decoded with a
// streaming TextDecoder (WHATWG Encoding Standard, https://encoding.spec.whatwg.org/#interface-textdecoder),
// so characters split across chunks decode as if whole.
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { readObject, readObjectSync } from '../../src/engine/read-object.js';
import { chunked, readStream, readSync, recorder, texts } from './helpers.js';

const rec = (v: string): string => JSON.stringify({ eventVersion: '1.09', eventTime: '2026-03-09T08:12:45Z', eventSource: 's', eventName: 'n', v });

t.test('multi-byte UTF-8 split at every byte boundary decodes correctly', async (t) => {
  const records = [rec('caf\u00e9'), rec('\u2603 snow'), rec('\ud83d\ude80 rocket'), rec('\u00df\u4e2d\u6587')];
  const text = `{"Records":[${records.join(',')}]}`;
  for (const bytes of [Buffer.from(text), gzipSync(text)]) {
    for (let size = 1; size <= 16; size++) t.same(texts(await readStream(bytes, 'x.json', size)), records, `chunks of ${size}`);
    t.same(texts(readSync(bytes, 'x.json')), records);
  }
});

t.test('a byte order mark is not part of the text', async (t) => {
  const text = `\ufeff${rec('a')}\n`;
  t.same(texts(readSync(Buffer.from(text), 'x.jsonl')), [rec('a')]);
  t.same(texts(await readStream(Buffer.from(text), 'x.jsonl', 1)), [rec('a')]);
});

t.test('compression is found by magic bytes whatever the name says', async (t) => {
  const text = `{"Records":[${rec('a')}]}`;
  t.same(texts(readSync(gzipSync(text), 'plain-name.json')), [rec('a')]);
  t.same(texts(readSync(Buffer.from(text), 'compressed-name.json.gz')), [rec('a')]);
});

t.test('a forced format overrides detection; empty stays empty; digest names stay skipped', async (t) => {
  const line = `2026-03-09T08:12:45.000Z ${rec('a')}\n`;
  t.same(texts(readSync(Buffer.from(line), 'x.log')), [rec('a')], 'detected as cwl-export');
  const forced = readSync(Buffer.from(`${rec('a')}\n`), 'x.json', { format: 'json-array' });
  t.same(texts(forced), []);
  t.match(forced, [['error', 'the file should be an array, found an object'], ['error', 'no array of records found in the file']]);
  t.same(readSync(Buffer.from('  '), 'x.json', { format: 'jsonl' }), [['fileSkipped', 'empty', 'the file is empty']]);
  t.same(readSync(Buffer.from(`{"Records":[${rec('a')}]}`), 'AWSLogs/1/CloudTrail-Digest/x.json', { format: 'cloudtrail' }), [
    ['fileSkipped', 'cloudtrail-digest', 'CloudTrail digest file (integrity data, no records)'],
  ]);
});

t.test('detection looks past leading whitespace, up to the head length', async (t) => {
  const text = `${' '.repeat(100_000)}{"Records":[${rec('a')}]}`;
  t.same(texts(readSync(Buffer.from(text), 'x.json')), [rec('a')]);
  t.same(texts(await readStream(Buffer.from(text), 'x.json', 4096)), [rec('a')]);
});

t.test('a long first record (over the head length) is still detected and read', async (t) => {
  const big = rec('x'.repeat(200_000));
  const text = `{"Records":[${big},${rec('b')}]}`;
  t.same(texts(await readStream(Buffer.from(text), 'x.json', 65536)), [big, rec('b')]);
  t.same(texts(readSync(Buffer.from(text), 'x.json')), [big, rec('b')]);
});

t.test('damage before any text: one error, no empty-file report', async (t) => {
  const gz = gzipSync('x');
  gz[10] = 0x07;
  const want = [['error', 'corrupt gzip data: invalid block type at compressed byte 10', { offset: 10 }]];
  t.same(readSync(gz, 'x.json.gz'), want);
  t.same(await readStream(gz, 'x.json.gz', 3), want);
});

t.test('a file skipped after its head is not read further by the streaming reader', async (t) => {
  let pulled = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < 100; i++) {
      pulled++;
      yield Buffer.from(`{"Version":"2012-10-17","Statement":[${'{"Effect":"Allow"},'.repeat(5000)}`);
    }
  }
  const sink = recorder();
  await readObject(source(), 'policy.json', {}, sink);
  t.same(sink.events, [['fileSkipped', 'not-cloudtrail', 'a JSON object that is not CloudTrail (keys "Version", "Statement")']]);
  t.ok(pulled < 100, `stopped after ${pulled} chunks`);
});

t.test('a failing source is rethrown after the records already read', async (t) => {
  async function* source(): AsyncGenerator<Uint8Array> {
    yield Buffer.from(`{"Records":[${rec('a')},${rec('b').slice(0, 20)}`);
    throw new Error('socket hang up');
  }
  const sink = recorder();
  await t.rejects(readObject(source(), 'x.json', {}, sink), { message: 'socket hang up' });
  t.same(sink.events, [
    ['record', { text: rec('a'), index: 0 }],
    ['skip', 'truncated', { index: 1, line: 1, column: rec('a').length + 14 }, 'the file ends inside this record'],
  ]);
});

t.test('the in-memory reader accepts any Uint8Array view', async (t) => {
  const text = `xx{"Records":[${rec('a')}]}yy`;
  const buf = Buffer.from(text);
  const view = new Uint8Array(buf.buffer, buf.byteOffset + 2, buf.length - 4);
  const sink = recorder();
  readObjectSync(view, 'x.json', {}, sink);
  t.same(texts(sink.events), [rec('a')]);
  t.equal(sink.byteCount, view.length);
  const again = recorder();
  await readObject(chunked(view, 5), 'x.json', {}, again);
  t.same(again.events, sink.events);
});

t.test('a file that starts with over 1 MiB of whitespace is given up on, the same way by both readers', async (t) => {
  const text = `${' '.repeat(1024 * 1024 + 1)}{"Records":[${rec('a')}]}`;
  const want = [['fileSkipped', 'not-cloudtrail', 'more than 1 MiB of whitespace before any content']];
  t.same(readSync(Buffer.from(text), 'x.json'), want);
  t.same(await readStream(Buffer.from(text), 'x.json', 65536), want);
});

t.test('readObjectSync declines, reporting nothing, when the decoded text exceeds maxInflatedBytes', async (t) => {
  const calls: string[] = [];
  const sink = {
    record: () => void calls.push('record'),
    skip: () => void calls.push('skip'),
    fileSkipped: () => void calls.push('fileSkipped'),
    error: () => void calls.push('error'),
    bytes: () => void calls.push('bytes'),
  };
  const body = gzipSync(JSON.stringify({ Records: [{ eventTime: 't', eventName: 'n', eventSource: 's', pad: 'x'.repeat(1 << 20) }] }));
  t.equal(readObjectSync(body, 'big.json.gz', { maxInflatedBytes: 1 << 16 }, sink), false);
  t.same(calls, []);
  t.equal(readObjectSync(body, 'big.json.gz', {}, sink), true);
  t.ok(calls.includes('record'));
});
