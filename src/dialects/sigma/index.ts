/**
 * The Sigma dialect: Sigma rules (SigmaHQ/sigma-specification v2.1) run against raw CloudTrail records.
 *
 * Brief overview. Stages, each in its own module:
 *   yaml/        YAML documents → positioned nodes (YAML 1.2 typing with author-intent exceptions)
 *   parse-*.ts   nodes → the Sigma model (rules, correlations, filters), condition/ parses conditions
 *   modifiers.ts the value-modifier registry; compile/ turns items into leaves and an evaluation tree
 *   literals.ts  the prefilter (literals every match must contain)
 *   correlation/ correlation plans and their sliding-window evaluation
 *   loader.ts    a run's files together: references across files, filters, applicability, pipelines
 * Everything the specification leaves open, and what we chose, is in docs/sigma.md.
 *
 * ```ts
 * import { parseSigmaRule, sigmaDialect } from './dialects/sigma/index.js';
 * const rule = parseSigmaRule(yamlText);          // throws SigmaRuleError with line/column
 * rule.matches(cloudTrailRecord);                 // boolean
 * const loaded = sigmaDialect.loadAll!(files, {}); // detections, correlations, diagnostics
 * ```
 */
export { sigmaDialect, recogniseSigma } from './dialect.js';
export { parseSigmaRule, SigmaRuleError } from './rule-api.js';
export type { SigmaRule, ParseSigmaRuleOptions } from './rule-api.js';
export { SigmaCode } from './codes.js';
export type { SigmaCodeValue } from './codes.js';
