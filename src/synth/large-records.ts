/**
 * Large records (10–50 KB): the ones that break naive line-length or buffer assumptions.
 *
 * Real trails carry them where a response or request embeds a list: RunInstances launching a batch
 * (every instance described in full in responseElements), ECS task definitions with many environment
 * variables (request and response both hold them), and key policies (up to 32 KB of policy JSON written
 * as one escaped string). Each is grown item by item until it reaches the size asked for.
 */

import type { JsonObject } from '../record/view.js';
import { buildBackground, defineTemplate, type EventTemplate } from './catalogue.js';
import type { EventContext } from './identities.js';
import { serialiseRecord, type RecordFields } from './record.js';

interface LargeKind {
  readonly template: EventTemplate;
  /** Largest size this kind reaches in practice (key policies are capped at 32 KB by KMS). */
  readonly maxBytes: number;
  /** Adds items to `fields` until its JSON is at least `target` bytes long. */
  readonly grow: (ctx: EventContext, fields: RecordFields, size: number, target: number) => void;
}

function instanceItem(ctx: EventContext, index: number, imageId: string, launchMs: number): JsonObject {
  const { prng, account, region } = ctx;
  const ip = `10.${prng.int(256)}.${prng.int(256)}.${prng.range(1, 254)}`;
  const dns = `ip-${ip.replaceAll('.', '-')}.${region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`}`;
  const subnet = prng.pick(account.subnets);
  const sg = prng.pick(account.securityGroups);
  return {
    instanceId: `i-0${prng.hex(16)}`,
    imageId,
    currentInstanceBootMode: 'legacy-bios',
    instanceState: { code: 0, name: 'pending' },
    privateDnsName: dns,
    amiLaunchIndex: index,
    productCodes: {},
    instanceType: 'm6i.large',
    launchTime: launchMs,
    placement: { availabilityZone: `${region}${prng.pick(['a', 'b', 'c'])}`, tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId: subnet,
    vpcId: account.vpcId,
    privateIpAddress: ip,
    stateReason: { code: 'pending', message: 'pending' },
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    blockDeviceMapping: {},
    virtualizationType: 'hvm',
    tagSet: { items: [{ key: 'aws:autoscaling:groupName', value: 'eks-workers-prod' }, { key: 'kubernetes.io/cluster/prod', value: 'owned' }] },
    groupSet: { items: [{ groupId: sg, groupName: 'eks-cluster-sg-prod' }] },
    sourceDestCheck: true,
    hypervisor: 'xen',
    networkInterfaceSet: {
      items: [
        {
          networkInterfaceId: `eni-0${prng.hex(16)}`,
          subnetId: subnet,
          vpcId: account.vpcId,
          ownerId: account.id,
          status: 'in-use',
          macAddress: `0e:${prng.hex(2)}:${prng.hex(2)}:${prng.hex(2)}:${prng.hex(2)}:${prng.hex(2)}`,
          privateIpAddress: ip,
          privateDnsName: dns,
          sourceDestCheck: true,
          interfaceType: 'interface',
          groupSet: { items: [{ groupId: sg, groupName: 'eks-cluster-sg-prod' }] },
          attachment: { attachmentId: `eni-attach-0${prng.hex(16)}`, deviceIndex: 0, networkCardIndex: 0, status: 'attaching', attachTime: launchMs, deleteOnTermination: true },
          privateIpAddressesSet: { item: [{ privateIpAddress: ip, privateDnsName: dns, primary: true }] },
          ipv6AddressesSet: {},
          tagSet: {},
        },
      ],
    },
    ebsOptimized: false,
    enaSupport: true,
    cpuOptions: { coreCount: 1, threadsPerCore: 2 },
    capacityReservationSpecification: { capacityReservationPreference: 'open' },
    enclaveOptions: { enabled: false },
    metadataOptions: { state: 'pending', httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled', httpProtocolIpv4: 'ipv4', httpProtocolIpv6: 'disabled', instanceMetadataTags: 'disabled' },
    maintenanceOptions: { autoRecovery: 'default' },
    privateDnsNameOptions: { hostnameType: 'ip-name', enableResourceNameDnsARecord: false, enableResourceNameDnsAAAARecord: false },
  };
}

const runInstances: LargeKind = {
  maxBytes: Infinity,
  template: defineTemplate({
    source: 'ec2.amazonaws.com', name: 'RunInstances', weight: 0, readOnly: false, errorRate: 0,
    actors: { 'service-role': 2, tool: 1 },
    body: (ctx) => ({
      requestParameters: {
        instancesSet: { items: [{ minCount: 1, maxCount: 1 }] },
        blockDeviceMapping: {},
        monitoring: { enabled: false },
        disableApiTermination: false,
        disableApiStop: false,
        clientToken: ctx.prng.uuid(),
        launchTemplate: { launchTemplateId: `lt-0${ctx.prng.hex(16)}`, version: `${ctx.prng.range(1, 40)}` },
      },
      responseElements: { requestId: ctx.prng.uuid(), reservationId: `r-0${ctx.prng.hex(16)}`, ownerId: ctx.account.id, groupSet: {}, instancesSet: { items: [] } },
    }),
  }),
  grow(ctx, fields, size, target) {
    const response = fields.responseElements as { instancesSet: { items: JsonObject[] } };
    const items = response.instancesSet.items;
    const imageId = `ami-0${ctx.prng.hex(16)}`;
    const launchMs = Date.parse(fields.eventTime);
    while (size < target) {
      const item = instanceItem(ctx, items.length, imageId, launchMs);
      items.push(item);
      size += JSON.stringify(item).length + 1;
    }
    const request = fields.requestParameters as { instancesSet: { items: JsonObject[] } };
    request.instancesSet.items = [{ imageId, minCount: items.length, maxCount: items.length }];
  },
};

function containerDefinition(ctx: EventContext, name: string): { name: string; image: string; cpu: number; memory: number; essential: boolean; environment: JsonObject[]; secrets: JsonObject[]; logConfiguration: JsonObject; portMappings: JsonObject[] } {
  const { prng, account, region } = ctx;
  return {
    name,
    image: `${account.id}.dkr.ecr.${region}.amazonaws.com/services/${name}:${prng.hex(12)}`,
    cpu: 512,
    memory: 1024,
    essential: true,
    portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
    environment: [],
    secrets: [{ name: 'DATABASE_URL', valueFrom: `arn:aws:secretsmanager:${region}:${account.id}:secret:prod/db-${prng.alnum(6)}` }],
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/${name}`, 'awslogs-region': region, 'awslogs-stream-prefix': 'ecs' } },
  };
}

