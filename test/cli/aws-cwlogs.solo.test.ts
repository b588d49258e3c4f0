// End to end through the built binary: `replay cwlogs://`, `pull metric-filters` and `verify-filter
// --aws` against a small local HTTP endpoint speaking the CloudWatch Logs JSON protocol (no local
// CloudWatch Logs server exists; test/helpers/cwlogs-endpoint.ts), through the real AWS SDK client.
// The CLI uses the SDK's default credential chain: the child gets fake static keys in its
// environment, so nothing leaves 127.0.0.1.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { Report } from '../../src/report/model.js';
import { runCli } from '../helpers/cli.js';
import { startCwLogsEndpoint } from '../helpers/cwlogs-endpoint.js';
import { TEST_CREDENTIALS } from '../helpers/s3-server.js';

const ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const ids = (r: Report): string[] => r.rootEvents.map((e) => e.eventID);

t.test('cwlogs://, pull metric-filters and verify-filter --aws against a local endpoint', async (t) => {
  const endpoint = await startCwLogsEndpoint();
  t.teardown(() => endpoint.close());
  const records = readFileSync('fixtures/formats/records.jsonl', 'utf8').trim().split('\n');
  endpoint.addLogStream(
    'aws-cloudtrail-logs',
    '111122223333_CloudTrail_us-east-1',
    records.map((message) => ({ timestamp: Date.parse((JSON.parse(message) as { eventTime: string }).eventTime), message })),
  );
  // The pattern line of the shipped file, without its `#` comment header (docs/scope.md).
  const cis = readFileSync('detections/cis-root-usage.pattern', 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).join('\n');
  endpoint.addMetricFilter('aws-cloudtrail-logs', {
    filterName: 'RootAccountUsage',
    filterPattern: cis,
    metricTransformations: [{ metricName: 'RootAccountUsageCount', metricNamespace: 'CISBenchmark', metricValue: '1' }],
    creationTime: 1_700_000_000_000,
  });
  const common = ['--endpoint-url', endpoint.endpoint];

  const local = JSON.parse((await runCli(['replay', 'fixtures/formats/records.jsonl', '-f', 'json'])).stdout) as Report;
  const r = await runCli(['replay', 'cwlogs://aws-cloudtrail-logs', '-f', 'json', ...common], { env: ENV });
  t.equal(r.code, 0, r.stderr);
  t.same(ids(JSON.parse(r.stdout) as Report), ids(local), 'the same root events as the same records read from a file');

  const dir = t.testdir();
  const pulled = await runCli(['pull', 'metric-filters', '--log-group', 'aws-cloudtrail-logs', '-o', dir, ...common], { env: ENV });
  t.equal(pulled.code, 0, pulled.stderr);
  const files = readdirSync(dir);
  t.equal(files.length, 1);
  const replayed = await runCli(['replay', 'fixtures/AWSLogs', '-f', 'json', '-d', join(dir, files[0]!)]);
  t.equal(replayed.code, 0, replayed.stderr);
  const pulledReport = JSON.parse(replayed.stdout) as Report;
  t.equal(pulledReport.detections[0]?.title, 'RootAccountUsage', 'the deployed filter replays as a detection');
  t.equal(pulledReport.detections[0]?.caught.length, 8);

  // The endpoint answers TestMetricFilter with a deliberately wrong matcher for one record, to prove a
  // disagreement is found and reported.
  const { parseFilterPattern } = await import('../../src/dialects/cwl/index.js');
  let flipped = false;
  endpoint.testMatcher = (pattern, message) => {
    const real = parseFilterPattern(pattern).matches(message);
    if (!flipped && real) {
      flipped = true;
      return false;
    }
    return real;
  };
  const verify = await runCli(['verify-filter', 'fixtures/formats/records.jsonl', '--aws', '-d', 'detections/cis-root-usage.pattern', ...common], { env: ENV });
  t.equal(verify.code, 1, 'a disagreement exits 1');
  const result = JSON.parse(verify.stdout) as { disagreementCount: number; sample: { method: string } };
  t.equal(result.disagreementCount, 1);
  t.equal(result.sample.method, 'all', 'the output says how the sample was drawn');
  t.match(verify.stderr, /^sample: all \d+ non-empty record\(s\) of \d+ read$/m);
  t.equal((await runCli(['verify-filter', 'fixtures/formats/records.jsonl', '-d', 'detections'])).code, 2, '--aws is required');
});
