/**
 * Planted root events: one builder per variant of every root category.
 *
 * Categories are those of `RootCategory` (issue 2 §3, docs/root-usage.md); record shapes follow the
 * console sign-in event page
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html),
 * the userIdentity page (Root type, invokedBy) and the centralised root access page
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html:
 * `sts:AssumeRoot` in the caller's account, `sessionContext.assumedRoot: "true"` in the member account).
 * Where no source shows a Root record of a kind (service events), the shape is an inference, kept as
 * plain as the category definition allows.
 */

import type { JsonObject } from '../record/view.js';
import type { RootCategory } from '../report/model.js';
import { browserAgent, cliAgent, assumedRoleIdentity, type EventContext } from './identities.js';
import type { Prng } from './prng.js';
import { isoSeconds, type RecordFields } from './record.js';
import type { SimAccount } from './world.js';

/** Where a variant's records can be recorded. */
export type RegionRule = 'us-east-1' | 'any';

/** One way a root event of a category looks. */
export interface RootVariant {
  readonly category: RootCategory;
  /** Short name, unique across variants (`mfa-yes`, `failure`, ...). */
  readonly name: string;
  /** Sign-ins and IAM calls are recorded in us-east-1. */
  readonly region: RegionRule;
  /** Centralised root access acts on member accounts only. */
  readonly memberAccount: boolean;
  /** Relative planting weight. */
  readonly weight: number;
  readonly build: (ctx: EventContext) => RecordFields;
}

const TLS_SIGNIN = { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 'signin.aws.amazon.com' };

function rootArn(account: SimAccount): string {
  return `arn:aws:iam::${account.id}:root`;
}

function signInIdentity(account: SimAccount): JsonObject {
  return { type: 'Root', principalId: account.id, arn: rootArn(account), accountId: account.id, accessKeyId: '' };
}

function sessionIdentity(ctx: EventContext, mfa: boolean): JsonObject {
  const { account, prng } = ctx;
  return {
    type: 'Root',
    principalId: account.id,
    arn: rootArn(account),
    accountId: account.id,
    accessKeyId: `ASIA${prng.upperAlnum(16)}`,
    sessionContext: {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: isoSeconds(ctx.timeMs - prng.range(30, 1800) * 1000), mfaAuthenticated: mfa ? 'true' : 'false' },
    },
  };
}

function base(ctx: EventContext, source: string, name: string, eventType: string): RecordFields {
  return {
    eventVersion: eventType === 'AwsConsoleSignIn' ? '1.08' : '1.09',
    userIdentity: {},
    eventTime: isoSeconds(ctx.timeMs),
    eventSource: source,
    eventName: name,
    awsRegion: ctx.region,
    sourceIPAddress: ctx.prng.pick(ctx.account.rootIps),
    userAgent: '',
    requestParameters: null,
    responseElements: null,
    eventID: ctx.prng.uuid(),
    eventType,
    recipientAccountId: ctx.account.id,
    eventCategory: 'Management',
  };
}

function consoleLogin(ctx: EventContext, success: boolean, mfa: 'Yes' | 'No' | null): RecordFields {
  const f = base(ctx, 'signin.amazonaws.com', 'ConsoleLogin', 'AwsConsoleSignIn');
  f.userIdentity = signInIdentity(ctx.account);
  f.userAgent = browserAgent(ctx.prng);
  if (!success) f.errorMessage = 'Failed authentication';
  f.responseElements = { ConsoleLogin: success ? 'Success' : 'Failure' };
  const extra: JsonObject = { LoginTo: 'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1', MobileVersion: 'No' };
  if (mfa === 'Yes') extra['MFAIdentifier'] = `arn:aws:iam::${ctx.account.id}:mfa/root-account-mfa-device`;
  if (mfa !== null) extra['MFAUsed'] = mfa;
  f.additionalEventData = extra;
  f.readOnly = false;
  f.managementEvent = true;
  f.tlsDetails = TLS_SIGNIN;
  return f;
}

function tls(service: string, region: string, global: boolean): JsonObject {
  return { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: global ? `${service}.amazonaws.com` : `${service}.${region}.amazonaws.com` };
}

