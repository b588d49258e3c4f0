/**
 * Reads Kibana's rules export (`POST /api/detection_engine/rules/_export`, NDJSON; elastic-rules.md
 * §1.2, read line by line through src/dialects/carriers/ndjson.ts): rules, the exception lists and
 * items they reference, action connectors and a trailing export summary, each line classified by its
 * keys rather than its position. Exception items are attached to the rules whose `exceptions_list`
 * names their list.
 */
import { lineColumn, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { JsonObject, JsonValue } from '../../../record/view.js';
import { ndjsonLines } from '../../carriers/ndjson.js';
import { ElasticCode } from '../codes.js';
import { DEFAULT_LOOKBACK_MS, lookbackOf, type RuleDefinition, type ExceptionItem } from '../rule.js';

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

type Line =
  | { kind: 'rule'; value: JsonObject; offset: number; valueOffset: number }
  | { kind: 'item'; value: JsonObject }
  | { kind: 'other' };

/** What one export line is, by its keys. */
function classify(v: JsonObject): 'rule' | 'item' | 'list' | 'summary' | 'connector' | null {
  if ('exported_count' in v || 'exported_rules_count' in v) return 'summary';
  if ('item_id' in v && Array.isArray(v['entries'])) return 'item';
  if ('list_id' in v && !('rule_id' in v)) return 'list';
  if ('actionTypeId' in v || ('type' in v && v['type'] === 'action')) return 'connector';
  if ('rule_id' in v && typeof v['type'] === 'string') return 'rule';
  return null;
}

/** True when an `.ndjson` text holds a rules export (some line is a rule). */
export function looksLikeRulesExport(text: string): boolean {
  // A bad line is reported when the file is loaded.
  for (const l of ndjsonLines(text)) if (l.kind === 'value' && isObject(l.value) && classify(l.value) === 'rule') return true;
  return false;
}

const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** The rules of an export, with their exception items attached. */
export function readRulesExport(path: string, text: string): { rules: RuleDefinition[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lines: Line[] = [];
  for (const l of ndjsonLines(text)) {
    if (l.kind === 'error') {
      diagnostics.push({ code: ElasticCode.fileSyntax, severity: 'error', file: path, message: `invalid json line: ${l.message}`, line: l.line, column: l.column });
      continue;
    }
    const v = l.value;
    const kind = isObject(v) ? classify(v) : null;
    if (kind === 'rule') lines.push({ kind: 'rule', value: v as JsonObject, offset: l.offset, valueOffset: l.offset + l.raw.indexOf('"query"') });
    else if (kind === 'item') lines.push({ kind: 'item', value: v as JsonObject });
    else if (kind === null) diagnostics.push({ code: ElasticCode.fileSyntax, severity: 'warning', file: path, message: 'line is not a rule, exception list or item, connector or export summary: ignored', line: l.line, column: l.column });
  }
  const itemsByList = new Map<string, ExceptionItem[]>();
  for (const l of lines) {
    if (l.kind !== 'item') continue;
    const key = `${str(l.value['namespace_type']) ?? 'single'}:${str(l.value['list_id']) ?? ''}`;
    const list = itemsByList.get(key) ?? [];
    const expire = str(l.value['expire_time']);
    list.push({ id: str(l.value['item_id']) ?? '', entries: l.value['entries'] as JsonValue[], ...(expire !== undefined ? { expireTime: expire } : {}) });
    itemsByList.set(key, list);
  }
  const rules: RuleDefinition[] = [];
  for (const l of lines) {
    if (l.kind !== 'rule') continue;
    const r = l.value;
    const name = str(r['name']) ?? str(r['rule_id']) ?? `line ${lineColumn(text, l.offset).line}`;
    const exceptions: ExceptionItem[] = [];
    const missingLists: string[] = [];
    for (const ref of Array.isArray(r['exceptions_list']) ? r['exceptions_list'] : []) {
      if (!isObject(ref)) continue;
      const id = str(ref['list_id']) ?? '';
      const items = itemsByList.get(`${str(ref['namespace_type']) ?? 'single'}:${id}`);
      if (items === undefined) missingLists.push(id);
      else exceptions.push(...items);
    }
    const t = r['threshold'];
    let threshold: RuleDefinition['threshold'] = null;
    if (r['type'] === 'threshold') {
      if (!isObject(t) || typeof t['value'] !== 'number') {
        diagnostics.push({ code: ElasticCode.badRule, severity: 'error', file: path, message: "a threshold rule needs 'threshold' with a numeric 'value'", rule: name, ...lineColumn(text, l.offset) });
        continue;
      }
      const f = t['field'];
      const fields = typeof f === 'string' ? (f === '' ? [] : [f]) : Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
      const cardinality = (Array.isArray(t['cardinality']) ? t['cardinality'] : []).flatMap((c) =>
        isObject(c) && typeof c['field'] === 'string' && typeof c['value'] === 'number' ? [{ field: c['field'], value: c['value'] }] : [],
      );
      threshold = { fields, value: t['value'], cardinality };
    }
    const from = str(r['from']);
    const tags = Array.isArray(r['tags']) ? r['tags'].filter((x): x is string => typeof x === 'string') : [];
    const query = str(r['query']) ?? null;
    rules.push({
      ruleId: str(r['rule_id']) ?? null,
      name,
      type: r['type'] as string,
      language: str(r['language']) ?? null,
      query,
      // Inside a JSON string, offsets map onto the file only when the query has no escapes.
      querySite: query === null || l.valueOffset < l.offset ? null : { offset: l.valueOffset, verbatim: false },
      index: Array.isArray(r['index']) ? r['index'].filter((x): x is string => typeof x === 'string') : null,
      filters: Array.isArray(r['filters']) ? r['filters'] : [],
      exceptions,
      missingLists,
      threshold,
      lookbackMs: (from === undefined ? DEFAULT_LOOKBACK_MS : lookbackOf(from)) ?? DEFAULT_LOOKBACK_MS,
      enabled: r['enabled'] !== false,
      ...(str(r['description']) !== undefined ? { description: str(r['description'])! } : {}),
      ...(str(r['severity']) !== undefined ? { severity: str(r['severity'])! } : {}),
      tags,
      ...(str(r['event_category_override']) !== undefined ? { eventCategoryOverride: str(r['event_category_override'])! } : {}),
      offset: l.offset,
    });
  }
  return { rules, diagnostics };
}
