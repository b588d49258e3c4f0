/**
 * S3 fault handling, through the real `@aws-sdk/client-s3` client, a real S3-compatible server on
 * loopback (fauxqs; see test/helpers/s3-server.ts) and a fault-injecting proxy in front of it.
 *
 * Follows: S3 error responses and the `SlowDown` 503 (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html;
 * "retry with exponential backoff", https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance-design-patterns.html);
 * ranged GETs (`Range: bytes=N-`, RFC 9110 §14) with `If-Match` (RFC 9110 §13.1.1: 412 when the ETag
 * changed) from https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html; issue 4 "Faults".
 */
import t from 'tap';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { prefetchObjects } from '../../src/sources/prefetch.js';
import { createS3Source, type S3Source } from '../../src/sources/s3/source.js';
import type { SourceObject } from '../../src/sources/types.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3Server, TEST_CREDENTIALS, type S3TestServer } from '../helpers/s3-server.js';
import { collect, eventIds, logBody, logKey, readAll } from './trail-fixture.js';

/** The part of a tap test the setup helpers need. */
type Teardown = Pick<typeof t, 'teardown'>;

const BUCKET = 'faults';
const RECORDS = 300;
/** Six objects of ~30 KB of gzip each (several socket reads), named a…f. */
const names = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
type Name = (typeof names)[number];
const keys = {} as Record<Name, string>;
const bodies = {} as Record<Name, Uint8Array>;
for (const [i, name] of names.entries()) {
  keys[name] = logKey({ account: '111111111111', region: 'us-east-1', day: '2024-03-05', minute: i, n: i });
  bodies[name] = logBody(name, RECORDS, 160);
}
const expectedIds = (name: Name): string[] => Array.from({ length: RECORDS }, (_, i) => `${name}-${i}`);
const etagOf = (name: Name): string => `"${createHash('md5').update(bodies[name]).digest('hex')}"`;

let server: S3TestServer;
let proxy: FaultProxy;

t.before(async () => {
  server = await startS3Server();
  proxy = await startFaultProxy(server.endpoint);
});
t.teardown(async () => {
  await proxy.close();
  await server.stop();
});

/** Restores the fixture, clears rules and log, and returns a source with fast backoff and 4 attempts. */
async function setup(t: Teardown): Promise<{ source: S3Source; objects: Map<Name, SourceObject> }> {
  await server.seed(BUCKET, new Map(names.map((n) => [keys[n], bodies[n]])));
  proxy.rules.length = 0;
  proxy.log.length = 0;
  const source = createS3Source({
    endpointUrl: proxy.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 4,
    backoff: { baseDelayMs: 1, maxDelayMs: 4 },
  });
  t.teardown(() => source.close());
  const listed = await collect(source.list(`s3://${BUCKET}/`, {}));
  const objects = new Map<Name, SourceObject>();
  for (const object of listed) {
    const name = names.find((n) => object.uri.endsWith(keys[n]));
    if (name !== undefined) objects.set(name, object);
  }
  proxy.log.length = 0;
  return { source, objects };
}

function getsFor(name: Name): { range: string | null; ifMatch: string | null; fault: string | null }[] {
  return proxy.log.filter((e) => e.operation === 'get' && e.key === keys[name]).map(({ range, ifMatch, fault }) => ({ range, ifMatch, fault }));
}

t.test('503 SlowDown and 500 are retried with backoff until the object arrives', async (t) => {
  const { source, objects } = await setup(t);
  proxy.rules.push({ operation: 'get', key: keys.a, times: 2, fault: { type: 'status', status: 503, code: 'SlowDown' } });
  proxy.rules.push({ operation: 'get', key: keys.b, times: 1, fault: { type: 'status', status: 500, code: 'InternalError' } });
  const a = await readAll(objects.get('a') as SourceObject);
  const b = await readAll(objects.get('b') as SourceObject);
  t.equal(a.error, null);
  t.same(eventIds(a.chunks), expectedIds('a'));
  t.same(eventIds(b.chunks), expectedIds('b'));
  t.same(getsFor('a').map((g) => g.fault), ['503 SlowDown', '503 SlowDown', null]);
  t.same(getsFor('b').map((g) => g.fault), ['500 InternalError', null]);
  t.match(source.stats, { retries: 3, getRequests: 5, resumes: 0, failedObjects: 0 });
});

