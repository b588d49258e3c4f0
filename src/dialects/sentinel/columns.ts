/**
 * The `AWSCloudTrail` row as KQL values: the columns of the `awscloudtrail` field mapping
 * (src/dialects/mapping/awscloudtrail.ts), each text turned into its column's type.
 */
import type { JsonObject } from '../../record/view.js';
import { AWS_CLOUDTRAIL_COLUMNS, columnScalar, recordTexts, TABLE, type Column } from '../mapping/awscloudtrail.js';
import { KDateTime, type Row, type Value } from './values.js';

/** A column's value from the field's text (null: absent), as a KQL value. */
export function columnValue(column: Column, text: string | null): Value {
  const v = columnScalar(column, text);
  return typeof v === 'number' ? new KDateTime(v) : v;
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
