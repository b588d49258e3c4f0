/**
 * Commands that talk to EventBridge: `pull event-rules` (a bus's deployed rules as a detection file) and
 * `verify-pattern --aws` (our matcher checked against TestEventPattern). Flags, sampling and output as
 * for the CloudWatch Logs twins (aws.ts).
 */
import { join } from 'node:path';
import { eventRulesFileName, pullEventRules } from '../../aws/event-rules.js';
import { RecordReservoir } from '../../aws/record-reservoir.js';
import { verifyPatterns } from '../../aws/verify-pattern.js';
import { parseEventPattern, type EventPattern } from '../../dialects/eventbridge/index.js';
import { loadDetections } from '../../dialects/index.js';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { readObject } from '../../engine/read-object.js';
import { resolveSource } from '../../sources/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { emit, type CliIO } from '../output.js';
import { awsOptionsOf, type AwsFlags } from './aws.js';

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
export interface VerifyPatternFlags extends AwsFlags {
  readonly aws?: boolean;
  readonly detections: string[];
  readonly sample: string;
  readonly seed: string;
  readonly output?: string;
}

/**
 * Runs `verify-pattern --aws`: samples records from the sources into a fixed-size reservoir, sends each
 * one's envelope with every loaded event pattern to TestEventPattern, and reports disagreements (exit 1).
 */
export async function runVerifyPattern(locations: string[], flags: VerifyPatternFlags, io: CliIO): Promise<number> {
  if (flags.aws !== true) throw new UsageError('verify-pattern compares with EventBridge TestEventPattern: pass --aws (it calls AWS)');
  const sample = Number(flags.sample);
  if (!Number.isInteger(sample) || sample < 1) throw new UsageError(`invalid --sample '${flags.sample}': expected a positive integer`);
  const seed = Number(flags.seed);
  if (!/^\d+$/.test(flags.seed) || !Number.isSafeInteger(seed)) throw new UsageError(`invalid --seed '${flags.seed}': expected a non-negative integer`);
  const aws = awsOptionsOf(flags);
  const loaded = await loadDetections(flags.detections);
  for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  const patterns = loaded.detections.filter((d) => d.dialect === 'eventbridge' && d.text !== undefined).map((d) => ({ id: d.id, pattern: d.text! }));
  if (patterns.length === 0) throw new UsageError(`no EventBridge event patterns in ${flags.detections.join(', ')}`);

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
  const compiled = new Map<string, EventPattern>();
  const drawn = reservoir.drawn();
  io.stderr.write(`sample: ${drawn.description.description}\n`);
  const result = await verifyPatterns(patterns, drawn, {
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
