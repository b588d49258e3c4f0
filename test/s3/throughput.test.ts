/**
 * The minimum-throughput rule on its own (src/aws/throughput.ts): only time spent waiting for the body
 * counts, a window without any byte is left to the idle timeout, and a trickle is abandoned.
 */
import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { SlowBody, watchThroughput } from '../../src/aws/throughput.js';

/** A body yielding `count` chunks of `size` bytes, `gapMs` apart. */
async function* body(count: number, size: number, gapMs: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < count; i++) {
    await sleep(gapMs);
    yield new Uint8Array(size);
  }
}

async function drain(stream: AsyncIterable<Uint8Array>, holdMs = 0): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.byteLength;
    if (holdMs > 0) await sleep(holdMs);
  }
  return bytes;
}

const rule = { minBytesPerSecond: 10_000, windowMs: 40 };

t.test('a trickle is abandoned with SlowBody, and the body is aborted', async (t) => {
  let aborted = false;
  await t.rejects(drain(watchThroughput(body(50, 1, 10), rule, () => (aborted = true))), SlowBody);
  t.equal(aborted, true);
});

t.test('a consumer that holds each chunk does not make a fast body slow', async (t) => {
  // 100 bytes per 60 ms held would be 1,667 bytes/s, far below the rule, if holding counted.
  t.equal(await drain(watchThroughput(body(5, 100, 0), rule, () => t.fail('aborted')), 60), 500);
});

t.test('a window with no byte at all is left to the idle timeout', async (t) => {
  t.equal(await drain(watchThroughput(body(2, 1000, 100), rule, () => t.fail('aborted'))), 2000);
});

t.test('0 bytes/s turns the rule off', async (t) => {
  t.equal(await drain(watchThroughput(body(6, 1, 15), { minBytesPerSecond: 0, windowMs: 40 }, () => t.fail('aborted'))), 6);
});
