/**
 * The `AWSCloudTrail` table: its columns, their types, and the row Sentinel ingests for a CloudTrail
 * record (sentinel-kql.md §2, mapping id `cloudtrail-awscloudtrail`).
 *
 * String columns are never null (an absent field is `""`, §2 rule 1); bool and datetime columns are null
 * when absent (rule 2); the JSON-valued fields stay compact JSON text (rule 3, `JSON.stringify`).
 */
import type { JsonObject, JsonValue } from '../../record/view.js';
import { KDateTime, type Row, type Value } from './values.js';

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

function at(record: JsonObject, path: string): JsonValue | undefined {
  let v: JsonValue | undefined = record;
  for (const part of path.split('.')) {
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

/** A column's value from the field's text (null: absent). */
export function columnValue(column: Column, text: string | null): Value {
  switch (column.type) {
    case 'string':
      return text ?? '';
    case 'bool':
      // CloudTrail writes mfaAuthenticated as "true"/"false" text and readOnly as a JSON boolean.
      return text === null ? null : text.toLowerCase() === 'true' ? true : text.toLowerCase() === 'false' ? false : null;
    case 'datetime': {
      if (text === null) return null;
      const ms = Date.parse(text);
      return Number.isNaN(ms) ? null : new KDateTime(ms);
    }
  }
}

/** The texts of `RECORD_PATHS` in a record, as the engine hands them to a correlation (null: absent). */
export function recordTexts(record: JsonObject): (string | null)[] {
  return RECORD_PATHS.map((p) => fieldText(at(record, p)));
}

/** The `AWSCloudTrail` row Sentinel ingests for a CloudTrail record. */
export function rowOfRecord(record: JsonObject): Row {
  return rowOfTexts(recordTexts(record));
}

/** The row from the texts of `RECORD_PATHS`, in that order (as a correlation input carries them). */
export function rowOfTexts(texts: readonly (string | null)[]): Row {
  const row: Row = {};
  let i = 0;
  for (const c of AWS_CLOUDTRAIL_COLUMNS) {
    row[c.name] = c.path === null ? (c.name === 'Type' ? TABLE : '') : columnValue(c, texts[i++] ?? null);
  }
  return row;
}

/**
 * A row given directly (mapping `row`, §2 rule 4): columns named in `given` take its values (datetime
 * columns from ISO text, bool columns from booleans or "true"/"false"); the others are `""` or null.
 */
export function rowOfPartial(given: JsonObject): Row {
  const row: Row = {};
  for (const c of AWS_CLOUDTRAIL_COLUMNS) {
    const v = given[c.name];
    row[c.name] = v === undefined ? columnValue(c, c.name === 'Type' ? TABLE : null) : columnValue(c, typeof v === 'string' ? v : v === null ? null : JSON.stringify(v));
  }
  return row;
}
