/**
 * CloudFormation templates (JSON or YAML, read by the shared carrier src/dialects/carriers/cloudformation.ts):
 * every `AWS::Logs::MetricFilter` resource becomes a detection.
 *
 * `FilterPattern` must be a literal string. `!Sub`/`Fn::Sub` without any `${...}` is accepted as the
 * literal it is; any other intrinsic function (`!Join`, `!If`, `!FindInMap`, `!Sub` with variables)
 * gets a `TP1002` diagnostic, since its value is only known to CloudFormation.
 */
import { isMap, isScalar, type Document, type Node, type Scalar } from 'yaml';
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { DetectionFile } from '../../types.js';
import { CwlCode } from '../codes.js';
import { diagnosticAt, mappedSite, type FilterEntry, type PatternSite } from './pattern-site.js';
import { scalarOffsets } from '../../carriers/scalar-offsets.js';
import { describedString, resourcesOfType, templateHas } from '../../carriers/cloudformation.js';
import { child, plainString } from '../../carriers/structured.js';

/** The resource type of a metric filter. */
export const METRIC_FILTER_TYPE = 'AWS::Logs::MetricFilter';

/** True when a parsed JSON/YAML value is a template with at least one metric filter resource. */
export function isMetricFilterTemplate(value: unknown): boolean {
  return templateHas(value, METRIC_FILTER_TYPE);
}

function describeIntrinsic(node: Node): string {
  if (node.tag !== undefined) return node.tag;
  if (isMap(node)) {
    const first = node.items[0]?.key;
    if (isScalar(first)) return String(first.value);
  }
  return 'an expression';
}

/** The literal pattern of a FilterPattern node, or a reason why it has none. */
function patternSite(file: DetectionFile, node: Node): PatternSite | string {
  let scalar: Scalar | null = null;
  if (isScalar(node)) {
    if (node.tag === undefined || node.tag === 'tag:yaml.org,2002:str') scalar = node;
    else if (node.tag === '!Sub' && typeof node.value === 'string' && !node.value.includes('${')) scalar = node;
  } else if (isMap(node) && node.items.length === 1) {
    const key = node.items[0]?.key;
    const value = node.items[0]?.value;
    if (isScalar(key) && key.value === 'Fn::Sub' && isScalar(value) && typeof value.value === 'string' && !value.value.includes('${')) {
      scalar = value;
    }
  }
  if (scalar === null) {
    const intrinsic = describeIntrinsic(node);
    if (!intrinsic.startsWith('!') && !intrinsic.startsWith('Fn::') && intrinsic !== 'Ref') {
      return "FilterPattern is a YAML collection, not a string: quote patterns that start with '{' or '['";
    }
    return `the filter pattern is not a literal string (${intrinsic}); it cannot be checked offline`;
  }
  if (scalar.value === null) return 'FilterPattern has no value';
  const start = scalar.range?.[0] ?? -1;
  // A plain scalar such as `FilterPattern: 404` is a pattern as written, whatever YAML would type it as.
  const text = typeof scalar.value === 'string' ? scalar.value : scalar.range ? file.text.slice(scalar.range[0], scalar.range[1]) : String(scalar.value);
  return mappedSite(text, scalarOffsets(file.text, scalar), start);
}

/** Collects the metric filters of a template. */
export function cloudFormationEntries(file: DetectionFile, doc: Document, diagnostics: Diagnostic[]): FilterEntry[] {
  const entries: FilterEntry[] = [];
  for (const { logicalId, resource, properties: props, at: keyAt } of resourcesOfType(doc, METRIC_FILTER_TYPE)) {
    const filterName = plainString(child(props, 'FilterName'));
    const name = filterName ?? logicalId;
    const patternNode = child(props, 'FilterPattern');
    const at = (patternNode ?? resource)?.range?.[0] ?? keyAt;
    if (patternNode === undefined || patternNode === null) {
      diagnostics.push(diagnosticAt(file, at, CwlCode.missingPattern, 'error', `metric filter ${logicalId} has no FilterPattern`, name));
      continue;
    }
    const site = patternSite(file, patternNode);
    if (typeof site === 'string') {
      const code = site === 'FilterPattern has no value' ? CwlCode.missingPattern : CwlCode.notLiteral;
      diagnostics.push(diagnosticAt(file, at, code, 'error', site, name));
      continue;
    }
    const logGroup = describedString(child(props, 'LogGroupName'));
    entries.push({
      name,
      title: name,
      meta: {
        ruleId: name,
        description: `${METRIC_FILTER_TYPE} ${logicalId}${logGroup !== null ? ` on log group ${logGroup}` : ''}`,
      },
      site,
    });
  }
  return entries;
}
