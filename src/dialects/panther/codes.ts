/**
 * Diagnostic codes of the Panther dialect (the `TP8xxx` range), listed in docs/panther.md.
 * Tests assert on codes, so the wording can change without breaking them.
 */
export const PantherCode = {
  /** The YAML file does not parse. */
  yamlSyntax: 'TP8001',
  /** A field is missing or has the wrong type (`RuleID`, `Filename`, `LogTypes`, ...). */
  badField: 'TP8002',
  /** The rule's Python did not load: python3 missing or too old, a syntax error, a failed helper import. */
  notLoaded: 'TP8003',
  /** A rule whose verdict may depend on what Panther's cloud supplies (cache, enrichment): stand-ins run instead. */
  standIn: 'TP8004',
  /** The optional `python-dateutil` package is not installed (helpers that import it fail to load). */
  noDateutil: 'TP8005',
} as const;
