/**
 * Commands that talk to EventBridge: `pull event-rules` (a bus's deployed rules as a detection file) and
 * `verify-pattern --aws` (our matcher checked against TestEventPattern). Flags, sampling and output as
 * for the CloudWatch Logs twins (aws.ts).
 */
import { join } from 'node:path';
import { eventRulesFileName, pullEventRules } from '../../aws/event-rules.js';
import { verifyPatterns } from '../../aws/verify-pattern.js';
import { parseEventPattern, type EventPattern } from '../../dialects/eventbridge/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { emit, type CliIO } from '../output.js';
import { awsOptionsOf, type AwsFlags } from './aws.js';
import { sampleForRules, type SampleFlags } from './rule-sample.js';

/** Flags of `pull event-rules`. */
export interface PullEventRulesFlags extends AwsFlags {
  readonly eventBus?: string;
  readonly namePrefix?: string;
  readonly output?: string;
}

/** Runs `pull event-rules`. */
export async function runPullEventRules(flags: PullEventRulesFlags, io: CliIO): Promise<number> {
  const output = flags.output ?? join('.', eventRulesFileName(flags.eventBus));
  const result = await pullEventRules({
    ...awsOptionsOf(flags),
    ...(flags.eventBus !== undefined ? { eventBus: flags.eventBus } : {}),
    ...(flags.namePrefix !== undefined ? { namePrefix: flags.namePrefix } : {}),
    output,
  });
  const bus = flags.eventBus ?? 'default';
  if (result.file === null) io.stderr.write(`event bus ${bus} has no rules${flags.namePrefix !== undefined ? ` named ${flags.namePrefix}…` : ''}; nothing written\n`);
  else io.stderr.write(`wrote ${result.rules.length} rule(s) of event bus ${bus} to ${result.file}\n`);
  return EXIT.OK;
}

/** Flags of `verify-pattern`. */
export interface VerifyPatternFlags extends AwsFlags, SampleFlags {
  readonly aws?: boolean;
  readonly output?: string;
}

/**
 * Runs `verify-pattern --aws`: samples records from the sources into a fixed-size reservoir, sends each
 * one's envelope with every loaded event pattern to TestEventPattern, and reports disagreements (exit 1).
 */
export async function runVerifyPattern(locations: string[], flags: VerifyPatternFlags, io: CliIO): Promise<number> {
  if (flags.aws !== true) throw new UsageError('verify-pattern compares with EventBridge TestEventPattern: pass --aws (it calls AWS)');
  const aws = awsOptionsOf(flags);
  const { rules, drawn } = await sampleForRules(locations, flags, 'eventbridge', 'EventBridge event patterns', aws, io);
  const compiled = new Map<string, EventPattern>();
  const result = await verifyPatterns(rules, drawn, {
    ...aws,
    localMatch: (pattern, event) => {
      let p = compiled.get(pattern);
      if (p === undefined) compiled.set(pattern, (p = parseEventPattern(pattern)));
      return p.matches(event);
    },
  });
  await emit(JSON.stringify(result, null, 2), flags.output, io);
  return result.disagreementCount > 0 ? EXIT.MISSED : EXIT.OK;
}
