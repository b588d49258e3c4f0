/**
 * What `verify-filter --aws` and `verify-pattern --aws` share: their sampling flags, the rules of one
 * dialect to check, and a seeded sample of the records read from the sources (a fixed-size reservoir,
 * so memory does not grow with the sources).
 */
import type { AwsClientOptions } from '../../aws/client-options.js';
import { RecordReservoir } from '../../aws/record-reservoir.js';
import { loadDetections } from '../../dialects/index.js';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { readObject } from '../../engine/read-object.js';
import { resolveSource } from '../../sources/index.js';
import { UsageError } from '../exit-codes.js';
import type { CliIO } from '../output.js';

/** The flags both commands take for their sample. */
export interface SampleFlags {
  readonly detections: string[];
  readonly sample: string;
  readonly seed: string;
}

/** A rule to send to AWS: its detection id and its text as AWS takes it. */
export interface RuleText {
  readonly id: string;
  readonly pattern: string;
}

/**
 * Loads the rules of `dialect` from `--detections` (diagnostics to stderr) and draws the sample of
 * records from `locations`. Bad flags and no rules are usage errors; `what` names the rules in that error.
 */
export async function sampleForRules(
  locations: readonly string[],
  flags: SampleFlags,
  dialect: string,
  what: string,
  aws: AwsClientOptions,
  io: CliIO,
): Promise<{ rules: RuleText[]; drawn: ReturnType<RecordReservoir['drawn']> }> {
  const sample = Number(flags.sample);
  if (!Number.isInteger(sample) || sample < 1) throw new UsageError(`invalid --sample '${flags.sample}': expected a positive integer`);
  const seed = Number(flags.seed);
  if (!/^\d+$/.test(flags.seed) || !Number.isSafeInteger(seed)) throw new UsageError(`invalid --seed '${flags.seed}': expected a non-negative integer`);
  const loaded = await loadDetections(flags.detections);
  for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  const rules = loaded.detections.filter((d) => d.dialect === dialect && d.text !== undefined).map((d) => ({ id: d.id, pattern: d.text! }));
  if (rules.length === 0) throw new UsageError(`no ${what} in ${flags.detections.join(', ')}`);

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
  const drawn = reservoir.drawn();
  io.stderr.write(`sample: ${drawn.description.description}\n`);
  return { rules, drawn };
}
