/**
 * Quotas CloudWatch Logs enforces on filter patterns, in one place.
 */

/** Longest filter pattern PutMetricFilter and TestMetricFilter accept (API_MetricFilter: length 0–1024). */
export const MAX_PATTERN_LENGTH = 1024;

/** Regular expressions allowed in one JSON or space-delimited pattern (FilterAndPatternSyntax, "Quotas"). */
export const MAX_REGEX_PER_PATTERN = 2;

/** Filter patterns containing a regex allowed per log group for metric and subscription filters. */
export const MAX_REGEX_PATTERNS_PER_LOG_GROUP = 5;

/** Wildcard steps (`[*]`, `.*`) allowed in one JSON property selector (FilterAndPatternSyntax). */
export const MAX_WILDCARDS_PER_SELECTOR = 1;

/** Selectors with a wildcard allowed in one JSON pattern (FilterAndPatternSyntax). */
export const MAX_WILDCARD_SELECTORS = 3;

/** Metric filters allowed per log group (API_PutMetricFilter). */
export const MAX_METRIC_FILTERS_PER_LOG_GROUP = 100;

/** Messages TestMetricFilter accepts in one call (API_TestMetricFilter: 1–50 items). */
export const MAX_TEST_MESSAGES = 50;

/** Largest `{m,n}` bound; RE2 rejects larger repetition counts, so the regex compiler does too. */
export const MAX_REGEX_REPEAT = 1000;
