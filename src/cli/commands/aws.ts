/**
 * Commands that talk to CloudWatch Logs: `pull metric-filters` (the account's deployed filters as
 * detection files) and `verify-filter --aws` (our evaluator checked against TestMetricFilter).
 */
import type { AwsClientOptions } from '../../aws/client-options.js';
import { checkEndpointUrl } from '../../aws/client-options.js';
import { pullMetricFilters } from '../../aws/metric-filters.js';
import { RecordReservoir } from '../../aws/record-reservoir.js';
import { verifyFilters } from '../../aws/verify-filter.js';
import { loadDetections } from '../../dialects/index.js';
import { parseFilterPattern } from '../../dialects/cwl/index.js';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { readObject } from '../../engine/read-object.js';
import { resolveSource } from '../../sources/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { emit, type CliIO } from '../output.js';
import { networkOptionsOf, type NetworkFlags } from '../network-flags.js';

/** AWS flags shared by these commands. */
export interface AwsFlags extends NetworkFlags {
  readonly profile?: string;
  readonly awsRegion?: string;
  readonly endpointUrl?: string;
}

/** Builds client options from the flags; bad values are usage errors. */
export function awsOptionsOf(flags: AwsFlags): AwsClientOptions {
  if (flags.endpointUrl !== undefined) {
    const problem = checkEndpointUrl(flags.endpointUrl);
    if (problem !== null) throw new UsageError(problem);
  }
  return {
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(flags.awsRegion !== undefined ? { region: flags.awsRegion } : {}),
    ...(flags.endpointUrl !== undefined ? { endpointUrl: flags.endpointUrl } : {}),
    ...networkOptionsOf(flags),
  };
}

/** Runs `pull metric-filters`. */
export async function runPullMetricFilters(flags: AwsFlags & { logGroup: string; output?: string }, io: CliIO): Promise<number> {
  const result = await pullMetricFilters({ ...awsOptionsOf(flags), logGroup: flags.logGroup, outputDir: flags.output ?? '.' });
  if (result.file === null) {
    io.stderr.write(`log group ${flags.logGroup} has no metric filters; nothing written\n`);
  } else {
    io.stderr.write(`wrote ${result.filters.length} metric filter(s) to ${result.file}\n`);
  }
  return EXIT.OK;
}

/** Flags of `verify-filter`. */
export interface VerifyFilterFlags extends AwsFlags {
  readonly aws?: boolean;
  readonly detections: string[];
  readonly sample: string;
  readonly seed: string;
  readonly output?: string;
}

/**
 * Runs `verify-filter --aws`: reads records from the sources into a fixed-size reservoir (memory does not
 * grow with the sources), compares verdicts on the sample.
 */
export async function runVerifyFilter(locations: string[], flags: VerifyFilterFlags, io: CliIO): Promise<number> {
  if (flags.aws !== true) throw new UsageError('verify-filter compares with CloudWatch Logs TestMetricFilter: pass --aws (it calls AWS)');
  const sample = Number(flags.sample);
  if (!Number.isInteger(sample) || sample < 1) throw new UsageError(`invalid --sample '${flags.sample}': expected a positive integer`);
  const seed = Number(flags.seed);
  if (!/^\d+$/.test(flags.seed) || !Number.isSafeInteger(seed)) throw new UsageError(`invalid --seed '${flags.seed}': expected a non-negative integer`);
  const aws = awsOptionsOf(flags);
  const loaded = await loadDetections(flags.detections);
  for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  const patterns = loaded.detections.filter((d) => d.dialect === 'cwl' && d.text !== undefined).map((d) => ({ id: d.id, pattern: d.text! }));
  if (patterns.length === 0) throw new UsageError(`no CloudWatch Logs filter patterns in ${flags.detections.join(', ')}`);

  const reservoir = new RecordReservoir(sample, seed);
  for (const location of locations) {
    for await (const obj of resolveSource(location, aws).list(location, {})) {
      if (obj.problem !== undefined) io.stderr.write(`${obj.uri}: ${obj.problem.message}\n`);
      if (obj.skip !== undefined || obj.problem !== undefined) continue;
      await readObject(obj.open(), obj.uri, {}, {
        record: (r) => reservoir.offer(r.text),
        skip: () => undefined,
        fileSkipped: () => undefined,
        error: (message) => void io.stderr.write(`${obj.uri}: ${message}\n`),
        bytes: () => undefined,
      });
    }
  }
  const compiled = new Map<string, ReturnType<typeof parseFilterPattern>>();
  const drawn = reservoir.drawn();
  io.stderr.write(`sample: ${drawn.description.description}\n`);
  const result = await verifyFilters(patterns, drawn, {
    ...aws,
    localMatch: (pattern, message) => {
      let p = compiled.get(pattern);
      if (p === undefined) compiled.set(pattern, (p = parseFilterPattern(pattern)));
      return p.matches(message);
    },
  });
  await emit(JSON.stringify(result, null, 2), flags.output, io);
  return result.disagreementCount > 0 ? EXIT.MISSED : EXIT.OK;
}
