/**
 * What a file no dialect reads looks like, so that a detection folder never drops a file silently: a
 * folder of another tool's rules is named as such ("an Elastic detection rule (TOML)") and reported as
 * not loaded, and anything else is named by its kind ("a Markdown document").
 *
 * Shapes are told apart by the top-level keys each format's own repositories use (elastic/detection-rules
 * TOML `[rule]`, splunk/security_content `search:`, Azure-Sentinel `queryFrequency:` / `query:`,
 * panther-analysis `AnalysisType:`, ...):
 * a cheap look, not a parse; a file matching none is described by its extension.
 */
import { basename, extname } from 'node:path';
import type { DetectionFile } from './types.js';

/** What an unrecognised file looks like. */
export interface UnsupportedFile {
  /** "an Elastic detection rule (TOML)", "a Markdown document", ... */
  readonly what: string;
  /** True when it looks like a detection rule (of a format trailproof does not read). */
  readonly rule: boolean;
  /** The rule's name when the format has one and it is found, else the file name. */
  readonly title: string;
}

/** Top-level YAML key present (at the start of a line, not indented). */
const key = (text: string, name: string): boolean => new RegExp(`^${name}[ \\t]*:`, 'm').test(text);

interface Shape {
  readonly what: string;
  readonly test: (text: string) => boolean;
  /** Where the rule's name is, when the format has one. */
  readonly name?: RegExp;
  /** False for a file that goes with rules but holds none (a macro, a parser, tests). */
  readonly rule?: false;
}

const YAML_NAME = /^name[ \t]*:[ \t]*['"]?(.+?)['"]?[ \t]*$/m;

const SHAPES: Readonly<Record<string, readonly Shape[]>> = {
  '.toml': [{ what: 'an Elastic detection rule (TOML)', test: (t) => /^\[rule\]/m.test(t) && /^(?:rule_id|query)[ \t]*=/m.test(t), name: /^name[ \t]*=[ \t]*"(.+)"[ \t]*$/m }],
  '.yml': [
    { what: 'a Panther rule (YAML+Python)', test: (t) => /^AnalysisType[ \t]*:[ \t]*['"]?(?:rule|scheduled_rule|correlation_rule)\b/m.test(t), name: /^DisplayName[ \t]*:[ \t]*['"]?(.+?)['"]?[ \t]*$/m },
    { what: 'a Panther policy, data model or query (YAML)', test: (t) => key(t, 'AnalysisType'), rule: false },
    { what: 'a Splunk ESCU detection (YAML)', test: (t) => key(t, 'search') && (key(t, 'data_source') || key(t, 'how_to_implement') || /^type[ \t]*:[ \t]*(?:TTP|Anomaly|Hunting|Correlation)\b/m.test(t)), name: YAML_NAME },
    { what: 'a Splunk macro or data source (YAML)', test: (t) => (key(t, 'definition') && key(t, 'name')) || (key(t, 'sourcetype') && key(t, 'fields')), rule: false },
    { what: 'a Sentinel analytics rule (YAML)', test: (t) => key(t, 'query') && (key(t, 'queryFrequency') || key(t, 'triggerOperator') || key(t, 'requiredDataConnectors')), name: YAML_NAME },
    { what: 'a Sentinel parser (YAML)', test: (t) => key(t, 'Parser') && key(t, 'ParserQuery'), rule: false },
    { what: 'a Falco rule file (YAML)', test: (t) => /^- rule[ \t]*:/m.test(t) && /^[ \t]+condition[ \t]*:/m.test(t) },
    { what: 'a test file of another tool (YAML)', test: (t) => key(t, 'tests'), rule: false },
  ],
  '.json': [
    { what: 'a Sentinel analytics rule (ARM template)', test: (t) => t.includes('Microsoft.SecurityInsights') || /"kind"\s*:\s*"(?:Scheduled|NRT)"/.test(t) },
  ],
  '.py': [{ what: 'a Panther rule (YAML+Python)', test: (t) => /^def rule\(/m.test(t) }],
  '.yaral': [{ what: 'a Google SecOps (Chronicle) YARA-L rule', test: () => true, name: /^rule[ \t]+(\w+)/m }],
  '.pp': [{ what: 'a Turbot Tailpipe detection (HCL)', test: (t) => /^detection[ \t]+"/m.test(t), name: /^detection[ \t]+"([^"]+)"/m }],
  '.tf': [{ what: 'a Datadog security monitoring rule (Terraform)', test: (t) => t.includes('datadog_security_monitoring_rule') }],
  '.kql': [{ what: 'a KQL query', test: () => true }],
  '.spl': [{ what: 'a Splunk SPL search', test: () => true }],
};

const OTHER: Readonly<Record<string, string>> = {
  '.md': 'a Markdown document',
  '.txt': 'a text file',
  '.yml': 'a YAML file of no rule format trailproof knows',
  '.json': 'a JSON file of no rule format trailproof knows',
  '.py': 'a Python file',
  '.tf': 'a Terraform file without metric filters',
  '.toml': 'a TOML file of no rule format trailproof knows',
};

/** Describes a file that no dialect recognises. */
export function describeUnsupported(file: DetectionFile): UnsupportedFile {
  let ext = extname(file.path).toLowerCase();
  if (ext === '.yaml') ext = '.yml';
  const name = basename(file.path);
  for (const shape of SHAPES[ext] ?? []) {
    if (!shape.test(file.text)) continue;
    const title = shape.name?.exec(file.text)?.[1]?.trim();
    return { what: shape.what, rule: shape.rule ?? true, title: title !== undefined && title !== '' ? title : name };
  }
  const what = OTHER[ext] ?? (/^(?:LICENSE|NOTICE|COPYING)/i.test(name) ? 'a licence file' : `a file of unknown format${ext !== '' ? ` (${ext})` : ''}`);
  return { what, rule: false, title: name };
}
