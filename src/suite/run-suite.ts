/**
 * Runs a suite: loads its detections, replays its sources through them, probes the extra event IDs it
 * names, and evaluates its expectations and baseline into a `SuiteResult`.
 *
 * `evaluateSuite` is the pure half (a finished report in, checks out) that the unit tests drive with
 * hand-built reports; `runSuite` adds the I/O around it.
 */
import { basename, resolve } from 'node:path';
import { loadDetections } from '../dialects/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { replay } from '../engine/replay.js';
import { ROOT_USAGE_CATEGORIES, type Report } from '../report/model.js';
import { resolveSource, type SourceOptions } from '../sources/index.js';
import type { SelectionFilter } from '../sources/types.js';
import { baselineOf, compareBaseline, type Baseline } from './baseline.js';
import { checkBaseline, checkExpectation, checkLabels, checkRuleFiles } from './checks.js';
import { detectionKey, relativePath, type KeyedDetection } from './detection-key.js';
import type { EventLabel, Suite } from './model.js';
import { probeEvents } from './probe.js';
import { tally, type CheckResult, type RuleLocation, type SuiteResult } from './results.js';
import { ruleLine } from './rule-line.js';
import { computeVerdicts, type ProbedEvent, type Verdicts } from './verdicts.js';

/** Everything `evaluateSuite` needs. */
export interface SuiteEvaluation {
  readonly suite: Suite;
  /** Folder the suite's paths are relative to (absolute). */
  readonly baseDir: string;
  readonly report: Report;
  /** What the probe found (empty when the suite names no event outside the report's root events). */
  readonly probed: ReadonlyMap<string, ProbedEvent>;
  /** Rule-file diagnostics from loading the detections. */
  readonly diagnostics: readonly Diagnostic[];
  /** Rule file texts by the path they were loaded from, to locate rules for SARIF. */
  readonly ruleTexts: ReadonlyMap<string, string>;
  /** The committed baseline to compare with, or null. */
  readonly baseline: { readonly file: string; readonly content: Baseline } | null;
  readonly version: string;
}

/** What evaluating a suite produced: the result, plus the verdicts and the baseline they amount to. */
export interface SuiteOutcome {
  readonly result: SuiteResult;
  readonly verdicts: Verdicts;
  /** The baseline of this run (what `--update-baseline` writes). */
  readonly currentBaseline: Baseline;
}

/** Event IDs the suite names that the report has no root event for (the probe looks them up). */
export function eventIDsToProbe(suite: Suite, report: Report): Set<string> {
  const roots = new Set(report.rootEvents.map((e) => e.eventID));
  const out = new Set<string>();
  const add = (id: string): void => {
    if (!roots.has(id)) out.add(id);
  };
  for (const l of suite.labels) add(l.eventID);
  for (const e of suite.expectations) {
    for (const id of e.catchesEvents) add(id);
    for (const id of e.neverFiresOn) add(id);
  }
  return out;
}

