/**
 * verifyIntegrity against a real S3-compatible server on loopback (fauxqs, via test/helpers/s3-server.ts,
 * which explains why fauxqs and not s3rver) through the real `@aws-sdk/client-s3` client with path-style
 * addressing and fake static credentials. Digests carry their signature as S3 user metadata
 * (`x-amz-meta-signature`), as CloudTrail delivers them.
 *
 * Follows "CloudTrail digest file structure"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html)
 * and "Custom implementations of CloudTrail log file integrity validation" §A, §G
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html).
 */
import t from 'tap';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ObjectStore, StaticPublicKeyProvider, renderIntegrityReport, verifyIntegrity, type VerifyIntegrityOptions } from '../../src/integrity/index.js';
import { startS3Server, TEST_CREDENTIALS, type S3TestServer } from '../helpers/s3-server.js';
import { addBackfill, buildTrail, makeKey, makeLogBody, type BuiltTrail } from './trail-builder.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 10);
const KEY = makeKey();
const keys = new StaticPublicKeyProvider([{ region: 'us-east-1', key: { fingerprint: KEY.fingerprint, der: KEY.der, validityStart: null, validityEnd: null } }]);

let server: S3TestServer;
let client: S3Client;
t.before(async () => {
  server = await startS3Server();
  // The client under test is our own, configured as a user would for an S3-compatible endpoint.
  client = new S3Client({ endpoint: server.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});
t.teardown(async () => {
  client.destroy();
  await server.stop();
});

let bucketSerial = 0;
/** Puts a fresh trail (metadata included) into a new bucket; `bucket` is what the digests record. */
async function seed(recorded = 'trail-bucket'): Promise<{ bucket: string; trail: BuiltTrail }> {
  const bucket = `integrity-${++bucketSerial}`;
  const trail = buildTrail({ key: KEY, start: T0 + 91_000, hours: 6, empty: [2], bucket: recorded === 'same' ? bucket : recorded });
  await server.seed(bucket, new Map());
  for (const [key, o] of trail.archive) {
    await server.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: o.body, Metadata: o.metadata }));
  }
  return { bucket, trail };
}

function options(bucket: string, extra: Partial<VerifyIntegrityOptions> = {}): VerifyIntegrityOptions {
  return {
    store: new S3ObjectStore({ client, bucket }),
    prefix: '',
    since: new Date(T0 + 30 * 60_000),
    until: new Date(T0 + 5.5 * HOUR),
    keys,
    now: new Date(T0 + 48 * HOUR),
    ...extra,
  };
}

const kinds = (problems: readonly { kind: string; key: string }[]): string[] => problems.map((p) => `${p.kind} ${p.key}`).sort();

t.test('GetObject returns the signature metadata', async (t) => {
  const { bucket, trail } = await seed('same');
  const d = trail.digests[0];
  const got = await new S3ObjectStore({ client, bucket }).get(d?.key as string);
  t.equal(got.metadata.signature, d?.signature);
  t.equal(got.metadata['signature-algorithm'], 'SHA256withRSA');
  await t.rejects(new S3ObjectStore({ client, bucket }).get('AWSLogs/none.json.gz'), { name: 'SourceError', kind: 'not-found' });
});

t.test('listing pages past 1,000 keys; folders come from CommonPrefixes', async (t) => {
  const bucket = `integrity-${++bucketSerial}`;
  const objects = new Map<string, string>();
  for (let i = 0; i < 1005; i++) objects.set(`AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/10/f-${String(i).padStart(4, '0')}`, 'x');
  objects.set('AWSLogs/o-abc123defg/444455556666/CloudTrail/eu-west-1/2024/03/10/g', 'y');
  await server.seed(bucket, objects);
  const store = new S3ObjectStore({ client, bucket });
  let n = 0;
  for await (const o of store.list('AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/10/')) {
    if (o.size === 1) n++;
  }
  t.equal(n, 1005);
  const folders: string[] = [];
  for await (const f of store.folders('AWSLogs/')) folders.push(f);
  t.same(folders, ['AWSLogs/111122223333/', 'AWSLogs/o-abc123defg/']);
});

t.test('backfill digest without its generation-time metadata is malformed in S3', async (t) => {
  const { bucket, trail } = await seed('same');
  const backfill = addBackfill(trail, KEY, T0 + 91_000 + 4 * HOUR, T0 + 5 * HOUR, []);
  await server.client.send(new PutObjectCommand({ Bucket: bucket, Key: backfill, Body: trail.archive.get(backfill)?.body, Metadata: { signature: trail.archive.get(backfill)?.metadata.signature ?? '' } }));
  const r = await verifyIntegrity(options(bucket));
  t.same(kinds(r.problems), [`malformed-digest ${backfill}`]);
  t.match(r.problems[0]?.detail, /backfill-generation-timestamp/);
});

t.test('clean trail in its original bucket verifies', async (t) => {
  const { bucket } = await seed('same');
  const r = await verifyIntegrity(options(bucket));
  t.same(r.problems, [], renderIntegrityReport(r));
  t.equal(r.digestsValid, 6);
  t.equal(r.logFilesValid, 10);
});

t.test('copy in an archive bucket (other name) verifies: the signature binds the original location', async (t) => {
  const { bucket } = await seed('original-trail-bucket');
  const r = await verifyIntegrity(options(bucket));
  t.same(r.problems, []);
  t.equal(r.digestsValid, 6);
});

t.test('tampered bucket: every change is reported with its kind and key', async (t) => {
  const { bucket, trail } = await seed('same');
  const del = async (key: string): Promise<unknown> => server.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  const put = async (key: string, body: Buffer, metadata?: Record<string, string>): Promise<unknown> =>
    server.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata }));
  const [l0, l1] = trail.logs as [string, string];
  await del(l0);
  await put(l1, makeLogBody([{ eventName: 'Forged' }]).gz);
  const middle = trail.digests[3]?.key as string;
  await del(middle);
  // Newest digest rewritten without its metadata: nothing else vouches for it.
  const newest = trail.digests[5];
  await put(newest?.key as string, trail.archive.get(newest?.key as string)?.body as Buffer);
  // A middle digest rewritten without metadata is still verified through its successor, with a warning.
  const second = trail.digests[1]?.key as string;
  await put(second, trail.archive.get(second)?.body as Buffer);

  const r = await verifyIntegrity(options(bucket));
  t.equal(r.ok, false);
  t.same(kinds(r.problems), [
    `delivery-gap ${trail.digests[4]?.key}`,
    `missing-digest ${middle}`,
    `missing-log-file ${l0}`,
    `modified-log-file ${l1}`,
    `unsigned-digest ${newest?.key}`,
    `unsigned-digest ${second}`,
  ].sort());
  const unsigned = new Map(r.problems.filter((p) => p.kind === 'unsigned-digest').map((p) => [p.key, p.severity]));
  t.equal(unsigned.get(newest?.key as string), 'error');
  t.equal(unsigned.get(second), 'warning');
  t.match(r.problems.find((p) => p.key === l0)?.location, `s3://${bucket}/`);
});
