/**
 * The Lambda functions of a scale-out run (package export `trailproof/lambda`; deploy/scale-out.yaml).
 *
 * `replayHandler` takes one Distributed Map batch (`{BatchInput: {resultsBucket, runPrefix}, Items:
 * [plan items]}`), replays each shard from S3 with the normal S3 source, writes each partial to
 * `<runPrefix>partials/<shard>.json.gz` and returns only the keys and digests (state payloads are
 * limited to 256 KiB). A shard's partial key is fixed, so a retried or redriven shard overwrites its
 * partial with the same bytes. Input problems go into the partial; the handler throws only when the run
 * files cannot be read or the partial cannot be written, or as `ShardTooSlow` with under a minute left.
 *
 * `reduceHandler` reads the Map Run's ResultWriter manifest, fetches the partial of every succeeded
 * shard (checking the digest the worker returned), merges them and writes `<runPrefix>report/report.json`
 * and `report/exit-code`.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { exitCodeOf, nothingEvaluated } from '../cli/commands/replay.js';
import { createS3Client } from '../aws/s3-client.js';
import type { Report } from '../report/model.js';
import { createS3Source, type S3SourceOptions } from '../sources/s3/source.js';
import { decodeJson, encodeJson } from './files.js';
import { mergePartials } from './merge.js';
import { RUN_SCHEMA, SPEC_SCHEMA, type PartialReport, type RunFile, type ShardItem, type SpecFile } from './model.js';
import { checkPartial } from './partial.js';
import { replayShard } from './replay-shard.js';

/** What the state machine's ItemBatcher hands a worker. */
export interface ReplayBatchEvent {
  readonly BatchInput: { readonly resultsBucket: string; readonly runPrefix: string };
  readonly Items: readonly ShardItem[];
}

/** A worker's answer: one line per shard (well under 1 KiB each). */
export interface ReplayBatchResult {
  readonly partials: readonly { readonly shard: number; readonly key: string; readonly digest: string; readonly records: number; readonly errors: number }[];
}

/** What the Reduce state passes: the run, and the Map state's result (its ResultWriter details). */
export interface ReduceEvent {
  readonly resultsBucket: string;
  readonly runPrefix: string;
  readonly mapRun: { readonly ResultWriterDetails: { readonly Bucket: string; readonly Key: string } };
  /** Report even when shards failed (they are named in stats.errors; exit code 3). */
  readonly allowIncomplete?: boolean;
}

export interface ReduceResult {
  readonly reportKey: string;
  readonly exitCode: number;
  readonly shards: number;
}

/** The Lambda context fields used. */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** Leave this much of the Lambda timeout: a shard still running then fails by name instead of being killed. */
export const SHARD_DEADLINE_MARGIN_MS = 60_000;

/** Partials the reduce reads at once. */
const REDUCE_READS = 16;

/** How the handlers reach S3 (tests point both at an emulator). */
export interface HandlerOptions {
  /** Client for the results bucket (run files, partials, report). */
  readonly s3?: S3Client;
  /** Options of the S3 source that reads the trail. */
  readonly source?: S3SourceOptions;
  /** Worker threads per shard; default one per vCPU of the function (memory / 1,769 MB). */
  readonly workers?: number;
}

export function partialKey(runPrefix: string, shard: number): string {
  return `${runPrefix}partials/${String(shard).padStart(6, '0')}.json.gz`;
}

