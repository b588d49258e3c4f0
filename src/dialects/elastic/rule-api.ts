/**
 * The library entry for Elastic queries: `parseElasticRule(query, { language, input?, fieldTypes? })`
 * compiles a KQL or Lucene query and returns `matches(event)`, where `event` is a CloudTrail record
 * (mapped to ECS as the AWS integration would, the default) or an ECS document (`input: 'ecs'`), given as
 * an object or as its JSON text. Problems throw `ElasticRuleError` with a code, line and column.
 */
import { lineColumn } from '../../diagnostics/diagnostic.js';
import type { JsonObject } from '../../record/view.js';
import type { Prefilter } from '../types.js';
import { ElasticCode } from './codes.js';
import { toEcs } from '../mapping/ecs/to-ecs.js';
import type { FieldTypes } from '../mapping/ecs/field-types.js';
import { QUERY_LANGUAGES } from './compile-rule.js';
import { prefilterOf } from './literals.js';
import { QuerySyntaxError, type Query } from './query/ast.js';
import { compileQuery } from './query/evaluate.js';

/** Options of `parseElasticRule`. */
export interface ElasticRuleOptions {
  /** The query language: `kuery` (KQL) or `lucene`. */
  readonly language: 'kuery' | 'lucene';
  /** What `matches` receives: a CloudTrail record (default) or an ECS document. */
  readonly input?: 'cloudtrail' | 'ecs';
  /** Field types replacing the aws.cloudtrail data stream's (field → keyword, text, long, ...). */
  readonly fieldTypes?: FieldTypes;
}

/** A query Elasticsearch would not run; `line`/`column` are 1-based in the query text. */
export class ElasticRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, col ${column}: ${message}`);
    this.name = 'ElasticRuleError';
  }
}

/** A compiled Elastic query. */
export interface ElasticRule {
  readonly language: 'kuery' | 'lucene';
  readonly query: Query;
  /** Literals a CloudTrail record's JSON text must contain for the query to match (null: none proved). */
  readonly prefilter: Prefilter | null;
  /** Warnings about clauses that may not do what they read like. */
  readonly warnings: readonly string[];
  matches(event: object | string): boolean;
}

/** Compiles a KQL or Lucene query; throws `ElasticRuleError` when Elasticsearch would reject it. */
export function parseElasticRule(text: string, options: ElasticRuleOptions): ElasticRule {
  const language = QUERY_LANGUAGES[options.language];
  if (language === undefined) throw new ElasticRuleError(ElasticCode.badRule, `unknown language '${String(options.language)}' (expected kuery or lucene)`, 1, 1);
  let query: Query;
  try {
    query = language.parse(text);
  } catch (e) {
    if (!(e instanceof QuerySyntaxError)) throw e;
    const { line, column } = lineColumn(text, e.offset);
    throw new ElasticRuleError(ElasticCode.querySyntax, e.message, line, column);
  }
  const compiled = compileQuery(query, options.fieldTypes !== undefined ? { fieldTypes: options.fieldTypes } : {});
  const error = compiled.problems.find((p) => p.severity === 'error');
  if (error !== undefined) {
    const { line, column } = lineColumn(text, error.offset);
    throw new ElasticRuleError(ElasticCode.queryRejected, error.message, line, column);
  }
  const ecs = options.input === 'ecs';
  return {
    language: options.language,
    query,
    prefilter: prefilterOf(query, options.fieldTypes),
    warnings: compiled.problems.map((p) => p.message),
    matches(event: object | string): boolean {
      const value = (typeof event === 'string' ? JSON.parse(event) : event) as JsonObject;
      return compiled.matches(ecs ? value : toEcs(value));
    },
  };
}
