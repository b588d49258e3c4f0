/**
 * Terraform files: every `resource "aws_cloudwatch_log_metric_filter" "<name>" { pattern = ... }`
 * becomes a detection. The pattern must be a string literal (quoted or heredoc); interpolations,
 * template directives and other expressions get a `TP1002` diagnostic.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { DetectionFile } from '../../types.js';
import { CwlCode } from '../codes.js';
import { readHcl } from '../../carriers/hcl-reader.js';
import { diagnosticAt, mappedSite, type FilterEntry } from './pattern-site.js';

/** The Terraform resource type of a metric filter. */
export const TERRAFORM_METRIC_FILTER = 'aws_cloudwatch_log_metric_filter';

/** Collects the metric filters of a Terraform file. */
export function terraformEntries(file: DetectionFile, diagnostics: Diagnostic[]): FilterEntry[] {
  const { blocks, error } = readHcl(file.text);
  if (error !== null) {
    diagnostics.push(diagnosticAt(file, error.offset, CwlCode.fileSyntax, 'error', `invalid HCL: ${error.message}`));
    return [];
  }
  const entries: FilterEntry[] = [];
  for (const block of blocks) {
    if (block.type !== 'resource' || block.labels[0] !== TERRAFORM_METRIC_FILTER) continue;
    const resourceName = block.labels[1] ?? 'resource';
    const nameAttr = block.attributes.get('name');
    const filterName = nameAttr?.kind === 'string' && !nameAttr.templated ? nameAttr.value : null;
    const name = filterName ?? resourceName;
    const pattern = block.attributes.get('pattern');
    if (pattern === undefined) {
      diagnostics.push(diagnosticAt(file, block.start, CwlCode.missingPattern, 'error', `${TERRAFORM_METRIC_FILTER}.${resourceName} has no pattern`, name));
      continue;
    }
    if (pattern.kind === 'expression' || pattern.templated) {
      const what = pattern.kind === 'expression' ? `an expression (${pattern.text})` : 'a template with ${...} or %{...}';
      diagnostics.push(diagnosticAt(file, pattern.start, CwlCode.notLiteral, 'error',
        `the pattern is ${what}, not a literal string; it cannot be checked offline`, name));
      continue;
    }
    const logGroup = block.attributes.get('log_group_name');
    const group = logGroup === undefined ? null : logGroup.kind === 'string' ? logGroup.value : logGroup.text;
    entries.push({
      name,
      title: name,
      meta: {
        ruleId: name,
        description: `${TERRAFORM_METRIC_FILTER}.${resourceName}${group !== null ? ` on log group ${group}` : ''}`,
      },
      site: mappedSite(pattern.value, pattern.offsets, pattern.start),
    });
  }
  return entries;
}
