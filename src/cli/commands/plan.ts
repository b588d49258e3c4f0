/**
 * `trailproof plan <source...> --output plan.json`: the shard plan of a scale-out run (docs/scale-out.md),
 * with `run.json` and `spec.json` beside it.
 */
import { loadDetections } from '../../dialects/index.js';
import { planShards } from '../../scale/plan-shards.js';
import { writePlanFiles } from '../../scale/files.js';
import { specFileOf } from '../../scale/spec-file.js';
import { resolveSource, type SourceOptions } from '../../sources/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { networkOptionsOf } from '../network-flags.js';
import { ruleInputsOf } from '../rule-inputs.js';
import type { CliIO } from '../output.js';
import { scopeOptionsOf, selectionOf, type ReplayFlags } from './replay.js';

export interface PlanFlags extends ReplayFlags {
  readonly shards?: string;
  readonly targetShardMb?: string;
  readonly maxConcurrency?: string;
}

function positive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`invalid ${flag} '${text}': expected a number > 0`);
  return n;
}

/** Runs `plan`; returns the exit code. */
export async function runPlan(locations: string[], flags: PlanFlags, io: CliIO): Promise<number> {
  if (flags.output === undefined) throw new UsageError('plan needs --output <plan.json> (run.json and spec.json are written beside it)');
  for (const l of locations) {
    if (l === '-' || (l.includes('://') && !l.startsWith('s3://'))) throw new UsageError(`cannot plan ${l}: shards are planned for local folders and s3:// locations only`);
  }
  const shards = positive(flags.shards, '--shards');
  const targetMb = positive(flags.targetShardMb, '--target-shard-mb');
  if (shards !== undefined && (!Number.isInteger(shards) || targetMb !== undefined)) throw new UsageError('give either --shards <integer> or --target-shard-mb, not both');
  const concurrency = positive(flags.maxConcurrency, '--max-concurrency');
  const filter = selectionOf(flags);
  const detections = await loadDetections(flags.detections, await ruleInputsOf(flags));
  if (detections.detections.length === 0 && detections.correlations.length === 0) throw new UsageError(`no detections loaded from ${flags.detections.join(', ')}`);
  const sourceOptions: SourceOptions = {
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(flags.awsRegion !== undefined ? { region: flags.awsRegion } : {}),
    ...(flags.endpointUrl !== undefined ? { endpointUrl: flags.endpointUrl } : {}),
    ...networkOptionsOf(flags),
  };
  const warnings: string[] = [];
  if (filter.regions !== undefined && filter.regions.length > 0 && !filter.regions.includes('us-east-1')) {
    warnings.push('--region leaves out us-east-1, where AWS records root console sign-ins: root logins will not be seen');
  }
  const { items, run } = await planShards({
    locations,
    resolveSource: (l) => resolveSource(l, sourceOptions),
    filter,
    ...(shards !== undefined ? { shards } : {}),
    ...(targetMb !== undefined ? { targetShardBytes: Math.round(targetMb * 1e6) } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  });
  const spec = specFileOf({
    detections,
    filter,
    prefilter: flags.prefilter === false ? 'off' : flags.byteScan === false ? 'text' : 'on',
    scope: scopeOptionsOf(flags.scope ?? [], [...detections.detections, ...detections.correlations]),
    warnings,
  });
  await writePlanFiles(flags.output, items, run, spec);
  if (!flags.quiet) {
    io.stderr.write(`plan ${run.plan.slice(0, 12)}: ${run.objects} objects, ${run.bytes} bytes stored, ${items.length} shard(s) → ${flags.output}\n`);
    for (const e of run.listing.errors) io.stderr.write(`error: ${e.file}: ${e.message}\n`);
  }
  return run.listing.errors.length > 0 ? EXIT.INPUT : EXIT.OK;
}
