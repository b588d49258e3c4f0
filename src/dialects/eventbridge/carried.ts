/**
 * EventBridge rules carried by CloudFormation templates (`AWS::Events::Rule`, through the shared carrier
 * src/dialects/carriers/cloudformation.ts) and Terraform files (`aws_cloudwatch_event_rule`, through
 * src/dialects/carriers/hcl-reader.ts and hcl-value.ts). `EventPattern` is an object (JSON, or YAML in any style) or a
 * JSON string (digest §1); the object becomes the same `JsonNode` a pattern file gives, with offsets in
 * the template, so problems are reported at their place in it. Intrinsic functions (`!Sub`, `Fn::Join`,
 * `Ref`) are only known to CloudFormation: the rule is reported as not checkable offline.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { describedString, resourcesOfType } from '../carriers/cloudformation.js';
import { readHcl, type HclValue } from '../carriers/hcl-reader.js';
import { HclValueError, readJsonencode } from '../carriers/hcl-value.js';
import { child, plainString } from '../carriers/structured.js';
import type { DetectionFile, DetectionMeta } from '../types.js';
import type { JsonEntry, JsonNode } from './json-text.js';

/** The resource type of an EventBridge rule. */
export const EVENT_RULE_TYPE = 'AWS::Events::Rule';

/** What a template says about one of its rules. */
export type CarriedRule =
  | { readonly kind: 'rule'; readonly name: string; readonly meta: DetectionMeta; readonly pattern: JsonNode }
  | { readonly kind: 'schedule'; readonly name: string }
  | { readonly kind: 'problem'; readonly name: string; readonly at: number; readonly message: string };

/** A YAML node as the JSON node a pattern file would give, or why it has none. */
function jsonNodeOf(file: DetectionFile, node: Node | null): JsonNode | { problem: string; at: number } {
  const at = node?.range?.[0] ?? -1;
  if (node === null) return { kind: 'null', offset: at };
  if (isAlias(node)) return { problem: 'EventPattern uses a YAML alias; write the pattern out', at };
  if (node.tag !== undefined && node.tag.startsWith('!')) return { problem: `EventPattern uses ${node.tag}, whose value only CloudFormation knows; it cannot be checked offline`, at };
  if (isMap(node)) {
    const entries: JsonEntry[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (!isScalar(key)) return { problem: 'EventPattern has a key that is not a string', at };
      const name = String(key.value);
      if (name === 'Ref' || name.startsWith('Fn::')) return { problem: `EventPattern uses ${name}, whose value only CloudFormation knows; it cannot be checked offline`, at: key.range?.[0] ?? at };
      const value = jsonNodeOf(file, pair.value as Node | null);
      if ('problem' in value) return value;
      entries.push({ key: name, keyOffset: key.range?.[0] ?? at, value });
    }
    return { kind: 'object', offset: at, entries };
  }
  if (isSeq(node)) {
    const items: JsonNode[] = [];
    for (const item of node.items) {
      const value = jsonNodeOf(file, item as Node | null);
      if ('problem' in value) return value;
      items.push(value);
    }
    return { kind: 'array', offset: at, items };
  }
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return { kind: 'string', offset: at, value: v };
    if (typeof v === 'number') return { kind: 'number', offset: at, value: v, text: node.range ? file.text.slice(node.range[0], node.range[1]) : String(v) };
    if (typeof v === 'boolean') return { kind: 'boolean', offset: at, value: v };
    if (v === null) return { kind: 'null', offset: at };
  }
  return { problem: 'EventPattern holds a value JSON cannot', at };
}

/** The EventBridge rules of a template, in file order. */
export function carriedRules(file: DetectionFile, doc: Document): CarriedRule[] {
  return resourcesOfType(doc, EVENT_RULE_TYPE).map(({ logicalId, properties, at }): CarriedRule => {
    const name = plainString(child(properties, 'Name')) ?? logicalId;
    const patternNode = child(properties, 'EventPattern');
    if (patternNode === undefined) return { kind: 'schedule', name };
    const pattern = jsonNodeOf(file, patternNode);
    if ('problem' in pattern) return { kind: 'problem', name, at: pattern.at >= 0 ? pattern.at : (at ?? -1), message: pattern.problem };
    const description = plainString(child(properties, 'Description'));
    const state = describedString(child(properties, 'State'));
    const bus = describedString(child(properties, 'EventBusName'));
    const meta: DetectionMeta = {
      ruleId: name,
      description: description ?? `${EVENT_RULE_TYPE} ${logicalId}`,
      ...(state !== null ? { status: state } : {}),
      ...(bus !== null ? { tags: [`event-bus:${bus}`] } : {}),
    };
    return { kind: 'rule', name, meta, pattern };
  });
}

/** The Terraform resource type of an EventBridge rule. */
export const TERRAFORM_EVENT_RULE = 'aws_cloudwatch_event_rule';

/** The pattern of an `event_pattern` attribute: a literal string (quoted or heredoc) or `jsonencode(<literal>)`. */
function terraformPattern(value: HclValue): JsonNode | { problem: string; at: number } {
  if (value.kind === 'string') {
    if (value.templated) return { problem: 'event_pattern is a template with ${...} or %{...}, whose value only Terraform knows; it cannot be checked offline', at: value.start };
    return { kind: 'string', offset: value.start, value: value.value };
  }
  try {
    return readJsonencode(value.text, value.start);
  } catch (e) {
    if (!(e instanceof HclValueError)) throw e;
    return { problem: `event_pattern: ${e.message}`, at: e.offset };
  }
}

/** The EventBridge rules of a Terraform file, in file order, or the file's syntax error. */
export function terraformRules(file: DetectionFile): CarriedRule[] | { error: string; at: number } {
  const { blocks, error } = readHcl(file.text);
  if (error !== null) return { error: `invalid HCL: ${error.message}`, at: error.offset };
  const out: CarriedRule[] = [];
  for (const block of blocks) {
    if (block.type !== 'resource' || block.labels[0] !== TERRAFORM_EVENT_RULE) continue;
    const resourceName = block.labels[1] ?? 'resource';
    const text = (key: string): string | null => {
      const v = block.attributes.get(key);
      return v === undefined ? null : v.kind === 'string' ? v.value : v.text;
    };
    const name = text('name') ?? resourceName;
    const patternValue = block.attributes.get('event_pattern');
    if (patternValue === undefined) {
      out.push({ kind: 'schedule', name });
      continue;
    }
    const pattern = terraformPattern(patternValue);
    if ('problem' in pattern) {
      out.push({ kind: 'problem', name, at: pattern.at, message: pattern.problem });
      continue;
    }
    // `is_enabled` is the provider's older spelling of the state.
    const state = text('state') ?? (text('is_enabled') === 'false' ? 'DISABLED' : null);
    const bus = text('event_bus_name');
    const description = text('description');
    const meta: DetectionMeta = {
      ruleId: name,
      description: description ?? `${TERRAFORM_EVENT_RULE}.${resourceName}`,
      ...(state !== null ? { status: state } : {}),
      ...(bus !== null ? { tags: [`event-bus:${bus}`] } : {}),
    };
    out.push({ kind: 'rule', name, meta, pattern });
  }
  return out;
}
