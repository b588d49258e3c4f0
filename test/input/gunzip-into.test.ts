// GunzipInto (src/engine/decompress/gunzip-into.ts) decodes undamaged gzip files into memory the caller
// owns, driving node:zlib's handle as gunzipSync does; on anything else it answers null and the caller
// uses gunzipSync. So: where it answers, the bytes are gunzipSync's; damage, trailing bytes or too
// little room give null, never a wrong answer; and inflateSync gives the same result with and without
// a target, damaged files (RFC 1952: CRC32 and ISIZE trailer) included.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import t from 'tap';
import { GunzipInto } from '../../src/engine/decompress/gunzip-into.js';
import { inflateSync } from '../../src/engine/decompress/inflate-sync.js';
import { prng } from '../helpers/prng.js';

function text(rnd: () => number, n: number): Buffer {
  const words = ['{"eventName":"', 'AssumeRole', '"Root"', 'é', '\u30c1', ',', '}', '\n', '0123', 'x'.repeat(40)];
  const parts: string[] = [];
  let size = 0;
  while (size < n) {
    const w = words[Math.floor(rnd() * words.length)]!;
    parts.push(w);
    size += w.length;
  }
  return Buffer.from(parts.join('').slice(0, n));
}

// The members it drives are Node's internals: on a Node without them it answers null for every file
// (gunzipSync then does the work, as the last test checks). Node 20, the reference, has them.
const available = new GunzipInto().decode(gzipSync('{}'), new Uint8Array(16)) !== null;
t.ok(available || Number(process.versions.node.split('.')[0]) > 20, 'the fast path is there on Node 20');

t.test('decodes what gunzipSync decodes, into the memory given', { skip: !available && 'no zlib handle to drive on this Node' }, async (t) => {
  const rnd = prng(1952);
  const into = new GunzipInto();
  const out = new Uint8Array(4 << 20);
  for (const size of [0, 1, 100, 65_536, 300_000, 2_000_000]) {
    for (const level of [1, 6, 9]) {
      const data = text(rnd, size);
      const gz = gzipSync(data, { level });
      const n = into.decode(gz, out);
      t.equal(n, data.length, `${data.length} bytes, level ${level}: decoded`);
      t.ok(Buffer.from(out.buffer, 0, n ?? 0).equals(gunzipSync(gz)), 'same bytes as gunzipSync');
    }
  }
  const twoMembers = Buffer.concat([gzipSync('{"Records":['), gzipSync('{}]}')]);
  t.equal(Buffer.from(out.buffer, 0, into.decode(twoMembers, out) ?? 0).toString(), '{"Records":[{}]}', 'every member, as gunzipSync');
});

t.test('null for what it must leave to gunzipSync, and it recovers', { skip: !available && 'no zlib handle to drive on this Node' }, async (t) => {
  const rnd = prng(1951);
  const into = new GunzipInto();
  const out = new Uint8Array(1 << 20);
  const data = text(rnd, 50_000);
  const good = gzipSync(data);
  const size = data.length;
  const corrupt = Buffer.from(good);
  for (let k = 200; k < 216; k++) corrupt[k] = corrupt[k]! ^ 0x5a;
  const badCrc = Buffer.from(good);
  badCrc[badCrc.length - 6] = badCrc[badCrc.length - 6]! ^ 0xff;
  const cases: [string, Uint8Array, Uint8Array][] = [
    ['truncated', good.subarray(0, good.length - 100), out],
    ['corrupt in the middle', corrupt, out],
    ['a wrong CRC32 in the trailer', badCrc, out],
    ['bytes after the last member', Buffer.concat([good, Buffer.from('garbage')]), out],
    ['not gzip', Buffer.from('{"Records":[]}'), out],
    ['more output than room', good, out.subarray(0, size - 1)],
    ['output exactly filling the room (more may follow)', good, out.subarray(0, size)],
  ];
  for (const [name, bytes, room] of cases) {
    t.equal(into.decode(bytes, room), null, name);
    t.equal(into.decode(good, out), size, `${name}: the next file decodes`);
  }
});

t.test('inflateSync gives the same result with a target, damaged files included', async (t) => {
  const rnd = prng(1953);
  const files: [string, Uint8Array][] = readdirSync('fixtures/bad')
    .filter((f) => f.endsWith('.gz'))
    .map((f) => [`fixtures/bad/${f}`, readFileSync(join('fixtures/bad', f))]);
  const whole = gzipSync(text(rnd, 200_000));
  files.push(['whole', whole], ['truncated', whole.subarray(0, whole.length >> 1)], ['two members', Buffer.concat([whole, whole])]);
  const memory = new Uint8Array(8 << 20);
  let used = 0;
  const target = (size: number): Uint8Array => memory.subarray(0, size);
  for (const [name, bytes] of files) {
    const plain = inflateSync(bytes, undefined);
    const fast = inflateSync(bytes, undefined, target);
    t.same(fast?.damage ?? null, plain?.damage ?? null, `${name}: same damage`);
    t.ok(plain !== null && fast !== null && Buffer.from(fast.data).equals(Buffer.from(plain.data)), `${name}: same bytes`);
    if (fast !== null && fast.data.buffer === memory.buffer) used++;
  }
  t.ok(used >= 2 || !available, `undamaged files were decoded into the target (${used})`);
  t.equal(inflateSync(whole, 100_000, target), null, 'over maxOutput: null, as without a target');
});

t.test('a file whose trailer states more than maxOutput is not decoded into the target', async (t) => {
  const rnd = prng(1954);
  const gz = gzipSync(text(rnd, 300_000));
  const asked: number[] = [];
  const target = (size: number): Uint8Array => {
    asked.push(size);
    return new Uint8Array(size);
  };
  t.equal(inflateSync(gz, 100_000, target), null, 'too large: null, for the caller to stream');
  t.same(asked, [], 'no room asked for');
  t.ok(inflateSync(gz, 1_000_000, target) !== null && asked.length === 1, 'within the limit: room asked for');
});
