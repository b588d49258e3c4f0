// The deployed pieces, run locally: deploy/state-machine.asl.json interpreted by test/scale/sfn-sim.ts
// over the S3 emulator, the real Lambda handlers (src/scale/lambda.ts) with injected failures and
// retries, and the reduce. The report it writes equals a plain replay of the same bucket
// (docs/scale-out.md §5): no record counted twice after retries, redrives and duplicate invocations.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { replay } from '../../src/engine/replay.js';
import { encodeJson } from '../../src/scale/files.js';
import { createHandlers, type ReplayBatchEvent, type ReplayBatchResult } from '../../src/scale/lambda.js';
import { planShards } from '../../src/scale/plan-shards.js';
import { specFileOf } from '../../src/scale/spec-file.js';
import { createS3Source } from '../../src/sources/s3/source.js';
import { generateCorpus } from '../../src/synth/index.js';
import { startS3Server, TEST_CREDENTIALS } from '../helpers/s3-server.js';
import { Execution } from './sfn-sim.js';
import { CORRELATION, writeTrail } from './trail.js';

const definition = JSON.parse(readFileSync('deploy/state-machine.asl.json', 'utf8')) as Record<string, unknown>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

t.test('Distributed Map simulation: merged report ≡ single replay, with failures, retries and a redrive', async (t) => {
  const server = await startS3Server();
  t.teardown(() => server.stop());
  const dir = t.testdir({ 'rules.yml': CORRELATION });
  await server.seed('results', new Map());
  const sourceOptions = { endpointUrl: server.endpoint, credentials: TEST_CREDENTIALS, region: 'us-east-1', backoff: { baseDelayMs: 1, maxDelayMs: 4 } };
  const source = createS3Source(sourceOptions);
  t.teardown(() => source.close());
  const detections = await loadDetections(['detections', join(dir, 'rules.yml')]);
  const strip = (r: object) => ({ ...r, generatedAt: '' });
  const handlers = createHandlers({ s3: server.client, source: sourceOptions, workers: 0 });

  // Three generated corpora (each with the hand-written trail whose correlation spans shard edges),
  // each cut into 5, 3 and 2 shards.
  for (const [seed, runs] of [[5, [['r5', 5, 3], ['r2', 2, 0]]], [11, [['r3', 3, 2]]], [23, [['r4', 4, 0], ['r2', 2, 1]]]] as const) {
    const bucket = `trail-${seed}`;
    await generateCorpus({ outDir: join(dir, `synth-${seed}`), records: 500, files: 8, seed, start: new Date('2026-03-01T00:00:00Z'), days: 2, rootEvents: { rate: 0.02 } });
    writeTrail(join(dir, `hand-${seed}`));
    const objects = new Map<string, Uint8Array>();
    for (const root of [join(dir, `synth-${seed}`), join(dir, `hand-${seed}`)]) {
      for (const f of filesUnder(join(root, 'AWSLogs'))) objects.set(relative(root, f), readFileSync(f));
    }
    await server.seed(bucket, objects);
    const single = await replay({ locations: [`s3://${bucket}/`], resolveSource: () => source, detections, workers: 0, filter: {}, readAhead: () => 16 });

    for (const [run0, shards, concurrency] of runs) {
      const runName = `seed ${seed} ${run0}`;
      const runPrefix = `trailproof/runs/${seed}-${run0}/`;
      const { items, run } = await planShards({ locations: [`s3://${bucket}/`], resolveSource: () => source, filter: {}, shards });
      const spec = specFileOf({ detections, filter: {} });
      for (const [name, body] of [['plan.json', items], ['run.json', run], ['spec.json', spec]] as const) {
        await server.client.send(new PutObjectCommand({ Bucket: 'results', Key: `${runPrefix}${name}`, Body: encodeJson(body, name) }));
      }
      t.ok(items.every((i) => Buffer.byteLength(JSON.stringify(i)) < 256 * 1024), 'each plan item fits a child input (256 KiB)');

      // Faults, per shard and attempt: a transient Lambda error before anything is written (retried), a
      // failure after the partial is written (retried: the partial is written twice), a shard invoked twice
      // at once (at-least-once delivery), and a shard failing every attempt until it is "fixed" (redrive).
      const calls = new Map<number, number>();
      let broken = true;
      const replayFn = async (payload: Record<string, unknown>): Promise<ReplayBatchResult> => {
        const event = payload as unknown as ReplayBatchEvent;
        const shard = event.Items[0]!.shard;
        const n = (calls.get(shard) ?? 0) + 1;
        calls.set(shard, n);
        const fail = (name: string): never => {
          const e = new Error(`injected failure of shard ${shard}`);
          e.name = name;
          throw e;
        };
        if (shard === 1 && n === 1) fail('Lambda.ServiceException');
        if (shard === shards - 1 && broken) fail('Error');
        const context = { getRemainingTimeInMillis: () => 900_000 };
        if (shard === 0 && n === 1) {
          const [a] = await Promise.all([handlers.replay(event, context), handlers.replay(event, context)]);
          return a;
        }
        const result = await handlers.replay(event, context);
        if (shard === 2 && n === 1) fail('Error');
        return result;
      };
      const execution = new Execution(
        definition,
        { resultsBucket: 'results', runPrefix, planKey: `${runPrefix}plan.json`, mapResultsPrefix: `${runPrefix}map-results`, maxConcurrency: concurrency },
        server.client,
        { '${WorkerFunctionArn}': replayFn, '${ReduceFunctionArn}': (p) => handlers.reduce(p as never) },
      );
      const first = await execution.run();
      t.same([first.status, first.error], ['FAILED', 'States.ExceedToleratedFailureThreshold'], `${runName}: the permanently failing shard fails the Map Run`);
      broken = false;
      const redriven = await execution.run();
      t.equal(redriven.status, 'SUCCEEDED', `${runName}: the redrive succeeds`);
      t.match(redriven.output, { reportKey: `${runPrefix}report/report.json`, exitCode: 0, shards });
      t.ok(Buffer.byteLength(JSON.stringify((await handlers.replay({ BatchInput: { resultsBucket: 'results', runPrefix }, Items: [items[0]!] })))) < 1024, 'a worker returns < 1 KiB');

      const got = await server.client.send(new GetObjectCommand({ Bucket: 'results', Key: `${runPrefix}report/report.json` }));
      const report = JSON.parse(await got.Body!.transformToString()) as object;
      t.same(strip(report), strip(JSON.parse(JSON.stringify(single)) as object), `${runName}: the reduce's report equals the single-machine replay`);
      t.ok(calls.get(shards - 1)! > 3, `${runName}: the failing shard was retried per the definition, then redriven`);
      // With no more than the margin left, a shard fails by name rather than being killed by Lambda.
      await t.rejects(handlers.replay({ BatchInput: { resultsBucket: 'results', runPrefix }, Items: [items[1]!] }, { getRemainingTimeInMillis: () => 60_000 }), { name: 'ShardTooSlow', message: /shard 1 did not finish/ });
    }
  }
});