const ENV_NAMES = ['FEATURE', 'ENDPOINT', 'QUEUE_URL', 'TOPIC_ARN', 'BUCKET', 'TIMEOUT_MS', 'RETRIES', 'LOCALE_MESSAGE'];

const registerTaskDefinition: LargeKind = {
  maxBytes: Infinity,
  template: defineTemplate({
    source: 'ecs.amazonaws.com', name: 'RegisterTaskDefinition', weight: 0, readOnly: false, errorRate: 0,
    actors: { tool: 2, person: 1 },
    body: (ctx) => {
      const name = ctx.prng.pick(ctx.account.functions);
      const family = `${name}-task`;
      const executionRoleArn = `arn:aws:iam::${ctx.account.id}:role/ecs-task-execution`;
      return {
        requestParameters: { family, executionRoleArn, networkMode: 'awsvpc', containerDefinitions: [containerDefinition(ctx, name)], requiresCompatibilities: ['FARGATE'], cpu: '1024', memory: '2048' },
        responseElements: {
          taskDefinition: {
            taskDefinitionArn: `arn:aws:ecs:${ctx.region}:${ctx.account.id}:task-definition/${family}:${ctx.prng.range(2, 300)}`,
            containerDefinitions: [containerDefinition(ctx, name)],
            family,
            executionRoleArn,
            networkMode: 'awsvpc',
            revision: ctx.prng.range(2, 300),
            volumes: [],
            status: 'ACTIVE',
            requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' }, { name: 'ecs.capability.secrets.asm.environment-variables' }, { name: 'ecs.capability.task-eni' }],
            compatibilities: ['EC2', 'FARGATE'],
            requiresCompatibilities: ['FARGATE'],
            cpu: '1024',
            memory: '2048',
          },
        },
      };
    },
  }),
  grow(ctx, fields, size, target) {
    const request = fields.requestParameters as { containerDefinitions: { environment: JsonObject[] }[] };
    const response = fields.responseElements as { taskDefinition: { containerDefinitions: { environment: JsonObject[] }[] } };
    const reqEnv = request.containerDefinitions[0]?.environment ?? [];
    const resEnv = response.taskDefinition.containerDefinitions[0]?.environment ?? [];
    const { prng } = ctx;
    while (size < target) {
      const name = `${prng.pick(ENV_NAMES)}_${reqEnv.length}`;
      // A few values hold quotes and backslashes (JSON snippets, Windows paths) to exercise escapes.
      const value = prng.chance(0.1) ? `{"enabled":true,"path":"C:\\\\srv\\\\${prng.alnum(6)}"}` : `https://${prng.alnum(10).toLowerCase()}.internal.example.com/${prng.alnum(24)}`;
      const entry = { name, value };
      reqEnv.push(entry);
      resEnv.push(entry);
      size += 2 * (JSON.stringify(entry).length + 1);
    }
  },
};

