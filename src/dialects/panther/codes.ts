/**
 * Diagnostic codes of the Panther dialect (the `TP4xxx` range), listed in docs/panther.md.
 * Tests assert on codes, so the wording can change without breaking them.
 */
export const PantherCode = {
  /** The YAML file does not parse. */
  yamlSyntax: 'TP4001',
  /** A field is missing or has the wrong type (`RuleID`, `Filename`, `LogTypes`, ...). */
  badField: 'TP4002',
  /** The rule's Python did not load: python3 missing or too old, a syntax error, a failed helper import. */
  notLoaded: 'TP4003',
  /** A rule whose verdict may depend on what Panther's cloud supplies (cache, enrichment): stand-ins run instead. */
  standIn: 'TP4004',
  /** The optional `python-dateutil` package is not installed (helpers that import it fail to load). */
  noDateutil: 'TP4005',
} as const;
