/**
 * What the splitter hands on: record texts and, for everything it cannot hand on, a reason and a place.
 */
import type { RecordSkipReason } from './formats.js';

/** One CloudTrail record's text, compact JSON as CloudWatch Logs would receive it. */
export interface RawRecord {
  readonly text: string;
  /** 0-based ordinal of the element, line or event in the file (skipped ones count too). */
  readonly index: number;
  /** 1-based line, for line-oriented formats (JSON Lines, CloudWatch Logs exports, EventBridge lines). */
  readonly line?: number;
}

/**
 * Where something is in a file: the record ordinal, a 1-based line and column (UTF-16 code units of
 * the decoded text) and, for damage in a compressed file, the compressed byte offset.
 */
export interface InputPosition {
  readonly index?: number;
  readonly line?: number;
  readonly column?: number;
  readonly offset?: number;
}

/** Receives the records of one file, in order. Every element found is either `record`ed or `skip`ped. */
export interface RecordSink {
  /** A CloudTrail record's compact JSON text. */
  record(rec: RawRecord): void;
  /** One record / line / event not delivered. */
  skip(reason: RecordSkipReason, where: InputPosition, message: string): void;
  /** File-level damage or structure problem (a corrupt `.gz`, a broken `Records` array...). */
  error(message: string, where: InputPosition): void;
  /** Something odd that cost no record (NUL padding after the document); ignored when absent. */
  warning?(message: string, where: InputPosition): void;
}
