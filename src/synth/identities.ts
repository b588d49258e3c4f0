/**
 * Who makes a call: the `userIdentity` block, source address and user agent of a background record.
 *
 * Shapes follow the userIdentity element page
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 * Background records never use the Root type: every Root record in a corpus is a planted one, so the
 * truth file is complete by construction.
 */

import type { JsonObject } from '../record/view.js';
import { cumulative, type Prng } from './prng.js';
import type { SimAccount, SimRole, SimUser } from './world.js';

/** The kinds of caller a template can ask for. */
export type ActorKind = 'person' | 'tool' | 'workload' | 'aws-service' | 'service-role' | 'cross-account' | 'web-identity';

/** A caller, ready to be written into a record. */
export interface Actor {
  userIdentity: JsonObject;
  sourceIPAddress: string;
  userAgent: string;
  /** True when the call came from the console (`sessionCredentialFromConsole: "true"`). */
  console: boolean;
  /** False for calls AWS services make on their own (no tlsDetails then). */
  tls: boolean;
}

const BROWSERS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15',
];
const SDKS = [
  'aws-sdk-go/1.50.30 (go1.21.6; linux; amd64)',
  'Boto3/1.34.61 Python/3.11.8 Linux/5.10.210-201.852.amzn2.x86_64 exec-env/AWS_Lambda_python3.11 Botocore/1.34.61',
  'aws-sdk-java/1.12.661 Linux/5.10.209-198.858.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS java/17.0.10 vendor/Amazon.com_Inc.',
  'aws-sdk-nodejs/2.1571.0 linux/v18.19.0 exec-env/AWS_Lambda_nodejs18.x promise',
  'aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.28.4',
  'Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.2',
  'AWS Internal',
];
const CLIS = [
  'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/macos#23.3.0 md/arch#arm64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off',
  'aws-cli/2.13.25 Python/3.11.5 Linux/6.5.0-1014-aws exe/x86_64.ubuntu.22 prompt/off',
  'aws-cli/1.32.60 md/Botocore#1.34.60 ua/2.0 os/linux#6.1.79-99.164.amzn2023.x86_64 md/arch#x86_64 lang/python#3.9.16 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.34.60',
];
const SERVICE_CALLERS = [
  'lambda.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'ec2.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'logs.amazonaws.com',
  'secretsmanager.amazonaws.com',
  'access-analyzer.amazonaws.com',
];
const K8S_SERVICE_ACCOUNTS = ['kube-system:aws-load-balancer-controller', 'kube-system:cluster-autoscaler', 'payments:api', 'monitoring:fluent-bit'];

/** A role or console session: the same temporary key and creation date across the calls it makes. */
export interface SimSession {
  readonly accessKeyId: string;
  readonly creationDate: string;
  readonly ip: string;
}

/** Everything a template needs to build a record, for one record. */
export interface EventContext {
  readonly prng: Prng;
  readonly account: SimAccount;
  readonly region: string;
  /** eventTime in epoch milliseconds. */
  readonly timeMs: number;
  /**
   * Sessions already used in this file, by principal and session name (absent: every call gets a fresh
   * session). Reusing them is what makes real files repetitive, and so what gzip feeds on.
   */
  readonly sessions?: Map<string, SimSession>;
}

function creationDate(timeMs: number, prng: Prng): string {
  return new Date(timeMs - prng.range(5, 3500) * 1000).toISOString().slice(0, 19) + 'Z';
}

/**
 * The session `key` of this file, created on first use. A file's records lie at most 2 h before its
 * delivery, so a creation date 2–3 h before the first use precedes every record that reuses it.
 */
function session(ctx: EventContext, key: string, ip: string): SimSession {
  const { prng } = ctx;
  const existing = ctx.sessions?.get(key);
  if (existing !== undefined) return existing;
  const created: SimSession = {
    accessKeyId: `ASIA${prng.upperAlnum(16)}`,
    creationDate: new Date(ctx.timeMs - prng.range(7200, 10800) * 1000).toISOString().slice(0, 19) + 'Z',
    ip,
  };
  ctx.sessions?.set(key, created);
  return created;
}

