// Layout of generated corpora, per the CloudTrail log-file naming format
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html) and
// the reference note "CloudTrail: storage layout" §4.1: AWSLogs/[o-id/]<account>/CloudTrail/<region>/
// YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz, named by delivery time.
import t from 'tap';
import { generateCorpus, logFileKey, parseLogFileKey } from '../../src/synth/index.js';
import { readCorpus, recordTexts } from './read-corpus.js';

t.test('keys round-trip and reject inconsistent paths', async (t) => {
  const key = { orgId: 'o-abcdef1234', accountId: '123456789012', region: 'eu-west-1', deliveryMs: Date.UTC(2024, 0, 31, 23, 55), unique: 'AbCdEfGh12345678' };
  const path = logFileKey(key);
  t.equal(path, 'AWSLogs/o-abcdef1234/123456789012/CloudTrail/eu-west-1/2024/01/31/123456789012_CloudTrail_eu-west-1_20240131T2355Z_AbCdEfGh12345678.json.gz');
  t.same(parseLogFileKey('/tmp/x/' + path), key);
  t.equal(parseLogFileKey(path.replace('/2024/01/31/', '/2024/02/01/')), null, 'folder date must match the file name');
  t.equal(parseLogFileKey(path.replace('eu-west-1/2024', 'us-east-1/2024')), null, 'folder region must match');
  t.equal(parseLogFileKey(path.replace('_AbCdEfGh12345678', '_short')), null);
});

t.test('every file sits where its records say it should', async (t) => {
  const dir = t.testdir();
  const start = new Date('2024-02-28T22:00:00Z');
  const summary = await generateCorpus({ outDir: dir, records: 3000, files: 24, seed: 5, start, days: 2, orgId: 'o-q1w2e3r4t5', regions: ['us-east-1', 'eu-central-1'] });
  const files = readCorpus(dir);
  t.equal(files.length, summary.files);
  const accounts = new Set(summary.truth.accounts.map((a) => a.id));
  for (const f of files) {
    const key = parseLogFileKey(f.path);
    if (key === null) {
      t.fail(`not in the layout: ${f.path}`);
      continue;
    }
    t.equal(key.orgId, 'o-q1w2e3r4t5');
    t.ok(accounts.has(key.accountId));
    t.ok(f.text.startsWith('{"Records":[{"eventVersion":"'), 'compact body, records start with eventVersion');
    t.notMatch(f.text, /\n/, 'no newlines: compact JSON');
    let bad = 0;
    for (const r of f.records) {
      const ms = Date.parse(r['eventTime'] as string);
      // Delivered after the event, usually within 15 minutes, never more than 2 hours late here.
      if (r['recipientAccountId'] !== key.accountId || r['awsRegion'] !== key.region || !(ms <= key.deliveryMs && ms >= key.deliveryMs - 7_200_000) || ms < start.getTime()) bad++;
    }
    t.equal(bad, 0, `${f.path}: records agree with account, region and delivery time`);
  }
  t.ok(files.some((f) => f.path.includes('/eu-central-1/')), 'both regions present');
});

t.test('records keep CloudTrail key order', async (t) => {
  const dir = t.testdir();
  await generateCorpus({ outDir: dir, records: 800, files: 3, seed: 11, start: new Date('2024-01-01T00:00:00Z'), days: 1 });
  const order = ['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'errorCode', 'errorMessage', 'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID', 'readOnly', 'resources', 'eventType', 'apiVersion', 'managementEvent', 'recipientAccountId', 'serviceEventDetails', 'sharedEventID', 'vpcEndpointId', 'eventCategory', 'tlsDetails', 'sessionCredentialFromConsole'];
  let checked = 0;
  const misordered: string[] = [];
  for (const f of readCorpus(dir)) {
    t.equal(recordTexts(f.text).length, f.records.length, 'scanner and JSON.parse agree on the record count');
    for (const r of f.records) {
      const ranks = Object.keys(r).map((k) => order.indexOf(k));
      if (ranks.includes(-1) || ranks.some((x, i) => i > 0 && x < (ranks[i - 1] as number))) misordered.push(r['eventName'] as string);
      checked++;
    }
  }
  t.equal(checked, 800);
  t.same(misordered, [], 'every record keeps the order');
});
