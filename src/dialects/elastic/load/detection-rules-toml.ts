/**
 * Reads an elastic/detection-rules TOML file (elastic-rules.md §1.1): `[metadata]`, `[rule]` with
 * `type`, `language`, `query`, `from`, `[rule.threshold]`, ... One file holds one rule. A
 * `[trailproof] scope = [...]` table declares the rule's scope (docs/scope.md).
 */
import { lineColumn, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { JsonValue } from '../../../record/view.js';
import { parseToml, TomlError, type TomlTable, type TomlValue } from '../../carriers/toml.js';
import type { DetectionFile } from '../../types.js';
import { ElasticCode } from '../codes.js';
import { DEFAULT_LOOKBACK_MS, lookbackOf, type RuleDefinition } from '../rule.js';

/** True when a TOML file looks like a detection-rules rule (`[rule]` with a `type` or `query`). */
export function looksLikeDetectionRule(text: string): boolean {
  return /^\[rule\][ \t]*(?:#.*)?$/m.test(text) && /^(?:type|query|rule_id)[ \t]*=/m.test(text);
}

const isTable = (v: TomlValue | undefined): v is TomlTable => typeof v === 'object' && !Array.isArray(v);

/** TOML values are JSON values except non-finite floats, which no rule field holds. */
function toJson(v: TomlValue): JsonValue {
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
}

/** The rule of one TOML file, or diagnostics saying why there is none. */
export function readDetectionRulesToml(file: DetectionFile): { rules: RuleDefinition[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): { line: number; column: number } => lineColumn(file.text, offset);
  let doc;
  try {
    doc = parseToml(file.text);
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    diagnostics.push({ code: ElasticCode.fileSyntax, severity: 'error', file: file.path, message: `invalid toml: ${e.message}`, ...at(e.offset) });
    return { rules: [], diagnostics };
  }
  const rule = doc.root['rule'];
  const ruleAt = doc.positions.get('rule')?.start ?? 0;
  if (!isTable(rule)) {
    diagnostics.push({ code: ElasticCode.noRules, severity: 'warning', file: file.path, message: 'no [rule] table: not an elastic detection rule' });
    return { rules: [], diagnostics };
  }
  const name = typeof rule['name'] === 'string' ? rule['name'] : (typeof rule['rule_id'] === 'string' ? rule['rule_id'] : file.path);
  const bad = (key: string, message: string): void => {
    const p = doc.positions.get(`rule.${key}`)?.start ?? ruleAt;
    diagnostics.push({ code: ElasticCode.badRule, severity: 'error', file: file.path, message, rule: name, ...at(p) });
  };
  const text = (key: string): string | undefined => {
    const v = rule[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      bad(key, `'rule.${key}' must be a string`);
      return undefined;
    }
    return v;
  };
  const type = text('type');
  if (type === undefined) {
    if (rule['type'] === undefined) bad('type', "the rule has no 'type'");
    return { rules: [], diagnostics };
  }
  const query = text('query') ?? null;
  const site = doc.positions.get('rule.query');
  let threshold: RuleDefinition['threshold'] = null;
  const t = rule['threshold'];
  if (type === 'threshold') {
    if (!isTable(t) || typeof t['value'] !== 'number') {
      bad('threshold', "a threshold rule needs [rule.threshold] with a numeric 'value'");
      return { rules: [], diagnostics };
    }
    const f = t['field'];
    const fields = typeof f === 'string' ? (f === '' ? [] : [f]) : Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
    const card = Array.isArray(t['cardinality']) ? t['cardinality'] : [];
    const cardinality = card.filter(isTable).flatMap((c) => (typeof c['field'] === 'string' && typeof c['value'] === 'number' ? [{ field: c['field'], value: c['value'] }] : []));
    threshold = { fields, value: t['value'], cardinality };
  }
  const from = text('from');
  const lookback = from === undefined ? DEFAULT_LOOKBACK_MS : lookbackOf(from);
  if (lookback === null) bad('from', `'rule.from' must be 'now-<n><s|m|h|d>', found '${from}'`);
  const metadata = doc.root['metadata'];
  const own = doc.root['trailproof'];
  const scope = isTable(own) && Array.isArray(own['scope']) ? own['scope'].filter((s): s is string => typeof s === 'string') : undefined;
  const tags = Array.isArray(rule['tags']) ? rule['tags'].filter((s): s is string => typeof s === 'string') : [];
  const filters = Array.isArray(rule['filters']) ? rule['filters'].map(toJson) : [];
  const maturity = isTable(metadata) && typeof metadata['maturity'] === 'string' ? metadata['maturity'] : undefined;
  return {
    rules: [
      {
        ruleId: typeof rule['rule_id'] === 'string' ? rule['rule_id'] : null,
        name,
        type,
        language: text('language') ?? null,
        query,
        querySite: site === undefined ? null : { offset: site.content, verbatim: site.verbatim },
        index: Array.isArray(rule['index']) ? rule['index'].filter((s): s is string => typeof s === 'string') : null,
        filters,
        exceptions: [],
        missingLists: [],
        threshold,
        lookbackMs: lookback ?? DEFAULT_LOOKBACK_MS,
        enabled: rule['enabled'] !== false,
        ...(text('description') !== undefined ? { description: text('description')! } : {}),
        ...(text('severity') !== undefined ? { severity: text('severity')! } : {}),
        ...(maturity !== undefined ? { maturity } : {}),
        tags,
        ...(text('event_category_override') !== undefined ? { eventCategoryOverride: text('event_category_override')! } : {}),
        ...(scope !== undefined ? { scope } : {}),
        offset: ruleAt,
      },
    ],
    diagnostics,
  };
}