/** Both handlers, on the given clients. */
export function createHandlers(options: HandlerOptions = {}): {
  replay: (event: ReplayBatchEvent, context?: LambdaContext) => Promise<ReplayBatchResult>;
  reduce: (event: ReduceEvent) => Promise<ReduceResult>;
} {
  let client = options.s3;
  const s3 = (): S3Client => (client ??= createS3Client({}));
  // Per container: the run files of the last run seen (a container serves many batches of one run).
  let cached: { prefix: string; files: Promise<{ run: RunFile; spec: SpecFile }> } | null = null;

  const getJson = async (bucket: string, key: string): Promise<unknown> => {
    const out = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return decodeJson(await out.Body!.transformToByteArray(), `s3://${bucket}/${key}`);
  };
  const putJson = (bucket: string, key: string, value: unknown): Promise<unknown> =>
    s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: encodeJson(value, key) }));

  async function runFiles(bucket: string, prefix: string): Promise<{ run: RunFile; spec: SpecFile }> {
    if (cached?.prefix !== `${bucket}/${prefix}`) {
      const files = (async () => {
        const [run, spec] = (await Promise.all([getJson(bucket, `${prefix}run.json`), getJson(bucket, `${prefix}spec.json`)])) as [RunFile, SpecFile];
        if (run?.schema !== RUN_SCHEMA || spec?.schema !== SPEC_SCHEMA) throw new Error(`s3://${bucket}/${prefix}: run.json or spec.json is not a trailproof run file`);
        return { run, spec };
      })();
      files.catch(() => (cached = null));
      cached = { prefix: `${bucket}/${prefix}`, files };
    }
    return cached.files;
  }

  async function replay(event: ReplayBatchEvent, context?: LambdaContext): Promise<ReplayBatchResult> {
    const { resultsBucket, runPrefix } = event.BatchInput;
    const { run, spec } = await runFiles(resultsBucket, runPrefix);
    const source = createS3Source({ ...options.source });
    const memory = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1769');
    const workers = options.workers ?? Math.max(1, Math.floor(memory / 1769));
    const partials: ReplayBatchResult['partials'][number][] = [];
    try {
      for (const item of event.Items) {
        const partial = await withDeadline(
          replayShard({ item, run, spec, resolveSource: () => source, workers, readAhead: 16 * Math.max(1, workers) }),
          context,
          item.shard,
        );
        const key = partialKey(runPrefix, item.shard);
        await putJson(resultsBucket, key, partial);
        partials.push({ shard: item.shard, key, digest: partial.digest, records: partial.state.total, errors: partial.state.errors.length });
      }
    } finally {
      source.close();
    }
    return { partials };
  }

  async function reduce(event: ReduceEvent): Promise<ReduceResult> {
    const { resultsBucket, runPrefix } = event;
    const writer = event.mapRun.ResultWriterDetails;
    const manifest = (await getJson(writer.Bucket, writer.Key)) as { ResultFiles?: { SUCCEEDED?: { Key: string }[] } };
    const expected = new Map<string, string>();
    for (const file of manifest.ResultFiles?.SUCCEEDED ?? []) {
      const executions = (await getJson(writer.Bucket, file.Key)) as { Output?: string; Status?: string }[];
      for (const e of executions) {
        if (e.Output === undefined) continue;
        for (const p of (JSON.parse(e.Output) as ReplayBatchResult).partials) expected.set(p.key, p.digest);
      }
    }
    const wanted = [...expected].sort();
    const partials: PartialReport[] = [];
    // A few GETs in flight: a run of 1,000 shards is read in seconds, not in 1,000 round trips.
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(REDUCE_READS, wanted.length) }, async () => {
        while (next < wanted.length) {
          const [key, digest] = wanted[next++]!;
          const partial = checkPartial(await getJson(resultsBucket, key), `s3://${resultsBucket}/${key}`);
          if (partial.digest !== digest) throw new Error(`s3://${resultsBucket}/${key}: digest ${partial.digest.slice(0, 12)} is not the ${digest.slice(0, 12)} its shard reported (overwritten by another run?)`);
          partials.push(partial);
        }
      }),
    );
    const merged = mergePartials(partials, { allowIncomplete: event.allowIncomplete === true });
    const empty = nothingEvaluated(merged);
    const report: Report = empty === null ? merged : { ...merged, warnings: [...merged.warnings, empty] };
    const exitCode = exitCodeOf(report, false);
    const reportKey = `${runPrefix}report/report.json`;
    await s3().send(new PutObjectCommand({ Bucket: resultsBucket, Key: reportKey, Body: `${JSON.stringify(report, null, 2)}\n` }));
    await s3().send(new PutObjectCommand({ Bucket: resultsBucket, Key: `${runPrefix}report/exit-code`, Body: `${exitCode}\n` }));
    return { reportKey, exitCode, shards: partials.length };
  }

  return { replay, reduce };
}

/** Fails the shard as `ShardTooSlow` when the Lambda is about to time out. */
async function withDeadline<T>(work: Promise<T>, context: LambdaContext | undefined, shard: number): Promise<T> {
  if (context === undefined) return work;
  const left = context.getRemainingTimeInMillis() - SHARD_DEADLINE_MARGIN_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new Error(`shard ${shard} did not finish with a minute of the Lambda timeout left: plan smaller shards (--target-shard-mb)`);
      e.name = 'ShardTooSlow';
      reject(e);
    }, Math.max(0, left));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const defaults = createHandlers();

/** The worker function's handler (`dist/scale/lambda.replayHandler`). */
export const replayHandler = defaults.replay;
/** The reduce function's handler (`dist/scale/lambda.reduceHandler`). */
export const reduceHandler = defaults.reduce;
