/**
 * The CloudTrail records `trailproof init` writes as its sample: one small log file in the S3 key layout,
 * written for trailproof from the record shapes AWS documents (not copied from any log):
 * - record fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * - userIdentity (Root, IAMUser, AssumedRole, invokedBy): https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 * - console sign-in events (recorded in us-east-1 for root): https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 * - log file names: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html
 *
 * It covers the cases a root-usage detection is tested on: root sign-ins (with MFA, without, failed),
 * root API calls with access keys, a root console action (invokedBy signin.amazonaws.com, which the CIS
 * pattern does not match), an AWS service acting for root (context), and ordinary IAM-user and
 * assumed-role activity the detection must stay quiet on. Addresses are from the documentation ranges
 * (RFC 5737); the account is AWS's documentation account.
 */
import type { JsonObject } from '../record/view.js';

/** The sample's account. */
export const SAMPLE_ACCOUNT = '111122223333';

/** Event IDs of the sample records, by what they are (the scaffolded suite refers to some of them). */
export const SAMPLE_EVENT_IDS = {
  rootLoginMfa: '6f0c1d52-8b3e-4a7f-9c21-3e5d7a9b1c40',
  rootLoginFailed: 'a41e9b7c-2d6f-4c8a-b3e1-7f9d0c2a5e68',
  rootLoginNoMfa: 'c93b2e10-5f7a-4d1c-8e6b-0a4f2d9c7b35',
  rootCreateAccessKey: '2d8a6f41-c7e3-4b9d-a05f-9e1b3c7d2a86',
  rootListBuckets: 'e7b5c3a9-1f2d-4e6a-9c8b-4d0e2f6a1b73',
  rootConsoleStopLogging: '58c1f9e2-3a7b-4d5c-b6e0-2f8a1d9c4e17',
  serviceForRoot: '9a2d4e6f-b8c1-4a3e-8d5f-7c0b1e3a9d52',
  iamUserLogin: '3e7f1a9c-d2b4-4c6e-a8f0-5b1d3c7e9a24',
  assumedRoleCall: 'b16d8c3e-4f9a-4e2b-9d7c-1a5e3f0b8c69',
} as const;

const ROOT_ARN = `arn:aws:iam::${SAMPLE_ACCOUNT}:root`;
const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:127.0) Gecko/20100101 Firefox/127.0';
const CLI = 'aws-cli/2.17.2 md/awscrt#0.20.11 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe';

function rootIdentity(extra: JsonObject = {}): JsonObject {
  return { type: 'Root', principalId: SAMPLE_ACCOUNT, arn: ROOT_ARN, accountId: SAMPLE_ACCOUNT, ...extra };
}

function common(over: JsonObject): JsonObject {
  return {
    eventVersion: '1.10',
    awsRegion: 'us-east-1',
    requestParameters: null,
    responseElements: null,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: SAMPLE_ACCOUNT,
    eventCategory: 'Management',
    ...over,
  };
}

function signIn(id: string, time: string, ip: string, outcome: 'Success' | 'Failure', mfa: 'Yes' | 'No', identity: JsonObject): JsonObject {
  return common({
    userIdentity: identity,
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    sourceIPAddress: ip,
    userAgent: BROWSER,
    ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
    responseElements: { ConsoleLogin: outcome },
    additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true', MobileVersion: 'No', MFAUsed: mfa },
    eventID: id,
    eventType: 'AwsConsoleSignIn',
  });
}

