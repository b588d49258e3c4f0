/**
 * The Elastic detection-rule files: elastic/detection-rules TOML (`.toml` with a `[rule]` table) and
 * Kibana's rules export (`.ndjson` with rule lines). One registered dialect reads both carriers; each
 * detection carries the id of its query language (`elastic-kuery`, `elastic-lucene`).
 */
import { extname } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CorrelationDetection, Detection, DetectionFile, Dialect, LoadResult, NotApplicable } from '../types.js';
import { ElasticCode } from './codes.js';
import { compileRule } from './compile-rule.js';
import { looksLikeDetectionRule, readDetectionRulesToml } from './load/detection-rules-toml.js';
import { looksLikeRulesExport, readRulesExport } from './load/kibana-export.js';
import type { RuleDefinition } from './rule.js';

function carrier(file: DetectionFile): 'toml' | 'ndjson' | null {
  const ext = extname(file.path).toLowerCase();
  if (ext === '.toml') return looksLikeDetectionRule(file.text) ? 'toml' : null;
  if (ext === '.ndjson') return looksLikeRulesExport(file.text) ? 'ndjson' : null;
  return null;
}

/** Loads every rule of an Elastic rule file. Never throws: problems become diagnostics. */
export function loadElasticFile(file: DetectionFile): LoadResult {
  const detections: Detection[] = [];
  const correlations: CorrelationDetection[] = [];
  const notApplicable: NotApplicable[] = [];
  const diagnostics: Diagnostic[] = [];
  try {
    const kind = carrier(file);
    const read = kind === 'toml' ? readDetectionRulesToml(file) : kind === 'ndjson' ? readRulesExport(file.path, file.text) : { rules: [] as RuleDefinition[], diagnostics: [] };
    diagnostics.push(...read.diagnostics);
    if (read.rules.length === 0 && read.diagnostics.length === 0) {
      diagnostics.push({ code: ElasticCode.noRules, severity: 'warning', file: file.path, message: 'no elastic detection rule found in this file' });
    }
    const used = new Set<string>();
    for (const rule of read.rules) {
      let id = `${file.path}#${rule.ruleId ?? rule.name}`;
      for (let n = 2; used.has(id); n++) id = `${file.path}#${rule.ruleId ?? rule.name}-${n}`;
      used.add(id);
      const r = compileRule(rule, file, id);
      detections.push(...r.detections);
      correlations.push(...r.correlations);
      notApplicable.push(...r.notApplicable);
      diagnostics.push(...r.diagnostics);
    }
  } catch (e) {
    // A bug here must not stop the other rule files from loading.
    diagnostics.push({ code: ElasticCode.fileSyntax, severity: 'error', file: file.path, message: `could not read elastic rules: ${(e as Error).message}` });
  }
  return { detections, correlations, notApplicable, diagnostics };
}

/** Elastic detection rules (KQL and Lucene query rules, threshold rules; other types listed as not replayable). */
export const elasticDialect: Dialect = {
  id: 'elastic',
  recognise: (file) => carrier(file) !== null,
  load: (file) => loadElasticFile(file),
};
