/**
 * `pullMetricFilters` through the real `@aws-sdk/client-cloudwatch-logs` client.
 *
 * No local CloudWatch Logs server exists; this test runs against test/helpers/cwlogs-endpoint.ts, a small
 * endpoint on 127.0.0.1 that implements the documented JSON protocol (awsJson1_1).
 *
 * Follows: DescribeMetricFilters, paginated with `nextToken`, and its output shape
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeMetricFilters.html),
 * which `aws logs describe-metric-filters` prints and the cwl dialect loads (issue 2, "Detection files").
 */
import t from 'tap';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { metricFiltersFileName, pullMetricFilters } from '../../src/aws/metric-filters.js';
import { startCwLogsEndpoint, TEST_CREDENTIALS, type CwLogsEndpoint, type StoredMetricFilter } from '../helpers/cwlogs-endpoint.js';

const GROUP = 'aws/cloudtrail/org-trail';
const rootUsage: StoredMetricFilter = {
  filterName: 'RootAccountUsage',
  filterPattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  metricTransformations: [{ metricName: 'RootAccountUsageCount', metricNamespace: 'CISBenchmark', metricValue: '1' }],
  creationTime: 1709596800000,
};
const consoleNoMfa: StoredMetricFilter = {
  filterName: 'ConsoleSignInWithoutMfa',
  filterPattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  metricTransformations: [{ metricName: 'ConsoleSignInWithoutMfaCount', metricNamespace: 'CISBenchmark', metricValue: '1' }],
  creationTime: 1709596800001,
};
const unauthorized: StoredMetricFilter = {
  filterName: 'UnauthorizedApiCalls',
  filterPattern: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
  metricTransformations: [{ metricName: 'UnauthorizedApiCallsCount', metricNamespace: 'CISBenchmark', metricValue: '1' }],
  creationTime: 1709596800002,
};

let endpoint: CwLogsEndpoint;
t.before(async () => {
  endpoint = await startCwLogsEndpoint();
  endpoint.pageSize.filters = 2;
  for (const filter of [rootUsage, consoleNoMfa, unauthorized]) endpoint.addMetricFilter(GROUP, filter);
  endpoint.addLogStream('empty-group', 's', []);
});
t.teardown(() => endpoint.close());

const client = { endpointUrl: '', region: 'us-east-1', credentials: TEST_CREDENTIALS };

t.test('writes every filter, across pages, in the describe-metric-filters shape', async (t) => {
  const dir = t.testdir();
  endpoint.log.length = 0;
  const result = await pullMetricFilters({ ...client, endpointUrl: endpoint.endpoint, logGroup: GROUP, outputDir: join(dir, 'detections') });
  t.equal(result.file, join(dir, 'detections', 'aws_cloudtrail_org-trail.metric-filters.json'));
  t.same(result.filters.map((f) => f.filterName), ['RootAccountUsage', 'ConsoleSignInWithoutMfa', 'UnauthorizedApiCalls']);
  t.same(endpoint.log.map((e) => e.body['nextToken'] !== undefined), [false, true], 'two pages');
  const written = JSON.parse(await readFile(result.file as string, 'utf8')) as unknown;
  t.same(written, {
    metricFilters: [rootUsage, consoleNoMfa, unauthorized].map((f) => ({ ...f, logGroupName: GROUP })),
  });
  t.same(await readdir(join(dir, 'detections')), ['aws_cloudtrail_org-trail.metric-filters.json'], 'no temporary file left');
});

t.test('a group without filters writes nothing; a missing group is a named error', async (t) => {
  const dir = t.testdir();
  const empty = await pullMetricFilters({ ...client, endpointUrl: endpoint.endpoint, logGroup: 'empty-group', outputDir: dir });
  t.same(empty, { file: null, filters: [] });
  t.same(await readdir(dir), []);
  await t.rejects(pullMetricFilters({ ...client, endpointUrl: endpoint.endpoint, logGroup: 'nope', outputDir: dir }), {
    name: 'AwsCallError',
    kind: 'not-found',
    operation: 'DescribeMetricFilters',
    message: "DescribeMetricFilters failed for log group 'nope' (400 ResourceNotFoundException: The specified log group does not exist.)",
  });
});

t.test('file names', async (t) => {
  t.equal(metricFiltersFileName('CloudTrail/DefaultLogGroup'), 'CloudTrail_DefaultLogGroup.metric-filters.json');
  t.equal(metricFiltersFileName('/aws/x#y'), 'aws_x_y.metric-filters.json');
  t.equal(metricFiltersFileName('///'), 'log-group.metric-filters.json');
});
