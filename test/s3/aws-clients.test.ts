/**
 * Shared AWS client construction (`src/aws`): `--endpoint-url` switches S3 to path-style addressing and
 * the region to a local signing detail; `--profile`, `--region` and credentials pass through.
 *
 * Follows: S3 path-style vs virtual-hosted-style requests
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html) and the SDK client options
 * `endpoint`, `forcePathStyle`, `region`, `profile`
 * (https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/Package/-aws-sdk-client-s3/Interface/S3ClientConfig/).
 */
import t from 'tap';
import { checkEndpointUrl, endpointRegion } from '../../src/aws/client-options.js';
import { createCwLogsClient } from '../../src/aws/cwlogs-client.js';
import { createS3Client } from '../../src/aws/s3-client.js';
import { classifyFailure } from '../../src/aws/errors.js';
import { TEST_CREDENTIALS } from '../helpers/s3-server.js';

t.test('an endpoint gives path-style S3 and a local signing region', async (t) => {
  const saved = { region: process.env['AWS_REGION'], fallback: process.env['AWS_DEFAULT_REGION'] };
  t.teardown(() => {
    for (const [name, value] of [['AWS_REGION', saved.region], ['AWS_DEFAULT_REGION', saved.fallback]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  delete process.env['AWS_REGION'];
  delete process.env['AWS_DEFAULT_REGION'];
  t.equal(endpointRegion(), 'us-east-1');
  process.env['AWS_DEFAULT_REGION'] = 'eu-central-1';
  t.equal(endpointRegion(), 'eu-central-1');

  const s3 = createS3Client({ endpointUrl: 'http://127.0.0.1:9000', credentials: TEST_CREDENTIALS, profile: 'audit' });
  t.teardown(() => s3.destroy());
  t.equal(s3.config.forcePathStyle, true);
  t.equal(await s3.config.region(), 'eu-central-1');
  t.equal(s3.config.profile, 'audit');

  const plain = createS3Client({ region: 'ap-south-1', credentials: TEST_CREDENTIALS });
  t.teardown(() => plain.destroy());
  t.equal(plain.config.forcePathStyle, false, 'virtual-hosted style against AWS');
  t.equal(await plain.config.region(), 'ap-south-1');

  const logs = createCwLogsClient({ endpointUrl: 'http://127.0.0.1:9001', credentials: TEST_CREDENTIALS, maxAttempts: 5 });
  t.teardown(() => logs.destroy());
  t.equal(await logs.config.region(), 'eu-central-1');
  t.equal(await logs.config.maxAttempts(), 5);
});

t.test('checkEndpointUrl', async (t) => {
  t.equal(checkEndpointUrl('http://localhost:9000'), null);
  t.equal(checkEndpointUrl('localhost:9000'), "invalid endpoint url 'localhost:9000': expected http:// or https://, found 'localhost:'");
  t.equal(checkEndpointUrl('not a url'), "invalid endpoint url 'not a url': expected an absolute http:// or https:// url");
});

t.test('failures are classified into retry decisions and SourceError kinds', async (t) => {
  const sdk = (name: string, status: number) => Object.assign(new Error('m'), { name, $metadata: { httpStatusCode: status } });
  t.match(classifyFailure(sdk('SlowDown', 503)), { kind: 'throttled', retryable: true, detail: '503 SlowDown: m' });
  t.match(classifyFailure(sdk('InternalError', 500)), { kind: 'other', retryable: true });
  t.match(classifyFailure(sdk('NoSuchKey', 404)), { kind: 'not-found', retryable: false });
  t.match(classifyFailure(sdk('AccessDenied', 403)), { kind: 'access-denied', retryable: false });
  t.match(classifyFailure(sdk('PreconditionFailed', 412)), { kind: 'other', retryable: false, status: 412 });
  t.match(classifyFailure(sdk('ThrottlingException', 400)), { kind: 'throttled', retryable: true });
  t.match(classifyFailure(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), { kind: 'network', retryable: true, detail: 'ECONNRESET: aborted' });
  t.match(classifyFailure(new Error('socket hang up')), { kind: 'network', retryable: true });
  t.match(classifyFailure('weird'), { kind: 'other', retryable: false, code: 'Error' });
});
