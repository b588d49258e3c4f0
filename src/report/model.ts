/**
 * The replay report: the one result model every format (table, JSON, Markdown, JUnit) renders.
 *
 * The JSON format is this object as is; docs/report-schema.md documents it field by field. Bump
 * `REPORT_SCHEMA` on any change a consumer could notice (removing or renaming a field, changing a type).
 */

/** Version tag of the JSON report. */
export const REPORT_SCHEMA = 'trailproof/report@3';

/**
 * What a root-identity record is (docs/root-usage.md gives the exact rules and their AWS sources).
 * The first five are "root usage": a person using the root user.
 */
export type RootCategory =
  | 'console-login-success'
  | 'console-login-failure'
  | 'root-api-call'
  | 'root-console-action'
  | 'assume-root-session'
  | 'service-on-behalf-of-root'
  | 'root-service-event'
  | 'root-sign-in-other';

/** The root-usage categories, in report order. */
export const ROOT_USAGE_CATEGORIES: readonly RootCategory[] = [
  'console-login-success',
  'console-login-failure',
  'root-api-call',
  'root-console-action',
  'assume-root-session',
];

/** The context categories: root identity, but not a person using root. */
export const ROOT_CONTEXT_CATEGORIES: readonly RootCategory[] = [
  'service-on-behalf-of-root',
  'root-service-event',
  'root-sign-in-other',
];

/** Where a record was read: the object or file and its position in it. */
export interface RecordLocation {
  /** File path or URI (`s3://bucket/key`). */
  readonly uri: string;
  /** 0-based index of the record within the file. */
  readonly record: number;
  /** 1-based line, for line-oriented formats (JSON Lines, CloudWatch Logs exports). */
  readonly line?: number;
}

/** One root-identity record (de-duplicated by delivery identity, src/record/delivery-identity.ts). */
export interface RootEvent {
  /**
   * Unique among the report's root events: the eventID when no other distinct record has it, else
   * `<eventID>#<n>` (n from 1, in order of eventTime, eventSource, eventName, account, region).
   * Detections' `caught`, `missed` and `contextHits` list these keys.
   */
  readonly key: string;
  readonly eventID: string;
  /** Null when the record has no ISO 8601 eventTime (absent, redacted, or not a time). */
  readonly eventTime: string | null;
  readonly eventName: string;
  readonly eventSource: string;
  readonly accountId: string | null;
  readonly awsRegion: string | null;
  readonly category: RootCategory;
  /** True for the five root-usage categories. */
  readonly rootUsage: boolean;
  /** True when the record satisfies the CIS definition (type Root, no invokedBy, eventType not AwsServiceEvent). */
  readonly cisRootUsage: boolean;
  /** From additionalEventData.MFAUsed for sign-ins ("Yes" → true, "No" → false), else null. */
  readonly mfaUsed: boolean | null;
  /** success / failure for sign-ins and for API calls (errorCode present → failure). */
  readonly outcome: 'success' | 'failure' | null;
  readonly sourceIPAddress: string | null;
  readonly userAgent: string | null;
  readonly source: RecordLocation;
  /** How many further deliveries of the same event (same delivery identity) were seen (0 when none). */
  readonly duplicates: number;
}

/** A non-root-usage record a detection fired on. */
export interface FalseAlarmSample {
  readonly eventID: string | null;
  readonly eventTime: string | null;
  readonly eventName: string | null;
  readonly source: RecordLocation;
}

/** A root-usage event a rule matches but, as deployed, would not have received (EventBridge delivery). */
export interface UndeliveredEvent {
  /** `RootEvent.key`. */
  readonly key: string;
  /** Why the rule would not have received it, for people (`the rule is DISABLED`, ...). */
  readonly reason: string;
}

/** Coverage of one root category by one detection. */
export interface CategoryCoverage {
  readonly total: number;
  readonly caught: number;
}

/** Where a detection's scope came from (docs/scope.md gives the precedence). */
export type ScopeSource = 'suite' | 'cli' | 'declared' | 'inferred' | 'all';

/** The root categories a detection is meant to catch: `missed` and `--fail-on-miss` count only these. */
export interface DetectionScope {
  readonly categories: readonly RootCategory[];
  readonly source: ScopeSource;
  /**
   * Root-usage categories whose canonical examples it fires on only in part (e.g. sign-ins without
   * MFA): shown, never judged. Always computed, whatever the source.
   */
  readonly partial: readonly RootCategory[];
}

/** One detection's results. */
export interface DetectionReport {
  readonly id: string;
  readonly title: string;
  readonly dialect: string;
  readonly file: string;
  /** `rule` fires per record; `correlation` fires on windows of records. */
  readonly kind: 'rule' | 'correlation';
  readonly level: string | null;
  readonly status: string | null;
  readonly tags: readonly string[];
  /** How many records (after de-duplication) it fired on. */
  readonly fired: number;
  /** Keys (`RootEvent.key`) of root-usage events it fired on. */
  readonly caught: readonly string[];
  /** Keys of root-usage events of its scope's categories it did not fire on. */
  readonly missed: readonly string[];
  /** Keys of root-usage events outside its scope it did not fire on (reported, never a miss). */
  readonly outOfScope: readonly string[];
  /**
   * Root-usage events its rule matches that the deployed rule would not have received, with why: neither
   * caught nor in `missed`/`outOfScope`. Those of its scope fail `--fail-on-miss` like a miss.
   */
  readonly undelivered: readonly UndeliveredEvent[];
  readonly scope: DetectionScope;
  /**
   * False when it fires on no canonical root example and on no root event of the replay (a rule about
   * something else): its hits are then other records, not false alarms of a root detection.
   */
  readonly rootDetection: boolean;
  /** Keys of root context events (service-on-behalf-of-root, ...) it fired on. */
  readonly contextHits: readonly string[];
  /** Per root category (every category, usage and context). */
  readonly coverage: Readonly<Record<RootCategory, CategoryCoverage>>;
  /** Records it fired on that are not root usage (context root events included). */
  readonly falseAlarms: { readonly count: number; readonly sample: readonly FalseAlarmSample[] };
  /** What the replay could not check for this detection (`DetectionMeta.notes`); absent when nothing. */
  readonly notes?: readonly string[];
  /**
   * Records on which the rule itself failed (a Panther rule that raised): counted as not matched.
   * Present only when there were some.
   */
  readonly ruleErrors?: { readonly count: number; readonly sample: readonly RuleErrorSample[] };
}

