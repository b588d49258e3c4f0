/**
 * Report metadata of a Sigma rule or correlation (`status`, `level`, `tags`, `id`, `description`).
 */
import type { DetectionMeta } from '../types.js';
import type { RuleMeta } from './model.js';

/** The `Detection.meta` of a document, leaving out what the document does not say. */
export function detectionMeta(m: RuleMeta): DetectionMeta {
  return {
    ...(m.description !== null ? { description: m.description } : {}),
    ...(m.level !== null ? { level: m.level } : {}),
    ...(m.status !== null ? { status: m.status } : {}),
    ...(m.tags.length > 0 ? { tags: m.tags } : {}),
    ...(m.id !== null ? { ruleId: m.id } : {}),
    ...(m.scope !== null ? { scope: m.scope } : {}),
  };
}
