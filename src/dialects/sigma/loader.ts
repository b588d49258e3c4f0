/**
 * Loads a run's Sigma files: parses every document, resolves filters and correlations across files
 * (by rule id or name), decides which rules apply to CloudTrail, and compiles the detections.
 *
 * Applicability (sigma-rules-specification.md "LogSource"): a rule applies when its log source is
 * `product: aws` and `service: cloudtrail`; others, and rules with `status: unsupported` (RULES
 * "Status": "cannot be used in its current state"), are reported as not applicable, not as errors.
 * Filters (sigma-filters-specification.md, pySigma `filters.py`) apply to the rules they name (or
 * `any`) whose log source they cover, as `(rule condition) and (filter condition)`.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CorrelationDetection, DetectionFile, LoadOptions, NotApplicable, ParsedRule, ParseResult } from '../types.js';
import { SigmaCode } from './codes.js';
import { compileSection, evaluate } from './compile/compile-rule.js';
import type { EvalNode } from './compile/compile-rule.js';
import { buildCorrelation } from './correlation/build.js';
import type { Resolved } from './correlation/build.js';
import { detectionMeta } from './meta.js';
import type { CorrelationDocument, FilterDocument, LogSource, RuleDocument, SigmaDocument } from './model.js';
import { parseSigmaDocument } from './parse-document.js';
import { Pipelines } from './pipeline.js';
import type { RuleMapping } from './pipeline.js';
import type { Problems } from './problems.js';
import { parseYamlFile } from './yaml/load.js';

/** One parsed document with where it came from. */
export interface LoadedDocument<D extends SigmaDocument = SigmaDocument> {
  readonly doc: D;
  readonly file: string;
  readonly problems: Problems;
  /** `<file>#<id, name or doc N>`, unique in the run. */
  readonly detectionId: string;
}

/** A Sigma rule as the dialect's `parse` leaves it: its condition tree, filters applied, fields mapped. */
export interface SigmaAst {
  readonly root: EvalNode;
}

/** A rule's tree with its filters, kept for the library API. */
export interface CompiledSigmaRule {
  readonly loaded: LoadedDocument<RuleDocument>;
  readonly root: EvalNode;
  readonly filters: readonly LoadedDocument<FilterDocument>[];
}

/** Everything a load produced, with the intermediate results the library API needs. */
export interface SigmaLoad {
  readonly result: ParseResult<SigmaAst>;
  readonly documents: readonly LoadedDocument[];
  readonly compiled: readonly CompiledSigmaRule[];
}

/** Why a log source does not apply to CloudTrail, or null when it does. */
export function notApplicableReason(ls: LogSource): string | null {
  const product = ls.product?.toLowerCase() ?? null;
  const service = ls.service?.toLowerCase() ?? null;
  if (product === 'aws' && service === 'cloudtrail') return null;
  const parts = [ls.category !== null ? `category ${ls.category}` : null, product !== null ? `product ${product}` : null, service !== null ? `service ${service}` : null].filter(Boolean);
  return `is for log source ${parts.join(', ') || '(none)'}, not product aws / service cloudtrail`;
}

/** A log source as `category c, product p, service s` (the attributes it sets). */
function describeLogsource(ls: LogSource): string {
  const parts = [ls.category !== null ? `category ${ls.category}` : null, ls.product !== null ? `product ${ls.product}` : null, ls.service !== null ? `service ${ls.service}` : null].filter(Boolean);
  return parts.join(', ') || '(none)';
}

/** pySigma `SigmaLogSource.__contains__`: every attribute the filter sets equals the rule's. */
function covers(filter: LogSource, rule: LogSource): boolean {
  return (
    (filter.category === null || filter.category === rule.category) &&
    (filter.product === null || filter.product === rule.product) &&
    (filter.service === null || filter.service === rule.service)
  );
}


