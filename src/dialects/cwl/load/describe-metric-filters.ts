/**
 * The JSON `aws logs describe-metric-filters` prints (`{"metricFilters":[{filterName, filterPattern,
 * logGroupName, metricTransformations, ...}]}`, API_DescribeMetricFilters): each filter becomes a
 * detection named after `filterName`. Log-group quotas the service enforces when the filters are created
 * (at most 100 metric filters and 5 regex-bearing patterns per log group, API_PutMetricFilter) are
 * reported as warnings, since such an export cannot come from one account as it stands.
 */
import { isScalar, type Document } from 'yaml';
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { DetectionFile } from '../../types.js';
import { CwlCode } from '../codes.js';
import { MAX_METRIC_FILTERS_PER_LOG_GROUP, MAX_REGEX_PATTERNS_PER_LOG_GROUP } from '../limits.js';
import { parsePatternAst } from '../parser.js';
import { someValue } from '../walk.js';
import { diagnosticAt, mappedSite, type FilterEntry } from './pattern-site.js';
import { scalarOffsets } from '../../carriers/scalar-offsets.js';
import { isCliList, readCliList, type CliListShape } from '../../carriers/aws-cli.js';
import { child, plainString, yamlTree } from '../../carriers/structured.js';

/** `aws logs describe-metric-filters` output: `{"metricFilters": [...], "nextToken"?}`. */
const DESCRIBE_METRIC_FILTERS: CliListShape = { list: 'metricFilters' };

/** True when a parsed JSON value has the describe-metric-filters shape. */
export function isDescribeMetricFilters(value: unknown): boolean {
  return isCliList(value, DESCRIBE_METRIC_FILTERS);
}

function usesRegex(pattern: string): boolean {
  try {
    return someValue(parsePatternAst(pattern), (v) => v.type === 'Regex');
  } catch {
    return false; // reported as TP1001 when the filter is built
  }
}

/** Collects the metric filters of a describe-metric-filters document. */
export function describeMetricFilterEntries(file: DetectionFile, doc: Document, diagnostics: Diagnostic[]): FilterEntry[] {
  const entries: FilterEntry[] = [];
  const output = readCliList(file.text, doc.contents, yamlTree, DESCRIBE_METRIC_FILTERS);
  if (output === null) return entries;
  const perGroup = new Map<string, { filters: number; regex: number }>();
  for (const { node: item, index, offset: at } of output.items) {
    const filterName = plainString(child(item, 'filterName'));
    const name = filterName ?? String(index + 1);
    const patternNode = child(item, 'filterPattern');
    if (!isScalar(patternNode) || typeof patternNode.value !== 'string') {
      diagnostics.push(diagnosticAt(file, at, CwlCode.missingPattern, 'error', `metric filter ${name} has no filterPattern string`, name));
      continue;
    }
    const pattern = patternNode.value;
    const logGroup = plainString(child(item, 'logGroupName'));
    if (logGroup !== null) {
      const counts = perGroup.get(logGroup) ?? { filters: 0, regex: 0 };
      perGroup.set(logGroup, counts);
      counts.filters++;
      if (counts.filters === MAX_METRIC_FILTERS_PER_LOG_GROUP + 1) {
        diagnostics.push(diagnosticAt(file, at, CwlCode.quota, 'warning',
          `log group ${logGroup} has more than ${MAX_METRIC_FILTERS_PER_LOG_GROUP} metric filters (the service allows ${MAX_METRIC_FILTERS_PER_LOG_GROUP})`, name));
      }
      if (usesRegex(pattern) && ++counts.regex === MAX_REGEX_PATTERNS_PER_LOG_GROUP + 1) {
        diagnostics.push(diagnosticAt(file, at, CwlCode.quota, 'warning',
          `log group ${logGroup} has more than ${MAX_REGEX_PATTERNS_PER_LOG_GROUP} filter patterns with regular expressions (the service allows ${MAX_REGEX_PATTERNS_PER_LOG_GROUP})`, name));
      }
    }
    entries.push({
      name,
      title: name,
      meta: { ruleId: name, ...(logGroup !== null ? { description: `metric filter on log group ${logGroup}` } : {}) },
      site: mappedSite(pattern, scalarOffsets(file.text, patternNode), patternNode.range?.[0] ?? -1),
    });
  }
  return entries;
}
