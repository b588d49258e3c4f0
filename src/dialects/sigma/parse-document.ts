/**
 * Parses one YAML document into a rule, correlation or filter (sigma-rules-specification.md
 * "File Structure", sigma-correlation-rules-specification.md, sigma-filters-specification.md).
 *
 * Problems become diagnostics naming the rule title and the offending key; a document with an error
 * yields null and the file's other documents still load. Custom top-level keys are allowed ("arbitrary
 * custom fields").
 */
import type { RootCategory } from '../../report/model.js';
import { parseScopeList } from '../scope-declaration.js';
import { SigmaCode } from './codes.js';
import type {
  CorrelationCondition,
  CorrelationDocument,
  CorrelationOp,
  CorrelationType,
  FilterDocument,
  LogSource,
  RuleDocument,
  RuleMeta,
  RuleReference,
  SigmaDocument,
} from './model.js';
import { parseDetectionSection } from './parse-detection.js';
import type { Problems } from './problems.js';
import type { YDocument, YMap, YNode, YScalar } from './yaml/load.js';

const STATUSES = new Set(['stable', 'test', 'experimental', 'deprecated', 'unsupported']);
const LEVELS = new Set(['informational', 'low', 'medium', 'high', 'critical']);
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const CORRELATION_TYPES: ReadonlySet<string> = new Set<CorrelationType>([
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
]);
const CORRELATION_OPS: ReadonlySet<string> = new Set<CorrelationOp>(['gt', 'gte', 'lt', 'lte', 'eq', 'neq']);
const CORRELATION_KEYS = new Set(['type', 'rules', 'group-by', 'timespan', 'condition', 'aliases', 'generate']);
const TIMESPAN_UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Looks up a key of a map. */
export function entry(map: YMap, key: string): YNode | undefined {
  for (const e of map.entries) if (e.key.text === key) return e.value;
  return undefined;
}

function keyNode(map: YMap, key: string): YScalar | undefined {
  for (const e of map.entries) if (e.key.text === key) return e.key;
  return undefined;
}

/** Parses a document; null for empty documents and documents with errors (reported). */
export function parseSigmaDocument(doc: YDocument, problems: Problems): SigmaDocument | null {
  const root = doc.root;
  if (root === null) return null;
  if (root.kind !== 'map') {
    problems.error(SigmaCode.unknownDocument, 'a sigma document must be a YAML mapping', root.start);
    return null;
  }
  const action = entry(root, 'action');
  if (action !== undefined && action.kind === 'scalar' && ['global', 'reset', 'repeat'].includes(action.text)) {
    problems.error(SigmaCode.removedSyntax, `'action: ${action.text}' rule collections are sigma v1 syntax, not part of sigma v2`, action.start);
    return null;
  }
  const kind = entry(root, 'correlation') !== undefined ? 'correlation' : entry(root, 'filter') !== undefined ? 'filter' : entry(root, 'detection') !== undefined ? 'rule' : null;
  if (kind === null) {
    problems.error(SigmaCode.unknownDocument, "document has no 'detection', 'correlation' or 'filter' section", root.start);
    return null;
  }
  const before = problems.errorCount;
  const meta = parseMeta(root, doc, problems);
  if (meta === null) return null;
  let result: SigmaDocument | null;
  switch (kind) {
    case 'rule':
      result = parseRule(root, meta, problems);
      break;
    case 'correlation':
      result = parseCorrelation(root, meta, problems);
      break;
    case 'filter':
      result = parseFilter(root, meta, problems);
      break;
  }
  return problems.errorCount > before ? null : result;
}

function scalarString(node: YNode | undefined): string | null {
  return node !== undefined && node.kind === 'scalar' && node.value.type !== 'null' ? node.text : null;
}

