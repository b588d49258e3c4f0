/**
 * Issue 17.1: a stalled network must not hang a replay. Through the real S3 client, the S3 emulator and
 * the fault proxy (stall, stall-body, trickle modes) with short limits: a listing page that never
 * comes, a GET stalled after its headers, a server that accepts and never answers, and a body
 * trickling a byte per 100 ms. Each is retried like a dropped connection; what stays stalled is named
 * with its cause, everything else is read, the report is written and the exit code is 3.
 */
import t from 'tap';
import { createS3Client } from '../../src/aws/s3-client.js';
import { main } from '../../src/cli/main.js';
import { S3ObjectStore } from '../../src/integrity/index.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3Server, TEST_CREDENTIALS, type S3TestServer } from '../helpers/s3-server.js';
import { captureIO } from '../suite/capture-io.js';
import { replayS3, rootTrail } from './replay-fixture.js';

const BUCKET = 'stalls';
const names = ['a', 'b', 'c', 'd'] as const;
const { keys, objects } = rootTrail(names, 40);
const DAY = 'AWSLogs/111111111111/CloudTrail/us-east-1/2024/03/05/';
/** 200 ms of silence, or under 1,000 bytes/s while bytes come: the trickle (10 bytes/s) breaks it. */
const LIMITS = { readTimeoutMs: 200, connectTimeoutMs: 200, minThroughput: 1000, maxAttempts: 3 };

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

function run() {
  return replayS3(`s3://${BUCKET}/`, { endpointUrl: proxy.endpoint, ...LIMITS });
}

function faultsOn(key: string): (string | null)[] {
  return proxy.log.filter((e) => e.operation === 'get' && e.key === key).map((e) => e.fault ?? e.range ?? 'full');
}

let clean: Awaited<ReturnType<typeof run>>['report'];
t.before(async () => {
  clean = (await run()).report;
});

t.beforeEach(() => {
  proxy.rules.length = 0;
  proxy.log.length = 0;
});

t.test('the clean run reads every object', async (t) => {
  t.equal(clean.stats.files.errored, 0);
  t.equal(clean.stats.records.total, 4 * 40);
  t.equal(clean.rootEvents.length, 4 * 14);
});

t.test('one stall of each kind is retried (a stalled body resumes with a range) and the report is the clean one', async (t) => {
  proxy.rules.push({ operation: 'list', key: DAY, times: 1, fault: { type: 'stall' } });
  proxy.rules.push({ operation: 'get', key: keys.a, times: 1, fault: { type: 'stall' } });
  proxy.rules.push({ operation: 'get', key: keys.b, times: 1, fault: { type: 'stall-body', afterBytes: 100 } });
  proxy.rules.push({ operation: 'get', key: keys.c, times: 1, fault: { type: 'trickle', intervalMs: 100 } });
  const { report, code } = await run();
  t.equal(code, 0);
  t.same(report, clean);
  t.same(
    proxy.log.filter((e) => e.operation === 'list' && e.key === DAY).map((e) => e.fault),
    ['stalled', null],
    'the stalled listing page is asked for again',
  );
  t.same(faultsOn(keys.a), ['stalled', 'full']);
  t.same(faultsOn(keys.b), ['body stalled after 100 bytes', 'bytes=100-']);
  t.equal(faultsOn(keys.c)[0], 'trickled 1 byte per 100 ms');
  t.match(faultsOn(keys.c)[1], /^bytes=\d+-$/, 'the trickled body resumes where it was abandoned');
});

