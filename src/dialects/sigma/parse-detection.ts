/**
 * Parses a `detection` section (or a filter's search part) into search identifiers and conditions.
 *
 * Shapes follow sigma-rules-specification.md "Search-Identifier", "Lists", "Maps", "Keywords search"
 * and pySigma `SigmaDetection.from_definition`: a map is AND, a list of maps is OR, plain values are
 * keywords (OR, or AND with `'|all':`). Rejected: empty identifiers, nested maps as values (write
 * `userIdentity.type`, not a nested `userIdentity:` map), `null` inside a value list (spec PR #172).
 */
import { SigmaCode } from './codes.js';
import type { ConditionNode } from './condition/ast.js';
import { parseCondition } from './condition/parser.js';
import type { DetectionItem, DetectionSection, ModifierUse, ParsedCondition, SearchIdentifier } from './model.js';
import type { Problems } from './problems.js';
import { offsetIn } from './yaml/load.js';
import { yaml11Reading } from './yaml/scalar.js';
import type { YMap, YNode, YScalar } from './yaml/load.js';

/** Keys of the section that are not search identifiers. */
export interface SectionOptions {
  /** Keys to skip (besides `condition`), e.g. `rules` in a filter. */
  readonly reserved: ReadonlySet<string>;
  /** True when `condition` must be one string (filters), false when a list is allowed (rules). */
  readonly singleCondition: boolean;
}

/** Parses the section; returns null (with problems reported) when the rule cannot be used. */
export function parseDetectionSection(map: YMap, problems: Problems, rule: string, options: SectionOptions): DetectionSection | null {
  const before = problems.errorCount;
  const searches = new Map<string, SearchIdentifier>();
  let conditionNode: YNode | null = null;
  let conditionKey: YScalar | null = null;
  for (const { key, value } of map.entries) {
    const name = key.text;
    if (name === 'condition') {
      conditionNode = value;
      conditionKey = key;
      continue;
    }
    if (options.reserved.has(name)) continue;
    if (name === 'timeframe') {
      problems.error(SigmaCode.removedSyntax, "'timeframe' (sigma v1 aggregations) was removed in sigma v2: write a correlation rule with a timespan", key.start, rule);
      continue;
    }
    const search = parseSearch(name, key, value, problems, rule);
    if (search !== null) searches.set(name, search);
  }
  const conditions: ParsedCondition[] = [];
  if (conditionNode === null || conditionKey === null) {
    problems.error(SigmaCode.missingKey, "detection has no 'condition'", map.start, rule);
  } else {
    const nodes = conditionList(conditionNode, problems, rule, options.singleCondition);
    for (const node of nodes) {
      const parsed = parseCondition(node.text);
      if (!parsed.ok) {
        const code = parsed.error.removed ? SigmaCode.removedSyntax : SigmaCode.conditionSyntax;
        problems.error(code, `condition: ${parsed.error.message}`, offsetIn(node, parsed.error.offset), rule);
        continue;
      }
      checkIdentifiers(parsed.node, node, searches, problems, rule);
      conditions.push({ node, ast: parsed.node });
    }
  }
  if (problems.errorCount > before) return null;
  return { searches, conditions };
}

function conditionList(node: YNode, problems: Problems, rule: string, single: boolean): YScalar[] {
  const out: YScalar[] = [];
  const one = (n: YNode): void => {
    if (n.kind !== 'scalar' || n.value.type !== 'string' || n.text.trim() === '') {
      problems.error(SigmaCode.badValue, 'condition must be a non-empty string', n.start, rule);
      return;
    }
    out.push(n);
  };
  if (node.kind === 'seq') {
    if (single) problems.error(SigmaCode.badValue, 'a filter condition must be one string, not a list', node.start, rule);
    else if (node.items.length === 0) problems.error(SigmaCode.badValue, 'condition list is empty', node.start, rule);
    else node.items.forEach(one);
  } else {
    one(node);
  }
  return out;
}

/** Undefined identifiers are errors; `x of` patterns are checked when compiling (they may match none). */
function checkIdentifiers(ast: ConditionNode, node: YScalar, searches: ReadonlyMap<string, SearchIdentifier>, problems: Problems, rule: string): void {
  switch (ast.type) {
    case 'and':
    case 'or':
      for (const op of ast.operands) checkIdentifiers(op, node, searches, problems, rule);
      return;
    case 'not':
      checkIdentifiers(ast.operand, node, searches, problems, rule);
      return;
    case 'identifier':
      if (!searches.has(ast.name)) {
        const hint = ast.name === 'near' ? " ('near' was removed in sigma v2: write a temporal correlation rule)" : '';
        problems.error(SigmaCode.undefinedIdentifier, `condition: search identifier '${ast.name}' is not defined${hint}`, offsetIn(node, ast.start), rule);
      }
      return;
    case 'selector':
      return;
  }
}

