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
import type { Detection, DetectionFile, Dialect, LoadResult } from '../types.js';
import { CwlCode } from './codes.js';
import { cloudFormationEntries, isMetricFilterTemplate, METRIC_FILTER_TYPE } from './load/cloudformation.js';
import { describeMetricFilterEntries, isDescribeMetricFilters } from './load/describe-metric-filters.js';
import { patternFileEntry } from './load/pattern-file.js';
import { buildDetection, diagnosticAt, IdAllocator, type FilterEntry } from './load/pattern-site.js';
import { readJson, readYaml, stripBom } from './load/structured.js';
import { TERRAFORM_METRIC_FILTER, terraformEntries } from './load/terraform.js';

type FileKind = 'pattern' | 'json' | 'yaml' | 'terraform' | null;

function jsonValue(text: string): unknown {
  try {
    return JSON.parse(stripBom(text).text);
  } catch {
    return undefined;
  }
}

function kindOf(file: DetectionFile): FileKind {
  const ext = extname(file.path).toLowerCase();
  switch (ext) {
    case '.pattern':
    case '.cwl':
      return 'pattern';
    case '.json': {
      const mentions = file.text.includes('"metricFilters"') || file.text.includes(METRIC_FILTER_TYPE);
      if (!mentions) return null;
      const value = jsonValue(file.text);
      // A file that does not parse but names metric filters is ours, so its syntax error gets reported.
      if (value === undefined) return 'json';
      return isDescribeMetricFilters(value) || isMetricFilterTemplate(value) ? 'json' : null;
    }
    case '.yaml':
    case '.yml': {
      if (!file.text.includes(METRIC_FILTER_TYPE)) return null;
      // A template that does not read (syntax, alias bomb) is ours when it looks like one, so the reason gets reported.
      const read = readYaml(file);
      if (read.doc === null) return /^Resources\s*:/m.test(file.text) ? 'yaml' : null;
      return isMetricFilterTemplate(read.value) ? 'yaml' : null;
    }
    case '.tf':
      return file.text.includes(TERRAFORM_METRIC_FILTER) ? 'terraform' : null;
    default:
      return null;
  }
}

function entriesOf(file: DetectionFile, kind: Exclude<FileKind, null>, ids: IdAllocator, diagnostics: Diagnostic[]): FilterEntry[] {
  switch (kind) {
    case 'pattern':
      return [patternFileEntry(file, ids, diagnostics)];
    case 'terraform':
      return terraformEntries(file, ids, diagnostics);
    case 'json':
    case 'yaml': {
      const read = kind === 'json' ? readJson(file) : readYaml(file);
      if (read.doc === null) {
        diagnostics.push(read.diagnostic);
        return [];
      }
      return isDescribeMetricFilters(read.value)
        ? describeMetricFilterEntries(file, read.doc, ids, diagnostics)
        : cloudFormationEntries(file, read.doc, ids, diagnostics);
    }
  }
}

/** Loads every metric filter of a recognised file. Never throws: problems become diagnostics. */
export function loadCwlFile(file: DetectionFile): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const detections: Detection[] = [];
  const kind = kindOf(file);
  if (kind === null) {
    diagnostics.push(diagnosticAt(file, null, CwlCode.noFilters, 'warning', 'no CloudWatch Logs metric filter found in this file'));
    return { detections, correlations: [], notApplicable: [], diagnostics };
  }
  try {
    const ids = new IdAllocator(file.path);
    const entries = entriesOf(file, kind, ids, diagnostics);
    for (const entry of entries) {
      const detection = buildDetection(file, entry, diagnostics);
      if (detection !== null) detections.push(detection);
    }
    if (entries.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
      diagnostics.push(diagnosticAt(file, null, CwlCode.noFilters, 'warning', 'no CloudWatch Logs metric filter found in this file'));
    }
  } catch (e) {
    // A bug in a loader must not stop the other rule files from loading.
    diagnostics.push(diagnosticAt(file, null, CwlCode.fileSyntax, 'error', `could not read metric filters: ${(e as Error).message}`));
  }
  // Entries are gathered before they are compiled; report problems in file order.
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { detections, correlations: [], notApplicable: [], diagnostics };
}

/** The CloudWatch Logs filter-pattern dialect. */
export const cwlDialect: Dialect = {
  id: 'cwl',
  recognise: (file) => kindOf(file) !== null,
  load: (file) => loadCwlFile(file),
};
