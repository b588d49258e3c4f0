/**
 * S3 listing through the real `@aws-sdk/client-s3` client against a real S3-compatible server on
 * loopback (fauxqs; see test/helpers/s3-server.ts for why not s3rver), with a logging proxy in front of
 * it so that every ListObjectsV2 and GetObject is asserted.
 *
 * Follows: ListObjectsV2 (Prefix, Delimiter, CommonPrefixes, ContinuationToken; at most 1,000 keys a page),
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html; the CloudTrail key layout with
 * the org-trail level, digests and insights (shared notes "CloudTrail: storage layout", §4.1).
 */
import t from 'tap';
import { createS3Source, type S3Source } from '../../src/sources/s3/source.js';
import type { SelectionFilter } from '../../src/sources/types.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { startS3Server, TEST_CREDENTIALS, type S3TestServer } from '../helpers/s3-server.js';
import { collect, logBody, logKey, readAll } from './trail-fixture.js';

/** The part of a tap test the setup helpers need. */
type Teardown = Pick<typeof t, 'teardown'>;

const ORG = 'o-abcdefghij';
const BUCKET = 'trail-bucket';
const BIG_DAY = 'trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/03/05/';
const BIG_DAY_KEYS = 1205;

/** Every fixture key, with the log files (not digests/insights) remembered separately. */
const objects = new Map<string, Uint8Array | string>();
const logKeys: string[] = [];
const owners = [
  { account: '111111111111' },
  { org: ORG, account: '222222222222' },
  { org: ORG, account: '333333333333' },
];
for (const owner of owners) {
  for (const region of ['us-east-1', 'eu-west-1']) {
    for (const day of ['2024-02-28', '2024-03-03', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07']) {
      for (const n of [1, 2]) {
        const key = logKey({ prefix: 'trail/', ...owner, region, day, minute: n * 5, n });
        objects.set(key, logBody(`${owner.account}-${region}-${day}-${n}`, 2));
        logKeys.push(key);
      }
      objects.set(logKey({ prefix: 'trail/', ...owner, region, day, kind: 'CloudTrail-Digest' }), '{}');
      objects.set(logKey({ prefix: 'trail/', ...owner, region, day, kind: 'CloudTrail-Insight' }), '{}');
    }
  }
}
for (let n = 0; n < BIG_DAY_KEYS; n++) {
  const key = logKey({ prefix: 'trail/', account: '111111111111', region: 'us-east-1', day: '2024-03-05', minute: 100 + n, n: 100 + n });
  objects.set(key, 'x');
  logKeys.push(key);
}
// Not a trail layout: listed flat, filtered and classified key by key.
objects.set('loose/notes.json', '{}');
objects.set('loose/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240305T0000Z.json.gz', '{}');

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

/** A fresh source through the proxy and the proxy log cleared, so each test sees only its own requests. */
function freshSource(t: Teardown): S3Source {
  proxy.log.length = 0;
  const source = createS3Source({ endpointUrl: proxy.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
  t.teardown(() => source.close());
  return source;
}

async function listKeys(source: S3Source, location: string, filter: SelectionFilter = {}): Promise<string[]> {
  return (await collect(source.list(location, filter))).map((o) => o.uri.slice(`s3://${BUCKET}/`.length));
}

function listRequests(): string[] {
  return proxy.log.filter((e) => e.operation === 'list').map((e) => `${e.key} ${e.delimiter ?? '-'}${e.continuationToken === null ? '' : ' +token'}`);
}

t.test('pages past 1,000 keys with continuation tokens', async (t) => {
  const source = freshSource(t);
  const keys = await listKeys(source, `s3://${BUCKET}/${BIG_DAY}`);
  const expected = logKeys.filter((k) => k.startsWith(BIG_DAY)).sort();
  t.equal(expected.length, BIG_DAY_KEYS + 2);
  t.same(keys, expected, 'every key once, in key order');
  t.same(listRequests(), [`${BIG_DAY} -`, `${BIG_DAY} - +token`], 'two pages: 1,000 keys, then the rest');
  t.equal(source.stats.keysListed, expected.length);
  t.equal(source.stats.getRequests, 0, 'listing reads no object');
});

t.test('discovers org ids, accounts, regions and days with delimiters; never lists digests or insights', async (t) => {
  const source = freshSource(t);
  const keys = await listKeys(source, `s3://${BUCKET}/trail`);
  t.same(keys, [...logKeys].sort(), 'every log file under both the org and the top-level account');
  const requests = listRequests();
  t.ok(requests.includes('trail/AWSLogs/ /'), 'owners discovered under AWSLogs/');
  t.ok(requests.includes(`trail/AWSLogs/${ORG}/ /`), 'accounts discovered under the org id');
  t.ok(requests.includes(`trail/AWSLogs/${ORG}/333333333333/CloudTrail/ /`), 'regions discovered');
  t.notOk(requests.some((r) => r.includes('CloudTrail-Digest') || r.includes('CloudTrail-Insight')), 'side folders pruned');
  t.notOk(requests.some((r) => r.startsWith('trail/AWSLogs/111111111111/ ')), 'the kind level is named, not listed');
  t.equal(source.stats.objectsSkipped, 0);
});

t.test('a one-day replay of one account and region lists three day folders and reads only them', async (t) => {
  const source = freshSource(t);
  const filter: SelectionFilter = {
    since: new Date('2024-03-05T00:00:00Z'),
    until: new Date('2024-03-06T00:00:00Z'),
    accounts: ['222222222222'],
    regions: ['eu-west-1'],
  };
  const listed = await collect(source.list(`s3://${BUCKET}/trail/`, filter));
  const base = `trail/AWSLogs/${ORG}/222222222222/CloudTrail/eu-west-1/`;
  // Owners are discovered (org ids are unknown); the account, kind, region and day folders are named.
  // Day folders are listed concurrently, so their requests may arrive in any order.
  t.same(listRequests().sort(), [
    'trail/AWSLogs/ /',
    `${base}2024/03/04/ -`,
    `${base}2024/03/05/ -`,
    `${base}2024/03/06/ -`,
  ]);
  const expected = logKeys
    .filter((k) => k.startsWith(base) && /\/2024\/03\/0[456]\//.test(k))
    .sort()
    .map((k) => `s3://${BUCKET}/${k}`);
  t.equal(expected.length, 6);
  t.same(listed.map((o) => o.uri), expected);
  t.equal(source.stats.keysListed, 6, 'no key outside the three day folders was listed');

  for (const object of listed) t.equal((await readAll(object)).error, null);
  const gets = proxy.log.filter((e) => e.operation === 'get').map((e) => `s3://${BUCKET}/${e.key}`);
  t.same(gets, expected, 'each selected object fetched exactly once, nothing else fetched');
  t.match(source.stats, { opens: 6, reopens: 0, getRequests: 6, resumes: 0, retries: 0 });
});

t.test('an account filter finds the account under the org id and at top level', async (t) => {
  const source = freshSource(t);
  const keys = await listKeys(source, `s3://${BUCKET}/trail/`, { accounts: ['333333333333'], regions: ['us-east-1'], since: new Date('2024-03-07T12:00:00Z') });
  t.same(
    keys,
    logKeys.filter((k) => k.includes(`${ORG}/333333333333/CloudTrail/us-east-1/2024/03/0`) && /\/0[67]\//.test(k)).sort(),
  );
  t.notOk(listRequests().some((r) => r.includes('111111111111') || r.includes('222222222222')), 'other accounts never listed');
});

t.test('locations outside the layout are listed flat and classified key by key', async (t) => {
  const source = freshSource(t);
  const loose = await collect(source.list(`s3://${BUCKET}/loose`, {}));
  t.same(
    loose.map((o) => [o.uri, o.skip ?? null]),
    [
      [`s3://${BUCKET}/loose/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240305T0000Z.json.gz`, 'cloudtrail-digest'],
      [`s3://${BUCKET}/loose/notes.json`, null],
    ],
  );
  const digestFolder = await collect(source.list(`s3://${BUCKET}/trail/AWSLogs/111111111111/CloudTrail-Digest/eu-west-1/2024/03/`, {}));
  t.equal(digestFolder.length, 5, 'a location inside a digest folder lists its digests…');
  t.ok(digestFolder.every((o) => o.skip === 'cloudtrail-digest'), '…marked skipped');
  t.equal(source.stats.objectsSkipped, 6);
  t.equal(source.stats.getRequests, 0, 'skipped objects are never fetched');
});

t.test('one object by its key', async (t) => {
  const source = freshSource(t);
  const key = logKeys[0] as string;
  const listed = await collect(source.list(`s3://${BUCKET}/${key}`, {}));
  t.same(listed.map((o) => [o.uri, o.size]), [[`s3://${BUCKET}/${key}`, (objects.get(key) as Uint8Array).byteLength]]);
});

t.test('a missing bucket is a named not-found error', async (t) => {
  const source = freshSource(t);
  await t.rejects(collect(source.list('s3://no-such-bucket/', {})), {
    name: 'SourceError',
    kind: 'not-found',
    location: 's3://no-such-bucket/AWSLogs/',
    message: /^s3:\/\/no-such-bucket\/AWSLogs\/: not found while listing \(404 NoSuchBucket/,
  });
});