/** Parses every file's documents, assigning detection ids. */
function parseFiles(files: readonly DetectionFile[]): { documents: LoadedDocument[]; problems: Problems[] } {
  const documents: LoadedDocument[] = [];
  const problems: Problems[] = [];
  for (const file of files) {
    const yfile = parseYamlFile(file.path, file.text);
    problems.push(yfile.problems);
    const used = new Set<string>();
    const docs: SigmaDocument[] = [];
    for (const ydoc of yfile.documents) {
      const doc = parseSigmaDocument(ydoc, yfile.problems);
      if (doc !== null) docs.push(doc);
    }
    const counts = new Map<string, number>();
    for (const d of docs) {
      const key = d.meta.id ?? d.meta.name;
      if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const doc of docs) {
      const key = doc.meta.id ?? doc.meta.name;
      let local = key !== null && counts.get(key) === 1 ? key : `doc${doc.meta.docIndex + 1}`;
      if (used.has(local)) local = `doc${doc.meta.docIndex + 1}`;
      used.add(local);
      documents.push({ doc, file: file.path, problems: yfile.problems, detectionId: `${file.path}#${local}` });
    }
  }
  return { documents, problems };
}

/** Options of `loadSigma` beyond the dialect's `LoadOptions`. */
export interface SigmaLoadOptions {
  /** Compile every rule whatever its log source (the library API matches any rule on any record). */
  readonly anyLogsource?: boolean;
}

/**
 * Parses all Sigma files of a run (the dialect's `parse`). Each rule's name is the local part of its
 * `detectionId`, unique in its file, so the registry names it with that same id, which correlations
 * refer to.
 */
