/**
 * `trailproof review <source...>`: the incident-review report of every root event in the window, as a
 * timeline grouped into sessions with counts per account and source IP (docs/review.md).
 */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { loadDetections } from '../../dialects/index.js';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { replay } from '../../engine/replay.js';
import { INPUT_FORMATS, type InputFormat } from '../../engine/split/index.js';
import { buildReview, parseGap, renderReview, REVIEW_FORMATS, REVIEW_PROBLEM_LIMIT, type ReviewFormat } from '../../review/index.js';
import { problemWhere } from '../../review/format/problem.js';
import { resolveSource, type SourceOptions } from '../../sources/index.js';
import { VERSION } from '../../version.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { networkOptionsOf, type NetworkFlags } from '../network-flags.js';
import { emit, ProgressLine, useColor, type CliIO } from '../output.js';
import { selectionOf } from './replay.js';

/** The options `review` takes (as commander hands them over). */
export interface ReviewFlags extends NetworkFlags {
  /** Detection files or folders; absent: `./detections` when it exists, else none. */
  readonly detections?: string[];
  readonly format?: string;
  readonly output?: string;
  readonly since?: string;
  readonly until?: string;
  readonly account?: string[];
  readonly region?: string[];
  readonly sessionGap?: string;
  readonly inputFormat?: string;
  readonly workers?: string;
  readonly quiet?: boolean;
  readonly profile?: string;
  readonly awsRegion?: string;
  readonly endpointUrl?: string;
  readonly concurrency?: string;
  readonly logStreamPrefix?: string;
}

/**
 * The review format: --format when given; else from --output's extension (.json, .csv, .html, .htm);
 * else `table` on a terminal and `json` when stdout is a pipe or file (as `replay` does).
 */
export function chooseReviewFormat(format: string | undefined, output: string | undefined, io: CliIO): ReviewFormat {
  if (format !== undefined) {
    if (!(REVIEW_FORMATS as readonly string[]).includes(format)) throw new UsageError(`invalid --format '${format}': expected one of ${REVIEW_FORMATS.join(', ')}`);
    return format as ReviewFormat;
  }
  if (output !== undefined && output !== '-') {
    const ext = extname(output).toLowerCase();
    if (ext === '.json') return 'json';
    if (ext === '.csv') return 'csv';
    if (ext === '.html' || ext === '.htm') return 'html';
    return 'table';
  }
  return io.stdout.isTTY === true ? 'table' : 'json';
}

function integer(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`invalid ${flag} '${text}': expected an integer >= ${min}`);
  return n;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Runs `review`; returns the exit code (0, or 3 when input errors may have left the timeline incomplete). */
export async function runReview(locations: readonly string[], flags: ReviewFlags, io: CliIO): Promise<number> {
  const format = chooseReviewFormat(flags.format, flags.output, io);
  const filter = selectionOf(flags);
  let gapMs: number;
  try {
    gapMs = parseGap(flags.sessionGap ?? '30m');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (flags.inputFormat !== undefined && !(INPUT_FORMATS as readonly string[]).includes(flags.inputFormat)) {
    throw new UsageError(`invalid --input-format '${flags.inputFormat}': expected one of ${INPUT_FORMATS.join(', ')}`);
  }
  const workers = integer(flags.workers, '--workers', 0);
  const concurrency = integer(flags.concurrency, '--concurrency', 1);

  // The review is about root activity: detections only add "which rules fired", so none is fine.
  const paths = flags.detections ?? ((await isDirectory('detections')) ? ['detections'] : []);
  const detections = await loadDetections(paths);
  if (!flags.quiet) for (const d of detections.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);

  const warnings: string[] = [];
  if (filter.regions !== undefined && filter.regions.length > 0 && !filter.regions.includes('us-east-1')) {
    warnings.push('--region leaves out us-east-1, where AWS records root console sign-ins: root logins will not be seen');
  }
  if (!flags.quiet) for (const w of warnings) io.stderr.write(`warning: ${w}\n`);

  const sourceOptions: SourceOptions = {
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(flags.awsRegion !== undefined ? { region: flags.awsRegion } : {}),
    ...(flags.region?.length === 1 ? { recordRegion: flags.region[0]! } : {}),
    ...(flags.endpointUrl !== undefined ? { endpointUrl: flags.endpointUrl } : {}),
    ...networkOptionsOf(flags),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(flags.logStreamPrefix !== undefined ? { logStreamPrefix: flags.logStreamPrefix } : {}),
  };
  const progress = new ProgressLine(io, flags.quiet === true);
  const report = await replay({
    locations,
    resolveSource: (l) => resolveSource(l, sourceOptions),
    detections,
    filter,
    ...(flags.inputFormat !== undefined ? { format: flags.inputFormat as InputFormat } : {}),
    ...(workers !== undefined ? { workers } : {}),
    warnings,
    version: VERSION,
    onProgress: (p) => progress.update(p),
  });
  progress.done();
  const review = buildReview(report, { sessionGapMs: gapMs });
  const toFile = flags.output !== undefined && flags.output !== '-';
  await emit(renderReview(review, format, { color: format === 'table' && useColor(io, toFile) }), flags.output, io);
  if (!flags.quiet) {
    for (const w of report.warnings.slice(warnings.length)) io.stderr.write(`warning: ${w}\n`);
    for (const e of report.stats.errors.slice(0, 20)) io.stderr.write(`error: ${problemWhere(e)}: ${e.message}\n`);
    if (report.stats.errors.length > 20) io.stderr.write(`error: ... ${report.stats.errors.length - 20} more (the review lists the first ${REVIEW_PROBLEM_LIMIT} under input problems)\n`);
  }
  const inputFailed = report.stats.files.errored > 0 || report.stats.errors.some((e) => e.message.startsWith('cannot list'));
  return inputFailed ? EXIT.INPUT : EXIT.OK;
}
