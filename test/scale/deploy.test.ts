// The deployable definitions, checked offline: the state machine with asl-validator (docs/scale-out.md
// §4: it knows ItemReader, ItemBatcher, ResultWriter and ProcessorConfig), the CloudFormation template
// by its structure (resource types and properties, references, least-privilege IAM), and the
// `trailproof/lambda` export the template's handlers name.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import validate from 'asl-validator';
import t from 'tap';
import { parse, type Tags } from 'yaml';
import * as lambda from '../../src/scale/lambda.js';

const asl = readFileSync('deploy/state-machine.asl.json', 'utf8');
const definition = JSON.parse(asl) as Record<string, any>;

const FUNCTIONS = { Ref: 'Ref', Sub: 'Fn::Sub', GetAtt: 'Fn::GetAtt', If: 'Fn::If', Not: 'Fn::Not', Equals: 'Fn::Equals' } as const;
const customTags: Tags = Object.entries(FUNCTIONS).flatMap(([name, fn]) => [
  { tag: `!${name}`, resolve: (s: string) => ({ [fn]: name === 'GetAtt' ? s.split('.') : s }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: { toJSON(): unknown }) => ({ [fn]: seq.toJSON() }) },
]) as Tags;
const template = parse(readFileSync('deploy/scale-out.yaml', 'utf8'), { customTags }) as Record<string, any>;

t.test('the state machine definition validates, and the validator is not a rubber stamp', async (t) => {
  const result = validate(definition);
  t.same([result.isValid, result.errors], [true, []]);
  const broken = structuredClone(definition);
  broken.States.ReplayShards.ItemBatcher.MaxInputBytesPerBatch = 300_000;
  t.equal(validate(broken).isValid, false, 'MaxInputBytesPerBatch over 256 KiB is refused');
  const map = definition.States.ReplayShards;
  t.same([map.ItemProcessor.ProcessorConfig.Mode, map.ItemProcessor.ProcessorConfig.ExecutionType], ['DISTRIBUTED', 'STANDARD']);
  t.equal(map.ToleratedFailurePercentage, 0, 'a missing shard fails the Map Run');
  t.equal(map.Catch, undefined, 'no Catch on the Map: a failed execution stays redrivable');
  t.equal(map.ItemBatcher.MaxItemsPerBatch, 1, 'shards are already sized');
});

t.test('the template: known resource types and properties, references that resolve', async (t) => {
  // Properties per type, from the CloudFormation resource reference (the ones this template may use).
  const KNOWN: Record<string, { props: string[]; required: string[] }> = {
    'AWS::Logs::LogGroup': { props: ['LogGroupName', 'RetentionInDays', 'KmsKeyId'], required: [] },
    'AWS::IAM::Role': { props: ['AssumeRolePolicyDocument', 'Policies', 'ManagedPolicyArns', 'RoleName', 'Path'], required: ['AssumeRolePolicyDocument'] },
    'AWS::Lambda::Function': {
      props: ['FunctionName', 'Runtime', 'Architectures', 'Handler', 'Code', 'MemorySize', 'Timeout', 'EphemeralStorage', 'Role', 'ReservedConcurrentExecutions', 'LoggingConfig', 'Environment'],
      required: ['Code', 'Role'],
    },
    'AWS::StepFunctions::StateMachine': {
      props: ['StateMachineName', 'StateMachineType', 'RoleArn', 'Definition', 'DefinitionS3Location', 'DefinitionString', 'DefinitionSubstitutions', 'LoggingConfiguration'],
      required: ['RoleArn'],
    },
  };
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  for (const [name, r] of Object.entries(resources)) {
    const known = KNOWN[r.Type];
    if (known === undefined) {
      t.fail(`${name}: unexpected type ${r.Type}`);
      continue;
    }
    t.same(Object.keys(r.Properties).filter((p) => !known.props.includes(p)), [], `${name}: known properties`);
    t.same(known.required.filter((p) => !(p in r.Properties)), [], `${name}: required properties`);
  }
  const names = new Set([...Object.keys(template.Parameters), ...Object.keys(resources), 'AWS::Partition', 'AWS::Region', 'AWS::AccountId', 'AWS::NoValue']);
  const refs: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref') refs.push(x as string);
      else if (k === 'Fn::GetAtt') refs.push((x as string[])[0]!);
      else if (k === 'Fn::Sub') for (const m of (x as string).matchAll(/\$\{([^}!]+)\}/g)) refs.push(m[1]!.split('.')[0]!);
      else if (k === 'Fn::If') t.ok((x as string[])[0]! in template.Conditions, `condition ${(x as string[])[0]} is declared`);
      walk(x);
    }
  };
  walk(template.Resources);
  walk(template.Outputs);
  t.same([...new Set(refs.filter((r) => !names.has(r)))], [], 'every reference names a parameter or resource');
  for (const p of ['TrailBucket', 'TrailPrefix', 'ResultsBucket', 'RunsPrefix', 'WorkerConcurrency', 'WorkerMemory', 'ReduceMemory', 'Runtime']) t.ok(p in template.Parameters, `parameter ${p}`);
  t.equal(template.Parameters.Runtime.Default, 'nodejs24.x');
  t.notOk(template.Parameters.Runtime.AllowedValues.includes('nodejs20.x'), 'no runtime Lambda no longer lets users create');

  const sm = resources.StateMachine!.Properties;
  t.ok(existsSync(join('deploy', sm.DefinitionS3Location as string)), 'the template references the ASL file');
  const placeholders = [...asl.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
  t.same([...new Set(placeholders)].filter((p) => !(p! in (sm.DefinitionSubstitutions as object))), [], 'each ${...} of the definition has a substitution');
  for (const f of ['WorkerFunction', 'ReduceFunction']) {
    const handler = (resources[f]!.Properties.Handler as string).split('.');
    t.equal(handler[0], 'dist/scale/lambda', `${f}: the handler is in the package's trailproof/lambda module`);
    t.equal(typeof (lambda as Record<string, unknown>)[handler[1]!], 'function', `${f}: ${handler[1]} is exported`);
  }
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, { default: string }> };
  t.equal(pkg.exports['./lambda']?.default, './dist/scale/lambda.js', 'package export trailproof/lambda');
});

