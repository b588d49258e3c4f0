/**
 * `trailproof replay <source...>`: replays archives through the detections and reports caught / missed
 * root events per detection.
 */
import { existsSync } from 'node:fs';
import { checkEndpointUrl } from '../../aws/client-options.js';
import { loadDetections } from '../../dialects/index.js';
import { parseScopeText } from '../../dialects/scope-declaration.js';
import type { Detection } from '../../dialects/types.js';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { replay } from '../../engine/replay.js';
import type { ScopeOptions, ScopeOverride } from '../../engine/scope/resolve-scope.js';
import { workerLimit, WORKERS_PER_CORE } from '../../engine/workers/pool.js';
import { INPUT_FORMATS, type InputFormat } from '../../engine/split/index.js';
import { ROUTINE_FILE_SKIPS, type Report } from '../../report/model.js';
import { renderReport } from '../../report/render.js';
import { failsScope } from '../../report/undelivered.js';
import { resolveSource, type SourceOptions } from '../../sources/index.js';
import { DEFAULT_S3_CONCURRENCY } from '../../sources/s3/defaults.js';
import type { SelectionFilter } from '../../sources/types.js';
import { VERSION } from '../../version.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { networkOptionsOf, type NetworkFlags } from '../network-flags.js';
import { ruleInputsOf, type RuleInputFlags } from '../rule-inputs.js';
import { chooseFormat, emit, ProgressLine, terminalWidth, useColor, type CliIO } from '../output.js';
import { parseTime } from '../time.js';

/** The options `replay` takes (as commander hands them over). */
export interface ReplayFlags extends NetworkFlags, RuleInputFlags {
  readonly detections: string[];
  readonly format?: string;
  readonly output?: string;
  readonly since?: string;
  readonly until?: string;
  readonly account?: string[];
  readonly region?: string[];
  readonly failOnMiss?: boolean;
  readonly inputFormat?: string;
  readonly workers?: string;
  readonly prefilter?: boolean;
  readonly byteScan?: boolean;
  readonly quiet?: boolean;
  readonly profile?: string;
  readonly awsRegion?: string;
  readonly endpointUrl?: string;
  readonly concurrency?: string;
  readonly logStreamPrefix?: string;
  readonly verifyIntegrity?: boolean;
  readonly publicKeys?: string[];
  readonly failOnGaps?: boolean;
  readonly scope?: string[];
  /** Scale-out: replay one shard of this plan (src/cli/commands/shard.ts). */
  readonly plan?: string;
  readonly shard?: string;
  readonly partialOutput?: string;
}

function positiveInt(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`invalid ${flag} '${text}': expected an integer >= ${min}`);
  return n;
}

