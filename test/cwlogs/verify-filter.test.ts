/**
 * `verifyFilters` through the real `@aws-sdk/client-cloudwatch-logs` client.
 *
 * No local CloudWatch Logs server exists; this test runs against test/helpers/cwlogs-endpoint.ts, a small
 * endpoint on 127.0.0.1 that implements the documented JSON protocol (awsJson1_1). Its TestMetricFilter
 * verdicts come from a matcher the test supplies, standing in for AWS's evaluator.
 *
 * Follows: TestMetricFilter takes 1-50 messages and returns matches by 1-based `eventNumber`
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html;
 * shared notes "CWL filter patterns" L2).
 */
import t from 'tap';
import { sampleIndexes, verifyFilters } from '../../src/aws/verify-filter.js';
import { startCwLogsEndpoint, TEST_CREDENTIALS, type CwLogsEndpoint } from '../helpers/cwlogs-endpoint.js';

const ROOT = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }';

/** 120 records: every 4th is Root; every 12th of those Root ones was invoked by the console. */
const records = Array.from({ length: 120 }, (_, i) =>
  JSON.stringify({
    eventID: `e-${i}`,
    userIdentity: i % 4 === 0 ? { type: 'Root', ...(i % 12 === 0 ? { invokedBy: 'signin.amazonaws.com' } : {}) } : { type: 'IAMUser' },
  }),
);

/** Stand-in for AWS: honours `invokedBy NOT EXISTS`. */
const awsVerdict = (_pattern: string, message: string): boolean => message.includes('"type":"Root"') && !message.includes('invokedBy');
/** A local evaluator with a planted bug: ignores `invokedBy NOT EXISTS`. */
const buggyLocal = (_pattern: string, message: string): boolean => message.includes('"type":"Root"');

let endpoint: CwLogsEndpoint;
t.before(async () => {
  endpoint = await startCwLogsEndpoint();
  endpoint.testMatcher = awsVerdict;
});
t.teardown(() => endpoint.close());

const aws = () => ({ endpointUrl: endpoint.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });

t.test('reports the records where AWS and the local evaluator disagree, in batches of 50', async (t) => {
  endpoint.log.length = 0;
  const result = await verifyFilters([{ id: 'cis#root', pattern: ROOT }], records, { ...aws(), sampleSize: 100, localMatch: buggyLocal });
  t.equal(result.sampled.length, 100);
  t.same(result.sampled.slice(0, 6), [0, 1, 2, 3, 4, 6], 'evenly spaced over the 120 records');
  const calls = endpoint.log.filter((e) => e.operation === 'TestMetricFilter');
  t.same(calls.map((c) => (c.body['logEventMessages'] as unknown[]).length), [50, 50]);
  t.equal(calls[0]?.body['filterPattern'], ROOT);
  const [root] = result.filters;
  const expected = result.sampled.filter((i) => i % 12 === 0).map((recordIndex) => ({ recordIndex, aws: false, local: true }));
  t.ok(expected.length > 0);
  t.same(root?.disagreements, expected, 'exactly the console-invoked root records');
  t.equal(result.disagreementCount, expected.length);
  t.match(root, { id: 'cis#root', checked: 100, error: null });
  t.equal((root?.localMatches ?? 0) - (root?.awsMatches ?? 0), expected.length);
});

t.test('agreement gives no disagreements', async (t) => {
  const result = await verifyFilters([{ id: 'root', pattern: ROOT }], records, { ...aws(), localMatch: awsVerdict });
  t.equal(result.sampled.length, 120, 'fewer records than the default sample: all of them');
  t.match(result, { disagreementCount: 0, filters: [{ checked: 120, awsMatches: 20, localMatches: 20, error: null }] });
});

t.test('a pattern AWS rejects or the local evaluator cannot run is reported; the others go on', async (t) => {
  const result = await verifyFilters(
    [
      { id: 'broken', pattern: '{ $.eventName = "ConsoleLogin"' },
      { id: 'local-fails', pattern: 'x' },
      { id: 'root', pattern: ROOT },
    ],
    records.slice(0, 10),
    {
      ...aws(),
      localMatch: (pattern, message) => {
        if (pattern === 'x') throw new Error('unsupported construct');
        return awsVerdict(pattern, message);
      },
    },
  );
  t.same(
    result.filters.map((f) => [f.id, f.checked, f.error]),
    [
      ['broken', 0, "aws rejected the pattern (400 InvalidParameterException: Invalid metric filter pattern: If a filter pattern starts with '{' it must end with '}')"],
      ['local-fails', 0, 'the local evaluator failed: unsupported construct'],
      ['root', 10, null],
    ],
  );
});

t.test('access denied stops the check with a named error', async (t) => {
  endpoint.failNext('TestMetricFilter', 1, { status: 400, type: 'AccessDeniedException', message: 'not authorized to perform logs:TestMetricFilter' });
  await t.rejects(verifyFilters([{ id: 'root', pattern: ROOT }], records, { ...aws(), localMatch: awsVerdict }), {
    name: 'AwsCallError',
    kind: 'access-denied',
    message: "TestMetricFilter failed for pattern 'root' (400 AccessDeniedException: not authorized to perform logs:TestMetricFilter)",
  });
});

t.test('sampling skips empty records', async (t) => {
  t.same(sampleIndexes(['a', '', 'b', 'c', '', 'd'], 10), [0, 2, 3, 5]);
  t.same(sampleIndexes(['a', 'b', 'c', 'd', 'e', 'f'], 3), [0, 2, 4]);
});