function apiCall(ctx: EventContext, failure: boolean): RecordFields {
  const { prng, account, region } = ctx;
  const calls: readonly (readonly [string, string, JsonObject | null, boolean])[] = [
    ['iam.amazonaws.com', 'CreateAccessKey', null, false],
    ['iam.amazonaws.com', 'ListUsers', { maxItems: 100 }, true],
    ['sts.amazonaws.com', 'GetCallerIdentity', null, true],
    ['s3.amazonaws.com', 'ListBuckets', { Host: `s3.${region}.amazonaws.com` }, true],
    ['ec2.amazonaws.com', 'DescribeInstances', { instancesSet: {}, filterSet: {} }, true],
  ];
  const usable = region === 'us-east-1' ? calls : calls.filter((c) => !c[0].startsWith('iam.'));
  const [source, name, request, readOnly] = prng.pick(usable);
  const f = base(ctx, source, name, 'AwsApiCall');
  f.userIdentity = { type: 'Root', principalId: account.id, arn: rootArn(account), accountId: account.id, accessKeyId: `AKIA${prng.upperAlnum(16)}` };
  f.userAgent = cliAgent(prng);
  f.requestParameters = request;
  if (failure) {
    f.errorCode = 'AccessDenied';
    f.errorMessage = `User: ${rootArn(account)} is not authorized to perform: ${source.slice(0, source.indexOf('.'))}:${name} with an explicit deny in a service control policy`;
  } else if (name === 'CreateAccessKey') {
    f.responseElements = { accessKey: { accessKeyId: `AKIA${prng.upperAlnum(16)}`, status: 'Active', userName: account.id, createDate: new Date(ctx.timeMs).toUTCString() } };
  }
  f.requestID = prng.uuid();
  f.readOnly = readOnly;
  f.managementEvent = true;
  f.tlsDetails = tls(source.slice(0, source.indexOf('.')), region, source.startsWith('iam.'));
  return f;
}

function consoleAction(ctx: EventContext): RecordFields {
  const { prng, region } = ctx;
  const calls: readonly (readonly [string, string, JsonObject | null, boolean])[] = [
    ['iam.amazonaws.com', 'UpdateAccountPasswordPolicy', { minimumPasswordLength: 14, requireSymbols: true, requireNumbers: true, requireUppercaseCharacters: true, requireLowercaseCharacters: true, allowUsersToChangePassword: true, maxPasswordAge: 90, passwordReusePrevention: 24 }, false],
    ['iam.amazonaws.com', 'GetAccountSummary', null, true],
    ['cloudtrail.amazonaws.com', 'StartLogging', { name: `arn:aws:cloudtrail:${region}:${ctx.account.id}:trail/org-trail` }, false],
    ['ec2.amazonaws.com', 'DescribeRegions', { regionSet: {}, allRegions: true }, true],
  ];
  const usable = region === 'us-east-1' ? calls : calls.filter((c) => !c[0].startsWith('iam.'));
  const [source, name, request, readOnly] = prng.pick(usable);
  const f = base(ctx, source, name, 'AwsApiCall');
  const id = sessionIdentity(ctx, true);
  // invokedBy signin.amazonaws.com: a console action, which the CIS filter deliberately does not match.
  id['invokedBy'] = 'signin.amazonaws.com';
  f.userIdentity = id;
  f.userAgent = prng.chance(0.5) ? 'signin.amazonaws.com' : 'AWS Internal';
  f.requestParameters = request;
  f.requestID = prng.uuid();
  f.readOnly = readOnly;
  f.managementEvent = true;
  f.tlsDetails = tls(source.slice(0, source.indexOf('.')), region, source.startsWith('iam.'));
  f.sessionCredentialFromConsole = 'true';
  return f;
}

const ROOT_TASKS: readonly (readonly [string, string, string, boolean])[] = [
  ['s3.amazonaws.com', 'DeleteBucketPolicy', 'S3UnlockBucketPolicy', false],
  ['sqs.amazonaws.com', 'SetQueueAttributes', 'SQSUnlockQueuePolicy', false],
  ['iam.amazonaws.com', 'ListAccessKeys', 'IAMAuditRootUserCredentials', true],
  ['iam.amazonaws.com', 'DeleteLoginProfile', 'IAMDeleteRootUserCredentials', true],
];

/** The task a centralised-root-access session performs, keyed by the record's eventName. */
export function rootTaskPolicy(eventName: string): string {
  for (const task of ROOT_TASKS) if (task[1] === eventName) return task[2];
  return 'S3UnlockBucketPolicy';
}

