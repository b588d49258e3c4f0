/**
 * Diagnostic codes of the CloudWatch Logs dialect (the `TP1xxx` range), listed in
 * docs/filter-patterns.md. Tests assert on codes, so the wording can change without breaking them.
 */
export const CwlCode = {
  /** A filter pattern CloudWatch Logs would reject (syntax, regex, quota, length). */
  invalidPattern: 'TP1001',
  /** The pattern is not a literal string (CloudFormation intrinsic function, Terraform interpolation or expression). */
  notLiteral: 'TP1002',
  /** The rule file itself does not parse (JSON, YAML or HCL syntax). */
  fileSyntax: 'TP1003',
  /** A metric filter without a pattern property. */
  missingPattern: 'TP1004',
  /** A log-group quota is exceeded (regex patterns per log group, metric filters per log group). */
  quota: 'TP1005',
  /** The file holds no metric filter. */
  noFilters: 'TP1006',
  /** The pattern is empty and matches every event. */
  matchesEverything: 'TP1007',
  /** A `# scope:` header that names no valid root category (the scope is inferred instead). */
  badScope: 'TP1008',
} as const;