t.test('objects that stay stalled are named with their cause; the others are read; exit 3', async (t) => {
  proxy.rules.push({ operation: 'get', key: keys.b, fault: { type: 'stall-body', afterBytes: 0 } });
  proxy.rules.push({ operation: 'get', key: keys.c, fault: { type: 'stall' } });
  proxy.rules.push({ operation: 'get', key: keys.d, fault: { type: 'trickle', intervalMs: 100 } });
  const { report, code } = await run();
  t.equal(code, 3);
  const errors = new Map(report.stats.errors.map((e) => [e.file, e.message]));
  const uri = (name: (typeof names)[number]): string => `s3://${BUCKET}/${keys[name]}`;
  t.same([...errors.keys()].sort(), [uri('b'), uri('c'), uri('d')]);
  t.match(errors.get(uri('b')), /connection failed after 3 attempts while reading the object \(TimeoutError: .*timed out after 200 ms of inactivity/);
  t.match(errors.get(uri('c')), /connection failed after 3 attempts while reading the object \(TimeoutError: .*timed out after 200 ms of inactivity/);
  t.match(errors.get(uri('d')), /connection failed after 3 attempts while reading the object \(SlowBody: body too slow: \d+ bytes in 200 ms, below the minimum of 1000 bytes\/s/);
  t.same(faultsOn(keys.b), ['body stalled after 0 bytes', 'body stalled after 0 bytes', 'body stalled after 0 bytes']);
  t.equal(faultsOn(keys.d).length, 3, 'a trickle is bounded by the attempts although each brings a few bytes');
  t.match(errors.get(uri('d')), /; \d+ bytes were read before the failure$/);
  t.same(
    report.rootEvents.filter((e) => e.source.uri === uri('a')).map((e) => e.eventID),
    clean.rootEvents.filter((e) => e.source.uri === uri('a')).map((e) => e.eventID),
    'the healthy object is read whole',
  );
  t.equal(report.stats.files.errored, 3);
});

t.test('a listing that never comes ends the run with the prefix named; the report is written, exit 3', async (t) => {
  proxy.rules.push({ operation: 'list', key: DAY, fault: { type: 'stall' } });
  const { report, code } = await run();
  t.equal(code, 3);
  t.equal(report.stats.files.total, 0);
  t.same(report.stats.errors.length, 1);
  t.equal(report.stats.errors[0]?.file, `s3://${BUCKET}/`);
  t.match(report.stats.errors[0]?.message, new RegExp(`^cannot list: s3://${BUCKET}/${DAY}: connection failed after 3 attempts while listing \\(TimeoutError: .*200 ms of inactivity`));
});

t.test('the CLI: --read-timeout and --min-throughput reach the client; a bad value is a usage error', async (t) => {
  // The CLI takes credentials from the SDK's chain: fake keys in the environment, nothing leaves loopback.
  const saved = { ...process.env };
  t.teardown(() => {
    process.env = saved;
  });
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  proxy.rules.push({ operation: 'get', key: keys.c, fault: { type: 'stall-body', afterBytes: 0 } });
  const args = ['replay', `s3://${BUCKET}/`, '--endpoint-url', proxy.endpoint, '--workers', '0', '-f', 'json', '-d', 'detections'];
  const cap = captureIO();
  t.equal(await main([...args, '--read-timeout', '200ms', '--min-throughput', '1k'], cap.io), 3);
  const report = JSON.parse(cap.stdout()) as typeof clean;
  t.same(report.stats.errors.map((e) => e.file), [`s3://${BUCKET}/${keys.c}`]);
  t.match(cap.stderr(), new RegExp(`error: s3://${BUCKET}/${keys.c}: read failed: .*connection failed after 6 attempts while reading the object \\(TimeoutError: .*200 ms of inactivity`));
  const bad = captureIO();
  t.equal(await main([...args, '--read-timeout', 'soon'], bad.io), 2);
  t.match(bad.stderr(), "error: invalid --read-timeout 'soon': expected a duration such as 500ms, 10s or 2m");
});

t.test('the integrity store (--verify-integrity) has the limits too: a trickling body fails as a network error', async (t) => {
  proxy.rules.push({ operation: 'get', key: keys.a, fault: { type: 'trickle', intervalMs: 50 } });
  const client = createS3Client({ endpointUrl: proxy.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1, readTimeoutMs: 200 });
  t.teardown(() => client.destroy());
  const store = new S3ObjectStore({ client, bucket: BUCKET, throughput: { minBytesPerSecond: 1000, windowMs: 200 } });
  await t.rejects(store.get(keys.a), { name: 'SourceError', kind: 'network', message: new RegExp(`^s3://${BUCKET}/${keys.a}: body too slow: \\d+ bytes in 200 ms`) });
  t.equal((await store.get(keys.b)).body.length, objects.get(keys.b)?.byteLength, 'the others are read');
});