function parseMeta(root: YMap, doc: YDocument, problems: Problems): RuleMeta | null {
  const titleNode = entry(root, 'title');
  const title = scalarString(titleNode);
  if (title === null || title.trim() === '') {
    problems.error(SigmaCode.missingKey, "document has no 'title'", titleNode?.start ?? root.start);
    return null;
  }
  const text = (key: string): string | null => {
    const node = entry(root, key);
    if (node === undefined || (node.kind === 'scalar' && node.value.type === 'null')) return null;
    if (node.kind !== 'scalar') {
      problems.error(SigmaCode.badValue, `'${key}' must be a string`, node.start, title);
      return null;
    }
    return node.text;
  };
  const id = text('id');
  if (id !== null && !UUID.test(id)) problems.warning(SigmaCode.metadata, `id '${id}' is not a UUID (the specification asks for UUIDs)`, entry(root, 'id')?.start, title);
  const status = text('status');
  if (status !== null && !STATUSES.has(status)) {
    problems.error(SigmaCode.badValue, `unknown status '${status}' (expected one of ${[...STATUSES].join(', ')})`, entry(root, 'status')?.start, title);
  }
  const level = text('level');
  if (level !== null && !LEVELS.has(level)) {
    problems.error(SigmaCode.badValue, `unknown level '${level}' (expected one of ${[...LEVELS].join(', ')})`, entry(root, 'level')?.start, title);
  }
  const tags: string[] = [];
  const tagsNode = entry(root, 'tags');
  if (tagsNode !== undefined && !(tagsNode.kind === 'scalar' && tagsNode.value.type === 'null')) {
    if (tagsNode.kind !== 'seq') problems.error(SigmaCode.badValue, "'tags' must be a list of strings", tagsNode.start, title);
    else {
      for (const t of tagsNode.items) {
        if (t.kind === 'scalar' && t.value.type !== 'null') tags.push(t.text);
        else problems.error(SigmaCode.badValue, "'tags' must be a list of strings", t.start, title);
      }
    }
  }
  const scope = parseScopeDeclaration(root, problems, title);
  return { title, id, name: text('name'), status, level, description: text('description'), tags, scope, at: root.start, docIndex: doc.index };
}

/**
 * The custom attribute `trailproof: {scope: [...]}` (docs/scope.md). Sigma allows arbitrary custom
 * top-level fields (sigma-rules-specification.md "File Structure"); the namespace keeps it apart from
 * Sigma 2.0's own `scope` (the systems a rule is meant for). A bad declaration is a warning: the rule
 * loads and its scope is inferred.
 */
function parseScopeDeclaration(root: YMap, problems: Problems, title: string): readonly RootCategory[] | null {
  const node = entry(root, 'trailproof');
  if (node === undefined) return null;
  if (node.kind !== 'map') {
    problems.warning(SigmaCode.badScope, "'trailproof' must be a map such as {scope: [root-api-call]}", node.start, title);
    return null;
  }
  for (const e of node.entries) {
    if (e.key.text !== 'scope') problems.warning(SigmaCode.badScope, `unknown key 'trailproof.${e.key.text}' (expected scope)`, e.key.start, title);
  }
  const value = entry(node, 'scope');
  if (value === undefined) return null;
  const names: string[] = [];
  if (value.kind === 'scalar' && value.value.type !== 'null') names.push(value.text);
  else if (value.kind === 'seq') {
    for (const item of value.items) {
      if (item.kind !== 'scalar') {
        problems.warning(SigmaCode.badScope, "'trailproof.scope' must list root category names", item.start, title);
        return null;
      }
      names.push(item.text);
    }
    // `scope: []` says the same as `scope: none`.
    if (names.length === 0) return [];
  }
  const parsed = parseScopeList(names);
  if ('error' in parsed) {
    problems.warning(SigmaCode.badScope, `trailproof.scope: ${parsed.error}; the scope will be inferred`, value.start, title);
    return null;
  }
  return parsed.categories;
}

function parseLogSource(root: YMap, problems: Problems, title: string): LogSource | null {
  const node = entry(root, 'logsource');
  if (node === undefined) {
    problems.error(SigmaCode.missingKey, "rule has no 'logsource'", root.start, title);
    return null;
  }
  if (node.kind !== 'map' || node.entries.length === 0) {
    problems.error(SigmaCode.badValue, "'logsource' must be a non-empty map", node.start, title);
    return null;
  }
  const field = (key: string): string | null => {
    const v = entry(node, key);
    if (v === undefined) return null;
    if (v.kind !== 'scalar' || v.value.type === 'null') {
      problems.error(SigmaCode.badValue, `'logsource.${key}' must be a string`, v.start, title);
      return null;
    }
    return v.text;
  };
  return { category: field('category'), product: field('product'), service: field('service'), at: node.start };
}

function parseRule(root: YMap, meta: RuleMeta, problems: Problems): RuleDocument | null {
  const logsource = parseLogSource(root, problems, meta.title);
  const det = entry(root, 'detection');
  if (det === undefined || det.kind !== 'map') {
    problems.error(SigmaCode.badValue, "'detection' must be a map", det?.start ?? root.start, meta.title);
    return null;
  }
  const detection = parseDetectionSection(det, problems, meta.title, { reserved: new Set(), singleCondition: false });
  if (logsource === null || detection === null) return null;
  return { kind: 'rule', meta, logsource, detection };
}