/** The sample records, in the order CloudTrail might deliver them (not sorted by time). */
export function sampleRecords(): JsonObject[] {
  const ids = SAMPLE_EVENT_IDS;
  return [
    signIn(ids.rootLoginFailed, '2024-06-03T09:12:07Z', '203.0.113.45', 'Failure', 'No', rootIdentity()),
    signIn(ids.rootLoginMfa, '2024-06-03T09:13:41Z', '203.0.113.45', 'Success', 'Yes', rootIdentity()),
    common({
      userIdentity: rootIdentity({ invokedBy: 'signin.amazonaws.com', sessionContext: { attributes: { creationDate: '2024-06-03T09:13:41Z', mfaAuthenticated: 'true' } } }),
      eventTime: '2024-06-03T09:16:22Z',
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      sourceIPAddress: '203.0.113.45',
      userAgent: 'signin.amazonaws.com',
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${SAMPLE_ACCOUNT}:trail/org-audit` },
      requestID: '0f4a6c2e-9b1d-4e7a-8c3f-5d2b0e9a7c14',
      eventID: ids.rootConsoleStopLogging,
    }),
    common({
      userIdentity: rootIdentity({ accessKeyId: 'AKIAIOSFODNN7SAMPLE1' }),
      eventTime: '2024-06-03T09:41:55Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      sourceIPAddress: '198.51.100.77',
      userAgent: CLI,
      responseElements: { accessKey: { accessKeyId: 'AKIAI44QH8DHBSAMPLE2', status: 'Active', createDate: 'Jun 3, 2024 9:41:55 AM' } },
      requestID: '7c2e9a4f-1d3b-4f8e-a6c0-3b9d5e1f7a28',
      eventID: ids.rootCreateAccessKey,
    }),
    common({
      userIdentity: rootIdentity({ accessKeyId: 'AKIAIOSFODNN7SAMPLE1' }),
      eventTime: '2024-06-03T09:42:30Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'ListBuckets',
      sourceIPAddress: '198.51.100.77',
      userAgent: CLI,
      requestParameters: { Host: 's3.amazonaws.com' },
      requestID: 'T4W8K2Q9X1M6B3N7',
      eventID: ids.rootListBuckets,
      readOnly: true,
    }),
    common({
      userIdentity: rootIdentity({ invokedBy: 's3.amazonaws.com' }),
      eventTime: '2024-06-03T09:44:03Z',
      eventSource: 'kms.amazonaws.com',
      eventName: 'GenerateDataKey',
      sourceIPAddress: 's3.amazonaws.com',
      userAgent: 's3.amazonaws.com',
      requestParameters: { keyId: `arn:aws:kms:us-east-1:${SAMPLE_ACCOUNT}:alias/aws/s3`, keySpec: 'AES_256', encryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::example-audit-exports/2024/06/03/report.csv' } },
      requestID: '4b8d2f6a-0c1e-4a9d-b7e3-8f5c1a2d6e90',
      eventID: ids.serviceForRoot,
      readOnly: true,
    }),
    signIn(ids.rootLoginNoMfa, '2024-06-04T22:05:18Z', '192.0.2.200', 'Success', 'No', rootIdentity()),
    signIn(ids.iamUserLogin, '2024-06-03T08:02:44Z', '198.51.100.12', 'Success', 'Yes', {
      type: 'IAMUser',
      principalId: 'AIDACKCEVSQ6C2EXAMPLE',
      arn: `arn:aws:iam::${SAMPLE_ACCOUNT}:user/maria.garcia`,
      accountId: SAMPLE_ACCOUNT,
      userName: 'maria.garcia',
    }),
    common({
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROA3XFRBF535EXAMPLE:deploy-pipeline',
        arn: `arn:aws:sts::${SAMPLE_ACCOUNT}:assumed-role/ci-deployer/deploy-pipeline`,
        accountId: SAMPLE_ACCOUNT,
        accessKeyId: 'ASIAIOSFODNN7SAMPLE3',
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: 'AROA3XFRBF535EXAMPLE', arn: `arn:aws:iam::${SAMPLE_ACCOUNT}:role/ci-deployer`, accountId: SAMPLE_ACCOUNT, userName: 'ci-deployer' },
          attributes: { creationDate: '2024-06-03T10:00:12Z', mfaAuthenticated: 'false' },
        },
      },
      eventTime: '2024-06-03T10:01:37Z',
      eventSource: 'lambda.amazonaws.com',
      eventName: 'UpdateFunctionCode20150331v2',
      sourceIPAddress: '198.51.100.31',
      userAgent: CLI,
      requestParameters: { functionName: 'invoice-renderer', publish: true },
      requestID: 'd3f7b1a9-6e2c-4b8d-9a05-c1e7f3b9d248',
      eventID: ids.assumedRoleCall,
    }),
  ];
}

/** Where the sample file goes: CloudTrail's S3 key layout, named by (made-up) delivery time. */
export const SAMPLE_PATH = `samples/AWSLogs/${SAMPLE_ACCOUNT}/CloudTrail/us-east-1/2024/06/04/${SAMPLE_ACCOUNT}_CloudTrail_us-east-1_20240604T2210Z_Hq3Lx9TfW2cVbN7e.json`;
