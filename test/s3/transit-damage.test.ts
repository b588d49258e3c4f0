/**
 * Issue 17.2: corruption in transit is fetched again, and no record is counted twice. Through the real
 * S3 client, the S3 emulator and the fault proxy (flip-byte, truncate modes):
 * - a body cut short with a matching `Content-Length` is refused at its headers (the listing's `Size`
 *   differs) and fetched again before any byte is used;
 * - a flipped byte is found by the gzip checks (data, CRC-32, length); the object is read once more and
 *   only that reading counts. The report equals the clean run's, with and without worker threads.
 * Damaged on every GET, the object is reported damaged once and the exit code is 3.
 */
import t from 'tap';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { replayS3, rootTrail } from './replay-fixture.js';

const BUCKET = 'transit';
const names = ['a', 'b', 'c'] as const;
const { keys, objects } = rootTrail(names, 60);
const size = (name: 'a' | 'b' | 'c'): number => (objects.get(keys[name]) as Uint8Array).byteLength;
const uri = (name: 'a' | 'b' | 'c'): string => `s3://${BUCKET}/${keys[name]}`;

let server: S3TestServer;
let proxy: FaultProxy;
t.before(async () => {
  server = await startS3Server();
  await server.seed(BUCKET, objects);
  proxy = await startFaultProxy(server.endpoint);
});
t.teardown(async () => {
  await proxy.close();
  await server.stop();
});

function run(workers = 0) {
  return replayS3(`s3://${BUCKET}/`, { endpointUrl: proxy.endpoint, maxAttempts: 3, workers });
}

function getsOf(name: 'a' | 'b' | 'c'): (string | null)[] {
  return proxy.log.filter((e) => e.operation === 'get' && e.key === keys[name]).map((e) => e.fault ?? e.range ?? 'full');
}

let clean: Awaited<ReturnType<typeof run>>['report'];
t.before(async () => {
  clean = (await run()).report;
});
t.beforeEach(() => {
  proxy.rules.length = 0;
  proxy.log.length = 0;
});

t.test('the clean run', async (t) => {
  t.equal(clean.stats.files.errored, 0);
  t.equal(clean.stats.records.total, 3 * 60);
  t.equal(clean.rootEvents.length, 3 * 20);
});

// In-process and in a worker thread (the refetch sends the object to the worker a second time).
for (const workers of [0, 1]) {
  t.test(`first GETs damaged in transit are fetched again; the report is the clean one (workers ${workers})`, async (t) => {
    // a: a byte of the gzip trailer's CRC-32, so every record decodes before the damage shows.
    proxy.rules.push({ operation: 'get', key: keys.a, times: 1, fault: { type: 'flip-byte', at: size('a') - 6 } });
    // b: a byte in the middle of the deflate data.
    proxy.rules.push({ operation: 'get', key: keys.b, times: 1, fault: { type: 'flip-byte', at: Math.floor(size('b') / 2) } });
    // c: the first half, announced as the whole body.
    proxy.rules.push({ operation: 'get', key: keys.c, times: 1, fault: { type: 'truncate', length: Math.floor(size('c') / 2) } });
    const { report, code, source } = await run(workers);
    t.equal(code, 0);
    t.same(report, clean, 'no record of a damaged reading is counted');
    t.same(getsOf('a'), [`byte ${size('a') - 6} flipped`, 'full']);
    t.same(getsOf('b'), [`byte ${Math.floor(size('b') / 2)} flipped`, 'full']);
    t.same(getsOf('c'), [`truncated to ${Math.floor(size('c') / 2)} bytes`, 'full']);
    t.equal(source.stats.reopens, 2, 'a and b are opened again; c is fetched again inside its stream');
  });
}

t.test('damaged on every GET: reported damaged once, exit 3', async (t) => {
  proxy.rules.push({ operation: 'get', key: keys.a, fault: { type: 'flip-byte', at: size('a') - 6 } });
  proxy.rules.push({ operation: 'get', key: keys.c, fault: { type: 'truncate', length: 100 } });
  const { report, code } = await run();
  t.equal(code, 3);
  t.same(
    report.stats.errors.map((e) => e.file),
    [uri('a'), uri('c')],
  );
  t.match(report.stats.errors[0]?.message, /^corrupt gzip data: incorrect data check at compressed byte \d+$/);
  t.equal(
    report.stats.errors[1]?.message,
    `read failed: ${uri('c')}: request failed after 3 attempts while reading the object (SizeMismatch: the response announces an object of 100 bytes, the listing ${size('c')} bytes)`,
  );
  t.same(getsOf('a'), [`byte ${size('a') - 6} flipped`, `byte ${size('a') - 6} flipped`], 'fetched twice, not more');
  t.equal(getsOf('c').length, 3);
  const ids = report.rootEvents.map((e) => e.eventID);
  t.equal(new Set(ids).size, ids.length, 'no root event twice');
  t.same(ids, clean.rootEvents.filter((e) => e.source.uri !== uri('c')).map((e) => e.eventID), "a's records, from its last reading only");
  t.equal(report.stats.records.total, 2 * 60);
});
