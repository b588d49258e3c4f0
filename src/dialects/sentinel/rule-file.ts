/**
 * Reads Sentinel rule files (sentinel-kql.md §1): Azure-Sentinel repository YAML (`query:` with
 * `queryFrequency`, `queryPeriod`, `triggerOperator`, `triggerThreshold`, `kind`), ARM template exports
 * (`resources[]` of type `…/alertRules` with `properties.query`, ISO-8601 periods, `GreaterThan`), a
 * single exported alert rule object, and plain `.kql` files. YAML and JSON go through the `yaml`
 * package, so every problem has a line and column; positions inside a `query: |` block map back to the file.
 */
import { extname } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node, type YAMLMap } from 'yaml';
import { lineColumn, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { parseScopeList } from '../scope-declaration.js';
import type { DetectionFile, DetectionMeta } from '../types.js';
import { SentinelCode } from './codes.js';
import { ONE_RUN, readOperator, readPeriod, type Schedule } from './schedule.js';

/** One query of a rule file and what runs it. */
export interface RuleSource {
  readonly title: string;
  readonly query: string;
  readonly schedule: Schedule;
  readonly meta: DetectionMeta;
  /** File line and column (1-based) of an offset in `query`, or the query's own position with a note. */
  readonly where: (offset: number) => { line?: number; column?: number; note: string };
}

/** What reading a file gave. */
export interface RuleFileResult {
  readonly rules: RuleSource[];
  readonly diagnostics: Diagnostic[];
}

const KQL_EXTENSIONS = new Set(['.kql', '.csl', '.kusto']);

/** A top-level YAML key at the start of a line. */
const key = (text: string, name: string): boolean => new RegExp(`^${name}[ \\t]*:`, 'm').test(text);

/** Which shape a file is, by extension and content; null when it is not a Sentinel rule. */
export function shapeOf(file: DetectionFile): 'yaml' | 'arm' | 'kql' | null {
  const ext = extname(file.path).toLowerCase();
  const text = file.text;
  if (ext === '.yaml' || ext === '.yml') {
    const scheduled = key(text, 'queryFrequency') || key(text, 'triggerOperator') || key(text, 'requiredDataConnectors') || /^kind[ \t]*:[ \t]*['"]?(?:Scheduled|NRT)\b/m.test(text);
    // Sigma rules and Splunk detections have their own keys; a Sentinel rule has `query`.
    return key(text, 'query') && scheduled && !key(text, 'logsource') && !key(text, 'detection') && !key(text, 'search') ? 'yaml' : null;
  }
  if (ext === '.json') return /alertRules"/.test(text) || (/"Microsoft\.SecurityInsights/.test(text) && /"query"\s*:/.test(text)) ? 'arm' : null;
  // `.kql` is shared with Elastic's KQL: only a query that names the AWSCloudTrail table outside
  // comments and string literals is claimed (an Elastic query names fields, never this table).
  if (KQL_EXTENSIONS.has(ext)) return /\bAWSCloudTrail\b/.test(codeOf(text)) ? 'kql' : null;
  return null;
}

/** The text without `//` comments and string literals. */
function codeOf(text: string): string {
  return text.replace(/\/\/[^\n]*|@?"(?:[^"\\\n]|\\.)*"|@?'(?:[^'\\\n]|\\.)*'/g, ' ');
}

/**
 * The shape to read `file` as: its own, else the one its extension implies. A `.kql` text that is an
 * Azure-Sentinel YAML rule or an ARM export (a rule pasted into `parseRule`) is read as such.
 */
export function readingShapeOf(file: DetectionFile): 'yaml' | 'arm' | 'kql' {
  const ext = extname(file.path).toLowerCase();
  if (ext === '.json') return 'arm';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return shapeOf({ path: 'rule.json', text: file.text }) ?? shapeOf({ path: 'rule.yaml', text: file.text }) ?? 'kql';
}