export function loadSigma(files: readonly DetectionFile[], options: LoadOptions, sigmaOptions: SigmaLoadOptions = {}): SigmaLoad {
  const { pipelines, diagnostics: pipelineDiagnostics } = Pipelines.parse(options.fieldMappings ?? []);
  const { documents, problems } = parseFiles(files);
  const rules = documents.filter((d): d is LoadedDocument<RuleDocument> => d.doc.kind === 'rule');
  const correlations = documents.filter((d): d is LoadedDocument<CorrelationDocument> => d.doc.kind === 'correlation');
  const filters = documents.filter((d): d is LoadedDocument<FilterDocument> => d.doc.kind === 'filter');

  // Index rules and correlations by id and by name (first wins; duplicates are reported).
  const index = new Map<string, LoadedDocument>();
  for (const d of [...rules, ...correlations]) {
    for (const key of [d.doc.meta.id, d.doc.meta.name]) {
      if (key === null) continue;
      const prior = index.get(key);
      if (prior !== undefined && prior !== d) {
        d.problems.warning(SigmaCode.duplicateRule, `id or name '${key}' is already used by '${prior.doc.meta.title}' in ${prior.file}; references resolve to that one`, d.doc.meta.at, d.doc.meta.title);
      } else index.set(key, d);
    }
  }

  const notApplicable: NotApplicable[] = [];
  const skipped = new Map<LoadedDocument, string>();
  for (const f of filters) {
    const reason = notApplicableReason(f.doc.logsource);
    if (reason !== null) notApplicable.push({ file: f.file, title: f.doc.meta.title, reason: `filter ${reason}` });
    if (f.doc.rules !== 'any') {
      for (const ref of f.doc.rules) {
        const target = index.get(ref.ref);
        if (target === undefined) f.problems.warning(SigmaCode.unresolvedReference, `filter rule '${ref.ref}' is not loaded in this run`, ref.at, f.doc.meta.title);
        // pySigma leaves such a rule unfiltered without a word; say so, since the user named the rule.
        else if (target.doc.kind === 'rule' && !covers(f.doc.logsource, target.doc.logsource)) {
          f.problems.warning(
            SigmaCode.filterNotApplied,
            `filter is not applied to rule '${target.doc.meta.title}': its log source (${describeLogsource(f.doc.logsource)}) does not cover the rule's (${describeLogsource(target.doc.logsource)})`,
            ref.at,
            f.doc.meta.title,
          );
        }
      }
    }
  }
  const filtersFor = (r: LoadedDocument<RuleDocument>): LoadedDocument<FilterDocument>[] =>
    filters.filter((f) => {
      if (!covers(f.doc.logsource, r.doc.logsource)) return false;
      if (f.doc.rules === 'any') return true;
      return f.doc.rules.some((ref) => index.get(ref.ref) === r);
    });

  const parsed: ParsedRule<SigmaAst>[] = [];
  const compiled: CompiledSigmaRule[] = [];
  const loadedIds = new Map<LoadedDocument, string>();
  const mappings = new Map<LoadedDocument, RuleMapping>();
  for (const r of rules) {
    const { doc } = r;
    const reason = sigmaOptions.anyLogsource ? null : (notApplicableReason(doc.logsource) ?? (doc.meta.status === 'unsupported' ? 'has status unsupported' : null));
    if (reason !== null) {
      skipped.set(r, reason);
      notApplicable.push({ file: r.file, title: doc.meta.title, reason: `rule ${reason}` });
      continue;
    }
    const mapping = pipelines.forRule(doc.logsource);
    mappings.set(r, mapping);
    const ctx = { problems: r.problems, rule: doc.meta.title, mapField: (n: string) => mapping.mapField(n), placeholder: (n: string) => mapping.placeholder(n) };
    let root = compileSection(doc.detection, ctx);
    const applied = filtersFor(r);
    for (const f of applied) {
      const fctx = { ...ctx, problems: f.problems, rule: f.doc.meta.title };
      const filterRoot = compileSection(f.doc.detection, fctx);
      if (filterRoot === null) {
        r.problems.error(SigmaCode.badFilter, `filter '${f.doc.meta.title}' (${f.file}) has errors, so the rule is not loaded`, doc.meta.at, doc.meta.title);
        root = null;
      } else if (root !== null) {
        root = { op: 'and', children: [root, filterRoot] };
      }
    }
    if (root === null) continue;
    parsed.push({ name: r.detectionId.slice(r.file.length + 1), title: doc.meta.title, file: r.file, meta: detectionMeta(doc.meta), ast: { root } });
    compiled.push({ loaded: r, root, filters: applied });
    loadedIds.set(r, r.detectionId);
  }

  // A `rules: any` filter whose log source covers no loaded rule is a no-op; say so (named rules are checked above).
  for (const f of filters) {
    if (f.doc.rules === 'any' && notApplicableReason(f.doc.logsource) === null && !compiled.some((c) => c.filters.includes(f))) {
      f.problems.warning(SigmaCode.filterNotApplied, `filter is not applied to any rule: its log source (${describeLogsource(f.doc.logsource)}) covers no loaded rule's`, f.doc.meta.at, f.doc.meta.title);
    }
  }

  const resolve = (ref: string): Resolved | undefined => {
    const d = index.get(ref);
    if (d === undefined) return undefined;
    if (d.doc.kind === 'correlation') return { kind: 'correlation', doc: d.doc, file: d.file };
    const mapping = mappings.get(d);
    const meta = d.doc.meta;
    return {
      kind: 'rule',
      detectionId: loadedIds.get(d) ?? null,
      notApplicable: skipped.get(d) ?? null,
      name: meta.name,
      id: meta.id,
      title: meta.title,
      mapField: (n: string) => mapping?.mapField(n)[0] ?? n,
    };
  };
  const correlationDetections: CorrelationDetection[] = [];
  for (const c of correlations) {
    const built = buildCorrelation(c.doc, c.problems, { resolve }, c.detectionId, c.file);
    if (built.kind === 'ok') correlationDetections.push(built.detection);
    else if (built.kind === 'not-applicable') notApplicable.push({ file: c.file, title: c.doc.meta.title, reason: `correlation ${built.reason}` });
  }

  const diagnostics: Diagnostic[] = [...pipelineDiagnostics];
  // Per file in source order: parse problems and compile problems are found in separate passes.
  for (const p of problems) diagnostics.push(...[...p.list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
  return {
    result: { rules: parsed, spanning: correlationDetections, notApplicable, diagnostics },
    documents,
    compiled,
  };
}

/** Matches a parsed record (any JSON value) against a compiled tree: non-objects never match. */
export function matchesValue(root: EvalNode, record: unknown): boolean {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
  return evaluate(root, record as Parameters<typeof evaluate>[1]);
}
