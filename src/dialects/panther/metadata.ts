/**
 * Reads a Panther analysis YAML file (digest §1): a rule's metadata and unit tests, or a data model's
 * mappings. Never throws: problems are diagnostics with line and column.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { JsonObject, JsonValue } from '../../record/view.js';
import { PantherCode } from './codes.js';

/** One entry of a rule's `Tests:`. */
export interface PantherTest {
  readonly name: string;
  readonly expected: boolean;
  readonly log: JsonObject;
  readonly mocks: readonly { readonly objectName: string; readonly returnValue: JsonValue }[];
}

/** A rule's metadata (`AnalysisType: rule`). */
export interface PantherRuleMeta {
  readonly kind: 'rule';
  readonly ruleId: string;
  readonly displayName: string | null;
  /** The `.py` file, resolved against the YAML's folder. */
  readonly filename: string;
  readonly enabled: boolean;
  readonly logTypes: readonly string[];
  readonly severity: string | null;
  readonly description: string | null;
  readonly tags: readonly string[];
  /** Minutes one alert groups matches with the same dedup string (default 60). */
  readonly dedupPeriodMinutes: number;
  /** Matches with one dedup string in one period before an alert is raised (default 1). */
  readonly threshold: number;
  readonly tests: readonly PantherTest[];
}

/** A data model (`AnalysisType: datamodel`): UDM names to a JSONPath or a method of its `.py`. */
export interface PantherDataModel {
  readonly kind: 'datamodel';
  readonly logTypes: readonly string[];
  readonly filename: string | null;
  readonly mappings: readonly { readonly name: string; readonly path?: string; readonly method?: string }[];
}

/** Another analysis type (policy, scheduled rule, global helper, ...): not replayed. */
export interface PantherOther {
  readonly kind: 'other';
  readonly analysisType: string;
  readonly title: string;
}

export type PantherAnalysis = PantherRuleMeta | PantherDataModel | PantherOther;

/** The YAML of a Panther analysis item: it names an `AnalysisType` at the top level. */
export const ANALYSIS_TYPE = /^AnalysisType[ \t]*:/m;

function resolve(dir: string, name: string): string {
  return name.startsWith('/') ? name : `${dir}/${name}`;
}

/** Parses one analysis YAML; null `analysis` when it is unusable (the diagnostics say why). */
export function readAnalysis(path: string, text: string): { analysis: PantherAnalysis | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (node: YamlNode | null | undefined): { line?: number; column?: number } => {
    const offset = node?.range?.[0];
    return offset === undefined ? {} : { line: lines.linePos(offset).line, column: lines.linePos(offset).col };
  };
  const problem = (code: string, message: string, node?: YamlNode | null, rule?: string): void => {
    diagnostics.push({ code, severity: 'error', file: path, message, ...at(node), ...(rule !== undefined ? { rule } : {}) });
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lines.linePos(e.pos[0]);
    diagnostics.push({ code: PantherCode.yamlSyntax, severity: 'error', file: path, message: `invalid yaml: ${e.message.split('\n')[0]!.toLowerCase()}`, line: pos.line, column: pos.col });
    return { analysis: null, diagnostics };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    problem(PantherCode.badField, 'expected a mapping with AnalysisType at the top level', root);
    return { analysis: null, diagnostics };
  }
  const node = (key: string): YamlNode | null => {
    const v = root.get(key, true);
    return (v ?? null) as YamlNode | null;
  };
  const value = (key: string): unknown => (node(key) === null ? undefined : (doc.toJS() as Record<string, unknown>)[key]);
  const str = (key: string): string | null => {
    const n = node(key);
    if (n === null) return null;
    if (isScalar(n) && (typeof n.value === 'string' || typeof n.value === 'number')) return String(n.value);
    problem(PantherCode.badField, `${key} must be a string`, n);
    return null;
  };
  const strings = (key: string): string[] => {
    const n = node(key);
    if (n === null) return [];
    if (isSeq(n) && n.items.every((i) => isScalar(i) && typeof i.value === 'string')) return n.items.map((i) => String((i as { value: unknown }).value));
    problem(PantherCode.badField, `${key} must be a list of strings`, n);
    return [];
  };
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
  const type = str('AnalysisType');
  if (type === 'datamodel') {
    const file = str('Filename');
    const mappings: { name: string; path?: string; method?: string }[] = [];
    const list = value('Mappings');
    if (Array.isArray(list)) {
      for (const m of list as Record<string, unknown>[]) {
        if (typeof m?.Name !== 'string') continue;
        if (typeof m.Path === 'string') mappings.push({ name: m.Name, path: m.Path });
        else if (typeof m.Method === 'string') mappings.push({ name: m.Name, method: m.Method });
      }
    }
    return { analysis: { kind: 'datamodel', logTypes: strings('LogTypes'), filename: file === null ? null : resolve(dir, file), mappings }, diagnostics };
  }
  if (type !== 'rule') {
    return { analysis: { kind: 'other', analysisType: type ?? '(none)', title: str('RuleID') ?? str('PolicyID') ?? str('QueryName') ?? path }, diagnostics };
  }
  const ruleId = str('RuleID');
  const filename = str('Filename');
  if (ruleId === null) problem(PantherCode.badField, 'a rule needs a RuleID', root);
  if (filename === null) problem(PantherCode.badField, 'a rule needs a Filename naming its .py file', root, ruleId ?? undefined);
  const number = (key: string, fallback: number): number => {
    const n = node(key);
    if (n === null) return fallback;
    if (isScalar(n) && typeof n.value === 'number' && Number.isInteger(n.value) && n.value >= 1) return n.value;
    problem(PantherCode.badField, `${key} must be a whole number of at least 1`, n, ruleId ?? undefined);
    return fallback;
  };
  const enabledNode = node('Enabled');
  const enabled = enabledNode === null || (isScalar(enabledNode) && enabledNode.value === true);
  const tests: PantherTest[] = [];
  const testsNode = node('Tests');
  if (testsNode !== null && !isSeq(testsNode)) problem(PantherCode.badField, 'Tests must be a list', testsNode, ruleId ?? undefined);
  if (isSeq(testsNode)) {
    for (const item of testsNode.items) {
      const t = (item as YamlNode).toJSON() as Record<string, unknown> | null;
      const log = t?.Log;
      if (t === null || typeof t.Name !== 'string' || typeof t.ExpectedResult !== 'boolean' || log === null || typeof log !== 'object' || Array.isArray(log)) {
        problem(PantherCode.badField, 'each test needs Name, ExpectedResult (true or false) and a Log mapping', item as YamlNode, ruleId ?? undefined);
        continue;
      }
      const mocks = Array.isArray(t.Mocks)
        ? (t.Mocks as Record<string, unknown>[]).filter((m) => typeof m?.objectName === 'string').map((m) => ({ objectName: m.objectName as string, returnValue: (m.returnValue ?? null) as JsonValue }))
        : [];
      tests.push({ name: t.Name, expected: t.ExpectedResult, log: log as JsonObject, mocks });
    }
  }
  const meta: PantherRuleMeta = {
    kind: 'rule',
    ruleId: ruleId ?? '',
    displayName: str('DisplayName'),
    filename: resolve(dir, filename ?? ''),
    enabled,
    logTypes: strings('LogTypes'),
    severity: str('Severity'),
    description: str('Description'),
    tags: strings('Tags'),
    dedupPeriodMinutes: number('DedupPeriodMinutes', 60),
    threshold: number('Threshold', 1),
    tests,
  };
  return { analysis: ruleId === null || filename === null ? null : meta, diagnostics };
}
