/**
 * Diagnostic codes of suite and baseline files (the `TP6xxx` range), listed in docs/suites.md.
 *
 * Tests assert on codes, so the message wording can change without breaking them.
 */
export const SuiteCode = {
  /** The YAML text does not parse (syntax error, duplicate key, ...). */
  yaml: 'TP6001',
  /** A key the format does not define (usually a typo). */
  unknownKey: 'TP6002',
  /** A value of the wrong type or out of range. */
  badValue: 'TP6003',
  /** A required key is missing. */
  missingKey: 'TP6004',
  /** A root category (in `catches` or `labels`) that does not exist. */
  unknownCategory: 'TP6005',
  /** The baseline file cannot be read or is not a trailproof baseline. */
  badBaseline: 'TP6006',
} as const;