function assumeRootSession(ctx: EventContext): RecordFields {
  const { prng, account, region } = ctx;
  const usable = region === 'us-east-1' ? ROOT_TASKS : ROOT_TASKS.filter((task) => !task[3]);
  const [source, name] = prng.pick(usable);
  const f = base(ctx, source, name, 'AwsApiCall');
  f.userIdentity = {
    type: 'Root',
    principalId: account.id,
    arn: rootArn(account),
    accountId: account.id,
    accessKeyId: `ASIA${prng.upperAlnum(16)}`,
    sessionContext: { attributes: { creationDate: isoSeconds(ctx.timeMs - prng.range(5, 600) * 1000), mfaAuthenticated: 'false' }, assumedRoot: 'true' },
  };
  f.sourceIPAddress = prng.publicIp();
  f.userAgent = cliAgent(prng);
  const bucket = prng.pick(account.buckets);
  f.requestParameters =
    source === 's3.amazonaws.com'
      ? { bucketName: bucket, Host: `${bucket}.s3.${region}.amazonaws.com`, policy: '' }
      : source === 'sqs.amazonaws.com'
        ? { queueUrl: `https://sqs.${region}.amazonaws.com/${account.id}/orders-dlq`, attributes: { Policy: '' } }
        : null;
  f.requestID = prng.uuid();
  f.readOnly = name.startsWith('List');
  if (source === 's3.amazonaws.com') f.resources = [{ accountId: account.id, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }];
  f.managementEvent = true;
  f.tlsDetails = tls(source.slice(0, source.indexOf('.')), region, source.startsWith('iam.'));
  return f;
}

function onBehalf(ctx: EventContext): RecordFields {
  const { prng, account } = ctx;
  const calls: readonly (readonly [string, string, string])[] = [
    ['cloudformation.amazonaws.com', 'ec2.amazonaws.com', 'CreateSecurityGroup'],
    ['cloudformation.amazonaws.com', 'lambda.amazonaws.com', 'CreateFunction20150331'],
    ['autoscaling.amazonaws.com', 'ec2.amazonaws.com', 'RunInstances'],
    ['elasticloadbalancing.amazonaws.com', 'ec2.amazonaws.com', 'CreateNetworkInterface'],
  ];
  const [by, source, name] = prng.pick(calls);
  const f = base(ctx, source, name, 'AwsApiCall');
  const id = sessionIdentity(ctx, true);
  id['invokedBy'] = by;
  f.userIdentity = id;
  f.sourceIPAddress = by;
  f.userAgent = by;
  f.requestParameters = name === 'CreateSecurityGroup'
    ? { groupName: `stack-${prng.alnum(12)}`, groupDescription: 'Managed by CloudFormation', vpcId: account.vpcId }
    : name === 'CreateFunction20150331'
      ? { functionName: `stack-fn-${prng.alnum(8)}`, runtime: 'python3.12', handler: 'index.handler', role: `arn:aws:iam::${account.id}:role/stack-fn-role` }
      : { subnetId: prng.pick(account.subnets), groupSet: { items: [{ groupId: prng.pick(account.securityGroups) }] } };
  f.requestID = prng.uuid();
  f.readOnly = false;
  f.managementEvent = true;
  return f;
}

function serviceEvent(ctx: EventContext): RecordFields {
  const { prng, account, region } = ctx;
  const events: readonly (readonly [string, string])[] = [
    ['kms.amazonaws.com', 'RotateKey'],
    ['backup.amazonaws.com', 'BackupJobCompleted'],
    ['health.amazonaws.com', 'AWSHealthEventNotification'],
  ];
  const [source, name] = prng.pick(events);
  const f = base(ctx, source, name, 'AwsServiceEvent');
  f.userIdentity = { type: 'Root', principalId: account.id, arn: rootArn(account), accountId: account.id };
  f.sourceIPAddress = source;
  f.userAgent = source;
  f.readOnly = false;
  f.managementEvent = true;
  f.serviceEventDetails = { region, eventDescription: `${name} for ${account.id}` };
  return f;
}

function signInOther(ctx: EventContext): RecordFields {
  const name = ctx.prng.pick(['PasswordRecoveryRequested', 'PasswordUpdated']);
  const f = base(ctx, 'signin.amazonaws.com', name, 'AwsConsoleSignIn');
  f.userIdentity = signInIdentity(ctx.account);
  f.userAgent = browserAgent(ctx.prng);
  f.responseElements = { [name]: 'Success' };
  f.readOnly = false;
  f.managementEvent = true;
  f.tlsDetails = TLS_SIGNIN;
  return f;
}