/** Reads every rule of a file as `shape` (default: the shape it has). Never throws. */
export function readRuleFile(file: DetectionFile, fallbackTitle: string, shape: 'yaml' | 'arm' | 'kql' | null = shapeOf(file)): RuleFileResult {
  const diagnostics: Diagnostic[] = [];
  if (shape === 'kql') {
    return { rules: [{ title: fallbackTitle, query: file.text, schedule: ONE_RUN, meta: { ruleId: fallbackTitle }, where: (o) => ({ ...lineColumn(file.text, o), note: '' }) }], diagnostics };
  }
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const pos = (offset: number): { line: number; column: number } => {
    const p = lines.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const diag = (offset: number, code: string, message: string, rule?: string): void => {
    diagnostics.push({ code, severity: 'error', file: file.path, message, ...(offset >= 0 ? pos(offset) : {}), ...(rule !== undefined ? { rule } : {}) });
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    diag(e.pos[0], SentinelCode.fileSyntax, `invalid ${shape === 'arm' ? 'json' : 'yaml'}: ${e.message.split('\n')[0]!.toLowerCase()}`);
    return { rules: [], diagnostics };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    diag(-1, SentinelCode.fileSyntax, 'expected a mapping at the top of the file');
    return { rules: [], diagnostics };
  }
  const rules: RuleSource[] = [];
  if (shape === 'yaml') {
    const rule = readRule(root, fallbackTitle, false, file, pos, diag);
    if (rule !== null) rules.push(rule);
  } else {
    const resources = root.get('resources', true);
    const items = isSeq(resources) ? resources.items.filter((r): r is YAMLMap => isMap(r) && /alertRules$/i.test(String(r.get('type') ?? ''))) : [root];
    items.forEach((r, i) => {
      const rule = readRule(r, `${fallbackTitle}-${i + 1}`, true, file, pos, diag);
      if (rule !== null) rules.push(rule);
    });
    if (items.length === 0) diag(-1, SentinelCode.fileSyntax, 'no Microsoft.SecurityInsights alert rule found in this template');
  }
  return { rules, diagnostics };
}

function text(map: YAMLMap, name: string): string | undefined {
  const v = map.get(name, true);
  if (!isScalar(v) || v.value === null || v.value === undefined) return undefined;
  return String(v.value);
}

function readRule(
  node: YAMLMap,
  fallbackTitle: string,
  arm: boolean,
  file: DetectionFile,
  pos: (offset: number) => { line: number; column: number },
  diag: (offset: number, code: string, message: string, rule?: string) => void,
): RuleSource | null {
  const props = arm ? node.get('properties', true) : node;
  if (!isMap(props)) {
    diag(node.range?.[0] ?? -1, SentinelCode.fileSyntax, 'alert rule has no properties');
    return null;
  }
  const title = text(props, arm ? 'displayName' : 'name') ?? fallbackTitle;
  const queryNode = props.get('query', true);
  if (!isScalar(queryNode) || typeof queryNode.value !== 'string') {
    diag(queryNode?.range?.[0] ?? props.range?.[0] ?? -1, SentinelCode.fileSyntax, "the rule's query is missing or not text", title);
    return null;
  }
  const kind = text(arm ? node : props, 'kind') ?? (arm ? text(props, 'kind') : undefined);
  let schedule: Schedule = ONE_RUN;
  let bad = false;
  const fieldPos = (name: string): number => (props.get(name, true) as Node | undefined)?.range?.[0] ?? -1;
  if (kind === 'NRT') {
    schedule = { frequency: 60_000, period: 60_000, operator: 'gt', threshold: 0 };
  } else {
    const freqText = text(props, 'queryFrequency');
    const periodText = text(props, 'queryPeriod');
    const opText = text(props, 'triggerOperator');
    const thresholdText = text(props, 'triggerThreshold');
    const frequency = freqText === undefined ? null : readPeriod(freqText);
    const period = periodText === undefined ? null : readPeriod(periodText);
    const operator = opText === undefined ? 'gt' : readOperator(opText);
    const threshold = thresholdText === undefined ? 0 : Number(thresholdText);
    if (freqText !== undefined && frequency === null) (bad = true), diag(fieldPos('queryFrequency'), SentinelCode.badSchedule, `invalid queryFrequency '${freqText}': expected a duration such as 5m, 1h, 1d or PT1H`, title);
    if (periodText !== undefined && period === null) (bad = true), diag(fieldPos('queryPeriod'), SentinelCode.badSchedule, `invalid queryPeriod '${periodText}': expected a duration such as 5m, 1h, 1d or P1D`, title);
    if (operator === null) (bad = true), diag(fieldPos('triggerOperator'), SentinelCode.badSchedule, `invalid triggerOperator '${opText}': expected gt, lt, eq or ne`, title);
    if (!Number.isInteger(threshold) || threshold < 0) (bad = true), diag(fieldPos('triggerThreshold'), SentinelCode.badSchedule, `invalid triggerThreshold '${thresholdText}': expected a whole number`, title);
    if (bad) return null;
    if (frequency !== null || period !== null) {
      // A rule with only one of the two uses it for both (a decision, docs/sentinel.md).
      schedule = { frequency: frequency ?? period, period: period ?? frequency, operator: operator!, threshold };
    } else {
      schedule = { ...ONE_RUN, operator: operator!, threshold };
    }
  }
  const meta = metaOf(props, arm, title, diag);
  if (meta === null) return null;
  return { title, query: queryNode.value, schedule, meta, where: whereIn(queryNode, file.text, pos) };
}

function metaOf(props: YAMLMap, arm: boolean, title: string, diag: (offset: number, code: string, message: string, rule?: string) => void): DetectionMeta | null {
  const description = text(props, 'description');
  const level = text(props, 'severity');
  const status = arm ? (text(props, 'enabled') === 'false' ? 'disabled' : undefined) : text(props, 'status');
  const ruleId = arm ? (text(props, 'alertRuleTemplateName') ?? title) : (text(props, 'id') ?? title);
  const tactics = props.get('tactics', true);
  const tags = isSeq(tactics) ? tactics.items.flatMap((t) => (isScalar(t) ? [String(t.value)] : [])) : [];
  let scope: DetectionMeta['scope'];
  const tp = props.get('trailproof', true);
  if (isMap(tp) && tp.has('scope')) {
    const s = tp.get('scope', true);
    const names = isSeq(s) ? s.items.map((x) => (isScalar(x) ? String(x.value) : '')) : isScalar(s) ? String(s.value).split(',') : [];
    const parsed = parseScopeList(names);
    if ('error' in parsed) {
      diag((s as Node | undefined)?.range?.[0] ?? -1, SentinelCode.fileSyntax, `trailproof.scope: ${parsed.error}`, title);
      return null;
    }
    scope = parsed.categories;
  }
  return {
    ruleId,
    ...(description !== undefined ? { description: description.trim() } : {}),
    ...(level !== undefined ? { level: level.toLowerCase() } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(scope !== undefined ? { scope } : {}),
  };
}

/** Maps query offsets to the file: exactly for a `|` block, else the query's start plus the position inside it. */
function whereIn(node: Scalar, fileText: string, pos: (offset: number) => { line: number; column: number }): RuleSource['where'] {
  const start = node.range?.[0] ?? 0;
  const query = String(node.value);
  if (node.type === Scalar.BLOCK_LITERAL) {
    const bodyStart = fileText.indexOf('\n', start) + 1;
    const first = /^[ \t]*(?=\S)/m.exec(fileText.slice(bodyStart));
    const indent = first === null ? 0 : first[0].length;
    const firstLine = pos(bodyStart).line;
    return (offset) => {
      const inner = lineColumn(query, offset);
      return { line: firstLine + inner.line - 1, column: indent + inner.column, note: '' };
    };
  }
  const at = pos(start);
  return (offset) => {
    const inner = lineColumn(query, offset);
    return { ...at, note: ` (at line ${inner.line}, column ${inner.column} of the query)` };
  };
}
