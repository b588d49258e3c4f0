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
import { RecordReservoir, type DrawnSample } from '../../src/aws/record-reservoir.js';
import { verifyFilters } from '../../src/aws/verify-filter.js';
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

/** The records as `verify-filter` samples them: through a reservoir of `size` with `seed`. */
function drawn(texts: readonly string[], size = 200, seed = 1): DrawnSample {
  const reservoir = new RecordReservoir(size, seed);
  for (const text of texts) reservoir.offer(text);
  return reservoir.drawn();
}

let endpoint: CwLogsEndpoint;
t.before(async () => {
  endpoint = await startCwLogsEndpoint();
  endpoint.testMatcher = awsVerdict;
});
t.teardown(() => endpoint.close());

const aws = () => ({ endpointUrl: endpoint.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });

t.test('reports the records where AWS and the local evaluator disagree, in batches of 50', async (t) => {
  endpoint.log.length = 0;
  const result = await verifyFilters([{ id: 'cis#root', pattern: ROOT }], drawn(records, 100), { ...aws(), localMatch: buggyLocal });
  t.equal(result.sampled.length, 100);
  t.same(result.sampled, [...result.sampled].sort((a, b) => a - b), 'in read order');
  t.match(result.sample, { method: 'reservoir', recordsRead: 120, size: 100, seed: 1 });
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
  const result = await verifyFilters([{ id: 'root', pattern: ROOT }], drawn(records), { ...aws(), localMatch: awsVerdict });
  t.equal(result.sampled.length, 120, 'fewer records than the sample: all of them');
  t.match(result.sample, { method: 'all', recordsRead: 120, size: 120, description: 'all 120 non-empty record(s) of 120 read' });
  t.match(result, { disagreementCount: 0, filters: [{ checked: 120, awsMatches: 20, localMatches: 20, error: null }] });
});

t.test('a pattern AWS rejects or the local evaluator cannot run is reported; the others go on', async (t) => {
  const result = await verifyFilters(
    [
      { id: 'broken', pattern: '{ $.eventName = "ConsoleLogin"' },
      { id: 'local-fails', pattern: 'x' },
      { id: 'root', pattern: ROOT },
    ],
    drawn(records.slice(0, 10)),
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
  await t.rejects(verifyFilters([{ id: 'root', pattern: ROOT }], drawn(records), { ...aws(), localMatch: awsVerdict }), {
    name: 'AwsCallError',
    kind: 'access-denied',
    message: "TestMetricFilter failed for pattern 'root' (400 AccessDeniedException: not authorized to perform logs:TestMetricFilter)",
  });
});

t.test('sampling skips empty records', async (t) => {
  t.same(drawn(['a', '', 'b', 'c', '', 'd'], 10).records.map((r) => r.index), [0, 2, 3, 5]);
  t.match(drawn(['a', '', 'b', 'c', '', 'd'], 10).description, { method: 'all', recordsRead: 6, size: 4 });
});

t.test('the reservoir keeps a fixed number of records, the same for a seed, uniform over the whole stream', async (t) => {
  // Memory: however many records are offered, at most `size` are kept.
  const many = Array.from({ length: 20_000 }, (_, i) => `r${i}`);
  const sample = drawn(many, 50, 7);
  t.equal(sample.records.length, 50);
  t.match(sample.description, {
    method: 'reservoir',
    recordsRead: 20_000,
    size: 50,
    seed: 7,
    description: 'a uniform random sample (reservoir, seed 7) of 50 of the 20000 non-empty record(s) of 20000 read',
  });
  t.same(sample.records.map((r) => r.text), sample.records.map((r) => `r${r.index}`), 'each index names its record');
  t.same(drawn(many, 50, 7), sample, 'same records and seed: same sample');
  t.not(drawn(many, 50, 8).records.map((r) => r.index).join(), sample.records.map((r) => r.index).join(), 'another seed: another sample');
  // Uniform: over 400 draws of 10 from 100 records, each record's selection count stays near 40
  // (binomial, sd about 5.8; the bounds sit more than 4 sd away, and the seeds are fixed).
  const counts = new Array<number>(100).fill(0);
  const hundred = many.slice(0, 100);
  for (let seed = 0; seed < 400; seed++) for (const r of drawn(hundred, 10, seed).records) counts[r.index]!++;
  t.ok(Math.min(...counts) >= 15 && Math.max(...counts) <= 65, `every record drawn about 40 times (${Math.min(...counts)}..${Math.max(...counts)})`);
  t.ok(counts.slice(0, 10).reduce((a, b) => a + b) < 800, 'the first records are not favoured');
});
