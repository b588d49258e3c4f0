/**
 * The `cloudtrail` field mapping: the record as CloudTrail writes it, unchanged. The default of the
 * dialects whose rules are written against the record itself (CloudWatch Logs filter patterns, Sigma
 * through its pipelines, Panther's `AWS.CloudTrail` log type).
 */
import type { FieldMapping } from './field-mapping.js';

export const cloudTrailMapping: FieldMapping = {
  id: 'cloudtrail',
  describe: 'the CloudTrail record as written (no mapping)',
  toDocument: (record) => record,
  sourcePaths: (field) => [field],
};
