/**
 * `trailproof synth <out-dir>`: writes a deterministic, realistic CloudTrail tree with planted root
 * events and a truth file (the benchmarks' and differential tests' corpus generator).
 */
import { generateCorpus, SynthError } from '../../synth/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { parseTime } from '../time.js';
import type { CliIO } from '../output.js';

/** Flags of `synth`. */
export interface SynthFlags {
  readonly records: string;
  readonly files: string;
  readonly seed: string;
  readonly start: string;
  readonly days: string;
  readonly accounts?: string;
  readonly region?: string[];
  readonly org?: string;
  readonly largeFraction?: string;
  readonly rootRate?: string;
  readonly quiet?: boolean;
}

function num(text: string, flag: string, min: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`invalid ${flag} '${text}': expected a number >= ${min}`);
  return n;
}

/** Runs `synth`; returns the exit code. */
export async function runSynth(outDir: string, flags: SynthFlags, io: CliIO): Promise<number> {
  let start: Date;
  try {
    start = parseTime(flags.start);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  try {
    const summary = await generateCorpus({
      outDir,
      records: num(flags.records, '--records', 1),
      files: num(flags.files, '--files', 1),
      seed: num(flags.seed, '--seed', 0),
      start,
      days: num(flags.days, '--days', 0),
      ...(flags.accounts !== undefined ? { accounts: num(flags.accounts, '--accounts', 1) } : {}),
      ...(flags.region !== undefined ? { regions: flags.region } : {}),
      ...(flags.org !== undefined ? { orgId: flags.org } : {}),
      ...(flags.largeFraction !== undefined ? { largeRecordFraction: num(flags.largeFraction, '--large-fraction', 0) } : {}),
      ...(flags.rootRate !== undefined ? { rootEvents: { rate: num(flags.rootRate, '--root-rate', 0) } } : {}),
    });
    if (!flags.quiet) {
      io.stderr.write(
        `wrote ${summary.files} files, ${summary.records} records (${(summary.bytesUncompressed / 1e6).toFixed(1)} MB, ` +
          `${(summary.bytesCompressed / 1e6).toFixed(1)} MB gzip), ${summary.truth.rootEvents.length} planted root events; truth: ${summary.truthFile}\n`,
      );
    }
  } catch (e) {
    if (e instanceof SynthError) {
      if (e.kind === 'invalid-option') throw new UsageError(e.message);
      io.stderr.write(`error: ${e.message}\n`);
      return EXIT.INPUT;
    }
    throw e;
  }
  return EXIT.OK;
}