t.test('a listing request that fails with 503 is retried', async (t) => {
  const { source } = await setup(t);
  proxy.rules.push({ operation: 'list', key: 'AWSLogs/111111111111/CloudTrail/us-east-1/2024/03/05/', times: 1, fault: { type: 'status', status: 503, code: 'SlowDown' } });
  const listed = await collect(source.list(`s3://${BUCKET}/`, {}));
  t.equal(listed.length, names.length);
  t.same(
    proxy.log.filter((e) => e.key.endsWith('/05/')).map((e) => e.fault),
    ['503 SlowDown', null],
  );
});

t.test('a listing that stays denied ends list() with an error naming the prefix', async (t) => {
  const { source } = await setup(t);
  const day = 'AWSLogs/111111111111/CloudTrail/us-east-1/2024/03/05/';
  proxy.rules.push({ operation: 'list', key: day, fault: { type: 'status', status: 403, code: 'AccessDenied' } });
  const filter = { since: new Date('2024-03-05T00:00:00Z'), until: new Date('2024-03-06T00:00:00Z') };
  await t.rejects(collect(source.list(`s3://${BUCKET}/`, filter)), {
    name: 'SourceError',
    kind: 'access-denied',
    location: `s3://${BUCKET}/${day}`,
    message: `s3://${BUCKET}/${day}: access denied while listing; needs s3:ListBucket on arn:aws:s3:::${BUCKET} for prefix ${day} (403 AccessDenied: injected by the test proxy)`,
  });
});

t.test('a connection reset mid-body resumes with a ranged GET; no byte or record is delivered twice', async (t) => {
  const { source, objects } = await setup(t);
  proxy.rules.push({ operation: 'get', key: keys.c, times: 2, fault: { type: 'reset-body', afterBytes: 10_000 } });
  const c = await readAll(objects.get('c') as SourceObject);
  t.equal(c.error, null);
  t.equal(Buffer.concat(c.chunks).equals(Buffer.from(bodies.c)), true, 'bytes identical to the object');
  t.same(eventIds(c.chunks), expectedIds('c'), 'every record exactly once');
  t.same(getsFor('c'), [
    { range: null, ifMatch: null, fault: 'reset after 10000 bytes' },
    { range: 'bytes=10000-', ifMatch: etagOf('c'), fault: 'reset after 10000 bytes' },
    { range: 'bytes=20000-', ifMatch: etagOf('c'), fault: null },
  ]);
  t.match(source.stats, { getRequests: 3, resumes: 2, bytesDelivered: bodies.c.byteLength, reopens: 0 });
});

t.test('a store that ignores Range on the resume: the bytes already delivered are dropped, not repeated', async (t) => {
  const { source, objects } = await setup(t);
  proxy.rules.push({ operation: 'get', key: keys.c, times: 1, ranged: false, fault: { type: 'reset-body', afterBytes: 12_345 } });
  proxy.rules.push({ operation: 'get', key: keys.c, times: 1, ranged: true, fault: { type: 'ignore-range' } });
  const c = await readAll(objects.get('c') as SourceObject);
  t.equal(c.error, null);
  t.equal(Buffer.concat(c.chunks).equals(Buffer.from(bodies.c)), true, 'bytes identical to the object');
  t.same(eventIds(c.chunks), expectedIds('c'));
  t.same(getsFor('c').map((g) => g.fault), ['reset after 12345 bytes', 'range ignored']);
  t.equal(source.stats.bytesDelivered, bodies.c.byteLength);
});

t.test('an object changed between a reset and the resume is not stitched', async (t) => {
  const { objects } = await setup(t);
  proxy.rules.push({ operation: 'get', key: keys.d, times: 1, ranged: false, fault: { type: 'reset-body', afterBytes: 10_000 } });
  proxy.rules.push({
    operation: 'get',
    key: keys.d,
    times: 1,
    ranged: true,
    fault: {
      type: 'before',
      label: 'overwritten',
      action: async () => {
        await server.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: keys.d, Body: logBody('other', RECORDS, 160) }));
      },
    },
  });
  const d = await readAll(objects.get('d') as SourceObject);
  t.match(d.error, {
    name: 'SourceError',
    kind: 'other',
    location: `s3://${BUCKET}/${keys.d}`,
    message: `s3://${BUCKET}/${keys.d}: object changed while being read (ETag no longer matches); 10000 bytes were read, the rest is not, so that no two versions are spliced`,
  });
  t.equal(Buffer.concat(d.chunks).equals(Buffer.from(bodies.d.subarray(0, 10_000))), true, 'only the first version’s bytes');
  t.equal(getsFor('d').length, 2, 'the 412 is not retried');
});

