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
  /** `text` with ASCII letters lowercased (computed once on first access, shared by all rules). */
  readonly lowerText: string;
}

/** Lowercases ASCII letters only, leaving every other code unit as is (so offsets are unchanged). */
export function asciiLower(text: string): string {
  // toLowerCase() also folds non-ASCII letters (and can change length, e.g. U+0130); prefilters only
  // promise soundness for ASCII literals, so the fold must be ASCII-only and length-preserving.
  let needs = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) { needs = true; break; }
  }
  if (!needs) return text;
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

class LazyRecordView implements RecordView {
  readonly text: string;
  private parsed: CloudTrailRecord | undefined;
  private lowered: string | undefined;

  constructor(text: string, value?: CloudTrailRecord, lowered?: string) {
    this.text = text;
    this.parsed = value;
    this.lowered = lowered;
  }

  get value(): CloudTrailRecord {
    if (this.parsed === undefined) this.parsed = JSON.parse(this.text) as CloudTrailRecord;
    return this.parsed;
  }

  get lowerText(): string {
    if (this.lowered === undefined) this.lowered = asciiLower(this.text);
    return this.lowered;
  }
}

/**
 * Makes a view over a record's JSON text. `value` (the parsed text) and `lowerText` (its `asciiLower`),
 * when the caller already has them, avoid computing them twice. The text must be a JSON object; a malformed text throws on first `value` access.
 */
export function makeRecordView(text: string, value?: CloudTrailRecord, lowerText?: string): RecordView {
  return new LazyRecordView(text, value, lowerText);
}

/** Makes a view over an already-parsed record, serialising it the way CloudWatch Logs would see it. */
export function viewOfRecord(value: CloudTrailRecord): RecordView {
  return new LazyRecordView(JSON.stringify(value), value);
}
