/**
 * A local interpreter of the fields of deploy/state-machine.asl.json that the scale-out run uses, so
 * the deployed definition itself drives the simulation: a Map state with an S3 `ItemReader` (JSON
 * array), `ItemBatcher` (`MaxItemsPerBatch`, `BatchInput` paths), `MaxConcurrencyPath` (a promise
 * pool), a Task with `Retry` (`ErrorEquals`, `MaxAttempts`; no sleeping), `OutputPath`, a
 * `ResultWriter` writing `manifest.json` and `SUCCEEDED_0.json` / `FAILED_0.json` / `PENDING_0.json`,
 * `ToleratedFailurePercentage`, and redrive (failed items run again; the manifest then lists the
 * successes of every attempt). Then the Reduce task. Paths are `$.name` only.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

type Json = Record<string, unknown>;
type Handler = (payload: Json) => Promise<unknown>;

interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly MaxAttempts?: number;
}

/** `$.x` against an object; only the paths the definition uses. */
function path(input: Json, p: string): unknown {
  if (p === '$') return input;
  if (!p.startsWith('$.')) throw new Error(`sfn-sim: unsupported path ${p}`);
  return p.slice(2).split('.').reduce<unknown>((v, k) => (v as Json | undefined)?.[k], input);
}

/** Parameters with `key.$` paths resolved. */
function parameters(template: Json, input: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(template)) {
    if (k.endsWith('.$')) out[k.slice(0, -2)] = path(input, v as string);
    else out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? parameters(v as Json, input) : v;
  }
  return out;
}

export interface ExecutionResult {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly output?: unknown;
  readonly invocations: number;
}

/** One state machine execution (and its redrives), with Lambda functions given by ARN placeholder. */
export class Execution {
  private readonly succeeded: Json[] = [];
  private failedItems: { index: number; payload: Json }[] = [];
  private attempt = 0;
  invocations = 0;

  constructor(
    private readonly definition: Json,
    private readonly input: Json,
    private readonly s3: S3Client,
    private readonly functions: Readonly<Record<string, Handler>>,
  ) {}

  /** Runs from the start (or, after a failure, redrives the failed items). */
  async run(): Promise<ExecutionResult> {
    const states = this.definition.States as Record<string, Json>;
    const map = states[this.definition.StartAt as string]!;
    const mapRunArn = `arn:aws:states:us-east-1:000000000000:mapRun:sim/replay:run`;
    const items = this.attempt === 0 ? await this.readItems(map) : null;
    const batches = items !== null ? this.batch(map, items) : this.failedItems;
    this.attempt++;
    const concurrency = Number(path(this.input, map.MaxConcurrencyPath as string) ?? 0) || batches.length;
    const processor = map.ItemProcessor as Json;
    const task = (processor.States as Record<string, Json>)[processor.StartAt as string]!;
    const failed: { index: number; payload: Json; error: string }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, batches.length) }, async () => {
        while (next < batches.length) {
          const b = batches[next++]!;
          try {
            const output = await this.invoke(task, b.payload);
            this.succeeded.push({ ExecutionArn: `${mapRunArn}:${b.index}`, Input: JSON.stringify(b.payload), Output: JSON.stringify(output), Status: 'SUCCEEDED' });
          } catch (e) {
            failed.push({ ...b, error: (e as Error).name });
          }
        }
      }),
    );
    this.failedItems = failed.map(({ index, payload }) => ({ index, payload }));
    const writer = parameters((map.ResultWriter as Json).Parameters as Json, this.input);
    const prefix = `${writer.Prefix as string}/sim-run`;
    const put = (key: string, body: unknown) => this.s3.send(new PutObjectCommand({ Bucket: writer.Bucket as string, Key: key, Body: JSON.stringify(body) }));
    await put(`${prefix}/SUCCEEDED_0.json`, this.succeeded);
    await put(`${prefix}/FAILED_0.json`, failed.map((f) => ({ Input: JSON.stringify(f.payload), Error: f.error, Status: 'FAILED' })));
    await put(`${prefix}/PENDING_0.json`, []);
    await put(`${prefix}/manifest.json`, {
      DestinationBucket: writer.Bucket,
      MapRunArn: mapRunArn,
      ResultFiles: { SUCCEEDED: [{ Key: `${prefix}/SUCCEEDED_0.json` }], FAILED: failed.length > 0 ? [{ Key: `${prefix}/FAILED_0.json` }] : [], PENDING: [] },
    });
    const tolerated = Number(map.ToleratedFailurePercentage ?? 0);
    if (batches.length > 0 && (failed.length * 100) / (this.succeeded.length + failed.length) > tolerated) {
      return { status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold', invocations: this.invocations };
    }
    const state: Json = { ...this.input, [(map.ResultPath as string).slice(2)]: { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: writer.Bucket, Key: `${prefix}/manifest.json` } } };
    const reduce = states[map.Next as string]!;
    return { status: 'SUCCEEDED', output: await this.invoke(reduce, state), invocations: this.invocations };
  }

  private async readItems(map: Json): Promise<unknown[]> {
    const reader = map.ItemReader as Json;
    const p = parameters(reader.Parameters as Json, this.input);
    const out = await this.s3.send(new GetObjectCommand({ Bucket: p.Bucket as string, Key: p.Key as string }));
    return JSON.parse(await out.Body!.transformToString()) as unknown[];
  }

  private batch(map: Json, items: unknown[]): { index: number; payload: Json }[] {
    const batcher = map.ItemBatcher as Json;
    const size = Number(batcher.MaxItemsPerBatch);
    const batchInput = parameters(batcher.BatchInput as Json, this.input);
    const out: { index: number; payload: Json }[] = [];
    for (let i = 0; i < items.length; i += size) out.push({ index: out.length, payload: { BatchInput: batchInput, Items: items.slice(i, i + size) } });
    return out;
  }

  /** A Lambda invoke Task: Parameters → function, Retry, OutputPath `$.Payload`. */
  private async invoke(task: Json, input: Json): Promise<unknown> {
    const p = parameters(task.Parameters as Json, input);
    const fn = this.functions[p.FunctionName as string];
    if (fn === undefined) throw new Error(`sfn-sim: no function ${String(p.FunctionName)}`);
    const retriers = (task.Retry as Retrier[] | undefined) ?? [];
    const counts = retriers.map(() => 0);
    for (;;) {
      this.invocations++;
      try {
        const payload = await fn(p.Payload as Json);
        if (task.OutputPath !== '$.Payload') throw new Error('sfn-sim: only OutputPath $.Payload is simulated');
        return payload;
      } catch (e) {
        const name = (e as Error).name;
        // A function error is matched by its name, then by States.TaskFailed (any task failure).
        const r = retriers.findIndex((x) => x.ErrorEquals.includes(name) || x.ErrorEquals.includes('States.TaskFailed') || x.ErrorEquals.includes('States.ALL'));
        if (r === -1 || counts[r]! >= (retriers[r]!.MaxAttempts ?? 3)) throw e;
        counts[r]!++;
      }
    }
  }
}
