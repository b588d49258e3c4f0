/**
 * The Elastic dialects: `elastic-kuery`, `elastic-lucene` and `elastic-eql`, one per query language, all
 * reading the same rule files (elastic/detection-rules TOML, Kibana's rules export NDJSON). A file may
 * feed several of them (an export holding KQL and EQL rules): each parses the file and keeps the rules of
 * its language. `elastic-kuery` is the file's home: it reports what concerns the file as a whole (syntax,
 * no rule) and the rules no language of this build replays (ES|QL, new_terms, ...), so each problem is
 * reported once. A file of another extension (`parseRule`'s `rule.kql`) is one bare query.
 */
import { basename, extname } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CompiledRule, CorrelationDetection, DetectionFile, Dialect, LoadOptions, NotApplicable, ParsedRule, ParseResult } from '../types.js';
import { ElasticCode } from './codes.js';
import { compileRule, type CompileRuleOptions, type SpanningRule } from './compile-rule.js';
import { ES_FIELD_TYPES, type FieldTypes } from '../mapping/ecs/field-types.js';
import { looksLikeDetectionRule, readDetectionRulesToml } from './load/detection-rules-toml.js';
import { looksLikeRulesExport, readRulesExport } from './load/kibana-export.js';
import { DEFAULT_LOOKBACK_MS, type RuleDefinition } from './rule.js';

/** The query languages, each its own dialect. */
export type ElasticLanguage = 'kuery' | 'lucene' | 'eql';

function carrier(file: DetectionFile): 'toml' | 'ndjson' | null {
  const ext = extname(file.path).toLowerCase();
  if (ext === '.toml') return looksLikeDetectionRule(file.text) ? 'toml' : null;
  if (ext === '.ndjson') return looksLikeRulesExport(file.text) ? 'ndjson' : null;
  return null;
}

/** Which dialect evaluates a rule; rules of no replayable language stay with `kuery` (the home dialect). */
export function languageOf(rule: RuleDefinition): ElasticLanguage {
  if (rule.type === 'eql') return 'eql';
  return (rule.type === 'query' || rule.type === 'threshold') && rule.language === 'lucene' ? 'lucene' : 'kuery';
}