/** A record on which a detection's rule failed, with the error. */
export interface RuleErrorSample {
  readonly message: string;
  readonly source: RecordLocation;
}

/** A rule file problem, a rule that does not apply, or an input problem. */
export interface ReportProblem {
  readonly file: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly code?: string;
  /** Rule problems: `error` (the rule or file did not load) or `warning` (it loaded; exit code unchanged). */
  readonly severity?: 'error' | 'warning';
}

/** A file or object skipped whole, and why. */
export interface SkippedFile {
  readonly file: string;
  /** The reason, as counted in `stats.files.skipped`. */
  readonly reason: string;
  /** What the file is, for people (`the file is empty`, `a JSON object that is not CloudTrail (keys "log")`). */
  readonly message: string;
}

/**
 * File skip reasons every CloudTrail archive has (its digest and Insights files): the human outputs
 * count these and name the other skipped files first.
 */
export const ROUTINE_FILE_SKIPS: ReadonlySet<string> = new Set(['cloudtrail-digest', 'cloudtrail-insight']);

/** Skipped files listed by name in `stats.files.skippedFiles` per reason; the rest are only counted. */
export const MAX_LISTED_SKIPPED_FILES = 1000;

/** Counts for the whole replay: every record read is evaluated, filtered out, or skipped with a reason. */
export interface ReplayStats {
  readonly files: {
    /** Files or objects opened. */
    readonly total: number;
    /** Files skipped whole (digests, insights, not CloudTrail), by reason. */
    readonly skipped: Readonly<Record<string, number>>;
    /** The skipped files in listing order, the first MAX_LISTED_SKIPPED_FILES of each reason. */
    readonly skippedFiles: readonly SkippedFile[];
    /** Skipped files beyond those listed (counted in `skipped`). */
    readonly skippedFilesNotListed: number;
    /** Files with an error (some of their records may still have been read). */
    readonly errored: number;
  };
  /** Decompressed bytes read. */
  readonly bytes: number;
  readonly records: {
    /** Records found in the input (= evaluated + filtered + skipped). */
    readonly total: number;
    /** Records that went through the root classification and every detection. */
    readonly evaluated: number;
    /** Records outside --since/--until/--account/--region. */
    readonly filtered: number;
    /** Records that could not be evaluated. */
    readonly skipped: number;
    /** Extra deliveries of a root event already seen, same delivery identity (counted in evaluated). */
    readonly duplicateRootEvents: number;
  };
  /** Skipped records by reason. */
  readonly skipped: Readonly<Record<string, number>>;
  /** Input errors, one per problem, naming the file and position. */
  readonly errors: readonly ReportProblem[];
}

/** One problem found by log-file integrity validation (docs/integrity.md lists the kinds). */
export interface IntegrityFinding {
  readonly kind: string;
  readonly severity: 'error' | 'warning';
  /** The object concerned, as people see it (`s3://bucket/key` or a file path). */
  readonly location: string;
  readonly detail: string;
}

/** Log-file integrity results for one replayed location (`--verify-integrity`). */
export interface IntegrityResult {
  readonly location: string;
  /** False when any finding is an error: the replayed history cannot be trusted as complete and unmodified. */
  readonly ok: boolean;
  readonly digestsChecked: number;
  readonly logFilesChecked: number;
  readonly findings: readonly IntegrityFinding[];
}

/** The whole report. */
export interface Report {
  readonly schema: typeof REPORT_SCHEMA;
  readonly tool: { readonly name: 'trailproof'; readonly version: string };
  /** When the replay ran (ISO 8601). */
  readonly generatedAt: string;
  readonly options: {
    readonly sources: readonly string[];
    readonly since: string | null;
    readonly until: string | null;
    readonly accounts: readonly string[];
    readonly regions: readonly string[];
  };
  readonly stats: ReplayStats;
  /** Every root-identity record, sorted by eventTime (records without one last) then key. */
  readonly rootEvents: readonly RootEvent[];
  /** Per root category: how many events of it the replay saw. */
  readonly rootCategories: Readonly<Record<RootCategory, number>>;
  readonly detections: readonly DetectionReport[];
  /** Rule-file diagnostics (unloadable rules) and rules that do not apply to CloudTrail. */
  readonly ruleProblems: readonly ReportProblem[];
  readonly notApplicable: readonly { readonly file: string; readonly title: string; readonly reason: string }[];
  /** Warnings about the replay itself (e.g. --region leaving out us-east-1). */
  readonly warnings: readonly string[];
  /** Log-file integrity per location; present only with `--verify-integrity`. */
  readonly integrity?: readonly IntegrityResult[];
}
