/**
 * The outcome of running a suite: one check per expectation (and per suite-level condition), in the
 * order the terminal, JUnit, Markdown and SARIF formats print them.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { RootCategory } from '../report/model.js';
import type { DetectionDiff } from './baseline.js';
import type { SuitePosition } from './model.js';

/** What a check is about. */
export type CheckKind =
  | 'inputs'
  | 'rule-file'
  | 'label'
  | 'detection'
  | 'catches'
  | 'catches-events'
  | 'max-false-alarms'
  | 'never-fires-on'
  | 'baseline';

/** The rule a check concerns, located for SARIF (a Sigma rule's `detection:` line, a pattern's line 1). */
export interface RuleLocation {
  /** Detection key (`file#name`, file relative to the suite). */
  readonly key: string;
  readonly title: string;
  /** Rule file, relative to the suite's folder. */
  readonly file: string;
  readonly line: number;
}

/** One check: a line of the test output. */
export interface CheckResult {
  /** The heading it is listed under: a detection key, a rule file, `suite` or `baseline`. */
  readonly group: string;
  readonly kind: CheckKind;
  /** Short name, e.g. `catches console-login-success`. */
  readonly name: string;
  readonly passed: boolean;
  /** One-line result, e.g. `4/4 caught` or `missed 2 of 3`. */
  readonly summary: string;
  /** Further lines (missed event IDs with their names, ...). */
  readonly details: readonly string[];
  readonly rule: RuleLocation | null;
  /** Where in the suite file the checked expectation is written. */
  readonly suiteAt: SuitePosition | null;
  /** For `catches`: the category checked. */
  readonly category?: RootCategory;
}

/** Counts about the replay behind the checks. */
export interface SuiteStats {
  readonly files: number;
  readonly records: number;
  readonly rootEvents: number;
  readonly rootUsage: number;
  readonly detections: number;
}

/** What `trailproof test` found. */
export interface SuiteResult {
  /** Suite file path as given on the command line. */
  readonly suiteFile: string;
  readonly name: string;
  readonly toolVersion: string;
  readonly checks: readonly CheckResult[];
  readonly passed: number;
  readonly failed: number;
  readonly stats: SuiteStats;
  /** Baseline comparison per detection; null when there is no baseline (or it was just written). */
  readonly baseline: { readonly file: string; readonly diffs: readonly DetectionDiff[] } | null;
  /** Rule-file diagnostics (errors and warnings), shown before the checks. */
  readonly diagnostics: readonly Diagnostic[];
  /** Notes for the reader (no baseline yet, baseline written, ...). */
  readonly notes: readonly string[];
}

/** Counts passed and failed checks. */
export function tally(checks: readonly CheckResult[]): { passed: number; failed: number } {
  let passed = 0;
  for (const c of checks) if (c.passed) passed++;
  return { passed, failed: checks.length - passed };
}