/** Builds the selection filter from the flags; throws UsageError on bad values. */
export function selectionOf(flags: Pick<ReplayFlags, 'since' | 'until' | 'account' | 'region'>, now = new Date()): SelectionFilter {
  const wrap = (f: () => Date): Date => {
    try {
      return f();
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  };
  const since = flags.since !== undefined ? wrap(() => parseTime(flags.since!, now)) : undefined;
  const until = flags.until !== undefined ? wrap(() => parseTime(flags.until!, now)) : undefined;
  if (since !== undefined && until !== undefined && since >= until) throw new UsageError('--since must be before --until');
  for (const a of flags.account ?? []) if (!/^\d{12}$/.test(a)) throw new UsageError(`invalid --account '${a}': expected a 12-digit account ID`);
  return {
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(flags.account !== undefined ? { accounts: flags.account } : {}),
    ...(flags.region !== undefined ? { regions: flags.region } : {}),
  };
}

/**
 * The `--scope` flags as scope options: `all`, or `DETECTION=CATEGORY,...` where DETECTION is a
 * detection's id, rule file, rule id or title (every detection it names gets the scope).
 */
export function scopeOptionsOf(flags: readonly string[], detections: readonly Pick<Detection, 'id' | 'file' | 'title' | 'meta'>[]): ScopeOptions {
  if (flags.length === 0) return {};
  if (flags.includes('all')) {
    if (flags.length > 1) throw new UsageError("--scope all cannot be combined with per-detection scopes");
    return { all: true };
  }
  const overrides = new Map<string, ScopeOverride>();
  for (const flag of flags) {
    const eq = flag.lastIndexOf('=');
    if (eq <= 0) throw new UsageError(`invalid --scope '${flag}': expected DETECTION=CATEGORY,... or all`);
    const selector = flag.slice(0, eq);
    const parsed = parseScopeText(flag.slice(eq + 1));
    if ('error' in parsed) throw new UsageError(`invalid --scope '${flag}': ${parsed.error}`);
    const named = detections.filter((d) => d.id === selector || posixPath(d.file) === posixPath(selector) || d.meta.ruleId === selector || d.title === selector);
    if (named.length === 0) throw new UsageError(`invalid --scope '${flag}': no loaded detection has the id, file, rule id or title '${selector}'`);
    for (const d of named) overrides.set(d.id, { categories: parsed.categories, source: 'cli' });
  }
  return { overrides };
}

/** A path with `/` separators and no leading `./`, to compare a --scope selector with a rule file. */
function posixPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** The exit code a finished replay earns. */
export function exitCodeOf(report: Report, failOnMiss: boolean): number {
  // A warning (a duplicate rule id, a filter not applied) leaves the rule loaded: not bad usage.
  if (report.ruleProblems.some((p) => p.severity !== 'warning')) return EXIT.USAGE;
  if (report.stats.files.errored > 0 || report.stats.errors.some((e) => e.message.startsWith('cannot list'))) return EXIT.INPUT;
  if (report.integrity !== undefined && report.integrity.some((i) => !i.ok)) return EXIT.INPUT;
  // An undelivered root event of the scope is a miss too: the deployed rule would not have alerted.
  if (failOnMiss && report.detections.some((d) => failsScope(report, d))) return EXIT.MISSED;
  // Nothing replayed proves nothing: `--fail-on-miss` fails rather than pass on no evidence.
  if (failOnMiss && report.stats.records.evaluated === 0) return EXIT.MISSED;
  return EXIT.OK;
}

/** A warning when no record was evaluated (an empty source, a window before the archive...), else null. */
export function nothingEvaluated(report: Report): string | null {
  const { total, filtered, skipped } = report.stats.records;
  if (report.stats.records.evaluated > 0) return null;
  const windowed = report.options.since !== null || report.options.until !== null || report.options.accounts.length > 0 || report.options.regions.length > 0;
  const hint = windowed ? '; check --since/--until/--account/--region against the archive' : '';
  // The layout prunes whole files by date, account and region: a window outside the archive reads none.
  if (total === 0) return `no record was evaluated (no record read from ${report.stats.files.total} file(s) in the selection): the detections were not tested${hint}`;
  const parts = [`${total} read`];
  if (filtered > 0) parts.push(`${filtered} outside --since/--until/--account/--region`);
  if (skipped > 0) parts.push(`${skipped} skipped`);
  return `no record was evaluated (${parts.join(', ')}): the detections were not tested${hint}`;
}

/**
 * One stderr line per skipped file, naming it and why (digest and Insights files, which every trail
 * has, are counted in one line per reason instead).
 */
function writeSkippedFiles(report: Report, io: CliIO): void {
  const { skipped, skippedFiles } = report.stats.files;
  let named = 0;
  for (const f of skippedFiles) {
    if (ROUTINE_FILE_SKIPS.has(f.reason)) continue;
    io.stderr.write(`skipped: ${f.file}: ${f.message} (${f.reason})\n`);
    named++;
  }
  let others = 0;
  for (const [reason, n] of Object.entries(skipped)) {
    if (ROUTINE_FILE_SKIPS.has(reason)) io.stderr.write(`skipped: ${n} file(s) as ${reason}\n`);
    else others += n;
  }
  if (others > named) io.stderr.write(`skipped: ... and ${others - named} more (counted in stats.files.skipped)\n`);
}

/** Runs `replay`; returns the exit code. */
export async function runReplay(locations: string[], flags: ReplayFlags, io: CliIO): Promise<number> {
  if (flags.plan !== undefined) return (await import('./shard.js')).runShard(locations, flags, io);
  if (locations.length === 0) throw new UsageError('missing source: name files, folders, s3:// or cwlogs:// locations (or --plan with --shard)');
  const format = chooseFormat(flags.format, flags.output, io);
  const filter = selectionOf(flags);
  if (flags.inputFormat !== undefined && !(INPUT_FORMATS as readonly string[]).includes(flags.inputFormat)) {
    throw new UsageError(`invalid --input-format '${flags.inputFormat}': expected one of ${INPUT_FORMATS.join(', ')}`);
  }
  const workers = positiveInt(flags.workers, '--workers', 0);
  if (flags.endpointUrl !== undefined) {
    const problem = checkEndpointUrl(flags.endpointUrl);
    if (problem !== null) throw new UsageError(problem);
  }
  const concurrency = positiveInt(flags.concurrency, '--concurrency', 1);
  const network = networkOptionsOf(flags);
  // Worker threads started for this replay (src/cli/main.ts) start while this thread loads the rules.
  const detections = await loadDetections(flags.detections, { ...(await ruleInputsOf(flags)) });
  if (!flags.quiet) {
    for (const d of detections.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    for (const n of detections.notApplicable) if (n.unsupported === 'rule') io.stderr.write(`warning: ${n.file}: ${n.reason}\n`);
  }
  if (detections.detections.length === 0 && detections.correlations.length === 0) {
    // Nothing to replay through: no report (README "Exit codes").
    const defaulted = flags.detections.length === 1 && flags.detections[0] === './detections';
    if (defaulted && !existsSync('detections')) {
      throw new UsageError('no ./detections folder here: name your rule files or folders with --detections PATH..., or run `trailproof init` to scaffold one');
    }
    throw new UsageError(`no detections loaded from ${flags.detections.join(', ')}`);
  }

  const scope = scopeOptionsOf(flags.scope ?? [], [...detections.detections, ...detections.correlations]);

  const warnings: string[] = [];
  if (filter.regions !== undefined && filter.regions.length > 0 && !filter.regions.includes('us-east-1')) {
    warnings.push('--region leaves out us-east-1, where AWS records root console sign-ins: root logins will not be seen');
  }
  if (!flags.quiet) for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
  if (!flags.quiet && workers !== undefined && workerLimit(workers) < workers) {
    io.stderr.write(`note: --workers ${workers} is more than ${WORKERS_PER_CORE} per core: using ${workerLimit(workers)}\n`);
  }

  const sourceOptions: SourceOptions = {
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(flags.awsRegion !== undefined ? { region: flags.awsRegion } : {}),
    ...(flags.region?.length === 1 ? { recordRegion: flags.region[0]! } : {}),
    ...(flags.endpointUrl !== undefined ? { endpointUrl: flags.endpointUrl } : {}),
    ...network,
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(flags.logStreamPrefix !== undefined ? { logStreamPrefix: flags.logStreamPrefix } : {}),
  };
  // Integrity first: a tampered archive should be known before its records are trusted.
  const integrity =
    flags.verifyIntegrity === true
      ? await (await import('../integrity.js')).checkIntegrity(locations, filter, flags.publicKeys, sourceOptions, flags.failOnGaps === true)
      : null;
  const progress = new ProgressLine(io, flags.quiet === true);
  const replayed = await replay({
    locations,
    resolveSource: (l) => resolveSource(l, sourceOptions),
    detections,
    filter,
    ...(flags.inputFormat !== undefined ? { format: flags.inputFormat as InputFormat } : {}),
    ...(workers !== undefined ? { workers } : {}),
    prefilter: flags.prefilter === false ? 'off' : flags.byteScan === false ? 'text' : 'on',
    // S3 objects are fetched ahead of the workers; local files are read by the workers themselves
    // (SourceObject.localPath), so reading them ahead in the main thread would only copy them across.
    readAhead: (l) => (l.startsWith('s3://') ? (concurrency ?? DEFAULT_S3_CONCURRENCY) : 0),
    warnings,
    scope,
    version: VERSION,
    onProgress: (p) => progress.update(p),
  });
  progress.done();
  const withIntegrity: Report = integrity !== null ? { ...replayed, integrity: integrity.results } : replayed;
  const empty = nothingEvaluated(withIntegrity);
  // Printed on stderr with the replay's other warnings, below.
  const report: Report = empty === null ? withIntegrity : { ...withIntegrity, warnings: [...withIntegrity.warnings, empty] };
  const toFile = flags.output !== undefined && flags.output !== '-';
  let text = renderReport(report, format, { color: useColor(io, toFile), ...widthOf(io, toFile) });
  // JSON carries integrity in the report itself; the human formats get the integrity summary appended.
  if (integrity !== null && (format === 'table' || format === 'markdown')) text = `${text.trimEnd()}\n\n${integrity.text}`;
  await emit(text, flags.output, io);
  if (!flags.quiet) {
    // The replay's own warnings (an eventID shared by distinct records, folder-walk skips) follow the ones printed above.
    for (const w of report.warnings.slice(warnings.length)) io.stderr.write(`warning: ${w}\n`);
    writeSkippedFiles(report, io);
    for (const e of report.stats.errors.slice(0, 20)) io.stderr.write(`error: ${e.file}: ${e.message}\n`);
    if (report.stats.errors.length > 20) io.stderr.write(`error: ... ${report.stats.errors.length - 20} more in the report (stats.errors)\n`);
  }
  return exitCodeOf(report, flags.failOnMiss === true);
}

function widthOf(io: CliIO, toFile: boolean): { width?: number } {
  const width = terminalWidth(io, toFile);
  return width !== undefined ? { width } : {};
}
