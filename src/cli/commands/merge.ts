/** `trailproof merge part-*.json`: the partial reports of a plan's shards → the replay's report. */
import { exitCodeOf, nothingEvaluated } from './replay.js';
import { readPartialFiles } from '../../scale/files.js';
import { mergePartials } from '../../scale/merge.js';
import { PartialMismatch } from '../../scale/partial.js';
import type { Report } from '../../report/model.js';
import { renderReport } from '../../report/render.js';
import { UsageError } from '../exit-codes.js';
import { chooseFormat, emit, terminalWidth, useColor, type CliIO } from '../output.js';

export interface MergeFlags {
  readonly format?: string;
  readonly output?: string;
  readonly failOnMiss?: boolean;
  readonly allowIncomplete?: boolean;
  readonly quiet?: boolean;
}

/** Runs `merge`; returns the exit code (the same codes as `replay`). */
export async function runMerge(paths: string[], flags: MergeFlags, io: CliIO): Promise<number> {
  const format = chooseFormat(flags.format, flags.output, io);
  let merged: Report;
  try {
    merged = mergePartials(await readPartialFiles(paths), { allowIncomplete: flags.allowIncomplete === true });
  } catch (e) {
    if (e instanceof PartialMismatch) throw new UsageError(e.message);
    throw e;
  }
  const empty = nothingEvaluated(merged);
  const report: Report = empty === null ? merged : { ...merged, warnings: [...merged.warnings, empty] };
  const toFile = flags.output !== undefined && flags.output !== '-';
  const width = terminalWidth(io, toFile);
  await emit(renderReport(report, format, { color: useColor(io, toFile), ...(width !== undefined ? { width } : {}) }), flags.output, io);
  if (!flags.quiet) {
    for (const w of report.warnings) io.stderr.write(`warning: ${w}\n`);
    for (const e of report.stats.errors.slice(0, 20)) io.stderr.write(`error: ${e.file}: ${e.message}\n`);
  }
  return exitCodeOf(report, flags.failOnMiss === true);
}
