/**
 * CloudFormation templates (JSON or YAML, short-form tags kept on their nodes) as carriers of rules: the
 * resources of a type, with where they sit. One template may carry rules of several dialects (a
 * metric filter and an EventBridge rule): each dialect claims the template when it holds a resource
 * of its type, and reads only those.
 */
import { isMap, isScalar, type Document, type Node } from 'yaml';
import { child, plainString } from './structured.js';

/** One resource of a template. */
export interface TemplateResource {
  readonly logicalId: string;
  readonly resource: Node | null;
  /** The `Properties` node, when present. */
  readonly properties: Node | undefined;
  /** File offset of the resource (its key), for diagnostics about the whole resource. */
  readonly at: number | null;
}

/** True when a parsed JSON/YAML value is a template with at least one resource of `type`. */
export function templateHas(value: unknown, type: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const resources = (value as Record<string, unknown>).Resources;
  if (typeof resources !== 'object' || resources === null) return false;
  return Object.values(resources).some((r) => typeof r === 'object' && r !== null && (r as Record<string, unknown>).Type === type);
}

/** The resources of `type` in a template, in file order. */
export function resourcesOfType(doc: Document, type: string): TemplateResource[] {
  const resources = child(doc.contents, 'Resources');
  if (!isMap(resources)) return [];
  const out: TemplateResource[] = [];
  for (const pair of resources.items) {
    const resource = pair.value as Node | null;
    if (plainString(child(resource, 'Type')) !== type) continue;
    const logicalId = isScalar(pair.key) ? String(pair.key.value) : 'resource';
    const at = isScalar(pair.key) ? (pair.key.range?.[0] ?? null) : null;
    out.push({ logicalId, resource, properties: child(resource, 'Properties'), at });
  }
  return out;
}

/** A property's plain string value, or the tag and value of a short-form intrinsic (`!Ref X`), else null. */
export function describedString(node: Node | undefined): string | null {
  const plain = plainString(node);
  if (plain !== null) return plain;
  return node && isScalar(node) && node.tag ? `${node.tag} ${String(node.value)}` : null;
}
