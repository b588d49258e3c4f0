/**
 * The CloudTrail → ECS mapping of Elastic's AWS integration and the field types of its data stream,
 * shared by every Elastic query language (KQL, Lucene, EQL).
 *
 * ```ts
 * import { fieldType, toEcs } from './dialects/mapping/ecs/index.js';
 * const doc = toEcs({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } });
 * // doc.event.action === 'ConsoleLogin'; fieldType('event.action') === 'keyword'
 * ```
 */
export { fieldType, ignoreAbove, IGNORE_ABOVE } from './field-types.js';
export type { EsFieldType, FieldTypes } from './field-types.js';
export { hashMapOrder, javaStringHash, javaToString } from './java-hashmap.js';
export { toEcs } from './to-ecs.js';
export type { EcsDocument } from './to-ecs.js';
export { sourcePaths } from './sources.js';
export { ecsMapping } from './mapping.js';
