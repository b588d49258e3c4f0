/**
 * A field mapping: how a CloudTrail record looks once a SIEM has ingested it (the document a rule of
 * that SIEM's language is written against), plus the lookups dialects need about that document.
 */
import type { JsonObject } from '../../record/view.js';

export interface FieldMapping {
  /** Registry id, named by `Dialect.defaultMapping`: `cloudtrail`, `ecs`, `awscloudtrail`, `splunk`, `eventbridge`. */
  readonly id: string;
  /** One line for people: what the document is and where the mapping comes from. */
  readonly describe: string;
  /**
   * The `parseRule`/`LoadOptions` input naming records given already in this form (EventBridge `event`,
   * ECS `ecs`, Sentinel `row`), so a rule can be tried on a document as its SIEM shows it; absent when
   * records can only be mapped (`cloudtrail` itself is always an input).
   */
  readonly input?: string;
  /** The document the SIEM holds for a CloudTrail record. Never throws; fields the record lacks are left out or empty as the SIEM does. */
  toDocument(record: JsonObject): JsonObject;
  /**
   * The record paths a document field is copied from unchanged (a string in the record stays the same
   * string), or undefined when the field is derived, converted or unknown: prefilter literals may be
   * taken only from fields with source paths.
   */
  sourcePaths(field: string): readonly string[] | undefined;
  /** The field's type in the SIEM's store (ECS: Elasticsearch field types; AWSCloudTrail: KQL column types), when the mapping has types. */
  fieldType?(field: string): string | undefined;
}
