/**
 * `testMetricFilter`: the offline equivalent of `aws logs test-metric-filter` (API_TestMetricFilter).
 */
import { MAX_TEST_MESSAGES } from './limits.js';
import { parseFilterPattern } from './pattern.js';

/** One matching message, as `MetricFilterMatchRecord` names its fields. */
export interface MetricFilterMatch {
  /** 1-based position of the message in the request. */
  readonly eventNumber: number;
  readonly eventMessage: string;
  readonly extractedValues: Record<string, string>;
}

/** The TestMetricFilter response shape. */
export interface TestMetricFilterResult {
  readonly matches: MetricFilterMatch[];
}

/** Options of `testMetricFilter`. */
export interface TestMetricFilterOptions {
  /**
   * Enforce the API's request limits (1 to 50 messages, each at least one character), throwing a
   * RangeError as the service would refuse the request. Off by default: offline, more is useful.
   */
  readonly strict?: boolean;
}

/**
 * Tests a filter pattern against log event messages and returns the matches in the JSON shape
 * `aws logs test-metric-filter` prints (`{"matches":[{"eventNumber":1,"eventMessage":...,"extractedValues":{...}}]}`).
 *
 * @throws FilterPatternError when the pattern is invalid.
 */
export function testMetricFilter(
  pattern: string,
  messages: readonly string[],
  options: TestMetricFilterOptions = {},
): TestMetricFilterResult {
  if (options.strict === true) {
    if (messages.length < 1 || messages.length > MAX_TEST_MESSAGES) {
      throw new RangeError(`logEventMessages must hold 1 to ${MAX_TEST_MESSAGES} messages, got ${messages.length}`);
    }
    const empty = messages.findIndex((m) => m.length === 0);
    if (empty !== -1) throw new RangeError(`log event message ${empty + 1} is empty (the minimum length is 1)`);
  }
  const compiled = parseFilterPattern(pattern);
  const matches: MetricFilterMatch[] = [];
  messages.forEach((eventMessage, i) => {
    const extractedValues = compiled.extract(eventMessage);
    if (extractedValues !== null) matches.push({ eventNumber: i + 1, eventMessage, extractedValues });
  });
  return { matches };
}
