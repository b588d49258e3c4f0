/**
 * The simulated organisation: accounts with their IAM users, roles, keys, buckets and instances.
 *
 * Built once per corpus from the seed, before any file is written, so that every file's records refer
 * to the same principals and resources (as a real trail does) whatever order files are generated in.
 */

import { Prng } from './prng.js';

/** An IAM user and its long-term access keys. */
export interface SimUser {
  readonly name: string;
  /** `AIDA…` unique ID. */
  readonly id: string;
  /** `AKIA…` access key IDs. */
  readonly accessKeys: readonly string[];
  /** Whether the user signs in to the console (people) or only uses keys (CI, tools). */
  readonly person: boolean;
  /** Addresses this user calls from. */
  readonly ips: readonly string[];
}

/** What a role is for: it decides who assumes it and from where it calls. */
export type RoleKind = 'sso' | 'workload' | 'service-linked' | 'instance' | 'lambda';

/** An IAM role. */
export interface SimRole {
  readonly name: string;
  /** Path segment between `role/` and the name (`aws-reserved/sso.amazonaws.com/` for SSO roles). */
  readonly path: string;
  /** `AROA…` unique ID. */
  readonly id: string;
  readonly kind: RoleKind;
  /** The service principal that assumes it (for workload, instance, lambda and service-linked roles). */
  readonly service: string | null;
}

/** One AWS account of the organisation. */
export interface SimAccount {
  readonly id: string;
  /** 0 for the management account. */
  readonly index: number;
  readonly management: boolean;
  readonly users: readonly SimUser[];
  readonly roles: readonly SimRole[];
  readonly kmsKeys: readonly string[];
  readonly buckets: readonly string[];
  readonly functions: readonly string[];
  readonly instances: readonly string[];
  readonly vpcId: string;
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  /** Addresses people use when signing in as root. */
  readonly rootIps: readonly string[];
  /** Unused 12-digit account ID that appears as a cross-account caller. */
  readonly partnerAccount: string;
}

/** The whole simulated organisation. */
export interface SimWorld {
  readonly accounts: readonly SimAccount[];
  readonly management: SimAccount;
}

const PEOPLE = ['alice.martin', 'bob.nguyen', 'carla.souza', 'dmitri.ivanov', 'emma.kowalski', 'farid.haddad', 'grace.oconnor', 'hiro.tanaka'];
const TOOLS = ['ci-deployer', 'terraform', 'backup-agent', 'grafana-reader', 'legacy-etl', 'jenkins'];
const SSO_SETS = ['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess', 'SecurityAudit', 'Billing'];
const WORKLOAD_ROLES: readonly (readonly [string, string])[] = [
  ['github-actions-deploy', 'sts.amazonaws.com'],
  ['eks-node-group-role', 'ec2.amazonaws.com'],
  ['ecs-task-execution', 'ecs-tasks.amazonaws.com'],
  ['OrganizationAccountAccessRole', 'sts.amazonaws.com'],
  ['datadog-integration', 'sts.amazonaws.com'],
  // Named after root activity without being root: a realistic source of prefilter candidates.
  ['SecurityHub-RootActivityMonitor', 'lambda.amazonaws.com'],
];
const SERVICE_LINKED: readonly (readonly [string, string])[] = [
  ['AWSServiceRoleForConfig', 'config.amazonaws.com'],
  ['AWSServiceRoleForElasticLoadBalancing', 'elasticloadbalancing.amazonaws.com'],
  ['AWSServiceRoleForAutoScaling', 'autoscaling.amazonaws.com'],
  ['AWSServiceRoleForSecurityHub', 'securityhub.amazonaws.com'],
  ['AWSServiceRoleForAmazonGuardDuty', 'guardduty.amazonaws.com'],
];
const FUNCTIONS = ['order-api', 'thumbnailer', 'invoice-export', 'slack-notifier', 'cur-ingest', 'session-cleanup'];
const BUCKET_WORDS = ['assets', 'logs', 'backups', 'data-lake', 'artifacts', 'reports', 'terraform-state'];