function parseReferences(node: YNode | undefined, problems: Problems, title: string, what: string): RuleReference[] | null {
  if (node === undefined) return null;
  if (node.kind === 'scalar' && node.value.type !== 'null') return [{ ref: node.text, at: node.start }];
  if (node.kind !== 'seq') {
    problems.error(SigmaCode.badValue, `'${what}' must be a list of rule ids or names`, node.start, title);
    return [];
  }
  const refs: RuleReference[] = [];
  for (const el of node.items) {
    if (el.kind !== 'scalar' || el.value.type === 'null') problems.error(SigmaCode.badValue, `'${what}' must be a list of rule ids or names`, el.start, title);
    else refs.push({ ref: el.text, at: el.start });
  }
  return refs;
}

function parseStringList(node: YNode, problems: Problems, title: string, what: string): string[] {
  if (node.kind === 'scalar' && node.value.type !== 'null') return [node.text];
  if (node.kind !== 'seq') {
    problems.error(SigmaCode.badCorrelation, `'${what}' must be a list of field names`, node.start, title);
    return [];
  }
  const out: string[] = [];
  for (const el of node.items) {
    if (el.kind !== 'scalar' || el.value.type === 'null') problems.error(SigmaCode.badCorrelation, `'${what}' must be a list of field names`, el.start, title);
    else out.push(el.text);
  }
  return out;
}

function parseCorrelation(root: YMap, meta: RuleMeta, problems: Problems): CorrelationDocument | null {
  const title = meta.title;
  const corr = entry(root, 'correlation');
  if (corr === undefined || corr.kind !== 'map') {
    problems.error(SigmaCode.badCorrelation, "'correlation' must be a map", corr?.start ?? root.start, title);
    return null;
  }
  for (const e of corr.entries) {
    if (!CORRELATION_KEYS.has(e.key.text)) problems.warning(SigmaCode.badCorrelation, `unknown correlation key '${e.key.text}' is ignored`, e.key.start, title);
  }
  const typeNode = entry(corr, 'type');
  const type = scalarString(typeNode);
  if (type === null) {
    problems.error(SigmaCode.missingKey, "correlation has no 'type'", corr.start, title);
    return null;
  }
  if (!CORRELATION_TYPES.has(type)) {
    problems.error(SigmaCode.badCorrelation, `unknown correlation type '${type}' (expected one of ${[...CORRELATION_TYPES].join(', ')})`, typeNode?.start, title);
    return null;
  }
  const ctype = type as CorrelationType;
  const rules = parseReferences(entry(corr, 'rules'), problems, title, 'correlation.rules');
  if (rules === null) problems.error(SigmaCode.missingKey, "correlation has no 'rules'", corr.start, title);
  else if (rules.length === 0) problems.error(SigmaCode.badCorrelation, "'correlation.rules' is empty", entry(corr, 'rules')?.start, title);
  const groupNode = entry(corr, 'group-by');
  const groupBy = groupNode === undefined ? [] : parseStringList(groupNode, problems, title, 'group-by');
  const timespan = parseTimespan(entry(corr, 'timespan'), corr, problems, title);
  const condition = parseCorrelationCondition(entry(corr, 'condition'), ctype, corr, problems, title);
  const aliases = parseAliases(entry(corr, 'aliases'), problems, title);
  const generateNode = entry(corr, 'generate');
  let generate = false;
  if (generateNode !== undefined) {
    if (generateNode.kind === 'scalar' && generateNode.value.type === 'boolean') generate = generateNode.value.value;
    else problems.error(SigmaCode.badCorrelation, "'generate' must be true or false", generateNode.start, title);
  }
  if (rules === null || timespan === null || condition === undefined) return null;
  return { kind: 'correlation', meta, type: ctype, rules, groupBy, timespan, condition, aliases, generate };
}

function parseTimespan(node: YNode | undefined, corr: YMap, problems: Problems, title: string): number | null {
  if (node === undefined) {
    problems.error(SigmaCode.missingKey, "correlation has no 'timespan'", corr.start, title);
    return null;
  }
  const text = node.kind === 'scalar' ? node.text : '';
  const m = /^([0-9]+)([a-zA-Z])$/.exec(text);
  const unit = m ? TIMESPAN_UNITS[m[2] as string] : undefined;
  if (m === null || unit === undefined || Number(m[1]) <= 0) {
    problems.error(SigmaCode.badCorrelation, `invalid timespan '${text}' (expected a positive number followed by s, m, h, d or w, e.g. 90m)`, node.start, title);
    return null;
  }
  return Number(m[1]) * unit;
}