function parseSearch(name: string, key: YScalar, value: YNode, problems: Problems, rule: string): SearchIdentifier | null {
  const before = problems.errorCount;
  const alternatives: DetectionItem[][] = [];
  if (value.kind === 'map') {
    if (value.entries.length === 0) problems.error(SigmaCode.badSearch, `search identifier '${name}' is empty`, key.start, rule);
    else alternatives.push(parseMapItems(value, problems, rule));
  } else if (value.kind === 'seq') {
    if (value.items.length === 0) problems.error(SigmaCode.badSearch, `search identifier '${name}' is an empty list`, key.start, rule);
    const keywords: YScalar[] = [];
    for (const el of value.items) {
      if (el.kind === 'map') {
        if (el.entries.length === 0) problems.error(SigmaCode.badSearch, `search identifier '${name}' holds an empty map`, el.start, rule);
        else alternatives.push(parseMapItems(el, problems, rule));
      } else if (el.kind === 'seq') {
        problems.error(SigmaCode.badSearch, `search identifier '${name}' holds a nested list`, el.start, rule);
      } else if (el.value.type === 'null') {
        problems.error(SigmaCode.badSearch, `search identifier '${name}': null is not a keyword`, el.start, rule);
      } else {
        warnYaml11(el, problems, rule);
        keywords.push(el);
      }
    }
    if (keywords.length > 0) {
      alternatives.push([{ field: null, at: (keywords[0] as YScalar).start, modifiers: [], values: keywords, listed: true }]);
    }
  } else if (value.value.type === 'null') {
    problems.error(SigmaCode.badSearch, `search identifier '${name}' is empty`, key.start, rule);
  } else {
    warnYaml11(value, problems, rule);
    alternatives.push([{ field: null, at: value.start, modifiers: [], values: [value], listed: false }]);
  }
  if (problems.errorCount > before) return null;
  return { name, at: key.start, alternatives };
}

function parseMapItems(map: YMap, problems: Problems, rule: string): DetectionItem[] {
  const items: DetectionItem[] = [];
  for (const { key, value } of map.entries) {
    const item = parseItem(key, value, problems, rule);
    if (item !== null) items.push(item);
  }
  return items;
}

/** `field|mod1|mod2: value | [values]` */
function parseItem(key: YScalar, value: YNode, problems: Problems, rule: string): DetectionItem | null {
  const text = key.text;
  const pieces = text.split('|');
  const field = pieces[0] as string;
  const modifiers: ModifierUse[] = [];
  let offset = field.length + 1;
  for (let i = 1; i < pieces.length; i++) {
    const name = pieces[i] as string;
    if (name === '') {
      problems.error(SigmaCode.unknownModifier, `empty modifier in '${text}'`, offsetIn(key, offset), rule);
      return null;
    }
    modifiers.push({ name, at: offsetIn(key, offset) });
    offset += name.length + 1;
  }
  if (field === '' && modifiers.length === 0) {
    problems.error(SigmaCode.badSearch, 'empty field name', key.start, rule);
    return null;
  }
  let values: YScalar[];
  let listed = false;
  if (value.kind === 'map') {
    problems.error(
      SigmaCode.badSearch,
      `'${text}' holds a nested map: write nested fields with dots (e.g. '${field}.${value.entries[0]?.key.text ?? 'key'}')`,
      value.start,
      rule,
    );
    return null;
  } else if (value.kind === 'seq') {
    listed = true;
    values = [];
    for (const el of value.items) {
      if (el.kind !== 'scalar') {
        problems.error(SigmaCode.badSearch, `'${text}' holds a nested ${el.kind === 'map' ? 'map' : 'list'} in its value list`, el.start, rule);
        return null;
      }
      if (el.value.type === 'null') {
        problems.error(SigmaCode.badSearch, `'${text}': null must be a selection of its own, never inside a value list`, el.start, rule);
        return null;
      }
      warnYaml11(el, problems, rule);
      values.push(el);
    }
    // pySigma turns an empty value list into null (reference notes sigma.md §3.1).
    if (values.length === 0) values = [{ kind: 'scalar', value: { type: 'null' }, text: '', style: 'plain', start: value.start, end: value.end, textStart: null }];
  } else {
    warnYaml11(value, problems, rule);
    values = [value];
  }
  return { field: field === '' ? null : field, at: key.start, modifiers, values, listed };
}

/** Warns when YAML 1.1 tools (PyYAML, so pySigma) would read a plain value with another type (docs/sigma.md). */
function warnYaml11(node: YScalar, problems: Problems, rule: string): void {
  if (node.style !== 'plain') return;
  const other = yaml11Reading(node.text);
  if (other === null) return;
  const ours = node.value.type === 'string' ? `the string '${node.text}'` : `the ${node.value.type} ${node.text}`;
  problems.warning(SigmaCode.yamlVersion, `unquoted ${node.text} is read as ${ours} (docs/sigma.md "YAML version"); YAML 1.1 tools such as pySigma read ${other}: quote it to make the type explicit`, node.start, rule);
}
