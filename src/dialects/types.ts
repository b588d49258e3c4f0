/**
 * The contract between rule dialects and the engine.
 *
 * A dialect claims its rule files, parses them and compiles each rule; the registry
 * (src/dialects/registry.ts) makes `Detection`s of them, each carrying a `CompiledRule` the engine runs
 * on every record (through its prefilter first). docs/dialects.md explains how to add one. Rules that look at many
 * records at once (Sigma correlations, Elastic threshold, ...) are `CorrelationDetection`s evaluated after the
 * replay, most of them through the shared aggregate (src/dialects/aggregate).
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
  /**
   * For a record `match` accepted: why the deployed rule would not have received it (an EventBridge rule
   * that is DISABLED, ...), or null when it would. Such a record is neither a catch nor a false alarm; the
   * report lists root-usage ones as `undelivered`. Absent: every match is received. Must not throw.
   */
  undelivered?(view: RecordView): string | null;
  /**
   * For rules that run code which can fail (a Panther rule that raised): the error the last `match`
   * call met, or null. Such a record counts as not matched and the error is reported per detection.
   */
  readonly lastError?: () => string | null;
  /**
   * A correlation field's value the rule computes itself (Panther's `dedup()` string) for a record it
   * matched; undefined for fields read from the record.
   */
  readonly fieldOf?: (view: RecordView, field: string) => string | null | undefined;
  /**
   * For rules evaluated out of process (Panther's Python): called with the texts of the records about
   * to be matched, in order, so that they are evaluated in one request instead of one per record. The
   * rules that share one evaluator share the same function (the engine calls each distinct one once).
   * `match` stays correct without it.
   */
  readonly prepare?: (texts: readonly string[]) => void;
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
  /**
   * What the replay could not check for this rule, shown with the detection in the report (an
   * EventBridge rule whose file gives no Region and account: delivery is assumed there).
   */
  readonly notes?: readonly string[];
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
  /** The rule as written, when it has a one-line form (a CloudWatch Logs filter pattern, an event pattern). */
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

/** A rule over many records (src/dialects/aggregate builds most), evaluated once the replay has seen every record. */
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

/** Options every dialect's `parse` and `compile` receive. */
export interface LoadOptions {
  /** Field-mapping files (Sigma pipelines, src/dialects/sigma/pipeline.ts); other dialects ignore them. */
  readonly fieldMappings?: readonly DetectionFile[];
  /**
   * What the records handed to `CompiledRule.match` are: `cloudtrail` (default, CloudTrail records, mapped
   * the way the dialect's SIEM receives them) or the `input` of the dialect's default field mapping
   * (EventBridge's `event`: records given already mapped).
   */
  readonly input?: string;
  /** Dialect-specific options (`Dialect.options` names them), from `parseRule` and the CLI. */
  readonly dialectOptions?: Readonly<Record<string, unknown>>;
}

/**
 * Where a worker thread imports a dialect from: a module URL (`import.meta.url` of the module that
 * defines it) and the name it is exported under.
 */
export interface DialectModule {
  readonly url: string;
  readonly export: string;
}

/** How sure a dialect is that a file holds its rules. */
export type Claim = 'yes' | 'maybe' | 'no';

/** Which files a dialect reads. */
export interface DialectClaims {
  /** Lowercase extensions with their dot (`.yml`); files with another are never offered to `sniff`. */
  readonly extensions: readonly string[];
  /**
   * `yes`: the content is this dialect's; `maybe`: it could be (a file that does not parse but looks
   * like one, so its syntax error gets reported); `no`: not this dialect's. Must be cheap; a throw
   * counts as `no`.
   */
  sniff(file: DetectionFile): Claim;
}

/** One rule as a dialect parsed it, before it is compiled. */
export interface ParsedRule<A = unknown> {
  /**
   * The rule's name in its file (Sigma id, metric filter name, ...): the registry makes the detection id
   * `<file>#<name>`, then `<file>#<name>-2`, ... when a name repeats in a file.
   */
  readonly name: string;
  readonly title: string;
  /** The rule file it came from. */
  readonly file: string;
  readonly meta: DetectionMeta;
  /** The rule as written, when it has a one-line form (a CloudWatch Logs filter pattern). */
  readonly text?: string;
  /** The dialect's own form of the rule, handed back to `compile`. */
  readonly ast: A;
}

/** What `parse` produced. Problems are diagnostics (with the line and column in the rule file), never exceptions. */
export interface ParseResult<A = unknown> {
  /** Rules over one record, in file order. */
  readonly rules: ParsedRule<A>[];
  /** Rules over many records, already resolved against `rules` (Sigma correlations), for `link`. */
  readonly spanning?: readonly CorrelationDetection[];
  readonly notApplicable: NotApplicable[];
  readonly diagnostics: Diagnostic[];
}

/** What `compile` produced: the rule, or null with the diagnostics saying why it cannot run. */
export interface CompileResult {
  readonly rule: CompiledRule | null;
  readonly diagnostics: Diagnostic[];
}

/**
 * A rule language: one folder exporting one of these, plus one line in `DIALECTS`
 * (src/dialects/index.ts). docs/dialects.md walks through adding one.
 *
 * The registry (src/dialects/index.ts) offers each rule file to the dialects whose `claims` say yes
 * (else maybe), hands each dialect all of a run's files it claimed to `parse` at once, names the parsed
 * rules, `compile`s each, and hands the rules over many records to `link`. It owns detection ids,
 * claim conflicts and the order of diagnostics (per file, by position); dialects never throw (should
 * one, only the file it threw on is lost, with a TP0003 diagnostic).
 */
export interface Dialect<A = unknown> {
  /** Short id used in reports, `parseRule({ dialect })` and `--dialect`. */
  readonly id: string;
  readonly claims: DialectClaims;
  /** Parses every claimed file of a run (rules may refer to rules of other files). Never throws. */
  parse(files: readonly DetectionFile[], options: LoadOptions): ParseResult<A>;
  /** Compiles one parsed rule to its per-record matcher and prefilter. Never throws. */
  compile(rule: ParsedRule<A>, options: LoadOptions): CompileResult;
  /**
   * Rules over many records from `spanning`, given the detection id of each parsed rule (absent for a
   * rule that did not compile). Without it, `spanning` rules are taken as they are.
   */
  link?(spanning: readonly CorrelationDetection[], ids: ReadonlyMap<ParsedRule<A>, string>): CorrelationDetection[];
  /**
   * Id of the field mapping its rules are written against (src/dialects/mapping: `cloudtrail`, `ecs`,
   * `awscloudtrail`, `splunk`, `eventbridge`; default `cloudtrail`). `parseRule` accepts that mapping's
   * `input` besides `cloudtrail` (EventBridge: `event`).
   */
  readonly defaultMapping?: string;
  /** Names of the dialect-specific options it reads from `LoadOptions.dialectOptions`. */
  readonly options?: readonly string[];
  /** The file name a lone rule text is parsed as by `parseRule` (`rule.pattern`, `rule.yml`, ...). */
  readonly ruleFileName: string;
  /**
   * Where worker threads import this dialect from. Registered dialects need none; a library user's
   * dialect without one is evaluated in the main thread only (the report says so).
   */
  readonly module?: DialectModule;
}
