/**
 * The `sentinel-kql` dialect: Microsoft Sentinel analytics rules over the `AWSCloudTrail` table
 * (docs/sentinel.md). Files are read by rule-file.ts; `parse` compiles each query (compile-rule.ts), so
 * it knows whether the rule runs per record or replays scheduled runs: a per-record rule is one parsed
 * rule; a run-replaying one is a hidden input rule (the query's screen, `<name>#input`) plus a spanning
 * `CorrelationDetection` that `link` attaches to it. A valid query the replay cannot run is listed as not
 * applicable with its reason ("not replayable: …"); a query Kusto would reject is an error diagnostic at
 * its position.
 */
import { basename, extname } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { loadWithDialect } from '../registry.js';
import type { CorrelationDetection, DetectionFile, Dialect, LoadResult, NotApplicable, ParsedRule, ParseResult } from '../types.js';
import { SentinelCode } from './codes.js';
import { rowOfPartial } from './columns.js';
import { compileSentinel, screenMatch, type CompiledSentinel } from './compile-rule.js';
import { KqlError } from './errors.js';
import { readingShapeOf, readRuleFile, shapeOf, type RuleSource } from './rule-file.js';

/** The dialect id. */
export const SENTINEL_DIALECT = 'sentinel-kql';

/** A parsed Sentinel rule: its query, compiled (per record, or the screen feeding scheduled runs). */
export interface SentinelAst {
  readonly compiled: Exclude<CompiledSentinel, { kind: 'not-replayable' }>;
}

/** The input rule of each spanning correlation `parse` made (link gives the correlation its id from it). */
const inputOf = new WeakMap<CorrelationDetection, ParsedRule<SentinelAst>>();

/** Reads and compiles every rule of one file. Never throws: problems become diagnostics. */
function parseFile(file: DetectionFile): ParseResult<SentinelAst> & { spanning: CorrelationDetection[] } {
  const rules: ParsedRule<SentinelAst>[] = [];
  const spanning: CorrelationDetection[] = [];
  const notApplicable: NotApplicable[] = [];
  const diagnostics: Diagnostic[] = [];
  try {
    const read = readRuleFile(file, basename(file.path, extname(file.path)), readingShapeOf(file));
    diagnostics.push(...read.diagnostics);
    for (const source of read.rules) add(source);
  } catch (e) {
    // A bug here must not stop the other rule files from loading.
    diagnostics.push({ code: SentinelCode.fileSyntax, severity: 'error', file: file.path, message: `could not read sentinel rules: ${(e as Error).message}` });
  }
  return { rules, spanning, notApplicable, diagnostics };

  function add(source: RuleSource): void {
    const { title, meta } = source;
    let compiled: CompiledSentinel;
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
    if (compiled.kind === 'per-record') {
      rules.push({ name: title, title, file: file.path, meta, ast: { compiled } });
      return;
    }
    // The runs need every record the screen admits: a hidden input rule collects them.
    const input: ParsedRule<SentinelAst> = { name: `${title}#input`, title: `${title} (records the query reads)`, file: file.path, meta, ast: { compiled } };
    rules.push(input);
    const correlation: CorrelationDetection = { id: '', title, dialect: SENTINEL_DIALECT, file: file.path, meta, inputs: [], generate: false, fields: compiled.fields, evaluate: compiled.evaluate };
    inputOf.set(correlation, input);
    spanning.push(correlation);
  }
}

/** The Microsoft Sentinel KQL dialect. */
export const sentinelDialect: Dialect<SentinelAst> = {
  id: SENTINEL_DIALECT,
  ruleFileName: 'rule.kql',
  // `row`: records are `AWSCloudTrail` rows given by column name (columns.ts `rowOfPartial`).
  defaultMapping: 'awscloudtrail',
  claims: {
    extensions: ['.yaml', '.yml', '.json', '.kql', '.csl', '.kusto'],
    // Sure or nothing: the shapes are told apart by content (rule-file.ts), and a `.kql` file is ours
    // only when it names the AWSCloudTrail table, so Elastic's KQL is never taken.
    sniff: (file) => (shapeOf(file) !== null ? 'yes' : 'no'),
  },
  parse(files) {
    const parsed = files.map(parseFile);
    return {
      rules: parsed.flatMap((p) => p.rules),
      spanning: parsed.flatMap((p) => p.spanning),
      notApplicable: parsed.flatMap((p) => p.notApplicable),
      diagnostics: parsed.flatMap((p) => p.diagnostics),
    };
  },
  compile(rule, options) {
    const { compiled } = rule.ast;
    // A row is not a CloudTrail record: no literal of the record text is known to be in it.
    if (options.input === 'row') return { rule: { match: screenMatch(compiled.query.screen, rowOfPartial), prefilter: null }, diagnostics: [] };
    return { rule: compiled.kind === 'per-record' ? compiled.rule : compiled.input, diagnostics: [] };
  },
  link(spanning, ids) {
    // A correlation takes its input's id without `#input`, made unique against every id of the run.
    const used = new Set(ids.values());
    const linked: CorrelationDetection[] = [];
    for (const c of spanning) {
      const input = inputOf.get(c);
      const inputId = input === undefined ? undefined : ids.get(input);
      if (inputId === undefined) continue;
      const base = inputId.replace(/#input(-\d+)?$/, '$1');
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      linked.push({ ...c, id, inputs: [inputId] });
    }
    return linked;
  },
};

/** Loads every rule of a Sentinel rule file, as the registry does. Never throws. */
export function loadSentinelFile(file: DetectionFile): LoadResult {
  return loadWithDialect(sentinelDialect, [file], {});
}
