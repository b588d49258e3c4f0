/**
 * `prefetchObjects`: bounded read-ahead (issue 4: "Objects are fetched concurrently (`--concurrency`) …
 * memory stays bounded whatever the object count"). The unit tests use an in-memory source whose streams
 * record when they are opened, read and closed; the last test runs the real S3 source through the
 * real SDK client against the fauxqs emulator (test/helpers/s3-server.ts) behind the test proxy.
 */
import t from 'tap';
import { prefetchObjects } from '../../src/sources/prefetch.js';
import { createS3Source } from '../../src/sources/s3/source.js';
import type { SourceObject } from '../../src/sources/types.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { startS3Server, TEST_CREDENTIALS } from '../helpers/s3-server.js';
import { collect, logBody, logKey, readAll } from './trail-fixture.js';

/** Counters shared by the fake objects of one test. */
interface Probe {
  active: number;
  maxActive: number;
  opened: string[];
  closed: string[];
  pulled: Map<string, number>;
}

const newProbe = (): Probe => ({ active: 0, maxActive: 0, opened: [], closed: [], pulled: new Map() });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** An object of `chunks` chunks of `size` bytes (byte value = chunk index), one chunk per macrotask. */
function fakeObject(probe: Probe, uri: string, chunks: number, size = 10, failAt = -1): SourceObject {
  return {
    uri,
    size: chunks * size,
    async *open() {
      probe.opened.push(uri);
      probe.active++;
      probe.maxActive = Math.max(probe.maxActive, probe.active);
      try {
        for (let i = 0; i < chunks; i++) {
          await tick();
          if (i === failAt) throw new Error(`${uri} broke at chunk ${i}`);
          probe.pulled.set(uri, i + 1);
          yield new Uint8Array(size).fill(i);
        }
      } finally {
        probe.active--;
        probe.closed.push(uri);
      }
    },
  };
}

async function* listing(objects: SourceObject[], failAfter = -1): AsyncGenerator<SourceObject> {
  for (const [i, object] of objects.entries()) {
    if (i === failAfter) throw new Error('listing broke');
    yield object;
  }
}

t.test('at most `concurrency` objects are open, and read-ahead actually happens', async (t) => {
  const probe = newProbe();
  const objects = Array.from({ length: 10 }, (_, i) => fakeObject(probe, `o${i}`, 4));
  const order: string[] = [];
  let bytes = 0;
  for await (const object of prefetchObjects(listing(objects), { concurrency: 3 })) {
    order.push(object.uri);
    for await (const chunk of object.open()) bytes += chunk.byteLength;
  }
  t.same(order, objects.map((o) => o.uri), 'yielded in listing order');
  t.equal(bytes, 10 * 4 * 10);
  t.equal(probe.maxActive, 3);
  t.same(probe.opened, order, 'each object opened once');
});

t.test('a download pauses once its buffer is full until the consumer reads', async (t) => {
  const probe = newProbe();
  const objects = [fakeObject(probe, 'first', 50, 1024), fakeObject(probe, 'second', 50, 1024)];
  const pulledBeforeRead: number[] = [];
  for await (const object of prefetchObjects(listing(objects), { concurrency: 2, maxBufferedBytes: 4096 })) {
    pulledBeforeRead.push(probe.pulled.get(object.uri) ?? 0);
    const { chunks } = await readAll(object);
    t.equal(chunks.length, 50);
    t.same([...(chunks[49] as Uint8Array).subarray(0, 2)], [49, 49], 'chunks arrive in order');
  }
  t.equal(pulledBeforeRead[0], 0);
  t.ok((pulledBeforeRead[1] as number) <= 4, `second object buffered at most 4 KiB ahead (pulled ${pulledBeforeRead[1]})`);
  t.ok((pulledBeforeRead[1] as number) > 0, 'but it was read ahead');
});

t.test('breaking out of an object or discarding it closes its download and frees the slot', async (t) => {
  const probe = newProbe();
  const objects = Array.from({ length: 4 }, (_, i) => fakeObject(probe, `o${i}`, 20));
  const firstChunks: number[] = [];
  for await (const object of prefetchObjects(listing(objects), { concurrency: 1 })) {
    if (object.uri === 'o1') {
      object.discard();
      continue;
    }
    for await (const chunk of object.open()) {
      firstChunks.push(chunk[0] as number);
      break;
    }
  }
  t.same(firstChunks, [0, 0, 0]);
  // A download notices cancellation at its next chunk.
  for (let i = 0; i < 5 && probe.active > 0; i++) await tick();
  t.same(probe.closed.sort(), ['o0', 'o1', 'o2', 'o3'], 'every started download was closed');
  t.equal(probe.active, 0);
});

