// AWS errors as one clear line (issue 12, item 4): no credentials anywhere names --profile and
// AWS_PROFILE; access denied names the bucket, the prefix and the IAM action (test/s3/faults.test.ts
// pins the wording per action); no stack trace. The S3 emulator the other tests start is the endpoint.
import t from 'tap';
import { runCli } from '../helpers/cli.js';
import { startS3Server } from '../helpers/s3-server.js';

t.test('no credentials: one line naming --profile and AWS_PROFILE, exit 3', async (t) => {
  const server = await startS3Server();
  t.teardown(() => server.stop());
  const dir = t.testdir({});
  const env = {
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: `${dir}/none`,
    AWS_SHARED_CREDENTIALS_FILE: `${dir}/none`,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
    AWS_WEB_IDENTITY_TOKEN_FILE: '',
    AWS_REGION: 'us-east-1',
  };
  const r = await runCli(['replay', 's3://audit-bucket/trail', '--endpoint-url', server.endpoint, '-f', 'json', '--workers', '0'], { env });
  t.equal(r.code, 3, r.stderr);
  t.match(r.stderr, /s3:\/\/audit-bucket\/trail.*: access denied while listing \(no AWS credentials found: give --profile NAME or set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\)/);
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
