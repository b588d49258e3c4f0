/**
 * Realistic CloudTrail records for the root-classification tests, written here from the shapes AWS
 * documents (not copied):
 * - record fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * - userIdentity: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 * - console sign-in: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 * - service events: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/non-api-aws-service-events.html
 * - AssumeRoot / privileged sessions: https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html
 */
import type { JsonObject } from '../../src/record/view.js';

const ACCOUNT = '444455556666';

/** The root user's `userIdentity`, as AWS writes it (no userName; principalId is the account). */
export function rootIdentity(extra: JsonObject = {}): JsonObject {
  return { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: '', ...extra };
}

function base(over: JsonObject): JsonObject {
  return {
    eventVersion: '1.09',
    userIdentity: rootIdentity(),
    eventTime: '2024-06-03T08:15:42Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'ListUsers',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0 exe/x86_64.ubuntu.22 prompt/off command/iam.list-users',
    requestParameters: null,
    responseElements: null,
    requestID: '5f2c1a9e-7d41-4b8e-9a0c-0d3b6e2f9a11',
    eventID: 'c0a7f3e2-1b4d-4e8f-a6c2-8d9e0f1a2b3c',
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...over,
  };
}

/** A root console sign-in (eventType AwsConsoleSignIn, recorded in us-east-1). */
export function rootConsoleLogin(over: JsonObject = {}): JsonObject {
  return base({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0',
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes' },
    eventID: '0b7e5d3c-2f1a-4c9b-8e7d-6a5b4c3d2e1f',
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    ...over,
  });
}

/** The AWS-documented failed root sign-in: errorMessage plus responseElements.ConsoleLogin "Failure". */
export function rootConsoleLoginFailed(over: JsonObject = {}): JsonObject {
  return rootConsoleLogin({
    errorMessage: 'Failed authentication',
    responseElements: { ConsoleLogin: 'Failure' },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'No' },
    eventID: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    ...over,
  });
}

/** An IAM user's console sign-in (not root). */
export function iamUserConsoleLogin(): JsonObject {
  return rootConsoleLogin({
    userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLEUSER00001', arn: `arn:aws:iam::${ACCOUNT}:user/Anaya`, accountId: ACCOUNT, userName: 'Anaya' },
    eventID: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  });
}

/** Root creating its own access key from the CLI (requestParameters null = the caller's own key). */
export function rootCreateAccessKey(over: JsonObject = {}): JsonObject {
  return base({
    eventName: 'CreateAccessKey',
    readOnly: false,
    responseElements: { accessKey: { accessKeyId: 'AKIAEXAMPLEROOTKEY01', status: 'Active', userName: ACCOUNT, createDate: 'Jun 3, 2024 8:15:42 AM' } },
    eventID: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a',
    ...over,
  });
}

