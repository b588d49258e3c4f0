/**
 * The background traffic: which API calls a trail records, how often, by whom, with what parameters.
 *
 * Weights approximate what management-event trails of small AWS organisations are dominated by
 * (credential vending, KMS, describe/list polling by AWS Config and monitoring tools, agents checking
 * in), with writes and console sign-ins rare. Parameter shapes follow each service's API reference;
 * values are random.
 */

import type { JsonObject, JsonValue } from '../record/view.js';
import { actorMix, drawActor, type Actor, type ActorKind, type ActorMix, type EventContext } from './identities.js';
import { cumulative } from './prng.js';
import { isoSeconds, type RecordFields } from './record.js';

/** The service-specific part of a record. */
export interface EventBody {
  requestParameters: JsonValue;
  responseElements: JsonValue;
  additionalEventData?: JsonObject;
  resources?: JsonObject[];
  /** Overrides the generated UUID (S3 uses 16-character request IDs). */
  requestID?: string;
  vpcEndpointId?: string;
  serviceEventDetails?: JsonObject;
  /** Marks a record whose strings contain non-ASCII text, to be written with `\u` escapes. */
  escapeUnicode?: boolean;
}

/** One kind of background record. */
export interface EventTemplate {
  readonly source: string;
  readonly name: string;
  readonly weight: number;
  readonly readOnly: boolean;
  /** Global services (IAM, sign-in, Organizations) record their events in us-east-1. */
  readonly global: boolean;
  /** Only the management account calls it (Organizations). */
  readonly managementOnly: boolean;
  /** eventType AwsServiceEvent instead of AwsApiCall. */
  readonly serviceEvent: boolean;
  readonly actors: ActorMix;
  /** Share of calls that fail (errorCode set). */
  readonly errorRate: number;
  readonly body: (ctx: EventContext, actor: Actor) => EventBody;
}

/** A template as declared; defaults: readOnly true, not global, API call, 2% errors. */
export interface TemplateSpec {
  source: string;
  name: string;
  weight: number;
  readOnly?: boolean;
  global?: boolean;
  managementOnly?: boolean;
  serviceEvent?: boolean;
  actors: Partial<Record<ActorKind, number>>;
  errorRate?: number;
  body: (ctx: EventContext, actor: Actor) => EventBody;
}

/** Builds a template from its declaration (weights turned into a precomputed actor mix). */
export function defineTemplate(spec: TemplateSpec): EventTemplate {
  return {
    source: spec.source,
    name: spec.name,
    weight: spec.weight,
    readOnly: spec.readOnly ?? true,
    global: spec.global ?? false,
    managementOnly: spec.managementOnly ?? false,
    serviceEvent: spec.serviceEvent ?? false,
    actors: actorMix(spec.actors),
    errorRate: spec.errorRate ?? 0.02,
    body: spec.body,
  };
}

const NONE: EventBody = { requestParameters: null, responseElements: null };

function kmsKeyArn(ctx: EventContext): string {
  return `arn:aws:kms:${ctx.region}:${ctx.account.id}:key/${ctx.prng.pick(ctx.account.kmsKeys)}`;
}

function kmsResource(ctx: EventContext, arn: string): JsonObject[] {
  return [{ accountId: ctx.account.id, type: 'AWS::KMS::Key', ARN: arn }];
}

function lambdaArn(ctx: EventContext, fn: string): string {
  return `arn:aws:lambda:${ctx.region}:${ctx.account.id}:function:${fn}`;
}

function encryptionContext(ctx: EventContext): JsonObject {
  const { prng, account } = ctx;
  switch (prng.int(3)) {
    case 0:
      return { 'aws:lambda:FunctionArn': lambdaArn(ctx, prng.pick(account.functions)) };
    case 1:
      return { 'aws:s3:arn': `arn:aws:s3:::${prng.pick(account.buckets)}/${prng.hex(2)}/${prng.alnum(12)}.parquet` };
    default:
      return { SecretARN: `arn:aws:secretsmanager:${ctx.region}:${account.id}:secret:prod/db-${prng.alnum(6)}`, SecretVersionId: prng.uuid() };
  }
}

function sessionToken(ctx: EventContext): string {
  return `IQoJb3JpZ2luX2Vj${ctx.prng.alnum(ctx.prng.range(160, 260))}`;
}

