/**
 * The `panther` dialect: Panther rule YAML files (`AnalysisType: rule`) whose `.py` runs in a
 * long-lived Python runner (runner.py, docs/panther.md). The `.py` files and data models of a
 * checkout are read by the runner, not loaded as rules.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { CorrelationDetection, Detection, DetectionFile, Dialect, LoadResult, NotApplicable } from '../types.js';
import { alertDetection } from './alerts.js';
import { PantherCode } from './codes.js';
import { RecordCells, compilePantherRule, prefilterOf } from './compile.js';
import { ANALYSIS_TYPE, readAnalysis } from './metadata.js';
import { checkRuleGroups, defaultTitle, type RuleSource } from './rule-set.js';
import { sharedRunner } from './shared-runners.js';

/** Log type of the records trailproof replays. */
export const CLOUDTRAIL = 'AWS.CloudTrail';

/** True for a rule's or helper's `.py`: a YAML of the same name beside it, or a helpers folder above it. */
function isPantherPython(path: string): boolean {
  if (!path.endsWith('.py')) return false;
  const stem = join(dirname(path), basename(path, '.py'));
  return existsSync(`${stem}.yml`) || existsSync(`${stem}.yaml`) || /(?:^|[\\/])(?:global_helpers|data_models)[\\/]/.test(path);
}

function recognisePanther(file: DetectionFile): boolean {
  if (/\.ya?ml$/i.test(file.path)) return ANALYSIS_TYPE.test(file.text);
  return isPantherPython(file.path);
}

/** Loads the Panther rules among `files`. Never throws: problems are diagnostics. */
export function loadPantherFiles(files: readonly DetectionFile[], python?: string): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const notApplicable: NotApplicable[] = [];
  const rules: RuleSource[] = [];
  for (const file of files) {
    if (!/\.ya?ml$/i.test(file.path)) continue;
    const read = readAnalysis(file.path, file.text);
    diagnostics.push(...read.diagnostics);
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
      rules.push({ yaml: file.path, meta: a });
    }
  }
  const detections: Detection[] = [];
  const correlations: CorrelationDetection[] = [];
  for (const group of checkRuleGroups(rules, python, (setup) => sharedRunner(setup, python).check)) {
    const check = group.check;
    if ('fatal' in check) {
      diagnostics.push({ code: PantherCode.notLoaded, severity: 'warning', file: group.rules[0]!.yaml, message: `panther rules not loaded: ${check.fatal}` });
      for (const r of group.rules) notApplicable.push({ file: r.yaml, title: r.meta.ruleId, reason: `not loaded: ${check.fatal}` });
      continue;
    }
    if (!check.dateutil) {
      diagnostics.push({ code: PantherCode.noDateutil, severity: 'info', file: group.rules[0]!.yaml, message: `python-dateutil is not installed for python ${check.python}: rules whose helpers import it do not load` });
    }
    const cells = new RecordCells(sharedRunner(group.setup, python).session!);
    group.rules.forEach((r, i) => {
      const answer = check.rules[i]!;
      const meta = r.meta;
      if (answer.error !== null) {
        diagnostics.push({ code: PantherCode.notLoaded, severity: 'error', file: r.yaml, rule: meta.ruleId, message: `rule not loaded: ${answer.error}` });
        return;
      }
      if (answer.standIns.length > 0) {
        diagnostics.push({ code: PantherCode.standIn, severity: 'warning', file: r.yaml, rule: meta.ruleId, message: `verdicts may differ from panther's cloud: rule() reaches ${answer.standIns.join(', ')}, replaced offline by trailproof's stand-ins (the cache starts empty for every record)` });
      }
      const detection: Detection = {
        id: `${r.yaml}#${meta.ruleId}`,
        title: defaultTitle(meta),
        dialect: 'panther',
        file: r.yaml,
        meta: {
          ruleId: meta.ruleId,
          ...(meta.severity !== null ? { level: meta.severity.toLowerCase() } : {}),
          ...(meta.description !== null ? { description: meta.description } : {}),
          tags: meta.tags,
        },
        rule: compilePantherRule(cells, i, prefilterOf(answer.requiredValues)),
      };
      detections.push(detection);
      if (meta.threshold > 1) correlations.push(alertDetection(detection, meta.threshold, meta.dedupPeriodMinutes));
    });
  }
  return { detections, correlations, notApplicable, diagnostics };
}

/** The Panther dialect. */
export const pantherDialect: Dialect = {
  id: 'panther',
  recognise: recognisePanther,
  load: (file) => loadPantherFiles([file]),
  loadAll: (files) => loadPantherFiles(files),
};
