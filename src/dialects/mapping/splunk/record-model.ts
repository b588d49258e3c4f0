/**
 * The record model (digest §2): the fields Splunk's JSON auto-extraction gives a CloudTrail record of
 * sourcetype `aws:cloudtrail`.
 *
 * - keys become fields by dotted path (`userIdentity.type`), values as text (`true`, digits) (§2.1);
 * - arrays add `{}` to the name and give multivalue fields (`resources{}.ARN`) (§2.2);
 * - JSON `null`, empty objects and empty arrays give no field (§2.3, unverified: decided so);
 * - metadata: `sourcetype=aws:cloudtrail`, `_time` (epoch seconds of `eventTime`), `_raw` (the JSON
 *   text), and `index`/`host`/`source` only when the user sets them (§2.4).
 */
import type { JsonValue } from '../../../record/view.js';
import type { Fields, Scalar } from './fields.js';

/** Appends every leaf of `value` under `path` (dotted, `{}` for array elements). */
export function flattenJson(value: JsonValue, path: string, out: Fields): void {
  if (value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) flattenJson(item, `${path}{}`, out);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flattenJson(v, path === '' ? k : `${path}.${k}`, out);
    return;
  }
  if (path === '') return;
  const list = out.get(path);
  const leaf: Scalar = String(value);
  if (list === undefined) out.set(path, [leaf]);
  else list.push(leaf);
}

/** Metadata a replay may set (digest §2.4); absent otherwise. */
export interface EventMetadata {
  readonly index?: string;
  readonly host?: string;
  readonly source?: string;
}

/** Epoch seconds of an ISO time, or null. */
function epochSeconds(iso: unknown): number | null {
  if (typeof iso !== 'string') return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** The auto-extracted fields of one CloudTrail record (no add-on fields). */
export function extractRecordFields(record: { readonly [key: string]: JsonValue }, raw: string, meta: EventMetadata = {}): Fields {
  const fields: Fields = new Map();
  flattenJson(record as JsonValue, '', fields);
  fields.set('sourcetype', ['aws:cloudtrail']);
  fields.set('_raw', [raw]);
  const time = epochSeconds(record['eventTime']);
  if (time !== null) fields.set('_time', [time]);
  if (meta.index !== undefined) fields.set('index', [meta.index]);
  if (meta.host !== undefined) fields.set('host', [meta.host]);
  if (meta.source !== undefined) fields.set('source', [meta.source]);
  return fields;
}

/** Top-level keys of a CloudTrail record (AWS "CloudTrail record contents"); string-valued ones first. */
const CLOUDTRAIL_STRING_KEYS: readonly string[] = [
  'eventVersion', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
  'errorCode', 'errorMessage', 'requestID', 'eventID', 'eventType', 'apiVersion', 'recipientAccountId',
  'sharedEventID', 'vpcEndpointId', 'vpcEndpointAccountId', 'eventCategory', 'sessionCredentialFromConsole',
];
const CLOUDTRAIL_OTHER_KEYS: readonly string[] = [
  'userIdentity', 'requestParameters', 'responseElements', 'additionalEventData', 'resources', 'readOnly',
  'managementEvent', 'serviceEventDetails', 'addendum', 'edgeDeviceDetails', 'tlsDetails', 'insightDetails',
];
/** Every top-level key, in the order correlations collect them. */
export const CLOUDTRAIL_KEYS: readonly string[] = [...CLOUDTRAIL_STRING_KEYS, ...CLOUDTRAIL_OTHER_KEYS];
const STRING_KEYS = new Set(CLOUDTRAIL_STRING_KEYS);

/**
 * Rebuilds a record from its top-level values as the engine hands them to correlations (strings as is,
 * anything else as JSON text): aggregating searches re-run on these (docs/splunk.md).
 */
export function recordFromTopLevel(values: readonly (string | null)[]): { [key: string]: JsonValue } {
  const record: { [key: string]: JsonValue } = {};
  CLOUDTRAIL_KEYS.forEach((key, i) => {
    const v = values[i];
    if (v === null || v === undefined) return;
    if (STRING_KEYS.has(key)) record[key] = v;
    else {
      try {
        record[key] = JSON.parse(v) as JsonValue;
      } catch {
        record[key] = v;
      }
    }
  });
  return record;
}
