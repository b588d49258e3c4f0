/**
 * The `cwlogs://` source through the real `@aws-sdk/client-cloudwatch-logs` client.
 *
 * No local CloudWatch Logs server exists; this test runs against test/helpers/cwlogs-endpoint.ts, a small
 * endpoint on 127.0.0.1 that implements the documented JSON protocol (awsJson1_1) for the operations used.
 *
 * Follows: FilterLogEvents (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html),
 * DescribeLogStreams (API_DescribeLogStreams.html) and CloudTrail's stream naming
 * `<account>_CloudTrail_<region>[_n]` (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html).
 */
import t from 'tap';
import { createCwLogsSource, type CwLogsSourceOptions } from '../../src/sources/cwlogs/index.js';
import { parseCloudTrailStreamName, parseCwLogsLocation } from '../../src/sources/cwlogs/location.js';
import type { SelectionFilter, SourceObject } from '../../src/sources/types.js';
import { startCwLogsEndpoint, TEST_CREDENTIALS, type CwLogsEndpoint, type StoredEvent } from '../helpers/cwlogs-endpoint.js';

const GROUP = 'aws-cloudtrail-logs-111111111111-trail';
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 5, 0, 0, 0);

/** `count` one-line records in a stream, an hour apart from `start`. */
function events(tag: string, count: number, start = T0): StoredEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: start + i * HOUR,
    message: JSON.stringify({ eventVersion: '1.08', eventID: `${tag}-${i}`, eventTime: new Date(start + i * HOUR).toISOString() }),
  }));
}

let endpoint: CwLogsEndpoint;
t.before(async () => {
  endpoint = await startCwLogsEndpoint();
  endpoint.pageSize.events = 3;
  endpoint.pageSize.streams = 2;
  endpoint.addLogStream(GROUP, '111111111111_CloudTrail_us-east-1', events('a', 7));
  endpoint.addLogStream(GROUP, '111111111111_CloudTrail_us-east-1_2', events('b', 2));
  endpoint.addLogStream(GROUP, '111111111111_CloudTrail_eu-west-1', events('c', 2));
  endpoint.addLogStream(GROUP, '222222222222_CloudTrail_us-east-1', events('d', 2));
  // Starts after the replayed day: pruned by its first event time.
  endpoint.addLogStream(GROUP, '222222222222_CloudTrail_eu-west-1', events('late', 2, T0 + 30 * 24 * HOUR));
  // A pretty-printed record: its line breaks sit between JSON tokens.
  endpoint.addLogStream(GROUP, 'manual', [{ timestamp: T0, message: '{\n  "eventID": "m-0",\r\n  "eventName": "ConsoleLogin"\n}' }]);
});
t.teardown(() => endpoint.close());

/** The part of a tap test the setup helper needs. */
type Teardown = Pick<typeof t, 'teardown'>;

function source(t: Teardown, extra: Partial<CwLogsSourceOptions> = {}) {
  endpoint.log.length = 0;
  const created = createCwLogsSource({ endpointUrl: endpoint.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, ...extra });
  t.teardown(() => created.close());
  return created;
}

async function readLines(object: SourceObject): Promise<string[]> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of object.open()) text += decoder.decode(chunk, { stream: true });
  if (!text.endsWith('\n')) throw new Error(`JSON Lines must end with a newline: ${JSON.stringify(text.slice(-20))}`);
  return text.split('\n').slice(0, -1);
}

async function list(src: ReturnType<typeof createCwLogsSource>, filter: SelectionFilter = {}): Promise<SourceObject[]> {
  const out: SourceObject[] = [];
  for await (const object of src.list(`cwlogs://${GROUP}`, filter)) out.push(object);
  return out;
}

t.test('one object per stream, in name order; streams listed page by page', async (t) => {
  const src = source(t);
  const objects = await list(src);
  t.same(
    objects.map((o) => o.uri),
    [
      `cwlogs://${GROUP}/111111111111_CloudTrail_eu-west-1`,
      `cwlogs://${GROUP}/111111111111_CloudTrail_us-east-1`,
      `cwlogs://${GROUP}/111111111111_CloudTrail_us-east-1_2`,
      `cwlogs://${GROUP}/222222222222_CloudTrail_eu-west-1`,
      `cwlogs://${GROUP}/222222222222_CloudTrail_us-east-1`,
      `cwlogs://${GROUP}/manual`,
    ],
  );
  const describes = endpoint.log.filter((e) => e.operation === 'DescribeLogStreams');
  t.equal(describes.length, 3, 'six streams, two per page');
  t.same(describes.map((e) => e.body['nextToken'] !== undefined), [false, true, true]);
});

