/**
 * Diagnostic codes of the Sentinel KQL dialect (the `TP9xxx` range), listed in docs/sentinel.md.
 * Tests assert on codes, so the wording can change without breaking them.
 */
export const SentinelCode = {
  /** A query Kusto would not parse: unexpected token, unbalanced bracket, `=` in `where`, bad literal. */
  syntax: 'TP9001',
  /** A name the query uses is not a column at that point (Kusto KS142). */
  unknownColumn: 'TP9002',
  /** An unknown function or aggregation (KS211), or a wrong number of arguments. */
  unknownFunction: 'TP9003',
  /** A valid query the replay cannot run: another table, a watchlist, an operator outside the subset. */
  notReplayable: 'TP9004',
  /** The rule file is not valid YAML/JSON, or its `query` is missing or not text. */
  fileSyntax: 'TP9005',
  /** A scheduling field (`queryPeriod`, `queryFrequency`, `triggerOperator`, `triggerThreshold`) is invalid. */
  badSchedule: 'TP9006',
  /** A type error Kusto reports (`where` on a non-bool expression, `in` against a non-list). */
  typeError: 'TP9007',
} as const;