t.test('least privilege: no wildcard action or resource, each role only what its step needs', async (t) => {
  const statements = (role: string) => {
    const policies = template.Resources[role].Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[];
    return policies.flatMap((p) => p.PolicyDocument.Statement).map((s: any) => (s['Fn::If'] !== undefined ? s['Fn::If'][1] : s));
  };
  const summary: Record<string, string[]> = {};
  for (const role of ['WorkerRole', 'ReduceRole', 'StateMachineRole']) {
    for (const s of statements(role)) {
      const actions = ([] as string[]).concat(s.Action);
      t.ok(actions.every((a) => /^[a-z0-9]+:[A-Za-z]+$/.test(a)), `${role}/${s.Sid}: named actions, no wildcard`);
      t.notOk(JSON.stringify(s.Resource) === '"*"', `${role}/${s.Sid}: a scoped resource`);
      t.equal(s.Effect, 'Allow');
      summary[`${role}/${s.Sid}`] = actions;
    }
  }
  t.same(summary, {
    'WorkerRole/ListTrail': ['s3:ListBucket'],
    'WorkerRole/ReadTrail': ['s3:GetObject'],
    'WorkerRole/ReadRunFiles': ['s3:GetObject'],
    'WorkerRole/WritePartials': ['s3:PutObject'],
    'WorkerRole/Logs': ['logs:CreateLogStream', 'logs:PutLogEvents'],
    'WorkerRole/DecryptTrail': ['kms:Decrypt'],
    'ReduceRole/ListRuns': ['s3:ListBucket'],
    'ReduceRole/ReadRuns': ['s3:GetObject'],
    'ReduceRole/WriteReport': ['s3:PutObject'],
    'ReduceRole/Logs': ['logs:CreateLogStream', 'logs:PutLogEvents'],
    'StateMachineRole/InvokeFunctions': ['lambda:InvokeFunction'],
    'StateMachineRole/StartChildren': ['states:StartExecution'],
    'StateMachineRole/DescribeChildren': ['states:DescribeExecution', 'states:StopExecution'],
    'StateMachineRole/RedriveMapRun': ['states:RedriveExecution'],
    'StateMachineRole/ReadPlan': ['s3:GetObject'],
    'StateMachineRole/WriteMapResults': ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
  });
  const writes = statements('WorkerRole').filter((s: any) => ([] as string[]).concat(s.Action).includes('s3:PutObject'));
  t.same(writes.map((s: any) => s.Resource['Fn::Sub']), ['arn:${AWS::Partition}:s3:::${ResultsBucket}/${RunsPrefix}*/partials/*'], 'workers write only partials');
});