t.test('404 after listing and 403 are final and name the key', async (t) => {
  const { source, objects } = await setup(t);
  await server.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: keys.e }));
  proxy.rules.push({ operation: 'get', key: keys.f, fault: { type: 'status', status: 403, code: 'AccessDenied' } });
  const e = await readAll(objects.get('e') as SourceObject);
  const f = await readAll(objects.get('f') as SourceObject);
  t.match(e.error, {
    name: 'SourceError',
    kind: 'not-found',
    location: `s3://${BUCKET}/${keys.e}`,
    message: `s3://${BUCKET}/${keys.e}: listed but gone when read (deleted or expired after listing; 404 NoSuchKey: The specified key does not exist.)`,
  });
  t.match(f.error, {
    name: 'SourceError',
    kind: 'access-denied',
    message: `s3://${BUCKET}/${keys.f}: access denied while reading the object; needs s3:GetObject on arn:aws:s3:::${BUCKET}/${keys.f} (403 AccessDenied: injected by the test proxy)`,
  });
  t.equal(getsFor('e').length, 1, '404 not retried');
  t.equal(getsFor('f').length, 1, '403 not retried');
  t.match(source.stats, { retries: 0, failedObjects: 2 });
});

t.test('retries are bounded: persistent throttling and resets end in named errors', async (t) => {
  const { objects } = await setup(t);
  proxy.rules.push({ operation: 'get', key: keys.a, fault: { type: 'status', status: 503, code: 'SlowDown' } });
  proxy.rules.push({ operation: 'get', key: keys.b, fault: { type: 'reset-body', afterBytes: 0 } });
  const a = await readAll(objects.get('a') as SourceObject);
  const b = await readAll(objects.get('b') as SourceObject);
  t.match(a.error, {
    kind: 'throttled',
    message: `s3://${BUCKET}/${keys.a}: still throttled after 4 attempts while reading the object (503 SlowDown: injected by the test proxy)`,
  });
  t.match(b.error, { kind: 'network', message: new RegExp(`^s3://${BUCKET}/${keys.b}: connection failed after 4 attempts while reading the object`) });
  t.equal(getsFor('a').length, 4);
  t.equal(getsFor('b').length, 4);
});

t.test('a whole replay under faults: each object read once, failures named, no record twice', async (t) => {
  const { source } = await setup(t);
  proxy.rules.push({ operation: 'get', key: keys.a, times: 1, fault: { type: 'status', status: 503, code: 'SlowDown' } });
  proxy.rules.push({ operation: 'get', key: keys.b, times: 1, fault: { type: 'reset-body', afterBytes: 7_000 } });
  proxy.rules.push({ operation: 'get', key: keys.c, fault: { type: 'status', status: 403, code: 'AccessDenied' } });
  proxy.rules.push({ operation: 'get', key: keys.d, times: 3, fault: { type: 'status', status: 500, code: 'InternalError' } });
  const seen: string[] = [];
  const failed: [string, string][] = [];
  for await (const object of prefetchObjects(source.list(`s3://${BUCKET}/`, {}), { concurrency: 3 })) {
    const { chunks, error } = await readAll(object);
    if (error === null) seen.push(...eventIds(chunks));
    else failed.push([object.uri, (error as { kind: string }).kind]);
  }
  t.same(failed, [[`s3://${BUCKET}/${keys.c}`, 'access-denied']]);
  t.equal(new Set(seen).size, seen.length, 'no record delivered twice');
  t.same(seen.sort(), [...expectedIds('a'), ...expectedIds('b'), ...expectedIds('d'), ...expectedIds('e'), ...expectedIds('f')].sort());
  t.match(source.stats, { opens: 6, reopens: 0, resumes: 1, failedObjects: 1 });
  const requests = Object.fromEntries(names.map((n) => [n, getsFor(n).map((g) => g.fault ?? g.range ?? 'full')]));
  t.same(
    requests,
    {
      a: ['503 SlowDown', 'full'],
      b: ['reset after 7000 bytes', 'bytes=7000-'],
      c: ['403 AccessDenied'],
      d: ['500 InternalError', '500 InternalError', '500 InternalError', 'full'],
      e: ['full'],
      f: ['full'],
    },
    'no object fetched twice: only retries of failed requests and one resume',
  );
});
