/**
 * The `panther` dialect: Panther rule YAML files (`AnalysisType: rule`) whose `.py` runs in a
 * long-lived Python runner (runner.py, docs/panther.md). The `.py` files and data models of a
 * checkout are claimed (so they are not listed as unsupported) but read by the runner, not loaded as
 * rules. `parse` reads the YAML and asks each checkout's runner which rules load and which values
 * each requires (the prefilter); `compile` makes the matcher; `link` gives each rule with a
 * `Threshold` above 1 its alert view.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { loadWithDialect } from '../registry.js';
import type { CorrelationDetection, DetectionFile, DetectionMeta, Dialect, LoadOptions, LoadResult, NotApplicable, ParsedRule, Prefilter } from '../types.js';
import { alertDetection } from './alerts.js';
import { PantherCode } from './codes.js';
import { RecordCells, compilePantherRule, prefilterOf } from './compile.js';
import { ANALYSIS_TYPE, readAnalysis } from './metadata.js';
import { checkRuleGroups, defaultTitle, type RuleSource } from './rule-set.js';
import { sharedRunner } from './shared-runners.js';

/** Log type of the records trailproof replays. */
export const CLOUDTRAIL = 'AWS.CloudTrail';

/** A parsed Panther rule: its runner's cells, its place in them, and its prefilter. */
export interface PantherAst {
  readonly cells: RecordCells;
  readonly index: number;
  readonly prefilter: Prefilter | null;
}

/** The rule each alert view (spanning correlation) of `parse` belongs to. */
const alertsOf = new WeakMap<CorrelationDetection, ParsedRule<PantherAst>>();

/** True for a rule's or helper's `.py`: a YAML of the same name beside it, or a helpers folder above it. */
function isPantherPython(path: string): boolean {
  const stem = join(dirname(path), basename(path, '.py'));
  return existsSync(`${stem}.yml`) || existsSync(`${stem}.yaml`) || /(?:^|[\\/])(?:global_helpers|data_models)[\\/]/.test(path);
}

/** The options `parseRule` may pass: `root` (the folder a lone rule's `Filename` is relative to) and `python`. */
function optionsOf(options: LoadOptions): { root: string | undefined; python: string | undefined } {
  const o = options.dialectOptions ?? {};
  return { root: typeof o['root'] === 'string' ? o['root'] : undefined, python: typeof o['python'] === 'string' ? o['python'] : undefined };
}

