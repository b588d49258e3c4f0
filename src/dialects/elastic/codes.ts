/**
 * Diagnostic codes of the Elastic dialects (`TP7001`–`TP7049`; `TP7050`–`TP7099` are left to EQL),
 * listed in docs/elastic.md. Tests assert on codes, so the wording can change without breaking them.
 */
export const ElasticCode = {
  /** The rule file is not valid TOML or NDJSON. */
  fileSyntax: 'TP7001',
  /** A rule lacks a field it needs (`type`, `query`, `language`, threshold `value`, ...) or has one of the wrong kind. */
  badRule: 'TP7002',
  /** The query does not parse (KQL `KQLSyntaxError`, Lucene parse error): the rule never runs. */
  querySyntax: 'TP7003',
  /** Elasticsearch would reject the query when the rule runs (e.g. a nested query on a field not mapped `nested`). */
  queryRejected: 'TP7004',
  /** A clause that loads but behaves differently from what it reads like, or whose behaviour is unverified. */
  queryWarning: 'TP7005',
  /** A filter or exception entry trailproof cannot apply (value lists, unknown query DSL): the rule is not replayed. */
  unsupportedPart: 'TP7006',
  /** The file holds no Elastic rule. */
  noRules: 'TP7007',
} as const;
