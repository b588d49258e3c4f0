/**
 * `terraform show -json` output (state or plan values) as a carrier: the resources of a type in
 * `values.root_module` and its `child_modules`, each with its attribute values as nodes that keep their
 * file offsets.
 *
 *     { "format_version": "1.0", "values": { "root_module": {
 *         "resources": [{ "address": "aws_cloudwatch_event_rule.root", "type": "aws_cloudwatch_event_rule",
 *                         "name": "root", "values": { "event_pattern": "{...}", "state": "ENABLED" } }],
 *         "child_modules": [{ "resources": [...], "child_modules": [...] }] } } }
 */
import type { LiteralNode } from './hcl-value.js';

type ObjectNode = Extract<LiteralNode, { kind: 'object' }>;

/** One resource of the state. */
export interface StateResource {
  readonly address: string;
  readonly name: string;
  readonly values: ObjectNode | null;
}

function field(node: LiteralNode | undefined, key: string): LiteralNode | undefined {
  if (node?.kind !== 'object') return undefined;
  let found: LiteralNode | undefined;
  for (const e of node.entries) if (e.key === key) found = e.value;
  return found;
}

/** A string attribute's value, else null. */
export function stateString(values: ObjectNode | null, key: string): string | null {
  const v = field(values ?? undefined, key);
  return v?.kind === 'string' ? v.value : null;
}

/** The attribute node `key` of a resource's values. */
export function stateValue(values: ObjectNode | null, key: string): LiteralNode | undefined {
  return field(values ?? undefined, key);
}

/** True when a JSON document is `terraform show -json` output. */
export function isTerraformState(root: LiteralNode): boolean {
  return field(root, 'format_version') !== undefined && field(field(root, 'values'), 'root_module') !== undefined;
}

/** The resources of `type`, root module first, then child modules depth first. */
export function stateResources(root: LiteralNode, type: string): StateResource[] {
  const out: StateResource[] = [];
  const visit = (module: LiteralNode | undefined): void => {
    const resources = field(module, 'resources');
    if (resources?.kind === 'array') {
      for (const r of resources.items) {
        const t = field(r, 'type');
        if (t?.kind !== 'string' || t.value !== type) continue;
        const name = field(r, 'name');
        const address = field(r, 'address');
        const values = field(r, 'values');
        out.push({
          address: address?.kind === 'string' ? address.value : type,
          name: name?.kind === 'string' ? name.value : 'resource',
          values: values?.kind === 'object' ? values : null,
        });
      }
    }
    const children = field(module, 'child_modules');
    if (children?.kind === 'array') for (const c of children.items) visit(c);
  };
  visit(field(field(root, 'values'), 'root_module'));
  return out;
}
