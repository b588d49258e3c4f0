/**
 * Issue 17.1 for CloudWatch Logs: an endpoint that accepts a request and never answers must not hang a
 * replay. The real `@aws-sdk/client-cloudwatch-logs` client against test/helpers/cwlogs-endpoint.ts,
 * with a 200 ms read timeout: a stall is retried by the SDK's retry mode; a stream whose pages never
 * come is named with the cause, the other streams are read, the report is written, exit 3.
 */
import t from 'tap';
import { exitCodeOf } from '../../src/cli/commands/replay.js';
import { loadDetections } from '../../src/dialects/index.js';
import { replay } from '../../src/engine/replay.js';
import { createCwLogsSource } from '../../src/sources/cwlogs/index.js';
import { startCwLogsEndpoint, TEST_CREDENTIALS, type CwLogsEndpoint } from '../helpers/cwlogs-endpoint.js';

const GROUP = 'trail-group';
const T0 = Date.UTC(2024, 2, 5, 12, 0, 0);
const HEALTHY = '111111111111_CloudTrail_us-east-1';
const HUNG = '111111111111_CloudTrail_eu-west-1';

/** Root API calls, one a minute. */
function rootEvents(tag: string, count: number): { timestamp: number; message: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: T0 + i * 60_000,
    message: JSON.stringify({
      eventVersion: '1.09',
      userIdentity: { type: 'Root', principalId: '111111111111', arn: 'arn:aws:iam::111111111111:root', accountId: '111111111111' },
      eventTime: new Date(T0 + i * 60_000).toISOString(),
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      awsRegion: 'us-east-1',
      eventID: `${tag}-${i}`,
      eventType: 'AwsApiCall',
      recipientAccountId: '111111111111',
    }),
  }));
}

let endpoint: CwLogsEndpoint;
t.before(async () => {
  endpoint = await startCwLogsEndpoint();
  endpoint.addLogStream(GROUP, HEALTHY, rootEvents('ok', 3));
  endpoint.addLogStream(GROUP, HUNG, rootEvents('hung', 3));
});
t.teardown(() => endpoint.close());

async function run() {
  const source = createCwLogsSource({ endpointUrl: endpoint.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, readTimeoutMs: 200, maxAttempts: 2 });
  try {
    const report = await replay({
      locations: [`cwlogs://${GROUP}`],
      resolveSource: () => source,
      detections: await loadDetections(['detections']),
      workers: 0,
      version: 'test',
      now: new Date(T0),
    });
    return { report, code: exitCodeOf(report, false) };
  } finally {
    source.close();
  }
}

const forStream = (stream: string) => (body: Record<string, unknown>) => (body['logStreamNames'] as string[] | undefined)?.includes(stream) === true;

t.test('a stalled listing and a stalled page are retried; every event is read', async (t) => {
  endpoint.log.length = 0;
  endpoint.stallNext('DescribeLogStreams', 1);
  endpoint.stallNext('FilterLogEvents', 1, forStream(HUNG));
  const { report, code } = await run();
  t.equal(code, 0);
  t.same(report.rootEvents.map((e) => e.eventID).sort(), ['hung-0', 'hung-1', 'hung-2', 'ok-0', 'ok-1', 'ok-2']);
  t.equal(endpoint.log.filter((e) => e.operation === 'DescribeLogStreams').length, 2, 'the stalled call was made again');
});

t.test('a stream whose page never comes is named with the cause; the others are read; exit 3', async (t) => {
  endpoint.log.length = 0;
  endpoint.stallNext('FilterLogEvents', Infinity, forStream(HUNG));
  const { report, code } = await run();
  t.equal(code, 3);
  t.same(report.rootEvents.map((e) => e.eventID), ['ok-0', 'ok-1', 'ok-2']);
  t.equal(report.stats.errors.length, 1);
  t.equal(report.stats.errors[0]?.file, `cwlogs://${GROUP}/${HUNG}`);
  t.match(
    report.stats.errors[0]?.message,
    new RegExp(`^read failed: cwlogs://${GROUP}/${HUNG}: connection failed after retries while reading the log stream \\(TimeoutError: .*200 ms of inactivity`),
  );
  t.equal(endpoint.log.filter((e) => e.operation === 'FilterLogEvents' && forStream(HUNG)(e.body)).length, 2, 'maxAttempts bounds the retries');
});
