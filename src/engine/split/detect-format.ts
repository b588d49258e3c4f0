/**
 * Format detection: which input format a file is in, from its name and its first characters.
 *
 * The name only tells digest and Insights files apart (CloudTrail's own key layout); the content
 * decides the rest, by the first value's shape: `{"Records":` is a log file, `{"Events":` lookup-events
 * output, an object with `detail-type` an EventBridge event, an object with record keys JSON Lines,
 * `[` followed by one of those a JSON array of it, and `<ISO timestamp> {` a CloudWatch Logs export.
 */
import type { FileSkipReason, InputFormat } from './formats.js';
import { objectMembers, skipSpace } from './json-text.js';

/** How many characters of a file (after leading whitespace) detection looks at. */
export const HEAD_LENGTH = 64 * 1024;

/** What detection decided for a file. */
export type FormatDecision =
  | { readonly format: InputFormat }
  | { readonly skip: FileSkipReason; readonly message: string };

// CloudTrail's key layout: AWSLogs/<account>/CloudTrail-Digest/... and <account>_CloudTrail-Digest_<region>_...
const DIGEST_NAME = /(?:^|[/\\_])CloudTrail-Digest(?:[/\\_]|$)/;
const INSIGHT_NAME = /(?:^|[/\\_])CloudTrail-Insight(?:[/\\_]|$)/;
const INSIGHT_RECORD = /"eventType"\s*:\s*"AwsCloudTrailInsight"/;
const CWL_EXPORT_LINE = /\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:?\d\d)? +\{/y;
const DIGEST_KEYS = ['digestStartTime', 'digestEndTime', 'digestSignatureAlgorithm', 'previousDigestSignature'];

/**
 * Recognises CloudTrail digest and Insights files by name (`CloudTrail-Digest` / `CloudTrail-Insight`
 * as a path segment or a file-name part), or returns null.
 */
export function skipByName(uri: string): { readonly skip: FileSkipReason; readonly message: string } | null {
  if (DIGEST_NAME.test(uri)) return { skip: 'cloudtrail-digest', message: 'CloudTrail digest file (integrity data, no records)' };
  if (INSIGHT_NAME.test(uri)) return { skip: 'cloudtrail-insight', message: 'CloudTrail Insights file (Insights events, not API records)' };
  return null;
}

/**
 * Decides a file's format from its first characters (`head`: at least HEAD_LENGTH characters after
 * leading whitespace, or the whole file) and its name. `head` may start with whitespace; an empty or
 * blank head means an empty file.
 */
export function detectFormat(head: string, uri: string): FormatDecision {
  const byName = skipByName(uri);
  if (byName !== null) return byName;
  const i = skipSpace(head, 0);
  if (i === head.length) return { skip: 'empty', message: 'the file is empty' };
  const c = head.charCodeAt(i);
  if (c === 0x7b /* { */) {
    const keys = objectMembers(head, i).map((m) => m.key);
    const has = (k: string): boolean => keys.includes(k);
    if (has('Records')) {
      if (INSIGHT_RECORD.test(head)) {
        return { skip: 'cloudtrail-insight', message: 'CloudTrail Insights file (records have eventType AwsCloudTrailInsight)' };
      }
      return { format: 'cloudtrail' };
    }
    if (has('Events')) return { format: 'lookup-events' };
    if (DIGEST_KEYS.some(has)) return { skip: 'cloudtrail-digest', message: 'CloudTrail digest file (integrity data, no records)' };
    if (isEventKeys(keys)) return { format: 'eventbridge' };
    if (isRecordKeys(keys)) return { format: 'jsonl' };
    return { skip: 'not-cloudtrail', message: `a JSON object that is not CloudTrail (${describeKeys(keys)})` };
  }
  if (c === 0x5b /* [ */) {
    const j = skipSpace(head, i + 1);
    if (j === head.length || head.charCodeAt(j) === 0x5d /* ] */) return { format: 'json-array' };
    if (head.charCodeAt(j) !== 0x7b) return { skip: 'not-cloudtrail', message: 'a JSON array that does not hold objects' };
    const keys = objectMembers(head, j).map((m) => m.key);
    if (keys.includes('Events')) return { format: 'lookup-events' };
    if (isEventKeys(keys)) return { format: 'eventbridge' };
    if (isRecordKeys(keys)) return { format: 'json-array' };
    return { skip: 'not-cloudtrail', message: `a JSON array of objects that are not CloudTrail records (${describeKeys(keys)})` };
  }
  CWL_EXPORT_LINE.lastIndex = i;
  if (CWL_EXPORT_LINE.test(head)) return { format: 'cwl-export' };
  return { skip: 'not-cloudtrail', message: 'not JSON, JSON Lines or a CloudWatch Logs export' };
}

/** An EventBridge event envelope. */
function isEventKeys(keys: readonly string[]): boolean {
  return keys.includes('detail-type') || (keys.includes('detail') && keys.includes('source'));
}

/**
 * A CloudTrail record's own keys (eventVersion comes first in every record CloudTrail writes; a record
 * without eventTime is still one when it has eventName and eventSource, the record shape of item-handlers).
 */
function isRecordKeys(keys: readonly string[]): boolean {
  return (
    keys.includes('eventVersion') ||
    (keys.includes('eventName') && keys.includes('eventSource')) ||
    (keys.includes('eventTime') && (keys.includes('eventName') || keys.includes('eventSource')))
  );
}

function describeKeys(keys: readonly string[]): string {
  if (keys.length === 0) return 'no keys';
  const shown = keys.slice(0, 5).map((k) => `"${k}"`).join(', ');
  return `keys ${shown}${keys.length > 5 ? ', ...' : ''}`;
}
