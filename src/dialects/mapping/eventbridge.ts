/**
 * The `eventbridge` field mapping: the event EventBridge delivers for a CloudTrail record
 * (eventbridge digest §2): the record becomes `detail`, wrapped in the envelope every rule's pattern sees.
 */
import type { CloudTrailRecord, JsonObject } from '../../record/view.js';
import type { FieldMapping } from './field-mapping.js';

/** `detail-type` by CloudTrail `eventType` (AWS-CT; the sign-in spelling every published rule uses). */
export const DETAIL_TYPES: Readonly<Record<string, string>> = {
  AwsApiCall: 'AWS API Call via CloudTrail',
  AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
  AwsConsoleAction: 'AWS Console Action via CloudTrail',
  AwsCloudTrailInsight: 'AWS Insight via CloudTrail',
};

/** `source`: `aws.` and the service prefix of `eventSource` (`signin.amazonaws.com` → `aws.signin`). */
export function sourceOf(eventSource: string): string {
  const dot = eventSource.indexOf('.');
  return `aws.${dot < 0 ? eventSource : eventSource.slice(0, dot)}`;
}

/**
 * The envelope of a CloudTrail record. Fields the record cannot supply are left out (a pattern on them
 * then fails as on any missing field). `id` is EventBridge's own UUID in real deliveries; replay uses the
 * record's `eventID` so the envelope is deterministic.
 */
export function envelopeOf(record: CloudTrailRecord): JsonObject {
  const out: JsonObject = { version: '0' };
  const str = (v: unknown): v is string => typeof v === 'string';
  if (str(record.eventID)) out.id = record.eventID;
  if (str(record.eventType) && Object.hasOwn(DETAIL_TYPES, record.eventType)) out['detail-type'] = DETAIL_TYPES[record.eventType]!;
  if (str(record.eventSource)) out.source = sourceOf(record.eventSource);
  if (str(record.recipientAccountId)) out.account = record.recipientAccountId;
  if (str(record.eventTime)) out.time = record.eventTime;
  if (str(record.awsRegion)) out.region = record.awsRegion;
  out.resources = [];
  out.detail = record;
  return out;
}

/** Envelope fields copied unchanged from a record field. */
const ENVELOPE_SOURCES: Readonly<Record<string, string>> = { id: 'eventID', account: 'recipientAccountId', time: 'eventTime', region: 'awsRegion' };

/** The `eventbridge` field mapping: the event EventBridge delivers for a CloudTrail record. */
export const eventBridgeMapping: FieldMapping = {
  id: 'eventbridge',
  describe: 'the event EventBridge delivers for a CloudTrail record (the record as `detail`, in its envelope)',
  input: 'event',
  toDocument: envelopeOf,
  sourcePaths: (field) => {
    if (field.startsWith('detail.')) return [field.slice('detail.'.length)];
    const own = ENVELOPE_SOURCES[field];
    return own === undefined ? undefined : [own];
  },
};
