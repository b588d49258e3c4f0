/**
 * The `cwl` dialect: which rule files hold CloudWatch Logs metric filters, and how they load.
 *
 * Recognised files:
 * - `.pattern`, `.cwl`: one filter pattern;
 * - `.json`: `aws logs describe-metric-filters` output, or a CloudFormation template with an
 *   `AWS::Logs::MetricFilter` resource;
 * - `.yaml`, `.yml`: only CloudFormation templates with an `AWS::Logs::MetricFilter` resource (the Sigma
 *   dialect owns other YAML);
 * - `.tf`: Terraform with an `aws_cloudwatch_log_metric_filter` resource.
 */
import { extname } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { loadWithDialect } from '../registry.js';
import type { Claim, DetectionFile, Dialect, LoadResult, ParsedRule, ParseResult } from '../types.js';
import { CwlCode } from './codes.js';
import { cloudFormationEntries, isMetricFilterTemplate, METRIC_FILTER_TYPE } from './load/cloudformation.js';
import { describeMetricFilterEntries, isDescribeMetricFilters } from './load/describe-metric-filters.js';
import { patternFileEntry } from './load/pattern-file.js';
import { compileEntry, diagnosticAt, type FilterEntry } from './load/pattern-site.js';
import { readJson, readYaml, stripBom } from '../carriers/structured.js';
import { TERRAFORM_METRIC_FILTER, terraformEntries } from './load/terraform.js';

type FileKind = 'pattern' | 'json' | 'yaml' | 'terraform';

function jsonValue(text: string): unknown {
  try {
    return JSON.parse(stripBom(text).text);
  } catch {
    return undefined;
  }
}

/** What the file is and how sure that is, or null when it is not ours. */
function kindOf(file: DetectionFile): { kind: FileKind; claim: Exclude<Claim, 'no'> } | null {
  const ext = extname(file.path).toLowerCase();
  switch (ext) {
    case '.pattern':
    case '.cwl':
      return { kind: 'pattern', claim: 'yes' };
    case '.json': {
      const mentions = file.text.includes('"metricFilters"') || file.text.includes(METRIC_FILTER_TYPE);
      if (!mentions) return null;
      const value = jsonValue(file.text);
      // A file that does not parse but names metric filters may be ours, so its syntax error gets reported.
      if (value === undefined) return { kind: 'json', claim: 'maybe' };
      return isDescribeMetricFilters(value) || isMetricFilterTemplate(value) ? { kind: 'json', claim: 'yes' } : null;
    }
    case '.yaml':
    case '.yml': {
      if (!file.text.includes(METRIC_FILTER_TYPE)) return null;
      // A template that does not read (syntax, alias bomb) may be ours when it looks like one, so the reason gets reported.
      const read = readYaml(file, CwlCode.fileSyntax);
      if (read.doc === null) return /^Resources\s*:/m.test(file.text) ? { kind: 'yaml', claim: 'maybe' } : null;
      return isMetricFilterTemplate(read.value) ? { kind: 'yaml', claim: 'yes' } : null;
    }
    case '.tf':
      return file.text.includes(TERRAFORM_METRIC_FILTER) ? { kind: 'terraform', claim: 'yes' } : null;
    default:
      return null;
  }
}

function entriesOf(file: DetectionFile, kind: FileKind, diagnostics: Diagnostic[]): FilterEntry[] {
  switch (kind) {
    case 'pattern':
      return [patternFileEntry(file, diagnostics)];
    case 'terraform':
      return terraformEntries(file, diagnostics);
    case 'json':
    case 'yaml': {
      const read = kind === 'json' ? readJson(file, CwlCode.fileSyntax) : readYaml(file, CwlCode.fileSyntax);
      if (read.doc === null) {
        diagnostics.push(read.diagnostic);
        return [];
      }
      return isDescribeMetricFilters(read.value)
        ? describeMetricFilterEntries(file, read.doc, diagnostics)
        : cloudFormationEntries(file, read.doc, diagnostics);
    }
  }
}

/** A metric filter as parsed: where its pattern sits in its file (the pattern is parsed when compiled). */
export interface CwlAst {
  readonly file: DetectionFile;
  readonly entry: FilterEntry;
}

/** Finds every metric filter of one file. Never throws: problems become diagnostics. */
function parseCwlFile(file: DetectionFile, out: ParsedRule<CwlAst>[], diagnostics: Diagnostic[]): void {
  const noFilters = (): Diagnostic => diagnosticAt(file, null, CwlCode.noFilters, 'warning', 'no CloudWatch Logs metric filter found in this file');
  const found = kindOf(file);
  if (found === null) {
    diagnostics.push(noFilters());
    return;
  }
  const own: Diagnostic[] = [];
  try {
    const entries = entriesOf(file, found.kind, own);
    for (const entry of entries) out.push({ name: entry.name, title: entry.title, file: file.path, meta: entry.meta, text: entry.site.pattern, ast: { file, entry } });
    if (entries.length === 0 && !own.some((d) => d.severity === 'error')) own.push(noFilters());
  } catch (e) {
    // A bug in a loader must not stop the other rule files from loading.
    own.push(diagnosticAt(file, null, CwlCode.fileSyntax, 'error', `could not read metric filters: ${(e as Error).message}`));
  }
  diagnostics.push(...own);
}

/** Parses the metric filters of every file. Never throws. */
function parseCwl(files: readonly DetectionFile[]): ParseResult<CwlAst> {
  const rules: ParsedRule<CwlAst>[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) parseCwlFile(file, rules, diagnostics);
  return { rules, notApplicable: [], diagnostics };
}

/** The CloudWatch Logs filter-pattern dialect. */
export const cwlDialect: Dialect<CwlAst> = {
  id: 'cwl',
  ruleFileName: 'rule.pattern',
  defaultMapping: 'cloudtrail',
  claims: {
    extensions: ['.pattern', '.cwl', '.json', '.yaml', '.yml', '.tf'],
    sniff: (file) => kindOf(file)?.claim ?? 'no',
  },
  parse: parseCwl,
  compile: (rule) => compileEntry(rule.ast.file, rule.ast.entry),
};

/** Loads every metric filter of one file, as the registry does. Never throws. */
export function loadCwlFile(file: DetectionFile): LoadResult {
  return loadWithDialect(cwlDialect, [file], {});
}