interface ReadFile {
  readonly rules: readonly RuleDefinition[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Files are read once for the sniffs and parses of all three dialects. */
const reads = new WeakMap<DetectionFile, ReadFile>();

function read(file: DetectionFile, language: ElasticLanguage): ReadFile {
  const cached = reads.get(file);
  if (cached !== undefined) return cached;
  const kind = carrier(file);
  let out: ReadFile;
  if (kind === 'toml') out = readDetectionRulesToml(file);
  else if (kind === 'ndjson') out = readRulesExport(file.path, file.text);
  else out = { rules: [bareQuery(file, language)], diagnostics: [] };
  if (kind !== null) reads.set(file, out);
  return out;
}

/** A lone query (parseRule's text): a query rule of the language, searching the CloudTrail data stream. */
function bareQuery(file: DetectionFile, language: ElasticLanguage): RuleDefinition {
  return {
    ruleId: null,
    name: basename(file.path),
    type: language === 'eql' ? 'eql' : 'query',
    language,
    query: file.text,
    querySite: { offset: 0, verbatim: true },
    index: null,
    filters: [],
    exceptions: [],
    missingLists: [],
    threshold: null,
    lookbackMs: DEFAULT_LOOKBACK_MS,
    enabled: true,
    tags: [],
    offset: 0,
  };
}

/** The dialect options (issue 13): `fieldTypes` (field → Elasticsearch type) and `eventCategoryField` (EQL). */
function compileOptions(options: LoadOptions, file: string, diagnostics: Diagnostic[]): CompileRuleOptions {
  const given = options.dialectOptions ?? {};
  const out: { fieldTypes?: FieldTypes; eventCategoryField?: string; input?: 'cloudtrail' | 'ecs' } = {};
  if (options.input === 'ecs') out.input = 'ecs';
  const types = given['fieldTypes'];
  if (types !== undefined) {
    const entries = typeof types === 'object' && types !== null && !Array.isArray(types) ? Object.entries(types) : null;
    const bad = entries === null ? 'an object' : entries.find(([, t]) => typeof t !== 'string' || !ES_FIELD_TYPES.has(t));
    if (bad !== undefined) diagnostics.push({ code: ElasticCode.badRule, severity: 'error', file, message: `option fieldTypes: expected ${typeof bad === 'string' ? bad : `a type name for '${bad[0]}'`}` });
    else out.fieldTypes = types as FieldTypes;
  }
  const category = given['eventCategoryField'];
  if (category !== undefined) {
    if (typeof category !== 'string' || category === '') diagnostics.push({ code: ElasticCode.badRule, severity: 'error', file, message: 'option eventCategoryField: expected a field name' });
    else out.eventCategoryField = category;
  }
  return out;
}

/** Spanning rules waiting for `link`: which parsed rules feed them and how to build them. */
const pending = new WeakMap<CorrelationDetection, { readonly spanning: SpanningRule; readonly stages: readonly ParsedRule<CompiledRule>[] }>();

function parseFile(file: DetectionFile, language: ElasticLanguage, options: LoadOptions, out: { rules: ParsedRule<CompiledRule>[]; spanning: CorrelationDetection[]; notApplicable: NotApplicable[]; diagnostics: Diagnostic[] }): void {
  try {
    const home = language === 'kuery' || carrier(file) === null;
    const r = read(file, language);
    const opts = compileOptions(options, file.path, out.diagnostics);
    if (home) {
      out.diagnostics.push(...r.diagnostics);
      if (r.rules.length === 0 && r.diagnostics.length === 0) {
        out.diagnostics.push({ code: ElasticCode.noRules, severity: 'warning', file: file.path, message: 'no elastic detection rule found in this file' });
      }
    }
    for (const rule of r.rules) {
      if (carrier(file) !== null && languageOf(rule) !== language) continue;
      const c = compileRule(rule, file, rule.ruleId ?? rule.name, opts);
      const parsed = new Map<string, ParsedRule<CompiledRule>>();
      for (const d of c.detections) {
        const p: ParsedRule<CompiledRule> = { name: d.id, title: d.title, file: file.path, meta: d.meta, ast: d.rule };
        parsed.set(d.id, p);
        out.rules.push(p);
      }
      for (const s of c.spanning) {
        out.spanning.push(s.base);
        pending.set(s.base, { spanning: s, stages: s.stages.map((n) => parsed.get(n)!) });
      }
      out.notApplicable.push(...c.notApplicable);
      out.diagnostics.push(...c.diagnostics);
    }
  } catch (e) {
    // A bug here must not stop the other rule files from loading.
    out.diagnostics.push({ code: ElasticCode.fileSyntax, severity: 'error', file: file.path, message: `could not read elastic rules: ${(e as Error).message}` });
  }
}

/** The dialect of one Elastic query language. */
function elasticDialectOf(language: ElasticLanguage, ruleFileName: string): Dialect<CompiledRule> {
  return {
    id: `elastic-${language}`,
    ruleFileName,
    defaultMapping: 'ecs',
    options: ['fieldTypes', 'eventCategoryField'],
    claims: {
      extensions: ['.toml', '.ndjson'],
      sniff: (file) => (carrier(file) !== null && (language === 'kuery' || read(file, language).rules.some((r) => languageOf(r) === language)) ? 'yes' : 'no'),
    },
    parse(files, options): ParseResult<CompiledRule> {
      const out = { rules: [] as ParsedRule<CompiledRule>[], spanning: [] as CorrelationDetection[], notApplicable: [] as NotApplicable[], diagnostics: [] as Diagnostic[] };
      for (const file of files) parseFile(file, language, options, out);
      return out;
    },
    // Rules compile while parsing (threshold and sequence stages come from the same query); this hands them over.
    compile: (rule) => ({ rule: rule.ast, diagnostics: [] }),
    link(spanning, ids) {
      const out: CorrelationDetection[] = [];
      const used = new Set<string>();
      for (const c of spanning) {
        const p = pending.get(c);
        if (p === undefined) continue;
        const inputs = p.stages.map((s) => ids.get(s));
        if (inputs.some((i) => i === undefined)) continue;
        // `<file>#<name>/query` → `<file>#<name>`: the rule's own id, as its stages are named after it.
        const stem = inputs[0]!.slice(0, inputs[0]!.lastIndexOf('/'));
        let id = stem;
        for (let n = 2; used.has(id); n++) id = `${stem}-${n}`;
        used.add(id);
        out.push(p.spanning.build(id, inputs as string[]));
      }
      return out;
    },
  };
}

/** KQL query and threshold rules; also the home of every Elastic rule file (see above). */
export const elasticKueryDialect = elasticDialectOf('kuery', 'rule.kql');
/** Lucene query and threshold rules. */
export const elasticLuceneDialect = elasticDialectOf('lucene', 'rule.lucene');
/** EQL rules: event queries, sequences and samples. */
export const elasticEqlDialect = elasticDialectOf('eql', 'rule.eql');
