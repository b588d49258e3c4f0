/**
 * The incident-review model: every root event of a replay's window as a timeline, grouped into
 * sessions, with counts per account and per source IP. Every review format (table, JSON, CSV, HTML)
 * renders this one object; the JSON format is it as is (docs/review.md documents it field by field).
 * Bump `REVIEW_SCHEMA` on any change a consumer could notice.
 */
import type { RecordLocation, ReportProblem, RootCategory } from '../report/model.js';

/** Version tag of the JSON review. */
export const REVIEW_SCHEMA = 'trailproof/review@2';

/** How many input problems a review lists; the rest are counted in `input.moreProblems`. */
export const REVIEW_PROBLEM_LIMIT = 100;

/** One root event on the timeline. */
export interface ReviewEvent {
  /** The report's `RootEvent.key`: unique, the eventID unless distinct records share it. */
  readonly key: string;
  readonly eventID: string;
  /** Null when the record has no ISO 8601 eventTime: such events sit at the end, each its own session. */
  readonly eventTime: string | null;
  readonly eventName: string;
  readonly eventSource: string;
  readonly accountId: string | null;
  readonly awsRegion: string | null;
  readonly category: RootCategory;
  /** True for the five root-usage categories (a person using root), false for context. */
  readonly rootUsage: boolean;
  readonly cisRootUsage: boolean;
  readonly outcome: 'success' | 'failure' | null;
  readonly mfaUsed: boolean | null;
  readonly sourceIPAddress: string | null;
  readonly userAgent: string | null;
  /** The `id` of the session the event belongs to. */
  readonly session: number;
  /** Ids of the detections that fired on it (see `Review.detections`), in report order. */
  readonly detections: readonly string[];
  readonly source: RecordLocation;
  /** Further deliveries of the same event (same delivery identity). */
  readonly duplicates: number;
}

/** Events in one account from one source IP with no gap longer than the session gap between them. */
export interface ReviewSession {
  /** 1-based, in order of first event. */
  readonly id: number;
  readonly sourceIPAddress: string | null;
  /** The session's first user agent (null when no event has one): `userAgents[0]`. */
  readonly userAgent: string | null;
  /** Distinct user agents of its events, in order of first appearance (events without one add none). */
  readonly userAgents: readonly string[];
  /** Null when none of its events has a valid eventTime. */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
  readonly durationSeconds: number;
  readonly events: number;
  readonly rootUsage: number;
  readonly accounts: readonly (string | null)[];
  readonly regions: readonly (string | null)[];
  readonly categories: Readonly<Partial<Record<RootCategory, number>>>;
  /** Distinct event names, in order of first appearance. */
  readonly eventNames: readonly string[];
  /** Ids of the detections that fired on any of its events. */
  readonly detections: readonly string[];
  /** Root-usage events of the session no detection fired on. */
  readonly undetected: number;
}

/** Counts for one account or one source IP. */
export interface ReviewCount {
  /** The account ID or source IP; null when the records did not say. */
  readonly key: string | null;
  readonly events: number;
  readonly rootUsage: number;
  readonly sessions: number;
  /** Null when none of its events has a valid eventTime. */
  readonly firstSeen: string | null;
  readonly lastSeen: string | null;
}

/** A detection of the replay, as the review refers to it. */
export interface ReviewDetection {
  readonly id: string;
  readonly title: string;
  readonly dialect: string;
  readonly file: string;
  /** Root events of the window it fired on. */
  readonly fired: number;
}

/** The whole review. */
export interface Review {
  readonly schema: typeof REVIEW_SCHEMA;
  readonly tool: { readonly name: 'trailproof'; readonly version: string };
  readonly generatedAt: string;
  readonly window: {
    readonly sources: readonly string[];
    readonly since: string | null;
    readonly until: string | null;
    readonly accounts: readonly string[];
    readonly regions: readonly string[];
  };
  /** The largest gap between two events of one session, in seconds. */
  readonly sessionGapSeconds: number;
  readonly summary: {
    readonly events: number;
    readonly rootUsage: number;
    readonly context: number;
    readonly accounts: number;
    readonly sourceIPs: number;
    readonly sessions: number;
    /** Null when the window holds no root event with a valid eventTime. */
    readonly firstSeen: string | null;
    readonly lastSeen: string | null;
    readonly byCategory: Readonly<Record<RootCategory, number>>;
    readonly failedSignIns: number;
    readonly signInsWithoutMfa: number;
    /** Root-usage events no detection fired on. */
    readonly undetected: number;
  };
  readonly detections: readonly ReviewDetection[];
  readonly accounts: readonly ReviewCount[];
  readonly sourceIPs: readonly ReviewCount[];
  readonly sessions: readonly ReviewSession[];
  /** Every root event of the window (all categories), by eventTime then eventID. */
  readonly events: readonly ReviewEvent[];
  /** Records read, and input problems, so a reader knows how complete the timeline is. */
  readonly input: {
    readonly files: number;
    readonly records: number;
    /** How many input problems the replay had (all of them, listed or not). */
    readonly errors: number;
    /** The first `REVIEW_PROBLEM_LIMIT` problems, in the replay's order, with file and position. */
    readonly problems: readonly ReportProblem[];
    /** Problems not listed in `problems` (`errors - problems.length`). */
    readonly moreProblems: number;
  };
  readonly warnings: readonly string[];
}
