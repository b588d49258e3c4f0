/**
 * The `sentinel-kql` dialect: Microsoft Sentinel analytics rules over the `AWSCloudTrail` table
 * (docs/sentinel.md). Files are recognised by rule-file.ts; each query compiles (compile-rule.ts) to a
 * per-record detection, or to a correlation that replays its scheduled runs, fed by a hidden input
 * detection (the query's screen). A valid query the replay cannot run is listed as not applicable with
 * its reason ("not replayable: …"); a query Kusto would reject is an error diagnostic at its position.
 */
import { basename, extname } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CorrelationDetection, Detection, DetectionFile, Dialect, LoadResult, NotApplicable } from '../types.js';
import { SentinelCode } from './codes.js';
import { compileSentinel } from './compile-rule.js';
import { KqlError } from './errors.js';
import { readRuleFile, shapeOf, type RuleSource } from './rule-file.js';

/** The dialect id. */
export const SENTINEL_DIALECT = 'sentinel-kql';

/** Loads every rule of a Sentinel rule file. Never throws: problems become diagnostics. */
export function loadSentinelFile(file: DetectionFile): LoadResult {
  const detections: Detection[] = [];
  const correlations: CorrelationDetection[] = [];
  const notApplicable: NotApplicable[] = [];
  const diagnostics: Diagnostic[] = [];
  const used = new Set<string>();
  const takeId = (name: string): string => {
    let id = `${file.path}#${name}`;
    for (let n = 2; used.has(id); n++) id = `${file.path}#${name}-${n}`;
    used.add(id);
    return id;
  };
  try {
    const read = readRuleFile(file, basename(file.path, extname(file.path)));
    diagnostics.push(...read.diagnostics);
    for (const source of read.rules) load(source);
  } catch (e) {
    // A bug here must not stop the other rule files from loading.
    diagnostics.push({ code: SentinelCode.fileSyntax, severity: 'error', file: file.path, message: `could not read sentinel rules: ${(e as Error).message}` });
  }
  return { detections, correlations, notApplicable, diagnostics };

  function load(source: RuleSource): void {
    const { title, meta } = source;
    let compiled;
    try {
      compiled = compileSentinel(source.query, source.schedule);
    } catch (e) {
      if (!(e instanceof KqlError)) throw e;
      const at = source.where(e.offset);
      diagnostics.push({
        code: e.code,
        severity: 'error',
        file: file.path,
        message: `${e.message}${at.note}`,
        ...(at.line !== undefined ? { line: at.line } : {}),
        ...(at.column !== undefined ? { column: at.column } : {}),
        rule: title,
      });
      return;
    }
    if (compiled.kind === 'not-replayable') {
      const at = source.where(compiled.offset);
      const where = at.line !== undefined ? ` (line ${at.line}, col ${at.column}${at.note})` : '';
      notApplicable.push({ file: file.path, title, reason: `not replayable: ${compiled.reason}${where}` });
      return;
    }
    const id = takeId(title);
    if (compiled.kind === 'per-record') {
      detections.push({ id, title, dialect: SENTINEL_DIALECT, file: file.path, meta, rule: compiled.rule });
      return;
    }
    // The runs need every record the screen admits: a hidden input detection collects them.
    const inputId = `${id}#input`;
    detections.push({ id: inputId, title: `${title} (records the query reads)`, dialect: SENTINEL_DIALECT, file: file.path, meta, rule: compiled.input });
    correlations.push({
      id,
      title,
      dialect: SENTINEL_DIALECT,
      file: file.path,
      meta,
      inputs: [inputId],
      generate: false,
      fields: compiled.fields,
      evaluate: compiled.evaluate,
    });
  }
}

/** The Microsoft Sentinel KQL dialect. */
export const sentinelDialect: Dialect = {
  id: SENTINEL_DIALECT,
  recognise: (file) => shapeOf(file) !== null,
  load: (file) => loadSentinelFile(file),
};
