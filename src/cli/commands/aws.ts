/**
 * Commands that talk to CloudWatch Logs: `pull metric-filters` (the account's deployed filters as
 * detection files) and `verify-filter --aws` (our evaluator checked against TestMetricFilter).
 */
import type { AwsClientOptions } from '../../aws/client-options.js';
import { checkEndpointUrl } from '../../aws/client-options.js';
import { pullMetricFilters } from '../../aws/metric-filters.js';
import { verifyFilters } from '../../aws/verify-filter.js';
import { parseFilterPattern } from '../../dialects/cwl/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { emit, type CliIO } from '../output.js';
import { networkOptionsOf, type NetworkFlags } from '../network-flags.js';
import { sampleForRules, type SampleFlags } from './rule-sample.js';

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
export interface VerifyFilterFlags extends AwsFlags, SampleFlags {
  readonly aws?: boolean;
  readonly output?: string;
}

/**
 * Runs `verify-filter --aws`: reads records from the sources into a fixed-size reservoir (memory does not
 * grow with the sources), compares verdicts on the sample.
 */
export async function runVerifyFilter(locations: string[], flags: VerifyFilterFlags, io: CliIO): Promise<number> {
  if (flags.aws !== true) throw new UsageError('verify-filter compares with CloudWatch Logs TestMetricFilter: pass --aws (it calls AWS)');
  const aws = awsOptionsOf(flags);
  const { rules, drawn } = await sampleForRules(locations, flags, 'cwl', 'CloudWatch Logs filter patterns', aws, io);
  const compiled = new Map<string, ReturnType<typeof parseFilterPattern>>();
  const result = await verifyFilters(rules, drawn, {
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