t.test('a stream reads as JSON Lines, one record per line, across FilterLogEvents pages', async (t) => {
  const src = source(t);
  const [object] = (await list(src)).filter((o) => o.uri.endsWith('_CloudTrail_us-east-1'));
  endpoint.log.length = 0;
  const lines = await readLines(object as SourceObject);
  t.same(lines.map((l) => (JSON.parse(l) as { eventID: string }).eventID), ['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6']);
  const filters = endpoint.log.filter((e) => e.operation === 'FilterLogEvents');
  t.equal(filters.length, 3, 'seven events, three per page');
  t.same(filters[0]?.body, { logGroupName: GROUP, logStreamNames: ['111111111111_CloudTrail_us-east-1'] });
  t.match(src.stats, { events: 7, filterRequests: 3 });
});

t.test('a multi-line message becomes one line that still parses', async (t) => {
  const src = source(t);
  const [object] = (await list(src)).filter((o) => o.uri.endsWith('/manual'));
  const lines = await readLines(object as SourceObject);
  t.equal(lines.length, 1);
  t.same(JSON.parse(lines[0] as string), { eventID: 'm-0', eventName: 'ConsoleLogin' });
});

t.test('accounts, regions and the time window prune streams and bound FilterLogEvents', async (t) => {
  const src = source(t);
  const filter: SelectionFilter = {
    since: new Date(T0 + 2 * HOUR),
    until: new Date(T0 + 4 * HOUR),
    accounts: ['111111111111', '222222222222'],
    regions: ['us-east-1'],
  };
  const objects = await list(src, filter);
  t.same(
    objects.map((o) => o.uri.slice(`cwlogs://${GROUP}/`.length)),
    ['111111111111_CloudTrail_us-east-1', '111111111111_CloudTrail_us-east-1_2', '222222222222_CloudTrail_us-east-1', 'manual'],
    'other regions pruned by stream name; non-CloudTrail names kept',
  );
  t.equal(src.stats.streamsPruned, 2);
  const lines = await readLines(objects[0] as SourceObject);
  // The window [02:00, 04:00) is padded by an hour on each side: 01:00 to 04:59:59.999 inclusive.
  t.same(lines.map((l) => (JSON.parse(l) as { eventID: string }).eventID), ['a-1', 'a-2', 'a-3', 'a-4']);
  const call = endpoint.log.find((e) => e.operation === 'FilterLogEvents');
  t.match(call?.body, { startTime: T0 + HOUR, endTime: T0 + 5 * HOUR - 1 });

  const late = await list(source(t), { until: new Date(T0 + 24 * HOUR) });
  t.notOk(late.some((o) => o.uri.endsWith('222222222222_CloudTrail_eu-west-1')), 'a stream starting after the window is pruned');
});

t.test('--log-stream-prefix is passed to DescribeLogStreams', async (t) => {
  const src = source(t, { logStreamPrefix: '111111111111_CloudTrail_us-' });
  const objects = await list(src);
  t.equal(objects.length, 2);
  t.equal(endpoint.log[0]?.body['logStreamNamePrefix'], '111111111111_CloudTrail_us-');
});

t.test('throttling is retried by the SDK; a missing group and access denied are named errors', async (t) => {
  const src = source(t, { maxAttempts: 3 });
  endpoint.failNext('DescribeLogStreams', 1, { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' });
  t.equal((await list(src)).length, 6);
  t.equal(endpoint.log.filter((e) => e.operation === 'DescribeLogStreams').length, 4, 'one retried page');

  const missing = source(t);
  await t.rejects(
    (async () => {
      for await (const _ of missing.list('cwlogs://no-such-group', {})) void _;
    })(),
    { name: 'SourceError', kind: 'not-found', message: 'cwlogs://no-such-group: not found while listing log streams (400 ResourceNotFoundException: The specified log group does not exist.)' },
  );
  const [object] = await list(source(t));
  endpoint.failNext('FilterLogEvents', 1, { status: 400, type: 'AccessDeniedException', message: 'no logs:FilterLogEvents' });
  await t.rejects(readLines(object as SourceObject), {
    name: 'SourceError',
    kind: 'access-denied',
    location: `cwlogs://${GROUP}/111111111111_CloudTrail_eu-west-1`,
  });
});

t.test('locations and stream names', async (t) => {
  t.same(parseCwLogsLocation('cwlogs://aws/cloudtrail/org-trail'), { name: 'aws/cloudtrail/org-trail', isArn: false });
  t.same(parseCwLogsLocation('cwlogs://arn:aws:logs:us-east-1:111111111111:log-group:ct:*'), {
    name: 'arn:aws:logs:us-east-1:111111111111:log-group:ct',
    isArn: true,
  });
  t.throws(() => parseCwLogsLocation('cwlogs://'), { name: 'SourceError', kind: 'invalid-location' });
  t.throws(() => parseCwLogsLocation('cwlogs://bad group'), { kind: 'invalid-location', message: /found 'bad group'/ });
  t.same(parseCloudTrailStreamName('111111111111_CloudTrail_ap-southeast-2_3'), { account: '111111111111', region: 'ap-southeast-2' });
  t.equal(parseCloudTrailStreamName('manual'), null);
});