/** Every variant, in planting order (the first pass plants one of each). */
export const ROOT_VARIANTS: readonly RootVariant[] = [
  { category: 'console-login-success', name: 'mfa-yes', region: 'us-east-1', memberAccount: false, weight: 10, build: (c) => consoleLogin(c, true, 'Yes') },
  { category: 'console-login-success', name: 'mfa-no', region: 'us-east-1', memberAccount: false, weight: 8, build: (c) => consoleLogin(c, true, 'No') },
  { category: 'console-login-success', name: 'mfa-absent', region: 'us-east-1', memberAccount: false, weight: 2, build: (c) => consoleLogin(c, true, null) },
  { category: 'console-login-failure', name: 'failure', region: 'us-east-1', memberAccount: false, weight: 15, build: (c) => consoleLogin(c, false, 'No') },
  { category: 'root-api-call', name: 'success', region: 'any', memberAccount: false, weight: 15, build: (c) => apiCall(c, false) },
  { category: 'root-api-call', name: 'denied', region: 'any', memberAccount: false, weight: 5, build: (c) => apiCall(c, true) },
  { category: 'root-console-action', name: 'signin-invoked', region: 'any', memberAccount: false, weight: 15, build: consoleAction },
  { category: 'assume-root-session', name: 'privileged-task', region: 'any', memberAccount: true, weight: 10, build: assumeRootSession },
  { category: 'service-on-behalf-of-root', name: 'invoked-by-service', region: 'any', memberAccount: false, weight: 10, build: onBehalf },
  { category: 'root-service-event', name: 'service-event', region: 'any', memberAccount: false, weight: 5, build: serviceEvent },
  { category: 'root-sign-in-other', name: 'password', region: 'us-east-1', memberAccount: false, weight: 5, build: signInOther },
];

/**
 * The `sts:AssumeRoot` call in the management account that opened a centralised-root-access session.
 * Its caller is an ordinary principal (not Root); docs/root-usage.md R3 still counts it as
 * assume-root-session usage, with cisRootUsage false. The returned credentials carry the session's
 * access key, as the real pair does.
 */
export function buildAssumeRootCall(ctx: EventContext, member: SimAccount, session: RecordFields): RecordFields {
  const { prng, account, region } = ctx;
  const sso = account.roles.find((r) => r.kind === 'sso');
  const f = base(ctx, 'sts.amazonaws.com', 'AssumeRoot', 'AwsApiCall');
  f.userIdentity = sso === undefined ? {} : assumedRoleIdentity(ctx, sso, 'security-admin@example.com', true);
  f.sourceIPAddress = session.sourceIPAddress;
  f.userAgent = session.userAgent;
  f.requestParameters = {
    targetPrincipal: member.id,
    taskPolicyArn: { arn: `arn:aws:iam::aws:policy/root-task/${rootTaskPolicy(session.eventName)}` },
    durationSeconds: 900,
  };
  f.responseElements = {
    credentials: {
      accessKeyId: String(session.userIdentity['accessKeyId'] ?? ''),
      sessionToken: `IQoJb3JpZ2luX2Vj${prng.alnum(320)}`,
      expiration: new Date(ctx.timeMs + 900_000).toUTCString(),
    },
  };
  f.requestID = prng.uuid();
  f.readOnly = true;
  f.managementEvent = true;
  f.tlsDetails = tls('sts', region, false);
  return f;
}

/**
 * The report flags of a planted record, as docs/root-usage.md defines them ("Fields reported with each
 * root event"), for the shapes the generator writes.
 */
export function rootFlags(f: RecordFields): { cisRootUsage: boolean; mfaUsed: boolean | null; outcome: 'success' | 'failure' | null } {
  const invokedBy = f.userIdentity['invokedBy'];
  const cisRootUsage = f.userIdentity['type'] === 'Root' && invokedBy === undefined && f.eventType !== 'AwsServiceEvent';
  let mfaUsed: boolean | null = null;
  let outcome: 'success' | 'failure' | null = f.errorCode === undefined && f.errorMessage === undefined ? 'success' : 'failure';
  if (f.eventType === 'AwsServiceEvent') outcome = null;
  if (f.eventName === 'ConsoleLogin') {
    const mfa = f.additionalEventData?.['MFAUsed'];
    mfaUsed = mfa === 'Yes' ? true : mfa === 'No' ? false : null;
    const result = (f.responseElements as JsonObject | null)?.['ConsoleLogin'];
    outcome = result === 'Success' ? 'success' : result === 'Failure' ? 'failure' : null;
  }
  return { cisRootUsage, mfaUsed, outcome };
}

/** Draws a variant index according to the weights (used after every variant was planted once). */
export function drawVariant(prng: Prng, variants: readonly RootVariant[], cumulativeWeights: readonly number[]): RootVariant {
  return variants[prng.weighted(cumulativeWeights)] as RootVariant;
}
