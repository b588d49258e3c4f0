/**
 * Canonical root records: one small, plain record per way each root category shows up in CloudTrail
 * (success / failure, with / without MFA, API call read / write / denied, console action, AssumeRoot and
 * its session, and the three context categories). A detection's scope is inferred from which of them
 * it fires on (infer-scope.ts), so each one must classify as its category (test/scope/canonical.test.ts
 * checks it with src/record/root.ts). Shapes follow docs/root-usage.md and the AWS pages it cites; every
 * value is made up (documentation account and address ranges).
 */
import type { JsonObject } from '../../record/view.js';
import type { RootCategory } from '../../report/model.js';

/** One canonical example: its category, a short variant name, and the record. */
export interface CanonicalRecord {
  readonly category: RootCategory;
  readonly variant: string;
  readonly record: JsonObject;
}

const ACCOUNT = '111122223333';
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;

function root(extra: JsonObject = {}): JsonObject {
  return { type: 'Root', principalId: ACCOUNT, arn: ROOT_ARN, accountId: ACCOUNT, ...extra };
}

function record(n: number, fields: JsonObject): JsonObject {
  return {
    eventVersion: '1.10',
    eventTime: `2025-01-15T10:${String(n).padStart(2, '0')}:00Z`,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.17.2',
    requestParameters: null,
    responseElements: null,
    eventID: `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...fields,
  };
}

function consoleLogin(n: number, outcome: 'Success' | 'Failure', mfa: 'Yes' | 'No'): JsonObject {
  return record(n, {
    userIdentity: root(),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: mfa },
    ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
  });
}

function apiCall(n: number, source: string, name: string, denied: boolean): JsonObject {
  return record(n, {
    userIdentity: root({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }),
    eventSource: source,
    eventName: name,
    ...(denied ? { errorCode: 'AccessDenied', errorMessage: `${ROOT_ARN} is not authorized to perform: ${name}` } : {}),
  });
}

function consoleSession(extra: JsonObject): JsonObject {
  return root({
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: '2025-01-15T09:55:00Z', mfaAuthenticated: 'true' } },
    ...extra,
  });
}

/** Every canonical example, root-usage categories first, in report order. */
export const CANONICAL_RECORDS: readonly CanonicalRecord[] = [
  { category: 'console-login-success', variant: 'mfa-yes', record: consoleLogin(1, 'Success', 'Yes') },
  { category: 'console-login-success', variant: 'mfa-no', record: consoleLogin(2, 'Success', 'No') },
  { category: 'console-login-failure', variant: 'failure', record: consoleLogin(3, 'Failure', 'No') },
  { category: 'root-api-call', variant: 'read', record: apiCall(4, 'ec2.amazonaws.com', 'DescribeInstances', false) },
  { category: 'root-api-call', variant: 'write', record: apiCall(5, 'iam.amazonaws.com', 'CreateAccessKey', false) },
  { category: 'root-api-call', variant: 'denied', record: apiCall(6, 's3.amazonaws.com', 'PutBucketPolicy', true) },
  {
    category: 'root-console-action',
    variant: 'invoked-by-signin',
    record: record(7, {
      userIdentity: consoleSession({ invokedBy: 'signin.amazonaws.com' }),
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      userAgent: 'signin.amazonaws.com',
      sessionCredentialFromConsole: 'true',
    }),
  },
  {
    category: 'root-console-action',
    variant: 'console-action-event',
    record: record(8, {
      userIdentity: consoleSession({}),
      eventSource: 'billingconsole.amazonaws.com',
      eventName: 'GetBillingPreferences',
      eventType: 'AwsConsoleAction',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
    }),
  },
  {
    category: 'assume-root-session',
    variant: 'assume-root-call',
    record: record(9, {
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLEID:security-admin',
        arn: 'arn:aws:sts::444455556666:assumed-role/SecurityAdmin/security-admin',
        accountId: '444455556666',
      },
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRoot',
      requestParameters: { targetPrincipal: ACCOUNT, taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' } },
      recipientAccountId: '444455556666',
    }),
  },
  {
    category: 'assume-root-session',
    variant: 'privileged-task',
    record: record(10, {
      userIdentity: root({
        accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
        sessionContext: { attributes: { creationDate: '2025-01-15T10:09:00Z', mfaAuthenticated: 'false' }, assumedRoot: 'true' },
      }),
      eventSource: 's3.amazonaws.com',
      eventName: 'DeleteBucketPolicy',
      requestParameters: { bucketName: 'example-bucket' },
    }),
  },
  {
    category: 'service-on-behalf-of-root',
    variant: 'invoked-by-service',
    record: record(11, {
      userIdentity: consoleSession({ invokedBy: 'cloudformation.amazonaws.com' }),
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateSecurityGroup',
      sourceIPAddress: 'cloudformation.amazonaws.com',
      userAgent: 'cloudformation.amazonaws.com',
    }),
  },
  {
    category: 'root-service-event',
    variant: 'service-event',
    record: record(12, {
      userIdentity: root(),
      eventSource: 'kms.amazonaws.com',
      eventName: 'RotateKey',
      eventType: 'AwsServiceEvent',
      sourceIPAddress: 'kms.amazonaws.com',
      userAgent: 'kms.amazonaws.com',
    }),
  },
  {
    category: 'root-sign-in-other',
    variant: 'password-recovery',
    record: record(13, {
      userIdentity: root(),
      eventSource: 'signin.amazonaws.com',
      eventName: 'PasswordRecoveryRequested',
      eventType: 'AwsConsoleSignIn',
      responseElements: { PasswordRecoveryRequested: 'Success' },
    }),
  },
];
