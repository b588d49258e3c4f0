// Workers without the rules (src/engine/deferred.ts, `candidatePlan` in src/engine/plan.ts): when every
// detection has a prefilter, a worker hands the main thread the records a prefilter admits and the
// root candidates, and counts the others itself. The prefilter contract (a record a rule matches is
// one its prefilter admits: docs/dialects.md) makes that exact, so the report must be the one the
// in-process replay gives, and the one workers that load the rules give (`rulesInWorkers`, the plain
// twin). A worker whose handed-back records are many loads the rules and evaluates the next files
// itself. Workers start from the built bundle (npm test builds first), as in worker-files.test.ts.
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { settleDeferred } from '../../src/engine/deferred.js';
import { evaluateObject } from '../../src/engine/evaluate-object.js';
import { candidatePrefilters, makePlan } from '../../src/engine/plan.js';
import { planSpecOf } from '../../src/engine/plan-spec.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import { WorkerPool } from '../../src/engine/workers/pool.js';
import { localSource } from '../../src/sources/local/index.js';
import { readLocalFile } from '../../src/sources/local/read.js';
import { loadShippedDetections } from '../helpers/shipped-detections.js';

const now = new Date('2026-12-07T00:00:00Z');
const ACCOUNT = '555566667777';

// Records shaped as in the AWS documentation ("CloudTrail record contents"; a root identity is
// `userIdentity.type` "Root").
function record(i: number, kind: 'root' | 'user' | 'mention', eventSource = 'ec2.amazonaws.com'): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity:
      kind === 'root'
        ? { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT }
        : { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:user/ana`, accountId: ACCOUNT, userName: 'ana' },
    eventTime: `2026-03-10T00:${String(i % 60).padStart(2, '0')}:00Z`,
    eventSource,
    eventName: 'DescribeInstances',
    awsRegion: i % 3 === 0 ? 'eu-west-1' : 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    // "Root" as a value elsewhere: admitted by the `"Root"` prefilters, matched by no rule.
    requestParameters: kind === 'mention' ? { tagValue: 'Root' } : null,
    responseElements: null,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  };
}

const text = (r: Record<string, unknown>): string => JSON.stringify(r);

/**
 * Files that put records on both sides of the hand-over: root events and mere mentions of "Root"
 * (handed back), others (counted by the worker), and among both, records that fail to parse or have
 * no eventTime (skipped with a note on either side: more than the 20 notes an object keeps), an
 * Insights event, a `\u`-escaped root, NDJSON lines (positions by line), more false alarms per
 * detection than the report samples.
 */
function mixedFiles(): Record<string, string | Buffer> {
  const big: string[] = [];
  for (let i = 0; i < 400; i++) {
    if (i % 17 === 0) big.push(text(record(i, 'root')).replace('"Root"', '"Root","x":"\u0001"'));
    else if (i % 19 === 0) big.push(text(record(i, 'user')).replace('"ana"}', '"ana\u0002"}'));
    else if (i % 23 === 0) big.push(text({ ...record(i, 'mention'), eventTime: undefined }));
    else if (i % 29 === 0) big.push(text({ ...record(i, 'user'), eventTime: 'redacted' }));
    else big.push(text(record(i, i % 5 === 0 ? 'root' : i % 7 === 0 ? 'mention' : 'user', i % 11 === 0 ? 'iam.amazonaws.com' : 'ec2.amazonaws.com')));
  }
  big.splice(3, 0, text({ eventVersion: '1.08', eventType: 'AwsCloudTrailInsight', eventID: 'insight-1', eventTime: '2026-03-10T00:00:00Z', insightDetails: {} }));
  const escaped = text(record(1000, 'root')).replace('"Root"', '"\\u0052oot"');
  const lines = [text(record(2000, 'root')), '{"eventVersion": ', text(record(2001, 'user')), text(record(2002, 'mention'))].join('\n');
  return {
    'a.json.gz': gzipSync(`{"Records":[${big.join(',')}]}`),
    'b.json': `{"Records":[${escaped},${text(record(1001, 'user'))}]}`,
    'c.jsonl': `${lines}\n`,
  };
}

t.test('a worker without the rules: what it hands back, settled in the main thread, is the in-process result', async (t) => {
  const dir = t.testdir(mixedFiles());
  const detections = await loadShippedDetections();
  const candidates = candidatePrefilters(detections.detections, 'on');
  t.ok(candidates !== null, 'every shipped detection has a prefilter');
  const spec = planSpecOf(detections, {});
  const plan = makePlan(detections.detections, detections.correlations, null, 'on', 10);
  const pool = new WorkerPool(spec, 1, undefined, candidates);
  t.teardown(() => pool.close());
  const files = ['a.json.gz', 'b.json', 'c.jsonl'];
  const raw = await pool.worker(0).runFiles(files.map((name, seq) => ({ seq, uri: name, path: `${dir}/${name}`, size: null, format: null })));
  for (const [seq, name] of files.entries()) {
    const handed = raw[seq]!;
    t.ok(handed.deferred.length > 0, `${name}: records handed back`);
    t.equal(handed.roots.length, 0, `${name}: the worker matched nothing itself`);
    const plain = await evaluateObject(plan, seq, name, readLocalFile(`${dir}/${name}`, null), undefined);
    t.same(settleDeferred(plan, handed), plain, `${name}: settled = evaluated in one thread`);
  }
  // The big file: 400 records and an Insights event; the worker kept only what no prefilter admits.
  const a = raw[0]!;
  t.equal(a.total + a.deferred.length, 401);
  t.ok(a.deferred.every((d) => /"Root"|\\u0052oot|"root"/i.test(d.text)), 'only records a prefilter or the root test admits');
  t.ok(a.skipNotes.length > 0 && settleDeferred(plan, a).skipNotes.length === 20, 'skip notes from both sides, the first 20 kept');
});

t.test('in-process ≡ workers without the rules ≡ workers with them, whatever the filters', async (t) => {
  const dir = t.testdir(mixedFiles());
  const detections = await loadShippedDetections();
  const run = (o: Partial<ReplayOptions>) => replay({ locations: [dir], resolveSource: () => localSource, detections, version: 'test', now, ...o });
  for (const filter of [{}, { since: new Date('2026-03-10T00:20:00Z') }, { regions: ['us-east-1'] }]) {
    const plain = await run({ workers: 0, filter });
    t.ok(plain.stats.records.total > 400, 'records read');
    t.ok(Object.keys(plain.stats.skipped).length >= 2, 'records skipped for several reasons');
    t.same(await run({ workers: 2, filter }), plain, `${JSON.stringify(filter)}: handed back`);
    t.same(await run({ workers: 2, filter, rulesInWorkers: true }), plain, `${JSON.stringify(filter)}: rules in workers`);
  }
});

t.test('a worker whose handed-back records are many loads the rules and evaluates the next files itself', async (t) => {
  // Every record holds the rule's literal: all of them would go to the main thread.
  const many = Array.from({ length: 3_000 }, (_, i) => text(record(i, 'user', 'iam.amazonaws.com')));
  const dir = t.testdir({
    'many.json.gz': gzipSync(`{"Records":[${many.join(',')}]}`),
    'more.json': `{"Records":[${text(record(30_000, 'root', 'iam.amazonaws.com'))},${text(record(30_001, 'user', 'iam.amazonaws.com'))}]}`,
    'rule.pattern': '{ $.eventSource = "iam.amazonaws.com" }\n',
  });
  const detections = await loadDetections([`${dir}/rule.pattern`]);
  const candidates = candidatePrefilters(detections.detections, 'on');
  t.same(candidates, [{ anyOf: ['"iam.amazonaws.com"'], caseInsensitive: false }]);
  const plan = makePlan(detections.detections, detections.correlations, null, 'on', 10);
  const pool = new WorkerPool(planSpecOf(detections, {}), 1, undefined, candidates);
  t.teardown(() => pool.close());
  const job = (seq: number, name: string) => ({ seq, uri: name, path: `${dir}/${name}`, size: null, format: null });
  const [first] = await pool.worker(0).runFiles([job(0, 'many.json.gz')]);
  t.equal(first!.deferred.length, 3_000, 'the first file: all handed back');
  t.same(settleDeferred(plan, first!), await evaluateObject(plan, 0, 'many.json.gz', readLocalFile(`${dir}/many.json.gz`, null), undefined));
  // The rules load while the next files come (a dynamic import): ask until a result comes back evaluated.
  let later = (await pool.worker(0).runFiles([job(1, 'more.json')]))[0]!;
  for (let seq = 2; seq < 200 && later.deferred.length > 0; seq++) {
    await new Promise((r) => setTimeout(r, 20));
    later = (await pool.worker(0).runFiles([job(seq, 'more.json')]))[0]!;
  }
  t.equal(later.deferred.length, 0, 'a later file: evaluated in the worker');
  t.equal(later.roots.length, 1, 'with its root event');
  t.same(later.roots[0]!.rules, [0], 'and the rule that caught it');
  t.same(settleDeferred(plan, later), later, 'nothing left to settle');
});

t.test('an object too large to read whole is evaluated with the rules in the worker, not handed back', async (t) => {
  // 17 MiB of text: more than an object read whole may hold decoded (WHOLE_TEXT_LIMIT, 16 MiB), so what
  // a worker hands back stays within one such object.
  const pad = 'x'.repeat(90_000);
  const records = Array.from({ length: 200 }, (_, i) => text({ ...record(i, i % 2 === 0 ? 'root' : 'mention'), requestParameters: { pad, tagValue: 'Root' } }));
  const dir = t.testdir({ 'large.json': `{"Records":[${records.join(',')}]}` });
  const detections = await loadDetections(['detections/cis-root-usage.pattern']);
  const plan = makePlan(detections.detections, detections.correlations, null, 'on', 10);
  const pool = new WorkerPool(planSpecOf(detections, {}), 1, undefined, candidatePrefilters(detections.detections, 'on'));
  t.teardown(() => pool.close());
  const [result] = await pool.worker(0).runFiles([{ seq: 0, uri: 'large.json', path: `${dir}/large.json`, size: null, format: null }]);
  t.equal(result!.deferred.length, 0, 'nothing handed back');
  t.equal(result!.roots.length, 100, 'the root events, found by the worker');
  t.same(result, await evaluateObject(plan, 0, 'large.json', readLocalFile(`${dir}/large.json`, null), undefined), 'as in one thread');
});