function s3Body(ctx: EventContext, extra: JsonObject | null, bytesOut: number): EventBody {
  const { prng, account, region } = ctx;
  const bucket = prng.pick(account.buckets);
  const req: JsonObject = { bucketName: bucket, Host: `${bucket}.s3.${region}.amazonaws.com` };
  if (extra !== null) Object.assign(req, extra);
  return {
    requestParameters: req,
    responseElements: null,
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': `${prng.alnum(56)}=`,
      bytesTransferredOut: bytesOut,
    },
    resources: [{ accountId: account.id, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
    requestID: prng.upperAlnum(16),
  };
}

function policyStatementText(ctx: EventContext, statements: number): string {
  const { prng, account } = ctx;
  const parts: string[] = [];
  for (let i = 0; i < statements; i++) {
    const bucket = prng.pick(account.buckets);
    parts.push(
      `{"Sid":"Stmt${prng.range(1000000, 9999999)}","Effect":"Allow","Action":["s3:GetObject","s3:PutObject","s3:ListBucket"],` +
        `"Resource":["arn:aws:s3:::${bucket}","arn:aws:s3:::${bucket}/*"],"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-${prng.alnum(10).toLowerCase()}"}}}`,
    );
  }
  return `{"Version":"2012-10-17","Statement":[${parts.join(',')}]}`;
}

// Non-ASCII and quote-bearing values for the few records that carry free text (tags, descriptions).
const FREE_TEXT = [
  'Équipe données — prod',
  'Zahlungsdienst (Köln)',
  'チーム: 決済',
  'say "hello" \\ goodbye',
  'Owner: "Ops" <ops@example.com>',
  'naïve café ✓',
];

const TEMPLATES: readonly EventTemplate[] = [
  defineTemplate({
    source: 'sts.amazonaws.com', name: 'AssumeRole', weight: 15,
    actors: { 'aws-service': 9, workload: 2, person: 0.5, 'cross-account': 1 },
    body: (ctx) => {
      const { prng, account } = ctx;
      const role = prng.pick(account.roles);
      const roleArn = `arn:aws:iam::${account.id}:role/${role.path}${role.name}`;
      const session = prng.chance(0.5) ? `${prng.int(1 << 30)}` : `botocore-session-${1_700_000_000 + prng.int(99_999_999)}`;
      return {
        requestParameters: { roleArn, roleSessionName: session, durationSeconds: 3600 },
        responseElements: {
          credentials: { accessKeyId: `ASIA${prng.upperAlnum(16)}`, sessionToken: sessionToken(ctx), expiration: new Date(ctx.timeMs + 3_600_000).toUTCString() },
          assumedRoleUser: { assumedRoleId: `${role.id}:${session}`, arn: `arn:aws:sts::${account.id}:assumed-role/${role.name}/${session}` },
        },
        resources: [{ accountId: account.id, type: 'AWS::IAM::Role', ARN: roleArn }],
      };
    },
  }),
  defineTemplate({
    source: 'sts.amazonaws.com', name: 'AssumeRoleWithWebIdentity', weight: 1.5,
    actors: { 'web-identity': 1 },
    body: (ctx) => {
      const { prng, account } = ctx;
      const role = prng.pick(account.roles.filter((r) => r.kind === 'workload'));
      const roleArn = `arn:aws:iam::${account.id}:role/${role.name}`;
      const session = `botocore-session-${1_700_000_000 + prng.int(99_999_999)}`;
      return {
        requestParameters: { roleArn, roleSessionName: session },
        responseElements: {
          subjectFromWebIdentityToken: 'system:serviceaccount:kube-system:aws-load-balancer-controller',
          assumedRoleUser: { assumedRoleId: `${role.id}:${session}`, arn: `arn:aws:sts::${account.id}:assumed-role/${role.name}/${session}` },
          provider: `arn:aws:iam::${account.id}:oidc-provider/oidc.eks.${ctx.region}.amazonaws.com/id/${prng.upperAlnum(32)}`,
          audience: 'sts.amazonaws.com',
        },
        resources: [{ accountId: account.id, type: 'AWS::IAM::Role', ARN: roleArn }],
      };
    },
  }),
  defineTemplate({ source: 'sts.amazonaws.com', name: 'GetCallerIdentity', weight: 3, actors: { tool: 2, workload: 2, person: 1 }, body: () => NONE }),
  defineTemplate({
    source: 'kms.amazonaws.com', name: 'Decrypt', weight: 13,
    actors: { 'aws-service': 9, workload: 3, person: 0.3 },
    body: (ctx) => ({
      requestParameters: { encryptionContext: encryptionContext(ctx), encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
      responseElements: null,
      resources: kmsResource(ctx, kmsKeyArn(ctx)),
    }),
  }),
  defineTemplate({
    source: 'kms.amazonaws.com', name: 'GenerateDataKey', weight: 5,
    actors: { 'aws-service': 4, workload: 1 },
    body: (ctx) => {
      const arn = kmsKeyArn(ctx);
      return { requestParameters: { keyId: arn, encryptionContext: encryptionContext(ctx), keySpec: 'AES_256' }, responseElements: null, resources: kmsResource(ctx, arn) };
    },
  }),
  defineTemplate({
    source: 'kms.amazonaws.com', name: 'RotateKey', weight: 0.3, readOnly: false, serviceEvent: true,
    actors: { 'aws-service': 1 },
    body: (ctx) => {
      return { requestParameters: null, responseElements: null, resources: kmsResource(ctx, kmsKeyArn(ctx)) };
    },
  }),
  defineTemplate({
    source: 'ec2.amazonaws.com', name: 'DescribeInstances', weight: 4,
    actors: { workload: 2, tool: 1, person: 1, 'service-role': 1 },
    body: (ctx): EventBody => ({
      requestParameters: ctx.prng.chance(0.5)
        ? { instancesSet: { items: [{ instanceId: ctx.prng.pick(ctx.account.instances) }] }, filterSet: {}, includeAllInstances: false }
        : { maxResults: 1000, instancesSet: {}, filterSet: { items: [{ name: 'instance-state-name', valueSet: { items: [{ value: 'running' }] } }] } },
      responseElements: null,
    }),
  }),
  defineTemplate({
    source: 'ec2.amazonaws.com', name: 'DescribeSecurityGroups', weight: 2,
    actors: { 'service-role': 2, workload: 1, person: 1 },
    body: (ctx) => ({ requestParameters: { securityGroupSet: {}, securityGroupIdSet: { items: [{ groupId: ctx.prng.pick(ctx.account.securityGroups) }] }, filterSet: {} }, responseElements: null }),
  }),
  defineTemplate({
    source: 'ec2.amazonaws.com', name: 'DescribeVolumes', weight: 1.5,
    actors: { 'service-role': 1, workload: 1 },
    body: (ctx) => ({ requestParameters: { volumeSet: {}, filterSet: { items: [{ name: 'attachment.instance-id', valueSet: { items: [{ value: ctx.prng.pick(ctx.account.instances) }] } }] } }, responseElements: null }),
  }),
  defineTemplate({
    source: 'ec2.amazonaws.com', name: 'DescribeNetworkInterfaces', weight: 2,
    actors: { 'service-role': 2, workload: 1 },
    body: (ctx) => ({ requestParameters: { networkInterfaceIdSet: {}, filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: ctx.account.vpcId }] } }] } }, responseElements: null }),
  }),
  defineTemplate({ source: 'ec2.amazonaws.com', name: 'DescribeSubnets', weight: 1, actors: { workload: 1, 'service-role': 1 }, body: (ctx) => ({ requestParameters: { subnetSet: { items: [{ subnetId: ctx.prng.pick(ctx.account.subnets) }] }, filterSet: {} }, responseElements: null }) }),
  defineTemplate({ source: 'ec2.amazonaws.com', name: 'DescribeVpcs', weight: 0.8, actors: { workload: 1, person: 1 }, body: (ctx) => ({ requestParameters: { vpcSet: { items: [{ vpcId: ctx.account.vpcId }] }, filterSet: {} }, responseElements: null }) }),
  defineTemplate({ source: 'ec2.amazonaws.com', name: 'DescribeRegions', weight: 0.5, actors: { tool: 1, workload: 1 }, body: () => ({ requestParameters: { regionSet: {}, allRegions: false }, responseElements: null }) }),
  defineTemplate({
    source: 'ec2.amazonaws.com', name: 'CreateTags', weight: 0.4, readOnly: false,
    actors: { person: 2, tool: 1 },
    body: (ctx) => {
      const { prng } = ctx;
      const text = prng.pick(FREE_TEXT);
      return {
        requestParameters: {
          resourcesSet: { items: [{ resourceId: prng.pick(ctx.account.instances) }] },
          tagSet: { items: [{ key: 'Team', value: text }, { key: 'CostCenter', value: `cc-${prng.range(100, 999)}` }] },
        },
        responseElements: { requestId: prng.uuid(), _return: true },
        // Half of the records with free text spell non-ASCII as \u escapes, half as raw UTF-8.
        escapeUnicode: prng.chance(0.5),
      };
    },
  }),
  defineTemplate({
    source: 'ec2.amazonaws.com', name: 'StopInstances', weight: 0.15, readOnly: false,
    actors: { person: 1, tool: 1 },
    body: (ctx) => {
      const id = ctx.prng.pick(ctx.account.instances);
      return {
        requestParameters: { instancesSet: { items: [{ instanceId: id }] }, force: false },
        responseElements: { requestId: ctx.prng.uuid(), instancesSet: { items: [{ instanceId: id, currentState: { code: 64, name: 'stopping' }, previousState: { code: 16, name: 'running' } }] } },
      };
    },
  }),
  defineTemplate({ source: 's3.amazonaws.com', name: 'GetBucketAcl', weight: 3, actors: { 'service-role': 3, workload: 1 }, body: (ctx) => s3Body(ctx, { acl: '' }, 580) }),
  defineTemplate({ source: 's3.amazonaws.com', name: 'GetBucketPolicy', weight: 1.5, actors: { 'service-role': 2, workload: 1 }, errorRate: 0.2, body: (ctx) => s3Body(ctx, { policy: '' }, 0) }),
  defineTemplate({ source: 's3.amazonaws.com', name: 'GetBucketLocation', weight: 2, actors: { workload: 2, 'aws-service': 1 }, body: (ctx) => s3Body(ctx, { location: '' }, 137) }),
  defineTemplate({ source: 's3.amazonaws.com', name: 'GetBucketVersioning', weight: 1, actors: { 'service-role': 1 }, body: (ctx) => s3Body(ctx, { versioning: '' }, 112) }),
  defineTemplate({ source: 's3.amazonaws.com', name: 'GetBucketEncryption', weight: 1, actors: { 'service-role': 1 }, body: (ctx) => s3Body(ctx, { encryption: '' }, 261) }),
  defineTemplate({ source: 's3.amazonaws.com', name: 'GetBucketPublicAccessBlock', weight: 1, actors: { 'service-role': 1 }, body: (ctx) => s3Body(ctx, { publicAccessBlock: '' }, 294) }),
  defineTemplate({
    source: 's3.amazonaws.com', name: 'ListBuckets', weight: 1.2, actors: { person: 1, tool: 1, workload: 1 },
    body: (ctx) => ({ ...s3Body(ctx, null, 2048), requestParameters: { Host: `s3.${ctx.region}.amazonaws.com` }, resources: undefined }),
  }),
  defineTemplate({
    source: 'logs.amazonaws.com', name: 'CreateLogStream', weight: 3, readOnly: false, actors: { workload: 1 }, errorRate: 0.05,
    body: (ctx) => {
      const fn = ctx.prng.pick(ctx.account.functions);
      const day = isoSeconds(ctx.timeMs).slice(0, 10).replaceAll('-', '/');
      return { requestParameters: { logGroupName: `/aws/lambda/${fn}`, logStreamName: `${day}/[$LATEST]${ctx.prng.hex(32)}` }, responseElements: null };
    },
  }),
  defineTemplate({ source: 'logs.amazonaws.com', name: 'DescribeLogGroups', weight: 1, actors: { workload: 1, person: 1 }, body: () => ({ requestParameters: { limit: 50 }, responseElements: null }) }),
  defineTemplate({
    source: 'monitoring.amazonaws.com', name: 'DescribeAlarms', weight: 1.5, actors: { workload: 2, person: 1 },
    body: (ctx) => ({ requestParameters: { alarmNamePrefix: ctx.prng.pick(['prod-', 'cis-', 'billing-']), maxRecords: 100 }, responseElements: null }),
  }),
  defineTemplate({
    source: 'monitoring.amazonaws.com', name: 'GetMetricData', weight: 1, actors: { workload: 1 },
    body: (ctx) => ({
      requestParameters: {
        metricDataQueries: [{ id: 'm1', metricStat: { metric: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: [{ name: 'FunctionName', value: ctx.prng.pick(ctx.account.functions) }] }, period: 300, stat: 'Sum' }, returnData: true }],
        startTime: isoSeconds(ctx.timeMs - 3_600_000),
        endTime: isoSeconds(ctx.timeMs),
      },
      responseElements: null,
    }),
  }),
  defineTemplate({
    source: 'iam.amazonaws.com', name: 'GetRole', weight: 1.5, global: true, actors: { 'service-role': 1, workload: 1, person: 1 },
    body: (ctx) => ({ requestParameters: { roleName: ctx.prng.pick(ctx.account.roles).name }, responseElements: null }),
  }),
  defineTemplate({ source: 'iam.amazonaws.com', name: 'ListRoles', weight: 0.5, global: true, actors: { 'service-role': 1, person: 1 }, body: () => ({ requestParameters: { maxItems: 1000 }, responseElements: null }) }),
  defineTemplate({
    source: 'iam.amazonaws.com', name: 'ListAttachedRolePolicies', weight: 0.7, global: true, actors: { 'service-role': 1, workload: 1 },
    body: (ctx) => ({ requestParameters: { roleName: ctx.prng.pick(ctx.account.roles).name }, responseElements: null }),
  }),
  defineTemplate({
    source: 'iam.amazonaws.com', name: 'GetUser', weight: 0.4, global: true, actors: { person: 1, tool: 1 },
    body: (ctx) => ({ requestParameters: { userName: ctx.prng.pick(ctx.account.users).name }, responseElements: null }),
  }),
  defineTemplate({
    source: 'iam.amazonaws.com', name: 'PutRolePolicy', weight: 0.2, readOnly: false, global: true, actors: { tool: 2, person: 1 },
    body: (ctx) => ({
      requestParameters: { roleName: ctx.prng.pick(ctx.account.roles).name, policyName: `inline-${ctx.prng.alnum(6)}`, policyDocument: policyStatementText(ctx, ctx.prng.range(1, 3)) },
      responseElements: null,
    }),
  }),
  defineTemplate({
    source: 'signin.amazonaws.com', name: 'ConsoleLogin', weight: 0.3, readOnly: false, global: true, actors: { person: 1 }, errorRate: 0,
    body: (ctx, actor) => {
      const failed = ctx.prng.chance(0.1);
      return {
        requestParameters: null,
        responseElements: { ConsoleLogin: failed ? 'Failure' : 'Success' },
        additionalEventData: {
          LoginTo: 'https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1',
          MobileVersion: 'No',
          MFAUsed: actor.userIdentity['type'] === 'IAMUser' && !failed ? 'Yes' : 'No',
        },
      };
    },
  }),
  defineTemplate({
    source: 'organizations.amazonaws.com', name: 'ListRoots', weight: 0.1, global: true, managementOnly: true, actors: { 'service-role': 1, person: 1 },
    body: () => NONE,
  }),
  defineTemplate({ source: 'organizations.amazonaws.com', name: 'DescribeOrganization', weight: 0.2, global: true, managementOnly: true, actors: { 'service-role': 1, workload: 1 }, body: () => NONE }),
  defineTemplate({
    source: 'lambda.amazonaws.com', name: 'ListFunctions20150331', weight: 0.8, actors: { workload: 1, person: 1, 'service-role': 1 },
    body: () => ({ requestParameters: { functionVersion: 'ALL', maxItems: 50 }, responseElements: null }),
  }),
  defineTemplate({
    source: 'lambda.amazonaws.com', name: 'GetFunction20150331v2', weight: 0.6, actors: { person: 1, tool: 1 },
    body: (ctx) => ({ requestParameters: { functionName: ctx.prng.pick(ctx.account.functions) }, responseElements: null }),
  }),
  defineTemplate({
    source: 'ssm.amazonaws.com', name: 'UpdateInstanceInformation', weight: 1.5, readOnly: false, actors: { workload: 1 }, errorRate: 0,
    body: (ctx) => {
      const { prng, account, region } = ctx;
      const ip = `10.${prng.int(256)}.${prng.int(256)}.${prng.range(1, 254)}`;
      return {
        requestParameters: {
          instanceId: prng.pick(account.instances),
          agentVersion: '3.3.131.0',
          agentStatus: 'Active',
          platformType: 'Linux',
          platformName: 'Amazon Linux',
          platformVersion: '2023',
          iPAddress: ip,
          computerName: `ip-${ip.replaceAll('.', '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`,
          agentName: 'amazon-ssm-agent',
          availabilityZone: `${region}${prng.pick(['a', 'b', 'c'])}`,
          availabilityZoneId: `${region.slice(0, 2)}${region.split('-')[1]?.slice(0, 1) ?? 'e'}${region.slice(-1)}-az${prng.range(1, 4)}`,
          sSMConnectionChannel: 'ssmmessages',
        },
        responseElements: null,
      };
    },
  }),
  defineTemplate({
    source: 'ssm.amazonaws.com', name: 'ListInstanceAssociations', weight: 1.5, actors: { workload: 1 },
    body: (ctx) => ({ requestParameters: { instanceId: ctx.prng.pick(ctx.account.instances), maxResults: 20 }, responseElements: null }),
  }),
  defineTemplate({
    source: 'ssm.amazonaws.com', name: 'GetParameter', weight: 2, actors: { workload: 3, person: 1 }, errorRate: 0.05,
    body: (ctx) => ({ requestParameters: { name: `/prod/${ctx.prng.pick(ctx.account.functions)}/${ctx.prng.pick(['db-url', 'api-key', 'feature-flags'])}`, withDecryption: true }, responseElements: null }),
  }),
  defineTemplate({
    source: 'secretsmanager.amazonaws.com', name: 'GetSecretValue', weight: 2, actors: { workload: 1 },
    body: (ctx) => ({ requestParameters: { secretId: `arn:aws:secretsmanager:${ctx.region}:${ctx.account.id}:secret:prod/db-${ctx.prng.alnum(6)}` }, responseElements: null }),
  }),
  defineTemplate({ source: 'ecr.amazonaws.com', name: 'GetAuthorizationToken', weight: 1.5, actors: { workload: 1 }, body: () => NONE }),
  defineTemplate({
    source: 'ecr.amazonaws.com', name: 'BatchGetImage', weight: 0.8, actors: { workload: 1 },
    body: (ctx) => ({
      requestParameters: { imageIds: [{ imageTag: 'latest' }], registryId: ctx.account.id, repositoryName: `services/${ctx.prng.pick(ctx.account.functions)}`, acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json'] },
      responseElements: null,
      resources: [{ ARN: `arn:aws:ecr:${ctx.region}:${ctx.account.id}:repository/services/${ctx.prng.pick(ctx.account.functions)}`, accountId: ctx.account.id }],
    }),
  }),
  defineTemplate({
    source: 'dynamodb.amazonaws.com', name: 'DescribeTable', weight: 1, actors: { workload: 2, 'service-role': 1 },
    body: (ctx) => ({ requestParameters: { tableName: `${ctx.prng.pick(ctx.account.functions)}-state` }, responseElements: null, resources: [{ accountId: ctx.account.id, type: 'AWS::DynamoDB::Table', ARN: `arn:aws:dynamodb:${ctx.region}:${ctx.account.id}:table/${ctx.prng.pick(ctx.account.functions)}-state` }] }),
  }),
  defineTemplate({
    source: 'elasticloadbalancing.amazonaws.com', name: 'DescribeTargetHealth', weight: 1, actors: { workload: 1, 'service-role': 1 },
    body: (ctx) => ({ requestParameters: { targetGroupArn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account.id}:targetgroup/k8s-${ctx.prng.alnum(8).toLowerCase()}/${ctx.prng.hex(16)}` }, responseElements: null }),
  }),
  defineTemplate({ source: 'autoscaling.amazonaws.com', name: 'DescribeAutoScalingGroups', weight: 0.5, actors: { workload: 1 }, body: () => ({ requestParameters: { maxRecords: 100 }, responseElements: null }) }),
  defineTemplate({ source: 'cloudformation.amazonaws.com', name: 'DescribeStacks', weight: 0.5, actors: { tool: 1, person: 1 }, body: (ctx) => ({ requestParameters: { stackName: `prod-${ctx.prng.pick(ctx.account.functions)}` }, responseElements: null }) }),
  defineTemplate({ source: 'cloudtrail.amazonaws.com', name: 'DescribeTrails', weight: 0.3, actors: { 'service-role': 1, person: 1 }, body: () => ({ requestParameters: { includeShadowTrails: true }, responseElements: null }) }),
  defineTemplate({
    source: 'cloudtrail.amazonaws.com', name: 'LookupEvents', weight: 0.2, actors: { person: 1 },
    body: (ctx) => ({ requestParameters: { startTime: isoSeconds(ctx.timeMs - 86_400_000), endTime: isoSeconds(ctx.timeMs), lookupAttributes: [{ attributeKey: 'Username', attributeValue: 'root' }] }, responseElements: null }),
  }),
  defineTemplate({
    source: 'ec2.amazonaws.com', name: 'SharedSnapshotCopyInitiated', weight: 0.1, readOnly: false, serviceEvent: true, actors: { 'cross-account': 1 },
    body: (ctx) => ({
      requestParameters: null,
      responseElements: null,
      serviceEventDetails: { snapshotId: `snap-0${ctx.prng.hex(16)}` },
    }),
  }),
];

/** Templates per region class, with precomputed cumulative weights. */
export interface TemplateTable {
  readonly templates: readonly EventTemplate[];
  readonly cumulative: readonly number[];
}

/** Builds the table of templates eligible in a region for an account (global ones only in us-east-1). */
export function templateTable(region: string, management: boolean): TemplateTable {
  const usEast1 = region === 'us-east-1';
  const templates = TEMPLATES.filter((x) => (usEast1 || !x.global) && (management || !x.managementOnly));
  return { templates, cumulative: cumulative(templates.map((x) => x.weight)) };
}

const ERRORS: readonly (readonly [string, string | undefined])[] = [
  ['AccessDenied', 'User is not authorized to perform this operation'],
  ['ThrottlingException', 'Rate exceeded'],
  ['ResourceNotFoundException', undefined],
  ['Client.UnauthorizedOperation', 'You are not authorized to perform this operation.'],
];

/** Builds the fields of one background record. */
export function buildBackground(ctx: EventContext, template: EventTemplate, eventTime: string): { fields: RecordFields; escapeUnicode: boolean } {
  const { prng, account, region } = ctx;
  const actor = drawActor(ctx, template.actors);
  const body = template.body(ctx, actor);
  let errorCode: string | undefined;
  let errorMessage: string | undefined;
  if (template.errorRate > 0 && prng.chance(template.errorRate)) {
    const e = prng.pick(ERRORS);
    errorCode = e[0];
    errorMessage = e[1];
  }
  const service = template.source.slice(0, template.source.indexOf('.'));
  // A fifth of the archive predates tlsDetails (eventVersion 1.08 records from before it was added).
  const older = template.serviceEvent || prng.chance(0.2);
  const fields: RecordFields = {
    eventVersion: older ? '1.08' : '1.09',
    userIdentity: actor.userIdentity,
    eventTime,
    eventSource: template.source,
    eventName: template.name,
    awsRegion: region,
    sourceIPAddress: actor.sourceIPAddress,
    userAgent: actor.userAgent,
    errorCode,
    errorMessage,
    requestParameters: body.requestParameters,
    responseElements: errorCode === undefined ? body.responseElements : null,
    additionalEventData: body.additionalEventData,
    requestID: template.serviceEvent ? undefined : (body.requestID ?? prng.uuid()),
    eventID: prng.uuid(),
    readOnly: template.readOnly,
    resources: body.resources,
    eventType: template.serviceEvent ? 'AwsServiceEvent' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account.id,
    serviceEventDetails: body.serviceEventDetails,
    vpcEndpointId: body.vpcEndpointId,
    eventCategory: 'Management',
    tlsDetails: actor.tls && !older
      ? { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: template.global ? `${service}.amazonaws.com` : `${service}.${region}.amazonaws.com` }
      : undefined,
    sessionCredentialFromConsole: actor.console ? 'true' : undefined,
  };
  return { fields, escapeUnicode: body.escapeUnicode === true };
}
