/**
 * `parseRule`: one library entry for every dialect. The text is one rule as its dialect writes it (a
 * filter pattern, a Sigma YAML document, an event pattern...), loaded exactly as the registry loads a
 * rule file of that dialect.
 *
 * ```ts
 * const rule = parseRule('{ "detail": { "userIdentity": { "type": ["Root"] } } }', { dialect: 'eventbridge' });
 * rule.matches(cloudTrailRecord); // the record as EventBridge delivers it
 * parseRule(pattern, { dialect: 'eventbridge', input: 'event' }).matches(eventBridgeEvent);
 * ```
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { viewOfRecord, type CloudTrailRecord } from '../record/view.js';
import { DIALECTS } from './index.js';
import { DEFAULT_MAPPING, FIELD_MAPPINGS, fieldMapping } from './mapping/index.js';
import { loadWithDialect } from './registry.js';
import { RuleError } from './rule-error.js';
import type { CompiledRule, DetectionFile, DetectionMeta, Dialect, LoadOptions } from './types.js';

/** Codes of `parseRule`'s own errors (docs/diagnostics.md). */
export const ParseRuleCode = {
  /** Unknown dialect, input or option. */
  badRequest: 'TP0005',
  /** The text holds no rule that applies, or more than one. */
  notOneRule: 'TP0006',
} as const;

/** Options of `parseRule`: the dialect, what `matches` receives, and the dialect's own options. */
export interface ParseRuleOptions {
  /** Dialect id: `cwl`, `sigma`, `eventbridge`, ... (`DIALECTS`). */
  readonly dialect: string;
  /**
   * What `matches` receives: `cloudtrail` (default: a CloudTrail record, mapped the way that SIEM would
   * receive it) or the `input` of the dialect's field mapping (`Dialect.defaultMapping`; `event` for
   * EventBridge: the event exactly as EventBridge sees it).
   */
  readonly input?: string;
  /** Name used in errors and warnings (default: the dialect's `ruleFileName`, which also says the format). */
  readonly file?: string;
  /** Field-mapping files (Sigma pipelines). */
  readonly fieldMappings?: readonly DetectionFile[];
  /** Dialects to choose from instead of the registered ones. */
  readonly dialects?: readonly Dialect[];
  /** The dialect's own options (`Dialect.options` names them). */
  readonly [option: string]: unknown;
}

/** A parsed rule of any dialect. */
export interface Rule {
  readonly dialect: string;
  readonly title: string;
  readonly meta: DetectionMeta;
  /** The compiled rule, with its prefilter. */
  readonly rule: CompiledRule;
  /** Warnings found while loading it. */
  readonly warnings: readonly Diagnostic[];
  /** True when the rule fires on the event: an object, or its JSON text (text that is not a JSON object never matches). */
  matches(event: object | string): boolean;
}

const COMMON = new Set(['dialect', 'input', 'file', 'fieldMappings', 'dialects']);

function fail(code: string, message: string): never {
  throw new RuleError(code, message);
}

function asRecord(event: object | string): CloudTrailRecord | null {
  let value: unknown = event;
  if (typeof event === 'string') {
    try {
      value = JSON.parse(event) as unknown;
    } catch {
      return null;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as CloudTrailRecord) : null;
}

/** Parses one rule of `options.dialect`; throws `RuleError` (code, message, line, column) when it does not load. */
export function parseRule(text: string, options: ParseRuleOptions): Rule {
  const dialects = options.dialects ?? DIALECTS;
  const dialect = dialects.find((d) => d.id === options.dialect);
  if (dialect === undefined) fail(ParseRuleCode.badRequest, `unknown dialect '${options.dialect}' (known: ${dialects.map((d) => d.id).join(', ')})`);
  const mappingId = dialect.defaultMapping ?? DEFAULT_MAPPING;
  const mapping = fieldMapping(mappingId);
  if (mapping === undefined) fail(ParseRuleCode.badRequest, `dialect '${dialect.id}' names an unknown field mapping '${mappingId}' (known: ${FIELD_MAPPINGS.map((m) => m.id).join(', ')})`);
  const input = options.input ?? 'cloudtrail';
  // Records are CloudTrail records, or documents already in the form of the dialect's field mapping.
  const inputs = ['cloudtrail', ...(mapping.input !== undefined ? [mapping.input] : [])];
  if (!inputs.includes(input)) fail(ParseRuleCode.badRequest, `dialect '${dialect.id}' takes no input '${input}' (known: ${inputs.join(', ')})`);
  const dialectOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (COMMON.has(key) || value === undefined) continue;
    if (!(dialect.options ?? []).includes(key)) fail(ParseRuleCode.badRequest, `dialect '${dialect.id}' has no option '${key}'${dialect.options?.length ? ` (known: ${dialect.options.join(', ')})` : ''}`);
    dialectOptions[key] = value;
  }
  const loadOptions: LoadOptions = {
    input,
    ...(options.fieldMappings !== undefined ? { fieldMappings: options.fieldMappings } : {}),
    ...(Object.keys(dialectOptions).length > 0 ? { dialectOptions } : {}),
  };
  const file = options.file ?? dialect.ruleFileName;
  const loaded = loadWithDialect(dialect, [{ path: file, text }], loadOptions);
  const error = loaded.diagnostics.find((d) => d.severity === 'error');
  if (error !== undefined) throw RuleError.of(error);
  const [only, ...more] = loaded.detections;
  if (only === undefined) {
    const reason = loaded.notApplicable[0]?.reason;
    fail(ParseRuleCode.notOneRule, reason !== undefined ? `the rule does not apply: ${reason}` : 'the text holds no rule');
  }
  if (more.length > 0) fail(ParseRuleCode.notOneRule, `the text holds ${loaded.detections.length} rules: load several with loadDetectionFiles`);
  const rule = only.rule;
  return {
    dialect: dialect.id,
    title: only.title,
    meta: only.meta,
    rule,
    warnings: loaded.diagnostics,
    matches: (event) => {
      const record = asRecord(event);
      return record !== null && rule.match(viewOfRecord(record));
    },
  };
}
