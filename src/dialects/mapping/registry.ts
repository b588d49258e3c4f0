/** The registered field mappings, by id (`Dialect.defaultMapping` names one). */
import { awsCloudTrailMapping } from './awscloudtrail.js';
import { cloudTrailMapping } from './cloudtrail.js';
import { ecsMapping } from './ecs/mapping.js';
import { eventBridgeMapping } from './eventbridge.js';
import type { FieldMapping } from './field-mapping.js';
import { splunkMapping } from './splunk/mapping.js';

/** Every field mapping, the identity first. */
export const FIELD_MAPPINGS: readonly FieldMapping[] = [cloudTrailMapping, ecsMapping, awsCloudTrailMapping, splunkMapping, eventBridgeMapping];

/** The mapping a dialect works on when it names none. */
export const DEFAULT_MAPPING = 'cloudtrail';

/** The registered mapping of that id, or undefined. */
export function fieldMapping(id: string): FieldMapping | undefined {
  return FIELD_MAPPINGS.find((m) => m.id === id);
}
