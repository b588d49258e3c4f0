/**
 * Field-mapping pipelines: a small subset of pySigma's YAML processing-pipeline format that maps the
 * field names a Sigma rule uses onto raw CloudTrail paths (docs/sigma.md "Field mapping").
 *
 *     name: ecs-to-cloudtrail
 *     priority: 10                       # lower runs first (pySigma)
 *     vars:                              # values for `expand` placeholders
 *       admin_users: [alice, bob]
 *     transformations:
 *       - id: ecs_names
 *         type: field_name_mapping       # field → path, or field → [paths] (OR of the paths)
 *         mapping:
 *           event.action: eventName
 *         rule_conditions:               # optional: only for rules with this log source
 *           - type: logsource
 *             product: aws
 *       - type: field_name_prefix_mapping  # prefix → prefix
 *         mapping:
 *           aws.cloudtrail.: ''
 *       - type: value_placeholders       # `expand` placeholders from `vars` (optionally `include: [...]`)
 *
 * Without a pipeline, field names are used as written (raw CloudTrail names, as SigmaHQ's AWS rules
 * write them). Unsupported transformation types are reported and skipped.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { DetectionFile } from '../types.js';
import { SigmaCode } from './codes.js';
import type { LogSource } from './model.js';
import { entry } from './parse-document.js';
import type { Problems } from './problems.js';
import { parseYamlFile } from './yaml/load.js';
import type { YMap, YNode } from './yaml/load.js';

type Condition = { readonly category: string | null; readonly product: string | null; readonly service: string | null };

type Transformation =
  | { readonly type: 'field_name_mapping'; readonly mapping: ReadonlyMap<string, readonly string[]>; readonly conditions: readonly Condition[] }
  | { readonly type: 'field_name_prefix_mapping'; readonly mapping: ReadonlyMap<string, string>; readonly conditions: readonly Condition[] }
  | { readonly type: 'value_placeholders'; readonly include: ReadonlySet<string> | null; readonly exclude: ReadonlySet<string>; readonly conditions: readonly Condition[] };

interface Pipeline {
  readonly name: string;
  readonly priority: number;
  readonly order: number;
  readonly vars: ReadonlyMap<string, readonly string[]>;
  readonly transformations: readonly Transformation[];
}

const SUPPORTED = ['field_name_mapping', 'field_name_prefix_mapping', 'value_placeholders'];

/** How field names and placeholders resolve for one rule. */
export interface RuleMapping {
  /** The CloudTrail paths a Sigma field name maps to (the name itself when unmapped). */
  mapField(name: string): readonly string[];
  /** Values of an `expand` placeholder, or undefined. */
  placeholder(name: string): readonly string[] | undefined;
}

/** The loaded pipelines of a run, applied in priority order. */
export class Pipelines {
  private constructor(private readonly list: readonly Pipeline[]) {}

  /** No pipelines: field names map to themselves, no placeholders. */
  static readonly none = new Pipelines([]);

  /** Parses pipeline files; problems are returned as diagnostics and the rest still applies. */
  static parse(files: readonly DetectionFile[]): { pipelines: Pipelines; diagnostics: Diagnostic[] } {
    const list: Pipeline[] = [];
    const diagnostics: Diagnostic[] = [];
    files.forEach((file, order) => {
      const yfile = parseYamlFile(file.path, file.text);
      for (const doc of yfile.documents) {
        if (doc.root === null) continue;
        const p = parsePipeline(doc.root, order, yfile.problems);
        if (p !== null) list.push(p);
      }
      diagnostics.push(...yfile.problems.list);
    });
    list.sort((a, b) => a.priority - b.priority || a.order - b.order);
    return { pipelines: new Pipelines(list), diagnostics };
  }

  /** The mapping that applies to a rule with this log source. */
  forRule(logsource: LogSource | null): RuleMapping {
    const steps: Transformation[] = [];
    const vars: { name: string; values: readonly string[]; t: Transformation & { type: 'value_placeholders' } }[] = [];
    for (const p of this.list) {
      for (const t of p.transformations) {
        if (!conditionsHold(t.conditions, logsource)) continue;
        if (t.type === 'value_placeholders') for (const [name, values] of p.vars) vars.push({ name, values, t });
        else steps.push(t);
      }
    }
    return {
      mapField(name: string): readonly string[] {
        let names = [name];
        for (const t of steps) {
          if (t.type === 'field_name_mapping') names = names.flatMap((n) => t.mapping.get(n) ?? [n]);
          else if (t.type === 'field_name_prefix_mapping') {
            names = names.map((n) => {
              for (const [from, to] of t.mapping) if (n.startsWith(from)) return to + n.slice(from.length);
              return n;
            });
          }
        }
        return [...new Set(names)];
      },
      placeholder(name: string): readonly string[] | undefined {
        for (const v of vars) {
          if (v.name !== name || v.t.exclude.has(name) || (v.t.include !== null && !v.t.include.has(name))) continue;
          return v.values;
        }
        return undefined;
      },
    };
  }
}

/** pySigma's logsource condition: every attribute the condition sets must equal the rule's. */
function conditionsHold(conditions: readonly Condition[], ls: LogSource | null): boolean {
  for (const c of conditions) {
    if (ls === null) return false;
    if (c.category !== null && c.category !== ls.category) return false;
    if (c.product !== null && c.product !== ls.product) return false;
    if (c.service !== null && c.service !== ls.service) return false;
  }
  return true;
}