/** Parses the Panther rules among `files`. Never throws: problems are diagnostics. */
function parsePanther(files: readonly DetectionFile[], options: LoadOptions): { rules: ParsedRule<PantherAst>[]; spanning: CorrelationDetection[]; notApplicable: NotApplicable[]; diagnostics: Diagnostic[] } {
  const { root, python } = optionsOf(options);
  const diagnostics: Diagnostic[] = [];
  const notApplicable: NotApplicable[] = [];
  const sources: RuleSource[] = [];
  /** Where each rule's YAML is read from (`root` places a lone rule text) → the file it is reported as. */
  const reported = new Map<string, string>();
  for (const file of files) {
    if (!/\.ya?ml$/i.test(file.path)) continue;
    const path = root !== undefined ? join(resolve(root), basename(file.path)) : file.path;
    reported.set(path, file.path);
    const read = readAnalysis(path, file.text);
    diagnostics.push(...read.diagnostics.map((d) => ({ ...d, file: file.path })));
    const a = read.analysis;
    if (a === null || a.kind === 'datamodel') continue;
    if (a.kind === 'other') {
      if (a.analysisType !== 'global') notApplicable.push({ file: file.path, title: a.title, reason: `a Panther ${a.analysisType}, not a rule: not replayed` });
      continue;
    }
    if (!a.logTypes.includes(CLOUDTRAIL)) {
      notApplicable.push({ file: file.path, title: a.ruleId, reason: `LogTypes ${a.logTypes.join(', ') || '(none)'} do not include ${CLOUDTRAIL}` });
    } else if (!a.enabled) {
      notApplicable.push({ file: file.path, title: a.ruleId, reason: 'disabled (Enabled: false)' });
    } else {
      sources.push({ yaml: path, meta: a });
    }
  }
  const rules: ParsedRule<PantherAst>[] = [];
  const spanning: CorrelationDetection[] = [];
  for (const group of checkRuleGroups(sources, python, (setup) => sharedRunner(setup, python).check)) {
    const check = group.check;
    const first = reported.get(group.rules[0]!.yaml)!;
    if ('fatal' in check) {
      diagnostics.push({ code: PantherCode.notLoaded, severity: 'warning', file: first, message: `panther rules not loaded: ${check.fatal}` });
      for (const r of group.rules) notApplicable.push({ file: reported.get(r.yaml)!, title: r.meta.ruleId, reason: `not loaded: ${check.fatal}` });
      continue;
    }
    if (!check.dateutil) {
      diagnostics.push({ code: PantherCode.noDateutil, severity: 'info', file: first, message: `python-dateutil is not installed for python ${check.python}: rules whose helpers import it do not load` });
    }
    const cells = new RecordCells(sharedRunner(group.setup, python).session!);
    group.rules.forEach((r, index) => {
      const answer = check.rules[index]!;
      const meta = r.meta;
      const file = reported.get(r.yaml)!;
      if (answer.error !== null) {
        diagnostics.push({ code: PantherCode.notLoaded, severity: 'error', file, rule: meta.ruleId, message: `rule not loaded: ${answer.error}` });
        return;
      }
      if (answer.standIns.length > 0) {
        diagnostics.push({ code: PantherCode.standIn, severity: 'warning', file, rule: meta.ruleId, message: `verdicts may differ from panther's cloud: rule() reaches ${answer.standIns.join(', ')}, replaced offline by trailproof's stand-ins (the cache starts empty for every record)` });
      }
      const detectionMeta: DetectionMeta = {
        ruleId: meta.ruleId,
        ...(meta.severity !== null ? { level: meta.severity.toLowerCase() } : {}),
        ...(meta.description !== null ? { description: meta.description } : {}),
        tags: meta.tags,
      };
      const rule: ParsedRule<PantherAst> = { name: meta.ruleId, title: defaultTitle(meta), file, meta: detectionMeta, ast: { cells, index, prefilter: prefilterOf(answer.requiredValues) } };
      rules.push(rule);
      if (meta.threshold > 1) {
        const alerts = alertDetection({ id: '', title: rule.title, file, meta: detectionMeta }, meta.threshold, meta.dedupPeriodMinutes);
        alertsOf.set(alerts, rule);
        spanning.push(alerts);
      }
    });
  }
  return { rules, spanning, notApplicable, diagnostics };
}

/** The Panther dialect. */
export const pantherDialect: Dialect<PantherAst> = {
  id: 'panther',
  ruleFileName: 'rule.yml',
  defaultMapping: 'cloudtrail',
  options: ['root', 'python'],
  claims: {
    extensions: ['.yml', '.yaml', '.py'],
    sniff: (file) => (file.path.toLowerCase().endsWith('.py') ? (isPantherPython(file.path) ? 'yes' : 'no') : ANALYSIS_TYPE.test(file.text) ? 'yes' : 'no'),
  },
  parse: parsePanther,
  compile: (rule) => ({ rule: compilePantherRule(rule.ast.cells, rule.ast.index, rule.ast.prefilter), diagnostics: [] }),
  link(spanning, ids) {
    const linked: CorrelationDetection[] = [];
    for (const c of spanning) {
      const rule = alertsOf.get(c);
      const id = rule === undefined ? undefined : ids.get(rule);
      if (id !== undefined) linked.push({ ...c, id: `${id}#alerts`, inputs: [id] });
    }
    return linked;
  },
};

/** Loads the Panther rules among `files`, as the registry does. Never throws. */
export function loadPantherFiles(files: readonly DetectionFile[], python?: string): LoadResult {
  return loadWithDialect(pantherDialect, files, python !== undefined ? { dialectOptions: { python } } : {});
}
