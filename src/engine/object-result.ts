/**
 * What evaluating one file or object produces: compact, structured-clone friendly, so a worker thread can
 * post it to the main thread, which merges results in file order into the report.
 */
import type { FalseAlarmSample, RootCategory } from '../report/model.js';

/** A root-identity record found in the object, with the detections that fired on it. */
export interface RootHit {
  readonly eventID: string;
  /** As the record has it (the delivery identity uses the raw value; the report only a valid time). */
  readonly eventTime: string | null;
  readonly eventName: string;
  readonly eventSource: string;
  readonly accountId: string | null;
  readonly awsRegion: string | null;
  readonly category: RootCategory;
  readonly rootUsage: boolean;
  readonly cisRootUsage: boolean;
  readonly mfaUsed: boolean | null;
  readonly outcome: 'success' | 'failure' | null;
  readonly sourceIPAddress: string | null;
  readonly userAgent: string | null;
  /** `deliveryKey` of the record: equal for two deliveries of one event, and only for them. */
  readonly identity: string;
  readonly index: number;
  readonly line?: number;
  /** Indexes (into the run's detection list) of the detections that fired. */
  readonly rules: number[];
  /** Detections whose rule matched but would not have received the record: [index, reason]. */
  readonly undelivered?: [number, string][];
}

/** A record that matched an input rule of a correlation. */
export interface CorrelationHit {
  readonly rule: number;
  readonly eventID: string | null;
  /** `deliveryKey` of the record, as for a root hit: finds the root event it is, if any. */
  readonly identity: string;
  /** From a valid eventTime (records without one cannot be placed in a window and give no hit). */
  readonly time: number;
  readonly fields: (string | null)[];
  readonly index: number;
  readonly line?: number;
}

/** A record or line that was not evaluated, with the reason. */
export interface SkipNote {
  readonly reason: string;
  readonly message: string;
  readonly index?: number;
  readonly line?: number;
  readonly column?: number;
  readonly offset?: number;
}

/**
 * A record a worker handed back unmatched: a worker without the rules (`Plan.candidates`) hands back
 * every record a detection's prefilter admits, and every root candidate, for the main thread to evaluate.
 */
export interface DeferredRecord {
  readonly text: string;
  readonly index: number;
  readonly line?: number;
}

/** The outcome of reading and evaluating one object. */
export interface ObjectResult {
  /** Position of the object in the run's listing (results are merged in this order). */
  readonly seq: number;
  readonly uri: string;
  fileSkipped: { reason: string; message: string } | null;
  /** The object's compressed data was found damaged: a source that can fetch it again may get it whole. */
  damaged: boolean;
  readonly errors: { message: string; offset?: number; index?: number; line?: number; column?: number }[];
  /** Oddities that cost no record (reported as warnings). */
  readonly warnings: { message: string; line?: number }[];
  bytes: number;
  total: number;
  evaluated: number;
  filtered: number;
  skipped: number;
  readonly skipReasons: Record<string, number>;
  /** The first skip notes (capped per object; `skipped` holds the full count). */
  readonly skipNotes: SkipNote[];
  readonly roots: RootHit[];
  /** Per detection: non-root records it fired on. */
  readonly nonRootHits: number[];
  /** Per detection: the first few non-root records it fired on. */
  readonly nonRootSamples: FalseAlarmSample[][];
  readonly correlationHits: CorrelationHit[];
  /** Per detection: records whose evaluation raised (CompiledRule.lastError), and the first few errors. */
  readonly ruleErrors: number[];
  readonly ruleErrorSamples: { readonly rule: number; readonly message: string; readonly index: number; readonly line?: number }[];
  /** Records left for the main thread to evaluate (not yet counted); empty where the rules ran. */
  readonly deferred: DeferredRecord[];
}
