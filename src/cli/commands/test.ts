/**
 * `trailproof test [suite-file]`: runs a regression suite (docs/suites.md) and prints one line per check
 * and `N passed, N failed`; exit 1 when a check failed. Writes JUnit XML, Markdown and SARIF on request,
 * and records or compares a baseline.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { parseBaseline, serializeBaseline, type Baseline } from '../../suite/baseline.js';
import { relativePath } from '../../suite/detection-key.js';
import { renderSuiteJunit } from '../../suite/format/junit.js';
import { renderSuiteMarkdown } from '../../suite/format/markdown.js';
import { renderSuiteSarif } from '../../suite/format/sarif.js';
import { renderTerminal } from '../../suite/format/terminal.js';
import { DEFAULT_BASELINE, DEFAULT_SUITE } from '../../suite/model.js';
import { parseSuite } from '../../suite/parse-suite.js';
import { runSuite } from '../../suite/run-suite.js';
import type { SourceOptions } from '../../sources/index.js';
import { VERSION } from '../../version.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { networkOptionsOf, type NetworkFlags } from '../network-flags.js';
import { useColor, type CliIO } from '../output.js';

/** The options `test` takes (as commander hands them over). */
export interface TestFlags extends NetworkFlags {
  readonly junit?: string;
  readonly markdown?: string;
  readonly sarif?: string;
  readonly updateBaseline?: boolean;
  readonly baseline?: string;
  readonly workers?: string;
  readonly quiet?: boolean;
  readonly profile?: string;
  readonly awsRegion?: string;
  readonly endpointUrl?: string;
}

function errnoCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

async function writeOutput(path: string, text: string): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  await writeFile(path, text);
}

/** Runs `test`; returns the exit code (0 all checks passed, 1 a check failed, 2 bad suite or usage, 5 no expectations). */
export async function runTest(args: readonly string[], flags: TestFlags, io: CliIO): Promise<number> {
  const suitePath = args[0] ?? DEFAULT_SUITE;
  let text: string;
  try {
    text = await readFile(suitePath, 'utf8');
  } catch (e) {
    const hint = errnoCode(e) === 'ENOENT' ? ' (create one with `trailproof init`)' : '';
    throw new UsageError(`cannot read suite file ${suitePath}: ${(e as Error).message}${hint}`);
  }
  const parsed = parseSuite(text, suitePath);
  for (const d of parsed.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  if (parsed.suite === null) return EXIT.USAGE;
  const suite = parsed.suite;
  const baseDir = dirname(resolve(suitePath));
  let workers: number | undefined;
  if (flags.workers !== undefined) {
    workers = Number(flags.workers);
    if (!Number.isInteger(workers) || workers < 0) throw new UsageError(`invalid --workers '${flags.workers}': expected an integer >= 0`);
  }

  // --baseline is relative to the working directory; the suite's `baseline:` to the suite's folder.
  const baselinePath = flags.baseline !== undefined ? resolve(flags.baseline) : resolve(baseDir, suite.baseline ?? DEFAULT_BASELINE);
  // Shown relative to the working directory when it is below it, else absolute.
  const baselineRelative = relativePath(baselinePath, process.cwd());
  const baselineShown = baselineRelative.startsWith('../') ? baselinePath : baselineRelative;
  const notes: string[] = [];
  let baseline: { file: string; content: Baseline } | null = null;
  if (flags.updateBaseline !== true) {
    let baselineText: string | null = null;
    try {
      baselineText = await readFile(baselinePath, 'utf8');
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw new UsageError(`cannot read baseline ${baselineShown}: ${(e as Error).message}`);
      notes.push(`no baseline at ${baselineShown}: run \`trailproof test --update-baseline\` to record one`);
    }
    if (baselineText !== null) {
      const b = parseBaseline(baselineText, baselineShown);
      for (const d of b.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
      if (b.baseline === null) return EXIT.USAGE;
      baseline = { file: baselineShown, content: b.baseline };
    }
  }

  const sourceOptions: SourceOptions = {
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(flags.awsRegion !== undefined ? { region: flags.awsRegion } : {}),
    ...(flags.endpointUrl !== undefined ? { endpointUrl: flags.endpointUrl } : {}),
    ...networkOptionsOf(flags),
  };
  const outcome = await runSuite({ suite, baseDir, baseline, version: VERSION, sourceOptions, ...(workers !== undefined ? { workers } : {}) });
  if (!flags.quiet) for (const d of outcome.result.diagnostics) if (d.severity !== 'error') io.stderr.write(`${formatDiagnostic(d)}\n`);

  if (flags.updateBaseline === true) {
    await writeOutput(baselinePath, serializeBaseline(outcome.currentBaseline));
    const n = Object.keys(outcome.currentBaseline.detections).length;
    notes.push(`baseline written to ${baselineShown} (${n} detection${n === 1 ? '' : 's'}); commit it with the rules`);
  }
  const result = { ...outcome.result, notes: [...outcome.result.notes, ...notes] };

  io.stdout.write(renderTerminal(result, { color: useColor(io, false) }));
  if (flags.junit !== undefined) await writeOutput(flags.junit, renderSuiteJunit(result));
  if (flags.markdown !== undefined) await writeOutput(flags.markdown, renderSuiteMarkdown(result));
  if (flags.sarif !== undefined) await writeOutput(flags.sarif, renderSuiteSarif(result, { baseDir, root: process.cwd() }));
  if (result.failed > 0) return EXIT.MISSED;
  if (suite.expectations.length === 0) {
    // As pytest exits 5 when it collects no tests: a suite that checks nothing must not pass silently.
    io.stderr.write(`error: no expectations collected: ${suitePath} has no \`expect:\` entries (docs/suites.md)\n`);
    return EXIT.NO_EXPECTATIONS;
  }
  return EXIT.OK;
}
