/**
 * The `awscloudtrail` field mapping: the `AWSCloudTrail` table of Microsoft Sentinel, its columns, their
 * types and the CloudTrail field behind each (sentinel-kql.md §2, mapping id `cloudtrail-awscloudtrail`).
 *
 * String columns are never null (an absent field is `""`, §2 rule 1); bool and datetime columns are null
 * when absent (rule 2); the JSON-valued fields stay compact JSON text (rule 3, `JSON.stringify`). The
 * Sentinel dialect turns these texts into its KQL values (src/dialects/sentinel/columns.ts);
 * `awsCloudTrailDocument` gives the same row as plain JSON.
 */
import type { JsonObject, JsonValue } from '../../record/view.js';
import type { FieldMapping } from './field-mapping.js';

/** A column's KQL type. */
export type ColumnType = 'string' | 'bool' | 'datetime';

/** One column and the CloudTrail path it is read from (null: not from the record). */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly path: string | null;
  /** True for the JSON-valued columns held as text (§2 rule 3). */
  readonly json?: true;
}

const s = (name: string, path: string | null): Column => ({ name, type: 'string', path });

/** Every column of `AWSCloudTrail`, in the table's order (sentinel-kql.md §2 table). */
export const AWS_CLOUDTRAIL_COLUMNS: readonly Column[] = [
  { name: 'TimeGenerated', type: 'datetime', path: 'eventTime' },
  s('AwsEventId', 'eventID'),
  s('EventVersion', 'eventVersion'),
  s('EventSource', 'eventSource'),
  s('EventTypeName', 'eventType'),
  s('EventName', 'eventName'),
  s('UserIdentityType', 'userIdentity.type'),
  s('UserIdentityPrincipalid', 'userIdentity.principalId'),
  s('UserIdentityArn', 'userIdentity.arn'),
  s('UserIdentityAccountId', 'userIdentity.accountId'),
  s('UserIdentityInvokedBy', 'userIdentity.invokedBy'),
  s('UserIdentityAccessKeyId', 'userIdentity.accessKeyId'),
  s('UserIdentityUserName', 'userIdentity.userName'),
  s('UserIdentityUserId', 'userIdentity.userId'),
  s('UserIdentityStoreArn', 'userIdentity.identityStoreArn'),
  { name: 'SessionMfaAuthenticated', type: 'bool', path: 'userIdentity.sessionContext.attributes.mfaAuthenticated' },
  { name: 'SessionCreationDate', type: 'datetime', path: 'userIdentity.sessionContext.attributes.creationDate' },
  s('SessionIssuerType', 'userIdentity.sessionContext.sessionIssuer.type'),
  s('SessionIssuerPrincipalId', 'userIdentity.sessionContext.sessionIssuer.principalId'),
  s('SessionIssuerArn', 'userIdentity.sessionContext.sessionIssuer.arn'),
  s('SessionIssuerAccountId', 'userIdentity.sessionContext.sessionIssuer.accountId'),
  s('SessionIssuerUserName', 'userIdentity.sessionContext.sessionIssuer.userName'),
  s('AWSRegion', 'awsRegion'),
  s('SourceIpAddress', 'sourceIPAddress'),
  s('UserAgent', 'userAgent'),
  s('ErrorCode', 'errorCode'),
  s('ErrorMessage', 'errorMessage'),
  { name: 'RequestParameters', type: 'string', path: 'requestParameters', json: true },
  { name: 'ResponseElements', type: 'string', path: 'responseElements', json: true },
  { name: 'AdditionalEventData', type: 'string', path: 'additionalEventData', json: true },
  { name: 'Resources', type: 'string', path: 'resources', json: true },
  { name: 'ServiceEventDetails', type: 'string', path: 'serviceEventDetails', json: true },
  s('AwsRequestId_', 'requestID'),
  s('AwsRequestId', null),
  s('APIVersion', 'apiVersion'),
  { name: 'ReadOnly', type: 'bool', path: 'readOnly' },
  { name: 'ManagementEvent', type: 'bool', path: 'managementEvent' },
  s('RecipientAccountId', 'recipientAccountId'),
  s('SharedEventId', 'sharedEventID'),
  s('VpcEndpointId', 'vpcEndpointId'),
  s('TlsVersion', 'tlsDetails.tlsVersion'),
  s('CipherSuite', 'tlsDetails.cipherSuite'),
  s('ClientProvidedHostHeader', 'tlsDetails.clientProvidedHostHeader'),
  // Unverified sources (§2): left empty, as SAMPLE has them.
  s('Category', null),
  s('CidrIp', null),
  s('IpProtocol', null),
  s('SourcePort', null),
  s('DestinationPort', null),
  s('EC2RoleDelivery', null),
  s('OperationName', null),
  s('SourceSystem', null),
  s('TenantId', null),
  s('Type', null),
];