function sessionIssuer(account: SimAccount, role: SimRole): JsonObject {
  return {
    type: 'Role',
    principalId: role.id,
    arn: `arn:aws:iam::${account.id}:role/${role.path}${role.name}`,
    accountId: account.id,
    userName: role.name,
  };
}

/** An AssumedRole identity for `role` with the given session name (a fresh session unless `s` is given). */
export function assumedRoleIdentity(ctx: EventContext, role: SimRole, sessionName: string, mfa: boolean, s?: SimSession): JsonObject {
  const { account, prng } = ctx;
  return {
    type: 'AssumedRole',
    principalId: `${role.id}:${sessionName}`,
    arn: `arn:aws:sts::${account.id}:assumed-role/${role.name}/${sessionName}`,
    accountId: account.id,
    accessKeyId: s?.accessKeyId ?? `ASIA${prng.upperAlnum(16)}`,
    sessionContext: {
      sessionIssuer: sessionIssuer(account, role),
      webIdFederationData: {},
      attributes: { creationDate: s?.creationDate ?? creationDate(ctx.timeMs, prng), mfaAuthenticated: mfa ? 'true' : 'false' },
    },
  };
}

function iamUserIdentity(ctx: EventContext, user: SimUser, consoleSession: boolean): JsonObject {
  const { account, prng } = ctx;
  const id: JsonObject = {
    type: 'IAMUser',
    principalId: user.id,
    arn: `arn:aws:iam::${account.id}:user/${user.name}`,
    accountId: account.id,
    accessKeyId: consoleSession ? `ASIA${prng.upperAlnum(16)}` : prng.pick(user.accessKeys),
    userName: user.name,
  };
  if (consoleSession) {
    id['sessionContext'] = {
      sessionIssuer: {},
      webIdFederationData: {},
      attributes: { creationDate: creationDate(ctx.timeMs, prng), mfaAuthenticated: 'true' },
    };
  }
  return id;
}

function rolesOf(account: SimAccount, kind: SimRole['kind']): SimRole[] {
  return account.roles.filter((r) => r.kind === kind);
}

/** A person: an SSO role session (usually) or an IAM user, in the console or on the CLI. */
function person(ctx: EventContext): Actor {
  const { prng, account } = ctx;
  const inConsole = prng.chance(0.45);
  const userAgent = inConsole ? prng.pick(BROWSERS) : prng.pick(CLIS);
  const people = account.users.filter((u) => u.person);
  const user = prng.pick(people);
  if (prng.chance(0.7)) {
    const role = prng.pick(rolesOf(account, 'sso'));
    const s = session(ctx, `${role.name}/${user.name}`, prng.pick(user.ips));
    return {
      userIdentity: assumedRoleIdentity(ctx, role, `${user.name}@example.com`, false, s),
      sourceIPAddress: s.ip,
      userAgent,
      console: inConsole,
      tls: true,
    };
  }
  return {
    userIdentity: iamUserIdentity(ctx, user, inConsole),
    sourceIPAddress: prng.pick(user.ips),
    userAgent,
    console: inConsole,
    tls: true,
  };
}

function tool(ctx: EventContext): Actor {
  const { prng, account } = ctx;
  const user = prng.pick(account.users.filter((u) => !u.person));
  return {
    userIdentity: iamUserIdentity(ctx, user, false),
    sourceIPAddress: prng.pick(user.ips),
    userAgent: prng.pick(SDKS),
    console: false,
    tls: true,
  };
}

function workload(ctx: EventContext): Actor {
  const { prng, account } = ctx;
  const pool = prng.chance(0.5) ? rolesOf(account, 'lambda') : account.roles.filter((r) => r.kind === 'workload' || r.kind === 'instance');
  const role = prng.pick(pool);
  // A few live sessions per role and file: Lambda containers and instances keep their credentials.
  const slot = prng.int(3);
  const key = `${role.name}#${slot}`;
  let name: string;
  let ip: string;
  switch (role.kind) {
    case 'lambda':
      name = role.name.slice(0, role.name.indexOf('-role-'));
      ip = `${prng.range(3, 54)}.${prng.int(256)}.${prng.int(256)}.${prng.range(1, 254)}`;
      break;
    case 'instance':
      name = account.instances[(slot * 5) % account.instances.length] as string;
      ip = `10.${prng.int(256)}.${prng.int(256)}.${prng.range(1, 254)}`;
      break;
    default:
      name = `aws-go-sdk-${1_700_000_000_000 + (role.id.charCodeAt(5) * 7919 + slot) * 104_729}`;
      ip = prng.publicIp();
  }
  const s = session(ctx, key, ip);
  return {
    userIdentity: assumedRoleIdentity(ctx, role, name, false, s),
    sourceIPAddress: s.ip,
    userAgent: prng.pick(SDKS),
    console: false,
    tls: true,
  };
}

