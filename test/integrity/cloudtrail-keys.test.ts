/**
 * CloudTrailPublicKeyProvider through the real `@aws-sdk/client-cloudtrail` client, against a tiny local
 * HTTP endpoint on 127.0.0.1 that speaks CloudTrail's JSON protocol (awsJson1_1: POST /, an
 * `X-Amz-Target` naming `CloudTrail_20131101.ListPublicKeys`, blobs as base64, timestamps as epoch
 * seconds). No request leaves the machine. The API reference's examples show the target
 * `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListPublicKeys`; the installed SDK
 * (schema-based `AwsJson1_1Protocol`) sends the short `CloudTrail_20131101.ListPublicKeys`. The stub
 * accepts both and the test records which one was sent.
 *
 * API: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_ListPublicKeys.html and
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PublicKey.html; key choice and time
 * range: "Custom implementations of CloudTrail log file integrity validation" §B, §C
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html).
 */
import t, { type Test } from 'tap';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudTrailPublicKeyProvider, LocalFolderStore, verifyIntegrity } from '../../src/integrity/index.js';
import { buildTrail, makeKey, writeArchive } from './trail-builder.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 10);
const KEY = makeKey();
const ROTATED = makeKey();
const TARGET = 'CloudTrail_20131101.ListPublicKeys';

interface Seen {
  target: string | undefined;
  contentType: string | undefined;
  authorization: string;
  body: { StartTime?: number; EndTime?: number; NextToken?: string };
}

async function startEndpoint(t: Test): Promise<{ endpoint: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const read = async (req: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const entry = (k: typeof KEY, start: number) => ({
    Value: k.der.toString('base64'),
    Fingerprint: k.fingerprint,
    ValidityStartTime: start / 1000,
    ValidityEndTime: (start + 30 * 24 * HOUR) / 1000,
  });
  const server = createServer((req, res) => {
    void read(req).then((text) => {
      const body = JSON.parse(text) as Seen['body'];
      seen.push({
        target: req.headers['x-amz-target'] as string | undefined,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization ?? '',
        body,
      });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (!String(req.headers['x-amz-target']).endsWith(TARGET)) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: 'unknown target' }));
        return;
      }
      // Two pages: the rotated key first, then the signing key behind a NextToken.
      const page = body.NextToken === 'page-2'
        ? { PublicKeyList: [entry(KEY, T0 - 10 * 24 * HOUR)] }
        : { PublicKeyList: [entry(ROTATED, T0 + 20 * 24 * HOUR)], NextToken: 'page-2' };
      res.end(JSON.stringify(page));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function provider(endpoint: string, t: Test): CloudTrailPublicKeyProvider {
  return new CloudTrailPublicKeyProvider({
    clientForRegion: (region) => {
      const client = new CloudTrailClient({
        region,
        endpoint,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
        maxAttempts: 1,
      });
      t.teardown(() => client.destroy());
      return client;
    },
  });
}

t.test('ListPublicKeys: JSON protocol, pagination, blob and timestamp decoding', async (t) => {
  const { endpoint, seen } = await startEndpoint(t);
  const keys = await provider(endpoint, t).listKeys('eu-west-1', new Date(T0), new Date(T0 + 3 * HOUR));
  t.equal(keys.length, 2, 'both pages are read');
  t.same(Buffer.from(keys[1]?.der ?? []), KEY.der, 'Value arrives as the DER bytes (the SDK decodes base64)');
  t.equal(keys[1]?.fingerprint, KEY.fingerprint);
  t.same(keys[1]?.validityStart, new Date(T0 - 10 * 24 * HOUR));
  t.equal(seen.length, 2);
  t.match(seen[0]?.target, /^(com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.ListPublicKeys$/);
  t.equal(seen[0]?.contentType, 'application/x-amz-json-1.1');
  t.match(seen[0]?.authorization, /\/eu-west-1\/cloudtrail\/aws4_request/, 'signed for the region asked');
  t.same(seen[0]?.body, { StartTime: T0 / 1000, EndTime: T0 / 1000 + 3 * 3600 });
  t.equal(seen[1]?.body.NextToken, 'page-2');
});

t.test('verifyIntegrity with keys from ListPublicKeys', async (t) => {
  const { endpoint, seen } = await startEndpoint(t);
  const dir = t.testdir({});
  const trail = buildTrail({ key: KEY, start: T0 + 91_000, hours: 4 });
  writeArchive(dir, trail.archive, true);
  const report = await verifyIntegrity({
    store: new LocalFolderStore(dir),
    prefix: '',
    since: new Date(T0 + HOUR),
    until: new Date(T0 + 3.5 * HOUR),
    keys: provider(endpoint, t),
    now: new Date(T0 + 24 * HOUR),
  });
  t.same(report.problems, []);
  t.equal(report.digestsValid, 4);
  // One range per region: first digest start to last digest end + 2 h (aws/aws-cli#10072).
  t.equal(seen.length, 2);
  t.same(seen[0]?.body, { StartTime: (T0 + 91_000) / 1000, EndTime: (T0 + 91_000 + 6 * HOUR) / 1000 });
  t.match(seen[0]?.authorization, /\/us-east-1\/cloudtrail\/aws4_request/);
});
