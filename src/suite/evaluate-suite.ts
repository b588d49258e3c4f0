/**
 * Evaluates a suite against a finished replay report: verdicts after labels, one check per expectation,
 * the baseline comparison. Pure (no I/O), so the unit tests drive it with hand-built reports;
 * `run-suite.ts` adds the loading, replaying and probing around it.
 */
import { basename } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ROOT_USAGE_CATEGORIES, type Report } from '../report/model.js';
import { baselineOf, compareBaseline, type Baseline } from './baseline.js';
import { checkBaseline, checkExpectation, checkLabels, checkRuleFiles } from './checks.js';
import { detectionKey, relativePath, type KeyedDetection } from './detection-key.js';
import type { EventLabel, Suite } from './model.js';
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

/** Event IDs the suite names that the report has no root event for, by key or eventID (the probe looks them up). */
export function eventIDsToProbe(suite: Suite, report: Report): Set<string> {
  const roots = new Set(report.rootEvents.flatMap((e) => [e.key, e.eventID]));
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
