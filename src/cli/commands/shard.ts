/**
 * `trailproof replay --plan plan.json --shard K --partial-output part-K.json`: one shard of a plan, on
 * this machine, exactly as the Lambda worker runs it. Rules come from the plan's spec.json.
 */
import { writeFile } from 'node:fs/promises';
import { readPlanFiles, encodeJson } from '../../scale/files.js';
import { PartialMismatch } from '../../scale/partial.js';
import { replayShard } from '../../scale/replay-shard.js';
import { resolveSource, type SourceOptions } from '../../sources/index.js';
import { DEFAULT_S3_CONCURRENCY } from '../../sources/s3/defaults.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { networkOptionsOf } from '../network-flags.js';
import type { CliIO } from '../output.js';
import type { ReplayFlags } from './replay.js';

/** Runs one shard; returns the exit code (3 when the shard has input errors). */
export async function runShard(locations: readonly string[], flags: ReplayFlags, io: CliIO): Promise<number> {
  if (flags.shard === undefined || flags.partialOutput === undefined) throw new UsageError('--plan needs --shard <K> and --partial-output <file>');
  if (locations.length > 0) throw new UsageError('with --plan, the sources are the plan\'s: give no source arguments');
  const { items, run, spec } = await readPlanFiles(flags.plan!).catch((e: unknown) => {
    throw e instanceof PartialMismatch ? new UsageError(e.message) : e;
  });
  const k = Number(flags.shard);
  const item = items.find((i) => i.shard === k);
  if (!Number.isInteger(k) || item === undefined) throw new UsageError(`invalid --shard '${flags.shard}': the plan has shards 0 to ${items.length - 1}`);
  const concurrency = flags.concurrency !== undefined ? Number(flags.concurrency) : DEFAULT_S3_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`invalid --concurrency '${flags.concurrency}': expected an integer >= 1`);
  const sourceOptions: SourceOptions = {
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(flags.awsRegion !== undefined ? { region: flags.awsRegion } : {}),
    ...(flags.endpointUrl !== undefined ? { endpointUrl: flags.endpointUrl } : {}),
    ...networkOptionsOf(flags),
    concurrency,
  };
  const workers = flags.workers !== undefined ? Number(flags.workers) : undefined;
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) throw new UsageError(`invalid --workers '${flags.workers}': expected an integer >= 0`);
  const partial = await replayShard({
    item,
    run,
    spec,
    resolveSource: (l) => resolveSource(l, sourceOptions),
    ...(workers !== undefined ? { workers } : {}),
    readAhead: run.sources.some((s) => s.startsWith('s3://')) ? concurrency : 0,
  });
  await writeFile(flags.partialOutput, encodeJson(partial, flags.partialOutput));
  const errors = partial.state.errors.length;
  if (!flags.quiet) io.stderr.write(`shard ${k} of ${item.of}: ${partial.state.files} objects, ${partial.state.total} records, ${errors} error(s) → ${flags.partialOutput}\n`);
  return partial.state.erroredFiles > 0 || partial.state.errors.some((e) => e.item.message.startsWith('cannot list')) ? EXIT.INPUT : EXIT.OK;
}
