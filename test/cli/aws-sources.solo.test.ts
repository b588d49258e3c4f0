// End to end through the built binary: `replay s3://` against a real S3-compatible server on loopback
// (fauxqs, started here; see test/helpers/s3-server.ts for why not s3rver), and `--verify-integrity` on
// a local trail signed with a key made here (CloudWatch Logs: aws-cwlogs.solo.test.ts). The CLI uses the AWS SDK's
// default credential chain: the child gets fake static keys in its environment, so nothing leaves
// 127.0.0.1.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { runCli } from '../helpers/cli.js';
import { startS3Server, TEST_CREDENTIALS } from '../helpers/s3-server.js';
import { buildTrail, makeKey } from '../integrity/trail-builder.js';

const ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const ids = (r: Report): string[] => r.rootEvents.map((e) => e.eventID);

t.test('replay s3:// gives the same report as the local copy, with layout pruning', async (t) => {
  const server = await startS3Server();
  t.teardown(() => server.stop());
  const objects = new Map<string, Uint8Array>();
  for (const file of walk('fixtures/AWSLogs')) objects.set(`trail/${relative('fixtures', file).split('\\').join('/')}`, readFileSync(file));
  await server.seed('audit-bucket', objects);

  const local = JSON.parse((await runCli(['replay', 'fixtures/AWSLogs', '-f', 'json'])).stdout) as Report;
  const r = await runCli(['replay', 's3://audit-bucket/trail', '-f', 'json', '--endpoint-url', server.endpoint], { env: ENV });
  t.equal(r.code, 0, r.stderr);
  t.notMatch(r.stderr, /NodeVersionSupportWarning/, "the AWS SDK's Node-version warning stays off stderr");
  const remote = JSON.parse(r.stdout) as Report;
  t.same(ids(remote), ids(local), 'the same root events');
  t.same(remote.stats.records, local.stats.records);
  t.same(
    remote.detections.map((d) => [d.id, d.caught, d.missed]),
    local.detections.map((d) => [d.id, d.caught, d.missed]),
  );
  t.ok(remote.rootEvents.every((e) => e.source.uri.startsWith('s3://audit-bucket/trail/AWSLogs/')));

  const pruned = await runCli(
    ['replay', 's3://audit-bucket/trail', '-f', 'json', '--endpoint-url', server.endpoint, '--account', '444455556666', '--region', 'eu-central-1'],
    { env: ENV },
  );
  const report = JSON.parse(pruned.stdout) as Report;
  t.ok(report.stats.files.total > 0);
  t.ok(
    report.rootEvents.every((e) => e.accountId === '444455556666' && e.awsRegion === 'eu-central-1'),
    'only the account and region asked for',
  );
  t.ok(report.stats.files.total < remote.stats.files.total, 'fewer objects listed than the whole trail');

  const missing = await runCli(['replay', 's3://no-such-bucket', '-f', 'json', '--endpoint-url', server.endpoint], { env: ENV });
  t.equal(missing.code, 3, 'a bucket that cannot be listed is an input error');
});

t.test('replay --verify-integrity: a clean trail passes, a modified log file fails with exit 3', async (t) => {
  const key = makeKey();
  const t0 = Date.UTC(2024, 2, 10, 0, 0, 0);
  const trail = buildTrail({ key, start: t0 + 91_000, hours: 4 });
  const dir = t.testdir();
  for (const [k, o] of trail.archive) {
    const path = join(dir, ...k.split('/'));
    (await import('node:fs')).mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, o.body);
    if (Object.keys(o.metadata).length > 0) writeFileSync(`${path}.metadata.json`, JSON.stringify(o.metadata));
  }
  const pem = join(dir, 'key.pem');
  writeFileSync(pem, (await import('node:crypto')).createPublicKey({ key: key.spki, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }));
  const args = ['replay', join(dir, 'AWSLogs'), '-f', 'json', '--verify-integrity', '--public-keys', pem, '--since', new Date(t0 + 1_800_000).toISOString(), '--until', new Date(t0 + 3 * 3_600_000).toISOString()];

  const clean = await runCli(args);
  t.equal(clean.code, 0, clean.stderr);
  const ok = JSON.parse(clean.stdout) as Report;
  t.equal(ok.integrity?.[0]?.ok, true);
  t.ok((ok.integrity?.[0]?.digestsChecked ?? 0) > 0);

  const victim = join(dir, ...trail.logs[1]!.split('/'));
  writeFileSync(victim, gzipSync(JSON.stringify({ Records: [] })));
  const tampered = await runCli(args);
  t.equal(tampered.code, 3);
  const bad = JSON.parse(tampered.stdout) as Report;
  t.equal(bad.integrity?.[0]?.ok, false);
  t.ok(bad.integrity?.[0]?.findings.some((f) => f.kind === 'modified-log-file' && f.location.endsWith(trail.logs[1]!.split('/').pop()!)));
  t.equal((await runCli(['replay', join(dir, 'AWSLogs'), '--verify-integrity', '--public-keys', pem])).code, 2, '--since is required');
});