/** Root turning logging on from the console: invokedBy and userAgent signin.amazonaws.com. */
export function rootConsoleStartLogging(): JsonObject {
  return base({
    userIdentity: rootIdentity({ invokedBy: 'signin.amazonaws.com' }),
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StartLogging',
    userAgent: 'signin.amazonaws.com',
    requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events` },
    readOnly: false,
    eventID: '3e4f5a6b-7c8d-4e9f-8a0b-2c3d4e5f6a7b',
  });
}

/** A service (CloudFormation) calling IAM on root's behalf. */
export function rootViaCloudFormation(): JsonObject {
  return base({
    userIdentity: rootIdentity({ invokedBy: 'cloudformation.amazonaws.com' }),
    eventName: 'CreateRole',
    sourceIPAddress: 'cloudformation.amazonaws.com',
    userAgent: 'cloudformation.amazonaws.com',
    readOnly: false,
    eventID: '4f5a6b7c-8d9e-4f0a-9b1c-3d4e5f6a7b8c',
  });
}

/** A non-API service event attributed to the root identity. */
export function rootServiceEvent(): JsonObject {
  return base({
    eventSource: 'health.amazonaws.com',
    eventName: 'AWSHealthEvent',
    sourceIPAddress: 'health.amazonaws.com',
    userAgent: 'health.amazonaws.com',
    requestParameters: null,
    serviceEventDetails: { eventTypeCode: 'AWS_EC2_OPERATIONAL_ISSUE' },
    eventType: 'AwsServiceEvent',
    readOnly: null,
    eventID: '5a6b7c8d-9e0f-4a1b-8c2d-4e5f6a7b8c9d',
  });
}

/**
 * `sts:AssumeRoot` called in the management account by an IAM role, with the session flag the AWS
 * example carries (`sessionContext.assumedRoot: "true"`) unless `flag` is false.
 */
export function assumeRootCall(flag = true, over: JsonObject = {}): JsonObject {
  const sessionContext: JsonObject = {
    sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLE00001', arn: 'arn:aws:iam::111111111111:role/RootTaskOperator', accountId: '111111111111', userName: 'RootTaskOperator' },
    webIdFederationData: {},
    attributes: { creationDate: '2024-06-03T08:10:00Z', mfaAuthenticated: 'false' },
  };
  if (flag) sessionContext['assumedRoot'] = 'true';
  return base({
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEROLE00001:ops-session',
      arn: 'arn:aws:sts::111111111111:assumed-role/RootTaskOperator/ops-session',
      accountId: '111111111111',
      accessKeyId: 'ASIAEXAMPLEOPS00001',
      sessionContext,
    },
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRoot',
    awsRegion: 'eu-west-1',
    requestParameters: { targetPrincipal: ACCOUNT, taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' } },
    responseElements: { credentials: { accessKeyId: 'ASIAEXAMPLEROOT00001', sessionToken: 'EXAMPLE', expiration: 'Jun 3, 2024, 8:30:42 AM' } },
    readOnly: true,
    recipientAccountId: '111111111111',
    eventID: '6b7c8d9e-0f1a-4b2c-9d3e-5f6a7b8c9d0e',
    ...over,
  });
}

/** What the privileged session then does in the member account: type Root with assumedRoot "true". */
export function assumedRootDeleteBucketPolicy(): JsonObject {
  return base({
    userIdentity: rootIdentity({
      accessKeyId: 'ASIAEXAMPLEROOT00001',
      sessionContext: { attributes: { creationDate: '2024-06-03T08:15:42Z', mfaAuthenticated: 'false' }, assumedRoot: 'true' },
    }),
    eventSource: 's3.amazonaws.com',
    eventName: 'DeleteBucketPolicy',
    awsRegion: 'eu-west-1',
    requestParameters: { bucketName: 'locked-out-bucket', Host: 'locked-out-bucket.s3.eu-west-1.amazonaws.com', policy: '' },
    readOnly: false,
    eventID: '7c8d9e0f-1a2b-4c3d-8e4f-6a7b8c9d0e1f',
  });
}

/** Root's "Forgot your password?" flow (a sign-in event, not ConsoleLogin). */
export function rootPasswordRecoveryRequested(): JsonObject {
  return base({
    eventSource: 'signin.amazonaws.com',
    eventName: 'PasswordRecoveryRequested',
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
    responseElements: { PasswordRecoveryRequested: 'Success' },
    additionalEventData: { RedirectTo: 'https://console.aws.amazon.com/' },
    eventType: 'AwsConsoleSignIn',
    readOnly: false,
    eventID: '8d9e0f1a-2b3c-4d4e-9f5a-7b8c9d0e1f2a',
  });
}

/** An assumed-role API call: the everyday non-root record. */
export function assumedRoleDescribeInstances(): JsonObject {
  return base({
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEAPP000001:i-0abc123def4567890',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-instance-role/i-0abc123def4567890`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAEXAMPLEAPP000001',
      sessionContext: { sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEAPP000001', arn: `arn:aws:iam::${ACCOUNT}:role/app-instance-role`, accountId: ACCOUNT, userName: 'app-instance-role' }, attributes: { creationDate: '2024-06-03T07:00:00Z', mfaAuthenticated: 'false' } },
    },
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'eu-west-1',
    userAgent: 'aws-sdk-go-v2/1.25.0 os/linux lang/go#1.22.1',
    eventID: '9e0f1a2b-3c4d-4e5f-8a6b-8c9d0e1f2a3b',
  });
}
