/**
 * Format detection: which input format a file is in, from its name and its first characters.
 *
 * Only a file's place (CloudTrail's own key layout) makes it a digest or Insights file to skip; its
 * content decides the rest, by structure, never by a substring of a record (docs/input-formats.md):
 * a first value `{"Records":` is a log file, `{"Events":` lookup-events output; otherwise the first of
 * the head's lines that is an EventBridge event (an object with `detail-type`), a record (an object
 * with record keys: JSON Lines) or `<ISO timestamp> {` (a CloudWatch Logs export) decides, and `[`
 * followed by such objects is a JSON array of them. A file with none of those is a digest when its
 * first value has digest keys, else not CloudTrail. Insights events among records are skipped one by
 * one by the splitter (`insight-record.ts`).
 */
import type { FileSkipReason, InputFormat } from './formats.js';
import { objectMembers, skipSpace, skipValue } from './json-text.js';

/** How many characters of a file (after leading whitespace) detection looks at. */
export const HEAD_LENGTH = 64 * 1024;

/** What detection decided for a file. */
export type FormatDecision =
  | { readonly format: InputFormat }
  | { readonly skip: FileSkipReason; readonly message: string };

// CloudTrail's key layout: AWSLogs/<account>/CloudTrail-Digest/... and <account>_CloudTrail-Digest_<region>_...
const DIGEST_NAME = /(?:^|[/\\_])CloudTrail-Digest(?:[/\\_]|$)/;
const INSIGHT_NAME = /(?:^|[/\\_])CloudTrail-Insight(?:[/\\_]|$)/;
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
  const keys = c === 0x7b /* { */ ? objectMembers(head, i).map((m) => m.key) : [];
  // Containers are what their first value says: the rest of the file is inside it.
  if (keys.includes('Records')) return { format: 'cloudtrail' };
  if (keys.includes('Events')) return { format: 'lookup-events' };
  const array = c === 0x5b /* [ */ ? arrayFormat(head, i) : null;
  if (array !== null && 'format' in array) return array;
  // One value per line: the first line that is a record, an event or an export line decides, so a
  // comment, a broken line or another value before the records does not hide them (the splitter
  // skips those lines, naming them).
  const lines = lineFormat(head, i);
  if (lines !== null) return { format: lines };
  if (array !== null) return array;
  if (c === 0x7b) {
    if (DIGEST_KEYS.some((k) => keys.includes(k))) return { skip: 'cloudtrail-digest', message: 'CloudTrail digest file (integrity data, no records)' };
    return { skip: 'not-cloudtrail', message: `a JSON object that is not CloudTrail (${describeKeys(keys)})` };
  }
  return { skip: 'not-cloudtrail', message: 'not JSON, JSON Lines or a CloudWatch Logs export' };
}

/** How many lines (or array elements) of the head detection looks at for a record. */
const MAX_HEAD_VALUES = 200;

/**
 * The line format of the first line of the head (from `i`) that is a record (`jsonl`), an EventBridge
 * event or a CloudWatch Logs export line, or null. A line starting with `{` is judged by the object
 * it opens, which may span lines (a pretty-printed record).
 */
function lineFormat(head: string, i: number): InputFormat | null {
  for (let n = 0; n < MAX_HEAD_VALUES && i < head.length; n++) {
    if (head.charCodeAt(i) === 0x7b /* { */) {
      const keys = objectMembers(head, i).map((m) => m.key);
      if (isEventKeys(keys)) return 'eventbridge';
      if (isRecordKeys(keys)) return 'jsonl';
    } else {
      CWL_EXPORT_LINE.lastIndex = i;
      if (CWL_EXPORT_LINE.test(head)) return 'cwl-export';
    }
    const nl = head.indexOf('\n', i);
    if (nl === -1) break;
    i = skipSpace(head, nl + 1);
  }
  return null;
}

/** A JSON array's format, from its first elements: the first object that is an entry kind decides. */
function arrayFormat(head: string, open: number): FormatDecision {
  let j = skipSpace(head, open + 1);
  if (j === head.length || head.charCodeAt(j) === 0x5d /* ] */) return { format: 'json-array' };
  let firstKeys: string[] | null = null;
  for (let n = 0; n < MAX_HEAD_VALUES && j < head.length; n++) {
    if (head.charCodeAt(j) === 0x7b /* { */) {
      const keys = objectMembers(head, j).map((m) => m.key);
      if (keys.includes('Events')) return { format: 'lookup-events' };
      if (isEventKeys(keys)) return { format: 'eventbridge' };
      if (isRecordKeys(keys)) return { format: 'json-array' };
      firstKeys ??= keys;
    }
    const end = skipValue(head, j);
    if (end === -1) break;
    j = skipSpace(head, end);
    if (head.charCodeAt(j) !== 0x2c /* , */) break;
    j = skipSpace(head, j + 1);
  }
  if (firstKeys === null) return { skip: 'not-cloudtrail', message: 'a JSON array that does not hold objects' };
  return { skip: 'not-cloudtrail', message: `a JSON array of objects that are not CloudTrail records (${describeKeys(firstKeys)})` };
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