t.test('open() after discard() reads the object afresh', async (t) => {
  const probe = newProbe();
  for await (const object of prefetchObjects(listing([fakeObject(probe, 'x', 3)]), { concurrency: 1 })) {
    object.discard();
    t.equal((await readAll(object)).chunks.length, 3);
  }
  t.same(probe.opened, ['x', 'x']);
});

t.test('errors: an object error after its bytes, a listing error after the objects before it', async (t) => {
  const probe = newProbe();
  const objects = [fakeObject(probe, 'ok', 2), fakeObject(probe, 'bad', 5, 10, 3), fakeObject(probe, 'later', 2), fakeObject(probe, 'never', 1)];
  const results: [string, number, string | null][] = [];
  const outer = await (async () => {
    try {
      for await (const object of prefetchObjects(listing(objects, 3), { concurrency: 2 })) {
        const { chunks, error } = await readAll(object);
        results.push([object.uri, chunks.length, error === null ? null : (error as Error).message]);
      }
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  })();
  t.same(results, [
    ['ok', 2, null],
    ['bad', 3, 'bad broke at chunk 3'],
    ['later', 2, null],
  ]);
  t.equal(outer, 'listing broke');
});

t.test('skipped objects pass through unopened and hold no slot while consumed', async (t) => {
  const probe = newProbe();
  const skipped: SourceObject = { uri: 'digest', size: 1, skip: 'cloudtrail-digest', open: () => fakeObject(probe, 'digest', 1).open() };
  const seen: [string, string | null][] = [];
  for await (const object of prefetchObjects(listing([skipped, fakeObject(probe, 'log', 1), skipped]), { concurrency: 1 })) {
    seen.push([object.uri, object.skip ?? null]);
    if (object.skip === undefined) await readAll(object);
  }
  t.same(seen, [['digest', 'cloudtrail-digest'], ['log', null], ['digest', 'cloudtrail-digest']]);
  t.same(probe.opened, ['log']);
});

t.test('stopping the outer loop cancels the read-ahead', async (t) => {
  const probe = newProbe();
  const objects = Array.from({ length: 6 }, (_, i) => fakeObject(probe, `o${i}`, 30));
  for await (const object of prefetchObjects(listing(objects), { concurrency: 3 })) {
    await readAll(object);
    break;
  }
  // Read-ahead downloads notice cancellation at their next chunk.
  for (let i = 0; i < 5 && probe.active > 0; i++) await tick();
  t.equal(probe.active, 0, 'no download left running');
  // o0 finished (its slot freed, so o3 may start) before the loop stopped; nothing beyond that.
  t.ok(probe.opened.length <= 4, `nothing opened past the window (${probe.opened.length})`);
});

t.test('S3: GetObject requests in flight never exceed --concurrency', async (t) => {
  const server = await startS3Server();
  const proxy = await startFaultProxy(server.endpoint);
  t.teardown(async () => {
    await proxy.close();
    await server.stop();
  });
  const keys = Array.from({ length: 9 }, (_, n) => logKey({ account: '111111111111', region: 'us-east-1', day: '2024-03-05', minute: n, n }));
  await server.seed('conc', new Map(keys.map((k, n) => [k, logBody(`r${n}`, 50, 64)])));
  const source = createS3Source({ endpointUrl: proxy.endpoint, credentials: TEST_CREDENTIALS, concurrency: 3 });
  t.teardown(() => source.close());
  // The first GetObjects are held until three wait at once: a source that did not read ahead would stall
  // there until the fallback release and show a maximum of 1.
  proxy.holdGetsUntil(3, 5_000);
  let read = 0;
  for await (const object of prefetchObjects(source.list('s3://conc/', {}), { concurrency: source.concurrency })) {
    const { error } = await readAll(object);
    t.equal(error, null);
    read++;
  }
  t.equal(read, 9);
  t.equal(proxy.maxConcurrentGets, 3);
  t.match(source.stats, { opens: 9, reopens: 0, getRequests: 9 });
  t.same((await collect(source.list('s3://conc/', {}))).length, 9);
});
