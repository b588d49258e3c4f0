/**
 * Safe accessors for the handful of CloudTrail fields the report shows for a record.
 *
 * Records come from untrusted files, so nothing here assumes a field exists or has the right type: a
 * field that is absent, null, or of another JSON type reads as `null`. Field names and meanings follow
 * "CloudTrail record contents" (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 */
import type { JsonObject } from './view.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** True when `obj` has its own property `key` (whatever its value, `null` included). */
export function hasField(obj: JsonObject, key: string): boolean {
  return hasOwn.call(obj, key);
}

/** `obj[key]` when it is a JSON object (not an array, not null), else null. */
export function objectField(obj: JsonObject, key: string): JsonObject | null {
  if (!hasOwn.call(obj, key)) return null;
  const v = obj[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : null;
}

/** `obj[key]` when it is a string, else null. */
export function stringField(obj: JsonObject, key: string): string | null {
  if (!hasOwn.call(obj, key)) return null;
  const v = obj[key];
  return typeof v === 'string' ? v : null;
}

/**
 * The account a record belongs to: `recipientAccountId` (the account that received the event), else
 * `userIdentity.accountId` (the caller's account). Empty strings count as absent.
 */
export function recordAccountId(record: JsonObject): string | null {
  const recipient = stringField(record, 'recipientAccountId');
  if (recipient !== null && recipient !== '') return recipient;
  const ui = objectField(record, 'userIdentity');
  if (ui === null) return null;
  const own = stringField(ui, 'accountId');
  return own !== null && own !== '' ? own : null;
}

/** The fields the report shows for one record; each is null when the record lacks it. */
export interface RecordSummary {
  readonly eventID: string | null;
  readonly eventTime: string | null;
  readonly eventName: string | null;
  readonly eventSource: string | null;
  /** See {@link recordAccountId}. */
  readonly accountId: string | null;
  readonly awsRegion: string | null;
  readonly sourceIPAddress: string | null;
  readonly userAgent: string | null;
}

/** Pulls the summary fields out of a record (never throws). */
export function summarizeRecord(record: JsonObject): RecordSummary {
  return {
    eventID: stringField(record, 'eventID'),
    eventTime: stringField(record, 'eventTime'),
    eventName: stringField(record, 'eventName'),
    eventSource: stringField(record, 'eventSource'),
    accountId: recordAccountId(record),
    awsRegion: stringField(record, 'awsRegion'),
    sourceIPAddress: stringField(record, 'sourceIPAddress'),
    userAgent: stringField(record, 'userAgent'),
  };
}
