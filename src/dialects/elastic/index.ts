/**
 * Elastic detection rules: the `elastic-kuery`, `elastic-lucene` and `elastic-eql` dialects (EQL's language in `eql/`).
 *
 * Brief overview: rule files (detection-rules TOML, Kibana export NDJSON; `load/`) become `RuleDefinition`s
 * (`rule.ts`); their queries parse (`kuery/`, `lucene/`) into one query tree (`query/ast.ts`) evaluated on
 * the ECS document the AWS integration would store for each CloudTrail record (the `ecs` field mapping,
 * src/dialects/mapping/ecs/); filters and
 * exceptions join as query trees (`es-dsl.ts`); `threshold` rules aggregate (`threshold.ts`); prefilter
 * literals come from clauses on fields copied verbatim from the record (`literals.ts`). Every decision is
 * in docs/elastic.md.
 *
 * ```ts
 * import { parseElasticRule } from './dialects/elastic/index.js';
 * const r = parseElasticRule('event.action:ConsoleLogin and aws.cloudtrail.user_identity.type:Root', { language: 'kuery' });
 * r.matches({ eventName: 'ConsoleLogin', userIdentity: { type: 'Root' } }); // true
 * ```
 */
export { ElasticCode } from './codes.js';
export { elasticEqlDialect, elasticKueryDialect, elasticLuceneDialect } from './dialect.js';
export { fieldType, ignoreAbove, IGNORE_ABOVE, sourcePaths, toEcs } from '../mapping/ecs/index.js';
export type { EcsDocument, EsFieldType, FieldTypes } from '../mapping/ecs/index.js';
export { ElasticRuleError, parseElasticRule } from './rule-api.js';
export type { ElasticRule, ElasticRuleOptions } from './rule-api.js';
export { EqlRuleError, parseEqlRule } from './eql/index.js';
export type { EqlRule, ParseEqlRuleOptions } from './eql/index.js';
