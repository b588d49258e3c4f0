/**
 * The contract between rule dialects and the engine.
 *
 * A dialect recognises its rule files and loads them into `Detection`s; each detection carries a
 * `CompiledRule` the engine runs on every record (through its prefilter first). Sigma correlation rules,
 * which look at many records at once, are `CorrelationDetection`s evaluated after the replay.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { RecordView } from '../record/view.js';
import type { RootCategory } from '../report/model.js';

/** A rule file handed to a dialect: its path as the user named it and its whole text. */
export interface DetectionFile {
  readonly path: string;
  readonly text: string;
}

/**
 * A cheap test on a record's raw JSON text that runs before the record is parsed.
 *
 * Contract (ripgrep's): a prefilter may report false positives, it must never report false negatives.
 * A record is a candidate when its text contains at least one of `anyOf` (compared against the
 * ASCII-lowercased text when `caseInsensitive`, in which case every literal is already lowercase).
 * Literals must be ASCII and free of characters JSON escapes (`"`, `\`, control characters), except that
 * a literal may start and end with `"` to say "this whole JSON string token" (`"Root"`). Since a `\u`
 * escape may spell any character, the engine tests a record holding one on its text and on its text
 * with those escapes decoded (src/engine/unicode-escapes.ts), admitting it when either passes. A
 * dialect that cannot prove a literal sound returns `null` instead (every record is then a candidate).
 */
export interface Prefilter {
  readonly anyOf: readonly string[];
  readonly caseInsensitive: boolean;
  /**
   * Further requirements, when the rule has several (a conjunction): a matching record also contains
   * at least one literal of each group, under the same rules. The text path searches all records for
   * `anyOf` only and checks these on the few it admits, before parsing them, so `anyOf` should be the
   * most selective group; the byte path flags records by whichever group costs it the least search
   * (src/engine/bytes/flag-literals.ts).
   */
  readonly also?: readonly (readonly string[])[];
}

/** A rule compiled to a matcher over one record. */
export interface CompiledRule {
  /** True when the rule fires on the record. Must not throw. */
  match(view: RecordView): boolean;
  /** Sound prefilter, or null when none can be proved sound. */
  readonly prefilter: Prefilter | null;
}

/** Descriptive fields carried into the report. */
export interface DetectionMeta {
  readonly description?: string;
  readonly level?: string;
  readonly status?: string;
  readonly tags?: readonly string[];
  /** The rule's own id (Sigma `id`, metric filter name, ...), when it has one. */
  readonly ruleId?: string;
  /** The root categories the rule declares it is meant to catch (docs/scope.md), when it declares them. */
  readonly scope?: readonly RootCategory[];
}

/** One detection loaded from a rule file. */
export interface Detection {
  /** Unique in a run: `<file>#<name or position>`. */
  readonly id: string;
  readonly title: string;
  /** The dialect id (`cwl`, `sigma`, ...). */
  readonly dialect: string;
  /** The rule file it came from. */
  readonly file: string;
  readonly meta: DetectionMeta;
  readonly rule: CompiledRule;
  /** The rule as written, when it has a one-line form (a CloudWatch Logs filter pattern). */
  readonly text?: string;
}

/** One record that matched an input rule of a correlation, as handed to `CorrelationDetection.evaluate`. */
export interface CorrelationInput {
  /** The `Detection.id` of the rule that matched. */
  readonly detectionId: string;
  /** Replay-wide ordinal of the record, used to refer back to it. */
  readonly ordinal: number;
  readonly eventID: string | null;
  /** Milliseconds since the epoch, from the record's `eventTime`. */
  readonly time: number;
  /** Values of `CorrelationDetection.fields`, in the same order (null when absent). */
  readonly fields: readonly (string | null)[];
}

/** A rule over many records (Sigma correlation), evaluated once the replay has seen every record. */
export interface CorrelationDetection {
  readonly id: string;
  readonly title: string;
  readonly dialect: string;
  readonly file: string;
  readonly meta: DetectionMeta;
  /** `Detection.id`s whose matches feed this correlation. */
  readonly inputs: readonly string[];
  /**
   * Whether the rules it refers to are also reported as detections of their own (Sigma correlation
   * `generate`, default false: only the correlation fires).
   */
  readonly generate: boolean;
  /** Dotted field paths whose values the engine collects for each input match (group-by, value_count). */
  readonly fields: readonly string[];
  /**
   * Given every input match sorted by time, returns the ordinals of the records that took part in a
   * window where the correlation fired.
   */
  evaluate(events: readonly CorrelationInput[]): number[];
}

/**
 * A rule in a file that was read but does not apply to CloudTrail (e.g. a Sigma rule for another log
 * source), or a whole file that no dialect reads.
 */
export interface NotApplicable {
  readonly file: string;
  readonly title: string;
  readonly reason: string;
  /** Set for a file no dialect reads: `rule` when it looks like another tool's detection rule. */
  readonly unsupported?: 'rule' | 'other';
}

/** What loading one rule file produced. Errors are diagnostics, never exceptions. */
export interface LoadResult {
  readonly detections: Detection[];
  readonly correlations: CorrelationDetection[];
  readonly notApplicable: NotApplicable[];
  readonly diagnostics: Diagnostic[];
}

/** Options every dialect's loader receives. */
export interface LoadOptions {
  /** Field-name mapping files (Sigma pipelines); other dialects ignore them. */
  readonly fieldMappings?: readonly DetectionFile[];
  /** Splunk macro files (`macros.conf`, ESCU macro YAML): `--splunk-macros`. */
  readonly splunkMacros?: readonly DetectionFile[];
  /** Splunk props files (`FIELDALIAS-`/`EVAL-` for `aws:cloudtrail`): `--splunk-props`. */
  readonly splunkProps?: readonly DetectionFile[];
  /** False switches the Splunk Add-on for AWS alias layer off. */
  readonly splunkAddon?: boolean;
  /** The Splunk `index` replayed records are searched as (`--splunk-index`); absent otherwise. */
  readonly splunkIndex?: string;
}

/** The Splunk settings of a run, carried to the workers with the rule files. */
export type SplunkLoadOptions = Pick<LoadOptions, 'splunkMacros' | 'splunkProps' | 'splunkAddon' | 'splunkIndex'>;

/** A rule language. Registered in `src/dialects/index.ts`. */
export interface Dialect {
  /** Short id used in reports and `--dialect`. */
  readonly id: string;
  /** True when this dialect should load the file (by extension and, when ambiguous, content). */
  recognise(file: DetectionFile): boolean;
  /** Loads every detection in the file; never throws. */
  load(file: DetectionFile, options: LoadOptions): LoadResult;
  /**
   * Loads all of a run's files of this dialect at once, for dialects whose rules refer to rules in other
   * files (Sigma filters and correlations). When present the engine calls it instead of `load`.
   */
  loadAll?(files: readonly DetectionFile[], options: LoadOptions): LoadResult;
}