function strings(node: YNode | undefined): string[] | null {
  if (node === undefined) return null;
  if (node.kind === 'scalar') return node.value.type === 'null' ? [] : [node.text];
  if (node.kind === 'seq' && node.items.every((i) => i.kind === 'scalar')) return node.items.map((i) => (i.kind === 'scalar' ? i.text : ''));
  return null;
}

function parsePipeline(root: YNode, order: number, problems: Problems): Pipeline | null {
  if (root.kind !== 'map') {
    problems.error(SigmaCode.badPipeline, 'a pipeline must be a YAML mapping', root.start);
    return null;
  }
  const nameNode = entry(root, 'name');
  const name = nameNode?.kind === 'scalar' ? nameNode.text : `pipeline ${order + 1}`;
  const prioNode = entry(root, 'priority');
  let priority = 0;
  if (prioNode !== undefined) {
    if (prioNode.kind === 'scalar' && prioNode.value.type === 'number') priority = prioNode.value.value;
    else problems.error(SigmaCode.badPipeline, "'priority' must be a number", prioNode.start, name);
  }
  const vars = new Map<string, readonly string[]>();
  const varsNode = entry(root, 'vars');
  if (varsNode !== undefined && varsNode.kind === 'map') {
    for (const { key, value } of varsNode.entries) {
      const values = strings(value);
      if (values === null) problems.error(SigmaCode.badPipeline, `vars.${key.text} must be a value or a list of values`, value.start, name);
      else vars.set(key.text, values);
    }
  } else if (varsNode !== undefined) problems.error(SigmaCode.badPipeline, "'vars' must be a map", varsNode.start, name);
  const transformations: Transformation[] = [];
  const tNode = entry(root, 'transformations');
  if (tNode === undefined || tNode.kind !== 'seq') {
    problems.error(SigmaCode.badPipeline, "pipeline needs a 'transformations' list", tNode?.start ?? root.start, name);
    return null;
  }
  for (const t of tNode.items) {
    const parsed = t.kind === 'map' ? parseTransformation(t, problems, name) : null;
    if (t.kind !== 'map') problems.error(SigmaCode.badPipeline, 'a transformation must be a map', t.start, name);
    if (parsed !== null) transformations.push(parsed);
  }
  return { name, priority, order, vars, transformations };
}

function parseTransformation(t: YMap, problems: Problems, pipeline: string): Transformation | null {
  const typeNode = entry(t, 'type');
  const type = typeNode?.kind === 'scalar' ? typeNode.text : null;
  if (type === null || !SUPPORTED.includes(type)) {
    problems.error(SigmaCode.badPipeline, `unsupported transformation type '${type ?? ''}' (supported: ${SUPPORTED.join(', ')}); it is skipped`, typeNode?.start ?? t.start, pipeline);
    return null;
  }
  const conditions: Condition[] = [];
  const condNode = entry(t, 'rule_conditions');
  if (condNode !== undefined) {
    if (condNode.kind !== 'seq') {
      problems.error(SigmaCode.badPipeline, "'rule_conditions' must be a list", condNode.start, pipeline);
      return null;
    }
    for (const c of condNode.items) {
      const ctype = c.kind === 'map' ? entry(c, 'type') : undefined;
      if (c.kind !== 'map' || ctype?.kind !== 'scalar' || ctype.text !== 'logsource') {
        problems.error(SigmaCode.badPipeline, "only 'logsource' rule conditions are supported; the transformation is skipped", c.start, pipeline);
        return null;
      }
      const field = (k: string): string | null => {
        const v = entry(c, k);
        return v?.kind === 'scalar' && v.value.type !== 'null' ? v.text : null;
      };
      conditions.push({ category: field('category'), product: field('product'), service: field('service') });
    }
  }
  if (type === 'value_placeholders') {
    const include = strings(entry(t, 'include'));
    return { type, include: include === null ? null : new Set(include), exclude: new Set(strings(entry(t, 'exclude')) ?? []), conditions };
  }
  const mapNode = entry(t, 'mapping');
  if (mapNode === undefined || mapNode.kind !== 'map') {
    problems.error(SigmaCode.badPipeline, `${type} needs a 'mapping' map`, mapNode?.start ?? t.start, pipeline);
    return null;
  }
  if (type === 'field_name_prefix_mapping') {
    const mapping = new Map<string, string>();
    for (const { key, value } of mapNode.entries) {
      if (value.kind !== 'scalar') problems.error(SigmaCode.badPipeline, `prefix '${key.text}' must map to a string`, value.start, pipeline);
      else mapping.set(key.text, value.value.type === 'null' ? '' : value.text);
    }
    return { type, mapping, conditions };
  }
  const mapping = new Map<string, readonly string[]>();
  for (const { key, value } of mapNode.entries) {
    const targets = strings(value);
    if (targets === null || targets.length === 0) problems.error(SigmaCode.badPipeline, `field '${key.text}' must map to a field name or a list of them`, value.start, pipeline);
    else mapping.set(key.text, targets);
  }
  return { type: 'field_name_mapping', mapping, conditions };
}