function accountId(prng: Prng): string {
  return `${prng.range(1, 9)}${prng.chars('0123456789', 11)}`;
}

function buildAccount(prng: Prng, index: number, id: string, partner: string): SimAccount {
  const users: SimUser[] = [];
  const peopleCount = index === 0 ? 6 : prng.range(2, 5);
  for (let i = 0; i < peopleCount; i++) {
    users.push({
      name: PEOPLE[(i + index) % PEOPLE.length] as string,
      id: `AIDA${prng.upperAlnum(17)}`,
      accessKeys: [`AKIA${prng.upperAlnum(16)}`],
      person: true,
      ips: [prng.publicIp(), prng.publicIp()],
    });
  }
  const toolCount = prng.range(2, 4);
  for (let i = 0; i < toolCount; i++) {
    users.push({
      name: TOOLS[(i + index * 2) % TOOLS.length] as string,
      id: `AIDA${prng.upperAlnum(17)}`,
      accessKeys: [`AKIA${prng.upperAlnum(16)}`, `AKIA${prng.upperAlnum(16)}`],
      person: false,
      ips: [prng.publicIp()],
    });
  }
  const roles: SimRole[] = [];
  for (const set of SSO_SETS) {
    roles.push({
      name: `AWSReservedSSO_${set}_${prng.hex(16)}`,
      path: 'aws-reserved/sso.amazonaws.com/',
      id: `AROA${prng.upperAlnum(17)}`,
      kind: 'sso',
      service: null,
    });
  }
  for (const [name, service] of WORKLOAD_ROLES) {
    roles.push({ name, path: '', id: `AROA${prng.upperAlnum(17)}`, kind: 'workload', service });
  }
  for (const [name, service] of SERVICE_LINKED) {
    const path = `aws-service-role/${service}/`;
    roles.push({ name, path, id: `AROA${prng.upperAlnum(17)}`, kind: 'service-linked', service });
  }
  roles.push({ name: 'ec2-app-instance-role', path: '', id: `AROA${prng.upperAlnum(17)}`, kind: 'instance', service: 'ec2.amazonaws.com' });
  for (const fn of FUNCTIONS) {
    roles.push({ name: `${fn}-role-${prng.alnum(8).toLowerCase()}`, path: 'service-role/', id: `AROA${prng.upperAlnum(17)}`, kind: 'lambda', service: 'lambda.amazonaws.com' });
  }
  const kmsKeys: string[] = [];
  for (let i = 0; i < 4; i++) kmsKeys.push(prng.uuid());
  const buckets = BUCKET_WORDS.map((w) => `acme-${w}-${id}`);
  const instances: string[] = [];
  for (let i = 0; i < 12; i++) instances.push(`i-0${prng.hex(16)}`);
  const subnets: string[] = [];
  for (let i = 0; i < 4; i++) subnets.push(`subnet-0${prng.hex(16)}`);
  const securityGroups: string[] = [];
  for (let i = 0; i < 5; i++) securityGroups.push(`sg-0${prng.hex(16)}`);
  return {
    id,
    index,
    management: index === 0,
    users,
    roles,
    kmsKeys,
    buckets,
    functions: FUNCTIONS,
    instances,
    vpcId: `vpc-0${prng.hex(16)}`,
    subnets,
    securityGroups,
    rootIps: [prng.publicIp(), prng.publicIp()],
    partnerAccount: partner,
  };
}

/** Builds the organisation for a seed: `count` accounts, the first being the management account. */
export function buildWorld(seed: number, count: number): SimWorld {
  const prng = new Prng(seed, 0x57041d);
  const ids = new Set<string>();
  while (ids.size < count) ids.add(accountId(prng));
  const partner = accountId(prng);
  const accounts: SimAccount[] = [];
  let index = 0;
  for (const id of ids) accounts.push(buildAccount(prng, index++, id, partner));
  return { accounts, management: accounts[0] as SimAccount };
}