/** undefined = error reported; null = no condition (allowed for temporal types). */
function parseCorrelationCondition(node: YNode | undefined, type: CorrelationType, corr: YMap, problems: Problems, title: string): CorrelationCondition | null | undefined {
  const temporal = type === 'temporal' || type === 'temporal_ordered';
  if (node === undefined) {
    if (temporal) return null;
    problems.error(SigmaCode.missingKey, `a ${type} correlation needs a 'condition'`, keyNode(corr, 'type')?.start ?? corr.start, title);
    return undefined;
  }
  if (node.kind !== 'map') {
    problems.error(SigmaCode.badCorrelation, "correlation 'condition' must be a map such as {gte: 10}", node.start, title);
    return undefined;
  }
  const before = problems.errorCount;
  const tests: { op: CorrelationOp; value: number }[] = [];
  let fields: string[] = [];
  let percentile: number | null = null;
  for (const { key, value } of node.entries) {
    const k = key.text;
    if (CORRELATION_OPS.has(k)) {
      if (value.kind !== 'scalar' || value.value.type !== 'number' || !Number.isFinite(value.value.value)) {
        problems.error(SigmaCode.badCorrelation, `condition '${k}' needs a number`, value.start, title);
      } else {
        tests.push({ op: k as CorrelationOp, value: value.value.value });
      }
    } else if (k === 'field') {
      fields = parseStringList(value, problems, title, 'condition.field');
    } else if (k === 'percentile') {
      if (value.kind !== 'scalar' || value.value.type !== 'number' || value.value.value < 0 || value.value.value > 100) {
        problems.error(SigmaCode.badCorrelation, "'percentile' must be a number between 0 and 100", value.start, title);
      } else percentile = value.value.value;
    } else {
      problems.error(SigmaCode.badCorrelation, `unknown correlation condition key '${k}' (expected gt, gte, lt, lte, eq, neq, field, percentile)`, key.start, title);
    }
  }
  if (tests.length === 0) problems.error(SigmaCode.badCorrelation, 'correlation condition needs an operator (gt, gte, lt, lte, eq or neq)', node.start, title);
  const needsField = type === 'value_count' || type === 'value_sum' || type === 'value_avg' || type === 'value_percentile';
  if (needsField && fields.length === 0) problems.error(SigmaCode.badCorrelation, `a ${type} correlation needs 'condition.field'`, node.start, title);
  if (percentile !== null && type !== 'value_percentile') problems.error(SigmaCode.badCorrelation, "'percentile' only applies to value_percentile correlations", node.start, title);
  if (problems.errorCount > before) return undefined;
  return { tests, fields, percentile, at: node.start };
}

function parseAliases(node: YNode | undefined, problems: Problems, title: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  if (node === undefined) return out;
  if (node.kind !== 'map') {
    problems.error(SigmaCode.badCorrelation, "'aliases' must map alias names to {rule name: field}", node.start, title);
    return out;
  }
  for (const { key, value } of node.entries) {
    if (value.kind !== 'map') {
      problems.error(SigmaCode.badCorrelation, `alias '${key.text}' must map rule names to field names`, value.start, title);
      continue;
    }
    const mapping = new Map<string, string>();
    for (const e of value.entries) {
      if (e.value.kind !== 'scalar' || e.value.value.type === 'null') problems.error(SigmaCode.badCorrelation, `alias '${key.text}': field for '${e.key.text}' must be a string`, e.value.start, title);
      else mapping.set(e.key.text, e.value.text);
    }
    out.set(key.text, mapping);
  }
  return out;
}

function parseFilter(root: YMap, meta: RuleMeta, problems: Problems): FilterDocument | null {
  const title = meta.title;
  const logsource = parseLogSource(root, problems, title);
  const filter = entry(root, 'filter');
  if (filter === undefined || filter.kind !== 'map') {
    problems.error(SigmaCode.badFilter, "'filter' must be a map", filter?.start ?? root.start, title);
    return null;
  }
  const rulesNode = entry(filter, 'rules');
  let rules: RuleReference[] | 'any';
  if (rulesNode === undefined) {
    problems.error(SigmaCode.missingKey, "filter has no 'rules' (list rule ids or names, or write 'any')", filter.start, title);
    return null;
  }
  if (rulesNode.kind === 'scalar' && ['any', 'all'].includes(rulesNode.text.toLowerCase())) rules = 'any';
  else if (rulesNode.kind === 'seq' && rulesNode.items.length === 0) rules = 'any';
  else rules = parseReferences(rulesNode, problems, title, 'filter.rules') ?? [];
  const detection = parseDetectionSection(filter, problems, title, { reserved: new Set(['rules']), singleCondition: true });
  if (logsource === null || detection === null) return null;
  return { kind: 'filter', meta, logsource, rules, detection };
}
