/**
 * The truth file: every planted root event, where it was written, and what the corpus holds.
 *
 * A replay of the corpus should report exactly these root events (by eventID, with these categories
 * and flags), each duplicate delivery counted. The file is deterministic (no generation timestamp), so
 * it is byte-identical for the same options like the corpus itself.
 */

import type { RootCategory } from '../report/model.js';

/** Version tag of the truth file. */
export const TRUTH_SCHEMA = 'trailproof/synth-truth@1';

/** A record's position: the file (relative to the corpus folder, POSIX separators) and 0-based index in `Records`. */
export interface TruthLocation {
  readonly file: string;
  readonly index: number;
}

/** One planted root event. */
export interface TruthRootEvent {
  readonly eventID: string;
  readonly category: RootCategory;
  /**
   * Which form of the category: a `ROOT_VARIANTS` name (`mfa-yes`, `denied`, ...), or `assume-root-call`
   * for the management account's `sts:AssumeRoot` call that opened a planted session.
   */
  readonly variant: string;
  /** True for the five root-usage categories. */
  readonly rootUsage: boolean;
  /** `userIdentity.type` Root, no `userIdentity.invokedBy`, `eventType` not AwsServiceEvent. */
  readonly cisRootUsage: boolean;
  /** From `additionalEventData.MFAUsed` for ConsoleLogin ("Yes" true, "No" false, absent null); else null. */
  readonly mfaUsed: boolean | null;
  /** ConsoleLogin: from `responseElements.ConsoleLogin`; other records: failure when errorCode is set. */
  readonly outcome: 'success' | 'failure' | null;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTime: string;
  readonly accountId: string;
  readonly awsRegion: string;
  /** True when the text spells `"type":"\u0052oot"` (an adversarial JSON escape). */
  readonly escaped: boolean;
  /** First delivery. */
  readonly file: string;
  readonly index: number;
  /** Further deliveries of the identical record. */
  readonly duplicates: readonly TruthLocation[];
}

/** One written log file. */
export interface TruthFile {
  readonly path: string;
  readonly records: number;
  readonly bytesUncompressed: number;
  readonly bytesCompressed: number;
}

/** Totals over the corpus. */
export interface TruthTotals {
  readonly files: number;
  readonly records: number;
  readonly bytesUncompressed: number;
  readonly bytesCompressed: number;
  /** Records of 10 KB or more. */
  readonly largeRecords: number;
  /** Distinct planted root events (AssumeRoot calls included). */
  readonly rootEvents: number;
  /** Extra deliveries of planted root events. */
  readonly duplicateDeliveries: number;
  /** Distinct planted events per category. */
  readonly byCategory: Readonly<Record<RootCategory, number>>;
  /** Distinct planted events matching the CIS definition. */
  readonly cisRootUsage: number;
  /** Records matching the CIS definition, duplicate deliveries included (what a per-record count sees). */
  readonly cisRootUsageRecords: number;
}

/** The whole truth file. */
export interface Truth {
  readonly schema: typeof TRUTH_SCHEMA;
  /** The options that produced the corpus (enough to regenerate it). */
  readonly options: {
    readonly seed: number;
    readonly records: number;
    readonly files: number;
    readonly accounts: number;
    readonly regions: readonly string[];
    readonly start: string;
    readonly end: string;
    readonly largeRecordFraction: number;
    readonly rootRate: number;
    readonly rootCategories: readonly RootCategory[];
    readonly duplicateRate: number;
    readonly escapedFraction: number;
    readonly orgId: string | null;
    readonly gzipLevel: number;
  };
  readonly accounts: readonly { readonly id: string; readonly management: boolean }[];
  readonly totals: TruthTotals;
  /** Sorted by eventTime, then eventID. */
  readonly rootEvents: readonly TruthRootEvent[];
  /** In write order (sorted by path). */
  readonly files: readonly TruthFile[];
}
