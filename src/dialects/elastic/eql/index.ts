/**
 * Elastic EQL (Event Query Language) as Elasticsearch runs it for detection rules (`language: eql`):
 * docs/elastic.md "EQL", reference notes elastic-rules.md §4.
 *
 * Brief overview: `parseEql` (parser.ts) turns query text into a syntax tree or a positioned error;
 * `compileQuery` checks it against the field mapping and compiles it to matchers over ECS documents;
 * `parseEqlRule` is the library entry (throws `EqlRuleError`); `compileEqlForReplay` gives the replay
 * engine per-record rules with prefilters, and for sequences a `CorrelationDetection`. The mapping
 * (CloudTrail → ECS, field types, prefilter literals, join-key sources) is passed in, not imported.
 *
 * ```ts
 * const rule = parseEqlRule('any where event.action : "consolelogin"', { fieldTypes: (f) => 'keyword' });
 * rule.matches({ event: { action: 'ConsoleLogin' } }); // true
 * ```
 */
export { parseEql } from './parser.js';
export type { EqlSyntaxError, ParseResult } from './parser.js';
export type { Expr, Query, Step, FieldRef, Literal } from './ast.js';
export { EqlCode } from './codes.js';
export { compileQuery } from './compile-query.js';
export type { CompiledQuery, EqlOptions, EventMatcher } from './compile-query.js';
export type { EqlValue, FieldTypeLookup } from './field-values.js';
export { verbatimLiterals } from './literals.js';
export type { LiteralsFor, Literals, TextNeed } from './literals.js';
export { EqlRuleError, parseEqlRule } from './rule-api.js';
export type { EqlRule, ParseEqlRuleOptions } from './rule-api.js';
export { compileEqlForReplay } from './replay.js';
export { mappingHooks } from './mapping-hooks.js';
export type { CorrelationBase, EqlReplayOptions, EqlReplayPlan, EqlReplayRule, JoinKeySource, JoinKeySourceLookup } from './replay.js';
