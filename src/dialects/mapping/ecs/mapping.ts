/** The `ecs` field mapping: the document Elastic's AWS integration stores for a CloudTrail record. */
import type { FieldMapping } from '../field-mapping.js';
import { fieldType } from './field-types.js';
import { sourcePaths } from './sources.js';
import { toEcs } from './to-ecs.js';

export const ecsMapping: FieldMapping = {
  id: 'ecs',
  describe: "ECS document of Elastic's AWS integration (aws.cloudtrail data stream ingest pipeline)",
  input: 'ecs',
  toDocument: toEcs,
  sourcePaths,
  fieldType: (field) => fieldType(field),
};