const putKeyPolicy: LargeKind = {
  maxBytes: 32_768,
  template: defineTemplate({
    source: 'kms.amazonaws.com', name: 'PutKeyPolicy', weight: 0, readOnly: false, errorRate: 0,
    actors: { tool: 2, person: 1 },
    body: (ctx) => {
      const keyArn = `arn:aws:kms:${ctx.region}:${ctx.account.id}:key/${ctx.prng.pick(ctx.account.kmsKeys)}`;
      return {
        requestParameters: { keyId: keyArn, policyName: 'default', policy: '', bypassPolicyLockoutSafetyCheck: false },
        responseElements: null,
        resources: [{ accountId: ctx.account.id, type: 'AWS::KMS::Key', ARN: keyArn }],
      };
    },
  }),
  grow(ctx, fields, size, target) {
    const request = fields.requestParameters as { policy: string };
    const { prng, account } = ctx;
    const statements: string[] = [];
    // Written as an escaped JSON string inside the record, as KMS logs it: every quote becomes \".
    let grown = size;
    while (grown < target) {
      const role = prng.pick(account.roles);
      const s =
        `{"Sid":"Allow use of the key by ${role.name}","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${account.id}:role/${role.path}${role.name}"},` +
        `"Action":["kms:Encrypt","kms:Decrypt","kms:ReEncrypt*","kms:GenerateDataKey*","kms:DescribeKey"],"Resource":"*",` +
        `"Condition":{"StringEquals":{"kms:ViaService":"s3.${ctx.region}.amazonaws.com","kms:CallerAccount":"${account.id}"}}}`;
      statements.push(s);
      grown += JSON.stringify(s).length - 1;
    }
    request.policy = `{"Version":"2012-10-17","Id":"key-policy-${prng.alnum(8)}","Statement":[${statements.join(',')}]}`;
  },
};

const KINDS: readonly LargeKind[] = [runInstances, registerTaskDefinition, putKeyPolicy];

/** Builds one record whose JSON is `targetBytes` long or a little longer (at most one item more). */
export function buildLarge(ctx: EventContext, eventTime: string, targetBytes: number): RecordFields {
  const eligible = KINDS.filter((k) => k.maxBytes >= targetBytes);
  const kind = ctx.prng.pick(eligible);
  const { fields } = buildBackground(ctx, kind.template, eventTime);
  kind.grow(ctx, fields, serialiseRecord(fields).length, targetBytes);
  return fields;
}
