/**
 * Diagnostic codes of the Sigma dialect (the `TP3xxx` range), listed in docs/sigma.md.
 *
 * Tests assert on codes, so the message wording can change without breaking them.
 */
export const SigmaCode = {
  /** The YAML text does not parse (syntax, duplicate key, unsupported tag). */
  yaml: 'TP3001',
  /** A required key is missing (`title`, `logsource`, `detection`, `condition`, ...). */
  missingKey: 'TP3002',
  /** A key holds a value of the wrong type or an unknown enumeration value. */
  badValue: 'TP3003',
  /** A search identifier has a shape the specification does not allow (empty, nested map, ...). */
  badSearch: 'TP3004',
  /** A modifier the specification does not define. */
  unknownModifier: 'TP3005',
  /** A modifier chain the specification does not allow (order, combination, value type). */
  badModifier: 'TP3006',
  /** A regular expression that does not compile under RE2 (or uses unsupported syntax). */
  badRegex: 'TP3008',
  /** An invalid CIDR network. */
  badCidr: 'TP3009',
  /** A syntax error in a detection condition. */
  conditionSyntax: 'TP3010',
  /** A condition names a search identifier the detection does not define. */
  undefinedIdentifier: 'TP3011',
  /** An `expand` placeholder that no pipeline defines. */
  unresolvedPlaceholder: 'TP3012',
  /** An invalid correlation rule (type, timespan, condition, group-by, aliases). */
  badCorrelation: 'TP3013',
  /** A correlation or filter refers to a rule that is not loaded. */
  unresolvedReference: 'TP3014',
  /** An invalid filter document. */
  badFilter: 'TP3015',
  /** An invalid or unsupported field-mapping pipeline. */
  badPipeline: 'TP3016',
  /** A plain scalar that YAML 1.1 tools (pySigma) would read with another type. */
  yamlVersion: 'TP3017',
  /** Syntax removed in Sigma v2 (pipe aggregations, `near`). */
  removedSyntax: 'TP3019',
  /** A YAML document that is neither a rule, a correlation nor a filter. */
  unknownDocument: 'TP3020',
  /** Two rules share an id or a name. */
  duplicateRule: 'TP3021',
  /** A `1 of`/`all of` pattern that matches no search identifier (the term is dropped, as pySigma does). */
  emptyPattern: 'TP3022',
  /** A metadata value the specification discourages (id that is not a UUID, ...). */
  metadata: 'TP3023',
  /** An invalid `trailproof: {scope: [...]}` declaration (the scope is inferred instead). */
  badScope: 'TP3024',
  /** A filter names a rule whose log source it does not cover, so it is not applied to it (pySigma). */
  filterNotApplied: 'TP3025',
  /** A rule beyond a documented limit of trailproof (value length); see docs/sigma.md "Limits". */
  limit: 'TP3026',
} as const;

/** One of the Sigma diagnostic codes. */
export type SigmaCodeValue = (typeof SigmaCode)[keyof typeof SigmaCode];