/** The table's name. */
export const TABLE = 'AWSCloudTrail';

/** Columns by name. */
export const COLUMN_BY_NAME: ReadonlyMap<string, Column> = new Map(AWS_CLOUDTRAIL_COLUMNS.map((c) => [c.name, c]));

/** The record paths of the columns read from the record, in column order (what a correlation collects). */
export const RECORD_PATHS: readonly string[] = AWS_CLOUDTRAIL_COLUMNS.flatMap((c) => (c.path === null ? [] : [c.path]));

/** `RECORD_PATHS` split once: a row is built for every record the rule's prefilter admits. */
const RECORD_PATH_PARTS: readonly (readonly string[])[] = RECORD_PATHS.map((p) => p.split('.'));

function at(record: JsonObject, parts: readonly string[]): JsonValue | undefined {
  let v: JsonValue | undefined = record;
  for (const part of parts) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = v[part];
  }
  return v;
}

/** The text a field holds as the correlation engine collects it (null when absent or JSON null). */
function fieldText(v: JsonValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The texts of `RECORD_PATHS` in a record, as the engine hands them to a correlation (null: absent). */
export function recordTexts(record: JsonObject): (string | null)[] {
  return RECORD_PATH_PARTS.map((p) => fieldText(at(record, p)));
}

/**
 * A column's value from the field's text, as Sentinel types it: a string column's text (`""` when
 * absent), a bool column's `true`/`false` (CloudTrail writes mfaAuthenticated as text and readOnly as a
 * JSON boolean), a datetime column's milliseconds since the epoch; null when absent or unparsable.
 */
export function columnScalar(column: Column, text: string | null): string | boolean | number | null {
  switch (column.type) {
    case 'string':
      return text ?? '';
    case 'bool':
      return text === null ? null : text.toLowerCase() === 'true' ? true : text.toLowerCase() === 'false' ? false : null;
    case 'datetime': {
      const ms = text === null ? Number.NaN : Date.parse(text);
      return Number.isNaN(ms) ? null : ms;
    }
  }
}

/** A column's value as JSON: `columnScalar`, datetimes as ISO text. */
function jsonValueOf(column: Column, text: string | null): JsonValue {
  const v = columnScalar(column, text);
  return column.type === 'datetime' && typeof v === 'number' ? new Date(v).toISOString() : v;
}

export function awsCloudTrailDocument(record: JsonObject): JsonObject {
  const texts = recordTexts(record);
  const row: JsonObject = {};
  let i = 0;
  for (const c of AWS_CLOUDTRAIL_COLUMNS) row[c.name] = c.path === null ? (c.name === 'Type' ? TABLE : '') : jsonValueOf(c, texts[i++] ?? null);
  return row;
}

/** The `awscloudtrail` field mapping: Sentinel's `AWSCloudTrail` row. */
export const awsCloudTrailMapping: FieldMapping = {
  id: 'awscloudtrail',
  describe: "Microsoft Sentinel's AWSCloudTrail table row (AWS S3 connector)",
  input: 'row',
  toDocument: awsCloudTrailDocument,
  // Only plain string columns hold the record's string as is (JSON-valued ones hold JSON text).
  sourcePaths: (field) => {
    const c = COLUMN_BY_NAME.get(field);
    return c === undefined || c.path === null || c.type !== 'string' || c.json === true ? undefined : [c.path];
  },
  fieldType: (field) => COLUMN_BY_NAME.get(field)?.type,
};
