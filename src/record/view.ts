/**
 * RecordView: how every matcher sees one CloudTrail record.
 *
 * Matchers never receive raw objects directly: the engine hands them a view whose `text` is the record as
 * CloudWatch Logs would receive it (one compact JSON log event) and whose `value` is parsed on first use,
 * so records a prefilter rejects are never parsed.
 */

/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** One CloudTrail record (an element of a log file's `Records` array). */
export type CloudTrailRecord = JsonObject;

/** The view of one record handed to compiled rules. */
export interface RecordView {
  /** The record's JSON text: one compact JSON object, as a CloudWatch Logs log event message. */
  readonly text: string;
  /** The parsed record (parsed lazily on first access, then cached). */
  readonly value: CloudTrailRecord;
}

/**
 * Lowercases ASCII letters only, leaving every other code unit as is (so offsets are unchanged): the fold
 * case-insensitive prefilters are defined against (src/dialects/types.ts). The engine never builds this
 * copy (src/engine/prefilter/compile.ts tests the same thing in place); tests use it as the reference.
 */
export function asciiLower(text: string): string {
  // toLowerCase() also folds non-ASCII letters (U+212A KELVIN SIGN becomes "k", U+0130 grows a code
  // unit), so it is only the same fold on pure-ASCII text.
  if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

class LazyRecordView implements RecordView {
  readonly text: string;
  private parsed: CloudTrailRecord | undefined;

  constructor(text: string, value?: CloudTrailRecord) {
    this.text = text;
    this.parsed = value;
  }

  get value(): CloudTrailRecord {
    if (this.parsed === undefined) this.parsed = JSON.parse(this.text) as CloudTrailRecord;
    return this.parsed;
  }
}

/**
 * Makes a view over a record's JSON text. `value`, when the caller already parsed the text, avoids a
 * second parse. The text must be a JSON object; a malformed text throws on first `value` access.
 */
export function makeRecordView(text: string, value?: CloudTrailRecord): RecordView {
  return new LazyRecordView(text, value);
}

/** Makes a view over an already-parsed record, serialising it the way CloudWatch Logs would see it. */
export function viewOfRecord(value: CloudTrailRecord): RecordView {
  return new LazyRecordView(JSON.stringify(value), value);
}
