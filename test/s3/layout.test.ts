/**
 * Unit tests of the CloudTrail S3 layout plan and `s3://` location parsing (no server).
 *
 * Layout: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html and
 * the digest/insight folders (shared notes "CloudTrail: storage layout", §4.1); the one-day widening on
 * each side follows "Delivery is typically ~5 min, up to ~15 min … widen the key-prefix scan by at least
 * a day boundary on each side" (same notes).
 */
import t from 'tap';
import { LayoutPlan, locatePrefix, parseLayoutKey, skipReasonForKey, type LayoutNode } from '../../src/sources/s3/layout.js';
import { parseS3Location } from '../../src/sources/s3/location.js';
import { SourceError } from '../../src/sources/types.js';

const root: LayoutNode = { prefix: 'AWSLogs/', level: 'awslogs', year: 0, month: 0 };

function child(plan: LayoutPlan, parent: LayoutNode, segment: string): LayoutNode {
  const next = plan.admit(parent, segment);
  if (typeof next === 'string') throw new Error(`expected a node for ${segment}, got ${next}`);
  return next;
}

t.test('admit walks org, account, kind, region, year, month, day', async (t) => {
  const plan = new LayoutPlan({});
  const org = child(plan, root, 'o-abcdefghij');
  t.equal(org.level, 'org');
  const account = child(plan, org, '111111111111');
  t.same(account, { prefix: 'AWSLogs/o-abcdefghij/111111111111/', level: 'kind', year: 0, month: 0 });
  t.same(plan.directChildren(account), ['CloudTrail'], 'only CloudTrail/ is walked, never Digest or Insight');
  const region = child(plan, account, 'CloudTrail');
  const year = child(plan, child(plan, region, 'eu-west-1'), '2024');
  const month = child(plan, year, '02');
  const day = child(plan, month, '29');
  t.same(day, { prefix: 'AWSLogs/o-abcdefghij/111111111111/CloudTrail/eu-west-1/2024/02/29/', level: 'files', year: 2024, month: 2 });
  t.equal(plan.admit(root, 'not-an-account'), 'foreign');
  t.equal(plan.admit(account, 'CloudTrail-Digest'), 'foreign');
  t.equal(plan.admit(year, '13'), 'foreign');
});

t.test('accounts and regions prune and are named directly', async (t) => {
  const plan = new LayoutPlan({ accounts: ['222222222222', '111111111111'], regions: ['us-east-1'] });
  t.equal(plan.admit(root, '333333333333'), 'pruned');
  t.equal(child(plan, root, '111111111111').level, 'kind');
  const org = child(plan, root, 'o-abcdefghij');
  t.same(plan.directChildren(org), ['111111111111', '222222222222'], 'org accounts are not listed when named');
  const region: LayoutNode = { prefix: 'x/CloudTrail/', level: 'region', year: 0, month: 0 };
  t.same(plan.directChildren(region), ['us-east-1']);
  t.equal(plan.admit(region, 'eu-west-1'), 'pruned');
  t.equal(new LayoutPlan({}).directChildren(org), null, 'without accounts the org folder is listed');
});

t.test('the date window is widened by one day on each side', async (t) => {
  // Replay 2024-03-05 only: folders 03/04, 03/05 and 03/06 are read.
  const plan = new LayoutPlan({ since: new Date('2024-03-05T00:00:00Z'), until: new Date('2024-03-06T00:00:00Z') });
  const region: LayoutNode = { prefix: 'p/', level: 'year', year: 0, month: 0 };
  t.equal(plan.admit(region, '2023'), 'pruned');
  const year = child(plan, region, '2024');
  t.equal(plan.admit(year, '02'), 'pruned');
  t.equal(plan.admit(year, '04'), 'pruned');
  const month = child(plan, year, '03');
  const kept = ['01', '03', '04', '05', '06', '07', '31'].filter((d) => typeof plan.admit(month, d) !== 'string');
  t.same(kept, ['04', '05', '06']);

  // A window ending at midnight on Jan 1 keeps Dec 31 and Jan 1 (widened), and crosses the year.
  const newYear = new LayoutPlan({ since: new Date('2023-12-31T10:00:00Z'), until: new Date('2024-01-01T00:00:00Z') });
  t.equal(typeof newYear.admit(region, '2024'), 'object');
  const jan = child(newYear, child(newYear, region, '2024'), '01');
  t.same(['01', '02'].filter((d) => typeof newYear.admit(jan, d) !== 'string'), ['01']);
  const dec = child(newYear, child(newYear, region, '2023'), '12');
  t.same(['29', '30', '31'].filter((d) => typeof newYear.admit(dec, d) !== 'string'), ['30', '31']);

  const open = new LayoutPlan({ since: new Date('2024-03-05T00:00:00Z') });
  t.equal(typeof open.admit(region, '2099'), 'object', 'no until: every later year');
});

