/**
 * CloudWatch Logs filter patterns: the `cwl` dialect.
 *
 * Brief overview: `parseFilterPattern` turns a pattern (term, JSON, space-delimited or regex; the syntax
 * metric filters, subscription filters, FilterLogEvents and Live Tail share) into a `FilterPattern`
 * that matches log event messages exactly as CloudWatch Logs does, or throws a positioned
 * `FilterPatternError` for a pattern the service would reject. `compileFilterPattern` turns it into
 * the engine's `CompiledRule` over CloudTrail records (each record seen as one JSON log event), with a
 * sound literal prefilter. `cwlDialect` loads `.pattern`/`.cwl` files, describe-metric-filters output,
 * CloudFormation and Terraform. Every semantic decision is documented in docs/filter-patterns.md.
 *
 * Pipeline: scanner.ts / parse-terms.ts → parser.ts (ast.ts) → compile-*.ts → pattern.ts;
 * literals.ts derives prefilters, compile.ts builds rules, load/ reads rule files.
 *
 * ```ts
 * import { parseFilterPattern, testMetricFilter } from './dialects/cwl/index.js';
 * const p = parseFilterPattern('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS }');
 * p.matches('{"userIdentity":{"type":"Root"}}'); // true
 * testMetricFilter('[ip, user, status = 4*]', ['10.0.0.1 alice 404']);
 * // { matches: [{ eventNumber: 1, eventMessage: '10.0.0.1 alice 404', extractedValues: { $ip: '10.0.0.1', $user: 'alice', $status: '404' } }] }
 * ```
 */
export type { FilterPatternAst } from './ast.js';
export { CwlCode } from './codes.js';
export { compileFilterPattern } from './compile.js';
export { cwlDialect, loadCwlFile } from './dialect.js';
export { FilterPatternError } from './errors.js';
export { prefilterOf } from './literals.js';
export { parseFilterPattern } from './pattern.js';
export type { FilterPattern, FilterPatternKind } from './pattern.js';
export { testMetricFilter } from './test-metric-filter.js';
export type { MetricFilterMatch, TestMetricFilterOptions, TestMetricFilterResult } from './test-metric-filter.js';