/** Evaluates a suite against a finished replay. Pure. */
export function evaluateSuite(input: SuiteEvaluation): SuiteOutcome {
  const { suite, baseDir, report } = input;
  const keyed: KeyedDetection[] = report.detections.map((d) => ({ key: detectionKey(d, baseDir), file: relativePath(d.file, baseDir), report: d }));
  const labels = new Map<string, EventLabel>(suite.labels.map((l) => [l.eventID, l.label]));
  const verdicts = computeVerdicts(report, keyed, labels, input.probed);
  const locate = (d: KeyedDetection): RuleLocation => {
    const text = input.ruleTexts.get(d.report.file);
    return { key: d.key, title: d.report.title, file: d.file, line: text === undefined ? 1 : ruleLine(text, d.report.file, d.report.dialect, d.report.title) };
  };
  const rel = (p: string): string => relativePath(p, baseDir);

  const checks: CheckResult[] = [];
  if (!suite.allowInputErrors && report.stats.errors.length > 0) {
    checks.push({
      group: 'suite',
      kind: 'inputs',
      name: 'sources read without errors',
      passed: false,
      summary: `${report.stats.errors.length} input problem${report.stats.errors.length === 1 ? '' : 's'} (set allow_input_errors: true to accept them)`,
      details: report.stats.errors.slice(0, 20).map((e) => `${rel(e.file)}: ${e.message}`),
      rule: null,
      suiteAt: null,
    });
  }
  const ruleFileChecks = checkRuleFiles(input.diagnostics, rel);
  checks.push(...ruleFileChecks);
  checks.push(...checkLabels(suite.labels, verdicts));
  const brokenFiles = new Set(ruleFileChecks.map((c) => c.group));
  for (const e of suite.expectations) checks.push(...checkExpectation(e, { verdicts, locate, brokenFiles }));

  const currentBaseline = baselineOf(verdicts);
  let baseline: SuiteResult['baseline'] = null;
  if (input.baseline !== null) {
    const diffs = compareBaseline(input.baseline.content, verdicts);
    const byKey = new Map(keyed.map((d) => [d.key, d]));
    checks.push(
      ...checkBaseline(diffs, verdicts, (key) => {
        const d = byKey.get(key);
        return d === undefined ? null : locate(d);
      }),
    );
    baseline = { file: input.baseline.file, diffs };
  }

  const usage = new Set<string>(ROOT_USAGE_CATEGORIES);
  const { passed, failed } = tally(checks);
  return {
    verdicts,
    currentBaseline,
    result: {
      suiteFile: suite.file,
      name: suite.name ?? basename(suite.file),
      toolVersion: input.version,
      checks,
      passed,
      failed,
      stats: {
        files: report.stats.files.total,
        records: report.stats.records.total,
        rootEvents: report.rootEvents.length,
        rootUsage: [...verdicts.events.values()].filter((e) => usage.has(e.category)).length,
        detections: report.detections.length,
      },
      baseline,
      diagnostics: input.diagnostics,
      notes: [],
    },
  };
}

/** How to run a suite. */
export interface RunSuiteOptions {
  readonly suite: Suite;
  /** Folder the suite's paths are relative to (absolute). */
  readonly baseDir: string;
  readonly baseline: { readonly file: string; readonly content: Baseline } | null;
  readonly version: string;
  /** Worker threads for the replay (default: the engine's). */
  readonly workers?: number;
  readonly sourceOptions?: SourceOptions;
  /** Fixed clock for reproducible reports (tests). */
  readonly now?: Date;
}

/** Where a suite location points: URIs as written, local paths resolved against the suite's folder. */
export function resolveLocation(location: string, baseDir: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : resolve(baseDir, location);
}

/** The selection filter of a suite's window. */
export function suiteFilter(suite: Suite): SelectionFilter {
  const w = suite.window;
  return {
    ...(w.since !== null ? { since: new Date(w.since) } : {}),
    ...(w.until !== null ? { until: new Date(w.until) } : {}),
    ...(w.accounts.length > 0 ? { accounts: w.accounts } : {}),
    ...(w.regions.length > 0 ? { regions: w.regions } : {}),
  };
}

/** Loads, replays, probes and evaluates a suite. Errors in rules and inputs become failed checks. */
export async function runSuite(options: RunSuiteOptions): Promise<SuiteOutcome & { readonly report: Report }> {
  const { suite, baseDir } = options;
  const detections = await loadDetections(suite.detections.map((p) => resolveLocation(p, baseDir)));
  const locations = suite.sources.map((p) => resolveLocation(p, baseDir));
  const filter = suiteFilter(suite);
  const sourceFor = (l: string): ReturnType<typeof resolveSource> => resolveSource(l, options.sourceOptions ?? {});
  const report = await replay({
    locations,
    resolveSource: sourceFor,
    detections,
    filter,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    version: options.version,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const wanted = eventIDsToProbe(suite, report);
  const probed = wanted.size > 0 ? await probeEvents({ locations, resolveSource: sourceFor, filter, detections: detections.detections, eventIDs: wanted }) : new Map<string, ProbedEvent>();
  const outcome = evaluateSuite({
    suite,
    baseDir,
    report,
    probed,
    diagnostics: detections.diagnostics,
    ruleTexts: new Map(detections.files.map((f) => [f.path, f.text])),
    baseline: options.baseline,
    version: options.version,
  });
  return { ...outcome, report };
}
