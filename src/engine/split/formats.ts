/**
 * The input formats the splitter reads, and the reasons it gives for what it does not deliver.
 */

/** The input formats, as `--input-format` names them. */
export const INPUT_FORMATS = ['cloudtrail', 'jsonl', 'cwl-export', 'lookup-events', 'eventbridge', 'json-array'] as const;

/**
 * One input format:
 * - `cloudtrail`: a CloudTrail log file, `{"Records":[...]}` (compact or pretty-printed; several
 *   concatenated are read one after the other);
 * - `jsonl`: one record per line (a pretty-printed record may span lines);
 * - `cwl-export`: CloudWatch Logs export lines, an ISO timestamp, a space, the record;
 * - `lookup-events`: `aws cloudtrail lookup-events` output, `{"Events":[{"CloudTrailEvent":"<json>"}]}`,
 *   pages concatenated or in a JSON array;
 * - `eventbridge`: EventBridge events whose `detail` is the record (one event, one per line, or an array);
 * - `json-array`: a bare JSON array of records.
 */
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** True when `s` names an input format. */
export function isInputFormat(s: string): s is InputFormat {
  return (INPUT_FORMATS as readonly string[]).includes(s);
}

/** Why a whole file is skipped. */
export type FileSkipReason = 'cloudtrail-digest' | 'cloudtrail-insight' | 'not-cloudtrail' | 'empty';

/**
 * Why one record (element, line, event) is not delivered:
 * - `malformed-json`: its JSON is broken (or a line/element could not be read as JSON);
 * - `not-an-object`: it is valid JSON but not an object;
 * - `not-cloudtrail-record`: an object without the CloudTrail record shape (`eventName` and
 *   `eventSource`; `eventTime` may be missing) in a format that can hold anything, an EventBridge event that is not a CloudTrail
 *   event, a lookup-events entry without `CloudTrailEvent`;
 * - `cloudtrail-insight`: an Insights event met among records (top-level `eventCategory: "Insight"` or
 *   `eventType: "AwsCloudTrailInsight"`, or EventBridge "AWS Insight via CloudTrail");
 * - `truncated`: the file ends inside it;
 * - `too-large`: longer than the record size limit.
 */
export type RecordSkipReason =
  | 'malformed-json'
  | 'not-an-object'
  | 'not-cloudtrail-record'
  | 'cloudtrail-insight'
  | 'truncated'
  | 'too-large';

/** Default limit on one record's length (UTF-16 code units): far above CloudTrail's own record sizes. */
export const DEFAULT_MAX_RECORD_LENGTH = 64 * 1024 * 1024;
