/**
 * The library API for one Sigma rule: `parseSigmaRule(yaml)` returns a matcher or throws
 * `SigmaRuleError` for anything the specification does not allow.
 *
 * The text may hold several YAML documents: the first detection rule (the subject), filters that
 * target it (applied by `matches`), and correlation rules that refer to it (validated; evaluate them
 * through the dialect and the replay engine). Further detection rules are allowed only when a
 * correlation of the text refers to them.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CompiledRule, CorrelationDetection, DetectionFile } from '../types.js';
import { RuleError } from '../rule-error.js';
import { SigmaCode } from './codes.js';
import { prefilterOf } from './literals.js';
import { loadSigma, matchesValue, notApplicableReason } from './loader.js';
import type { LoadedDocument } from './loader.js';
import type { CorrelationDocument, RuleDocument } from './model.js';
import { SigmaCompiledRule } from './sigma-compiled-rule.js';

/** A rule the specification does not allow, with the position of the first problem. */
export class SigmaRuleError extends RuleError {
  /** Every error and warning found. */
  readonly diagnostics: readonly Diagnostic[];

  /** Builds the error from the first error diagnostic. */
  constructor(first: Diagnostic, diagnostics: readonly Diagnostic[]) {
    const where = first.line !== undefined ? ` (line ${first.line}${first.column !== undefined ? `, col ${first.column}` : ''})` : '';
    super(first.code, `${first.message}${where}`, first.line, first.column);
    this.name = 'SigmaRuleError';
    this.diagnostics = diagnostics;
  }
}

/** A parsed Sigma detection rule. */
export interface SigmaRule {
  readonly title: string;
  readonly id: string | null;
  readonly name: string | null;
  readonly status: string | null;
  readonly level: string | null;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly logsource: { readonly category: string | null; readonly product: string | null; readonly service: string | null };
  /** True when the log source is product aws / service cloudtrail (the replay only runs those). */
  readonly appliesToCloudTrail: boolean;
  /** Titles of the filters of the text that apply to the rule. */
  readonly filters: readonly string[];
  /** The correlation rules of the text, ready for the engine. */
  readonly correlations: readonly CorrelationDetection[];
  /** Warnings (YAML 1.1 readings, dropped `1 of` terms, ...). */
  readonly warnings: readonly Diagnostic[];
  /** The compiled rule (filters included), with its prefilter. */
  readonly rule: CompiledRule;
  /**
   * True when the rule (and its filters) match the record: a parsed record object, or its JSON text
   * (parsed first; text that is not a JSON object never matches, nor does any other non-object).
   */
  matches(record: unknown): boolean;
}

/** Options of `parseSigmaRule`. */
export interface ParseSigmaRuleOptions {
  /** Name used in diagnostics (default `<sigma rule>`). */
  readonly file?: string;
  /** Field-mapping pipelines (docs/sigma.md "Field mapping"). */
  readonly fieldMappings?: readonly DetectionFile[];
}

function fail(message: string, file: string, line?: number): never {
  const d: Diagnostic = { code: SigmaCode.unknownDocument, severity: 'error', message, file, ...(line !== undefined ? { line } : {}) };
  throw new SigmaRuleError(d, [d]);
}

function refersTo(c: CorrelationDocument, rule: RuleDocument, correlations: readonly LoadedDocument<CorrelationDocument>[], seen = new Set<CorrelationDocument>()): boolean {
  if (seen.has(c)) return false;
  seen.add(c);
  return c.rules.some((r) => {
    if (r.ref === rule.meta.id || r.ref === rule.meta.name) return true;
    const inner = correlations.find((x) => x.doc.meta.id === r.ref || x.doc.meta.name === r.ref);
    return inner !== undefined && refersTo(inner.doc, rule, correlations, seen);
  });
}

/**
 * Parses Sigma YAML into a matcher. Throws `SigmaRuleError` (with line and column when known) for
 * anything the specification does not allow.
 *
 * ```ts
 * const rule = parseSigmaRule(`
 * title: Root sign-in
 * logsource: { product: aws, service: cloudtrail }
 * detection:
 *   selection: { eventName: ConsoleLogin, userIdentity.type: Root }
 *   condition: selection
 * `);
 * rule.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } }); // true
 * ```
 */
export function parseSigmaRule(yamlText: string, options: ParseSigmaRuleOptions = {}): SigmaRule {
  const file = options.file ?? '<sigma rule>';
  const load = loadSigma([{ path: file, text: yamlText }], options.fieldMappings ? { fieldMappings: options.fieldMappings } : {}, { anyLogsource: true });
  const diagnostics = load.result.diagnostics;
  const firstError = diagnostics.find((d) => d.severity === 'error');
  if (firstError !== undefined) throw new SigmaRuleError(firstError, diagnostics);
  const rules = load.documents.filter((d): d is LoadedDocument<RuleDocument> => d.doc.kind === 'rule');
  const correlations = load.documents.filter((d): d is LoadedDocument<CorrelationDocument> => d.doc.kind === 'correlation');
  const subject = rules[0];
  if (subject === undefined) fail('the text holds no detection rule', file);
  for (const extra of rules.slice(1)) {
    const used = correlations.some((c) => refersTo(c.doc, extra.doc, correlations));
    if (!used) fail(`the text holds a second detection rule ('${extra.doc.meta.title}') that no correlation refers to: load several rules with the sigma dialect instead`, file);
  }
  const compiled = load.compiled.find((c) => c.loaded === subject);
  if (compiled === undefined) fail(`rule '${subject.doc.meta.title}' did not compile`, file);
  for (const c of correlations) {
    if (!refersTo(c.doc, subject.doc, correlations) && !rules.some((r) => refersTo(c.doc, r.doc, correlations))) {
      fail(`correlation '${c.doc.meta.title}' does not refer to a rule of the text`, file);
    }
  }
  const { meta, logsource } = subject.doc;
  const root = compiled.root;
  return {
    title: meta.title,
    id: meta.id,
    name: meta.name,
    status: meta.status,
    level: meta.level,
    description: meta.description,
    tags: meta.tags,
    logsource: { category: logsource.category, product: logsource.product, service: logsource.service },
    appliesToCloudTrail: notApplicableReason(logsource) === null,
    filters: compiled.filters.map((f) => f.doc.meta.title),
    correlations: load.result.spanning ?? [],
    warnings: diagnostics,
    rule: new SigmaCompiledRule(root, prefilterOf(root)),
    matches: (record: unknown) => matchesValue(root, typeof record === 'string' ? parseJsonText(record) : record),
  };
}

/** A record's JSON text parsed, or undefined when it is not JSON (it then matches nothing). */
function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
