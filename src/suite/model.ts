/**
 * The suite model: what a `trailproof.yml` file asks for, once parsed and validated.
 *
 * docs/suites.md documents the file format key by key; `parse-suite.ts` turns the YAML text into this
 * model. Paths stay as written (relative to the suite file's folder); the runner resolves them.
 */
import type { RootCategory } from '../report/model.js';

/**
 * What a label says an event is: a root category, or `not-root` for a record that is not the root user
 * at work at all (the built-in classification is overridden either way).
 */
export type EventLabel = RootCategory | 'not-root';

/** A position in the suite file (1-based line and column). */
export interface SuitePosition {
  readonly line: number;
  readonly column: number;
}

/** One label: the event it is about and what the suite says it is. */
export interface SuiteLabel {
  readonly eventID: string;
  readonly label: EventLabel;
  readonly at: SuitePosition;
}

/** What one detection must do. Every list may be empty; an absent limit is null. */
export interface SuiteExpectation {
  /** Selects the detection: its file (relative to the suite), its id (`file#name`) or its title. */
  readonly detection: string;
  /** Root categories whose every event the detection must fire on. */
  readonly catches: readonly RootCategory[];
  /** Event IDs the detection must fire on. */
  readonly catchesEvents: readonly string[];
  /** Most false alarms (records it fires on that are not root usage) the detection may raise. */
  readonly maxFalseAlarms: number | null;
  /** Event IDs the detection must not fire on. */
  readonly neverFiresOn: readonly string[];
  /** Where the expectation starts, and where each of its keys is (for messages and SARIF). */
  readonly at: SuitePosition;
  readonly keyAt: Readonly<Partial<Record<'detection' | 'catches' | 'catches_events' | 'max_false_alarms' | 'never_fires_on', SuitePosition>>>;
}

/** The selection a suite replays (the same meaning as replay's --since/--until/--account/--region). */
export interface SuiteWindow {
  /** ISO 8601, inclusive. */
  readonly since: string | null;
  /** ISO 8601, exclusive. */
  readonly until: string | null;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

/** A parsed suite file. */
export interface Suite {
  /** The suite file's path as given. */
  readonly file: string;
  /** Shown as the suite's name in reports; defaults to the file name. */
  readonly name: string | null;
  /** Record locations (files, folders, `s3://...`), relative to the suite file's folder. */
  readonly sources: readonly string[];
  /** Detection files or folders, relative to the suite file's folder. */
  readonly detections: readonly string[];
  readonly window: SuiteWindow;
  /** Baseline file, relative to the suite file's folder; null for the default name. */
  readonly baseline: string | null;
  /** When false (the default), errors reading the sources fail the suite. */
  readonly allowInputErrors: boolean;
  readonly labels: readonly SuiteLabel[];
  readonly expectations: readonly SuiteExpectation[];
}

/** The baseline file name used when a suite does not name one. */
export const DEFAULT_BASELINE = 'trailproof.baseline.json';

/** The suite file `trailproof test` reads when none is named. */
export const DEFAULT_SUITE = 'trailproof.yml';