t.test('a short bounded window names its day folders; a long or open one is discovered', async (t) => {
  const region: LayoutNode = { prefix: 'r/', level: 'year', year: 0, month: 0 };
  const newYear = new LayoutPlan({ since: new Date('2023-12-31T00:00:00Z'), until: new Date('2024-01-01T06:00:00Z') });
  t.same(
    newYear.dayFolders(region)?.map((n) => [n.prefix, n.level]),
    [
      ['r/2023/12/30/', 'files'],
      ['r/2023/12/31/', 'files'],
      ['r/2024/01/01/', 'files'],
      ['r/2024/01/02/', 'files'],
    ],
  );
  t.equal(new LayoutPlan({ since: new Date('2024-01-01T00:00:00Z'), until: new Date('2024-02-15T00:00:00Z') }).dayFolders(region), null);
  t.equal(new LayoutPlan({ since: new Date('2024-01-01T00:00:00Z') }).dayFolders(region), null);
  t.equal(newYear.dayFolders({ ...region, level: 'month' }), null, 'only from a region folder');
});

t.test('keys: layout fields, skip reasons, key-level filtering', async (t) => {
  const key = 'logs/AWSLogs/o-abcdefghij/111111111111/CloudTrail/us-east-1/2024/03/05/111111111111_CloudTrail_us-east-1_20240305T0000Z_x.json.gz';
  t.same(parseLayoutKey(key), { account: '111111111111', kind: 'CloudTrail', region: 'us-east-1', day: Date.UTC(2024, 2, 5) / 86_400_000 });
  t.equal(parseLayoutKey('random/file.json'), null);
  t.equal(skipReasonForKey('AWSLogs/1/CloudTrail-Digest/us-east-1/2024/03/05/x.json.gz'), 'cloudtrail-digest');
  t.equal(skipReasonForKey('AWSLogs/1/CloudTrail-Insight/us-east-1/2024/03/05/x.json.gz'), 'cloudtrail-insight');
  t.equal(skipReasonForKey('flat/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20240305T0000Z.json.gz'), 'cloudtrail-digest');
  t.equal(skipReasonForKey(key), undefined);
  const plan = new LayoutPlan({ accounts: ['111111111111'], since: new Date('2024-03-10T00:00:00Z') });
  t.equal(plan.keepsKey(key), false, 'delivered 03-05, before the widened window');
  t.equal(plan.keepsKey(key.replaceAll('111111111111', '999999999999')), false, 'other account');
  t.equal(plan.keepsKey('elsewhere/file.json'), true, 'keys outside the layout are kept');
});

t.test('locatePrefix starts where the location points', async (t) => {
  const plan = new LayoutPlan({ regions: ['us-east-1'] });
  t.same(locatePrefix('', plan), { base: true, node: { prefix: 'AWSLogs/', level: 'awslogs', year: 0, month: 0 } });
  t.same(locatePrefix('trail/', plan).node, { prefix: 'trail/AWSLogs/', level: 'awslogs', year: 0, month: 0 });
  const inside = locatePrefix('trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/', plan);
  t.same(inside, { base: false, node: { prefix: 'trail/AWSLogs/111111111111/CloudTrail/us-east-1/2024/', level: 'month', year: 2024, month: 0 } });
  t.equal(locatePrefix('AWSLogs/111111111111/CloudTrail/eu-west-1/', plan).node, 'pruned', '--region disagrees with the prefix');
  t.equal(locatePrefix('AWSLogs/111111111111/CloudTrail-Digest/', plan).node, 'foreign', 'listed flat, keys marked skipped');
});

t.test('parseS3Location', async (t) => {
  t.same(parseS3Location('s3://bucket'), { bucket: 'bucket', prefix: '', singleKey: false });
  t.same(parseS3Location('s3://bucket/'), { bucket: 'bucket', prefix: '', singleKey: false });
  t.same(parseS3Location('S3://bucket/logs'), { bucket: 'bucket', prefix: 'logs/', singleKey: false });
  t.same(parseS3Location('s3://bucket/a/b.json.gz'), { bucket: 'bucket', prefix: 'a/b.json.gz', singleKey: true });
  t.throws(() => parseS3Location('s3:///key'), { name: 'SourceError', kind: 'invalid-location', message: "expected a bucket name after s3://, found nothing in 's3:///key'" });
  t.throws(() => parseS3Location('s3://bad bucket/x'), SourceError);
});
