// Decompression: gzip by magic bytes (RFC 1952 §2.3.1: ID1 = 31, ID2 = 139), every member of a
// multi-member file (RFC 1952 §2.2 "a gzip file consists of a series of members"), plain passthrough,
// and damage: every byte decoded before it, then its compressed offset and zlib's reason (issue 2 §6).
import { constants, gzipSync } from 'node:zlib';
import t from 'tap';
import { detectCompression, inflate, inflateSync } from '../../src/engine/decompress/index.js';
import { chunked } from './helpers.js';

const text = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}\n`).join('');
const A = text(600);
const B = text(400);

async function collect(chunks: AsyncIterable<Uint8Array>, retainLimit?: number) {
  const stream = inflate(chunks, retainLimit !== undefined ? { retainLimit } : {});
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c));
  return { data: Buffer.concat(parts).toString('utf8'), damage: stream.damage, compression: stream.compression };
}

t.test('detection by magic bytes, not by name', async (t) => {
  t.equal(detectCompression(gzipSync('x')), 'gzip');
  t.equal(detectCompression(Buffer.from('{"Records":[]}')), 'none');
  t.equal(detectCompression(Buffer.from([0x1f])), 'none');
  t.equal(detectCompression(new Uint8Array(0)), 'none');
});

t.test('plain bytes pass through untouched, in any chunking', async (t) => {
  const short = Buffer.from('{"Records":[]}');
  t.equal((await collect(chunked(short, 1))).data, '{"Records":[]}', 'one byte at a time');
  const bytes = Buffer.from(A);
  for (const size of [3, 1000, 1 << 20]) {
    const r = await collect(chunked(bytes, size));
    t.equal(r.data, A);
    t.equal(r.compression, 'none');
    t.equal(r.damage, null);
  }
  t.same(inflateSync(bytes), { compression: 'none', data: bytes, damage: null });
  t.equal((await collect(chunked(new Uint8Array(0), 1))).data, '');
});

t.test('gzip, single and multi-member, in any chunking', async (t) => {
  const multi = Buffer.concat([gzipSync(A), gzipSync(B), gzipSync('')]);
  for (const size of [7, 4096, 1 << 20]) {
    const r = await collect(chunked(multi, size));
    t.equal(r.data, A + B, `chunks of ${size}`);
    t.equal(r.compression, 'gzip');
    t.equal(r.damage, null);
  }
  t.equal(Buffer.from(inflateSync(multi).data).toString(), A + B);
});

// Damage made of whole members, so the expected bytes and offsets do not depend on zlib's choices.
const m1 = gzipSync(A);
const m2 = gzipSync(B);
const truncated = Buffer.concat([m1, m2.subarray(0, 10)]);
const corrupt = Buffer.concat([m1, m2]);
corrupt[m1.length + 10] = 0x07; // first deflate block: BTYPE = 11, reserved (RFC 1951 §3.2.3)

t.test('truncated gzip: everything before the cut, then "unexpected end of file" at the end offset', async (t) => {
  for (const size of [5, 100, 1 << 20]) {
    const r = await collect(chunked(truncated, size));
    t.equal(r.data, A);
    t.same(r.damage, { offset: truncated.length, reason: 'unexpected end of file' });
  }
  const s = inflateSync(truncated);
  t.equal(Buffer.from(s.data).toString(), A);
  t.same(s.damage, { offset: truncated.length, reason: 'unexpected end of file' });
  // A cut inside a member's deflate data: the prefix decoded by both readers is the same.
  const cut = m1.subarray(0, Math.floor(m1.length / 2));
  const r = await collect(chunked(cut, 333));
  const s2 = inflateSync(cut);
  t.ok(r.data.length > 0 && A.startsWith(r.data));
  t.equal(r.data, Buffer.from(s2.data).toString());
  t.same(r.damage, { offset: cut.length, reason: 'unexpected end of file' });
  t.same(s2.damage, r.damage);
});

t.test('corrupt gzip: everything before the damage, then its exact offset and reason', async (t) => {
  for (const size of [5, 64, 4096, 1 << 20]) {
    const r = await collect(chunked(corrupt, size));
    t.equal(r.data, A, `chunks of ${size}`);
    t.same(r.damage, { offset: m1.length + 10, reason: 'invalid block type' });
  }
  const s = inflateSync(corrupt);
  t.equal(Buffer.from(s.data).toString(), A);
  t.same(s.damage, { offset: m1.length + 10, reason: 'invalid block type' });
});

t.test('a flipped byte inside compressed data: both readers agree on bytes and offset', async (t) => {
  const big = gzipSync(text(20000), { level: constants.Z_BEST_SPEED });
  const bad = Buffer.from(big);
  const at = Math.floor(big.length * 0.6);
  bad[at] = bad[at]! ^ 0x55;
  const s = inflateSync(bad);
  t.not(s.damage, null);
  for (const size of [1000, 65536]) {
    const r = await collect(chunked(bad, size));
    t.same(r.damage, s.damage);
    t.equal(r.data, Buffer.from(s.data).toString());
  }
});

t.test('data after the last member is damage where zlib rejects it (the second header byte)', async (t) => {
  const trailing = Buffer.concat([m1, Buffer.from('PK\x03\x04 junk', 'latin1')]);
  const r = await collect(chunked(trailing, 50));
  t.equal(r.data, A);
  t.same(r.damage, { offset: m1.length + 1, reason: 'incorrect header check' });
  t.same(inflateSync(trailing).damage, r.damage);
});

t.test('past the retain limit, damage gets zlib\'s approximate offset', async (t) => {
  const r = await collect(chunked(corrupt, 100), 500);
  t.ok(A.startsWith(r.data), 'what was delivered is a prefix');
  t.equal(r.damage?.reason, 'invalid block type');
  t.ok((r.damage?.offset ?? -1) >= 0 && (r.damage?.offset ?? Infinity) <= corrupt.length);
});

t.test('an error of the source itself is rethrown, not reported as damage', async (t) => {
  async function* failing(): AsyncGenerator<Uint8Array> {
    yield m1.subarray(0, 100);
    throw new Error('connection reset');
  }
  await t.rejects(collect(failing()), { message: 'connection reset' });
  async function* failingPlain(): AsyncGenerator<Uint8Array> {
    yield Buffer.from('{"Records":[');
    throw new Error('EIO');
  }
  await t.rejects(collect(failingPlain()), { message: 'EIO' });
});

t.test('stopping early releases the source', async (t) => {
  let released = false;
  async function* source(): AsyncGenerator<Uint8Array> {
    try {
      for (let i = 0; i < m1.length; i += 100) yield m1.subarray(i, i + 100);
    } finally {
      released = true;
    }
  }
  for await (const _ of inflate(source())) break;
  t.ok(released);
});

t.test('a small file that inflates past the limit is declined, not held (a gzip bomb streams instead)', async (t) => {
  const bomb = gzipSync(Buffer.alloc(4 << 20, 0x20));
  t.ok(bomb.length < 64 << 10, 'kilobytes stored');
  t.equal(inflateSync(bomb, 1 << 20), null);
  t.equal(inflateSync(bomb, 8 << 20)?.data.length, 4 << 20);
  t.equal(inflateSync(Buffer.from('{"Records":[]}'), 4), null, 'plain files are measured as they are');
});