function awsService(ctx: EventContext): Actor {
  const service = ctx.prng.pick(SERVICE_CALLERS);
  return { userIdentity: { type: 'AWSService', invokedBy: service }, sourceIPAddress: service, userAgent: service, console: false, tls: false };
}

function serviceRole(ctx: EventContext): Actor {
  // AWS Config's describe/get polling dominates service-linked-role traffic.
  const linked = rolesOf(ctx.account, 'service-linked');
  const role = ctx.prng.chance(0.7) ? (linked[0] as SimRole) : ctx.prng.pick(linked);
  const service = role.service ?? 'config.amazonaws.com';
  const name = service.slice(0, service.indexOf('.')) === 'config' ? 'AWSConfig-Describe' : `${service.slice(0, service.indexOf('.'))}-session`;
  const id = assumedRoleIdentity(ctx, role, name, false, session(ctx, role.name, service));
  id['invokedBy'] = service;
  return { userIdentity: id, sourceIPAddress: service, userAgent: service, console: false, tls: false };
}

function crossAccount(ctx: EventContext): Actor {
  const { prng, account } = ctx;
  return {
    userIdentity: { type: 'AWSAccount', principalId: `AROA${prng.upperAlnum(17)}:datadog-sync`, accountId: account.partnerAccount },
    sourceIPAddress: prng.publicIp(),
    userAgent: prng.pick(SDKS),
    console: false,
    tls: true,
  };
}

function webIdentity(ctx: EventContext): Actor {
  const { prng, account, region } = ctx;
  const sa = prng.pick(K8S_SERVICE_ACCOUNTS);
  const provider = `arn:aws:iam::${account.id}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/${account.id.slice(0, 8)}0A1B2C3D4E5F60718293A4B5`;
  return {
    userIdentity: {
      type: 'WebIdentityUser',
      principalId: `${provider}:sts.amazonaws.com:system:serviceaccount:${sa}`,
      userName: `system:serviceaccount:${sa}`,
      identityProvider: provider,
    },
    sourceIPAddress: `${prng.range(3, 54)}.${prng.int(256)}.${prng.int(256)}.${prng.range(1, 254)}`,
    userAgent: prng.pick(SDKS),
    console: false,
    tls: true,
  };
}

const BUILDERS: Readonly<Record<ActorKind, (ctx: EventContext) => Actor>> = {
  person,
  tool,
  workload,
  'aws-service': awsService,
  'service-role': serviceRole,
  'cross-account': crossAccount,
  'web-identity': webIdentity,
};

/** A precomputed weighted choice among actor kinds (built once per template). */
export interface ActorMix {
  readonly kinds: readonly ActorKind[];
  readonly cumulative: readonly number[];
}

/** Builds the weighted choice a template declares, e.g. `{ workload: 3, person: 1 }`. */
export function actorMix(weights: Partial<Record<ActorKind, number>>): ActorMix {
  const kinds = Object.keys(weights) as ActorKind[];
  return { kinds, cumulative: cumulative(kinds.map((k) => weights[k] ?? 0)) };
}

/** Draws a caller from a template's mix. */
export function drawActor(ctx: EventContext, mix: ActorMix): Actor {
  const kind = mix.kinds[ctx.prng.weighted(mix.cumulative)] as ActorKind;
  return BUILDERS[kind](ctx);
}

/** A browser user agent (root console sign-ins and console actions). */
export function browserAgent(prng: Prng): string {
  return prng.pick(BROWSERS);
}

/** A CLI user agent (root access-key use). */
export function cliAgent(prng: Prng): string {
  return prng.pick(CLIS);
}
