// Region flags (issue 12, item 3): `--region` selects records; when neither --aws-region nor the SDK
// chain names the client's region, a single --region is used for it, else the run fails with one line
// naming --aws-region and AWS_REGION. The client reaches the local CloudWatch Logs endpoint
// (test/helpers/cwlogs-endpoint.ts; no local CloudWatch Logs server exists) through the SDK's
// service-specific endpoint variable, so `--endpoint-url` (which fixes a signing region) is not in play.
import t from 'tap';
import { runCli } from '../helpers/cli.js';
import { startCwLogsEndpoint, TEST_CREDENTIALS } from '../helpers/cwlogs-endpoint.js';

const RECORD = { eventVersion: '1.08', eventID: 'r1', eventTime: '2024-03-05T00:00:00Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: 'us-east-1', recipientAccountId: '111111111111', userIdentity: { type: 'Root' } };

t.test('cwlogs:// with no client region: a single --region is used, none is a clear error', async (t) => {
  const endpoint = await startCwLogsEndpoint();
  t.teardown(() => endpoint.close());
  endpoint.addLogStream('trail-group', '111111111111_CloudTrail_us-east-1', [{ timestamp: Date.parse(RECORD.eventTime), message: JSON.stringify(RECORD) }]);
  const dir = t.testdir({});
  // No region anywhere in the environment or a config file.
  const env: Record<string, string> = {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint.endpoint,
    AWS_CONFIG_FILE: `${dir}/none`,
    AWS_SHARED_CREDENTIALS_FILE: `${dir}/none`,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
  };
  const one = await runCli(['replay', 'cwlogs://trail-group', '--region', 'us-east-1', '-f', 'json', '--workers', '0'], { env });
  t.equal(one.code, 0, one.stderr);
  t.equal((JSON.parse(one.stdout) as { stats: { records: { evaluated: number } } }).stats.records.evaluated, 1);
  const none = await runCli(['replay', 'cwlogs://trail-group', '-f', 'json', '--workers', '0'], { env });
  t.equal(none.code, 3);
  t.match(none.stderr, /no AWS region for CloudWatch Logs: give --aws-region REGION or set AWS_REGION/);
  t.notMatch(none.stderr, /Region is missing|\n\s+at /, 'no SDK wording, no stack');
});
