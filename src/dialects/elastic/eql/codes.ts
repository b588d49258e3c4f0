/**
 * Diagnostic codes of the EQL language (`TP7050`–`TP7099`, the block of the Elastic `TP7xxx` range left
 * to EQL), listed in docs/elastic.md "EQL". Tests assert on codes, so the wording can change without
 * breaking them.
 */
export const EqlCode = {
  /** The query text does not follow the EQL grammar (EQLSYN); the message says what was expected. */
  syntax: 'TP7050',
  /** A field that is not in the mapping and not written `?field` (elastic-rules.md Q8). */
  unknownField: 'TP7051',
  /** An operator or function given a value of a type it does not accept (Q2, Q6, Q8). */
  typeMismatch: 'TP7052',
  /** A field compared with a field (Q8, EQLSYN "Comparing fields"). */
  fieldToField: 'TP7053',
  /** A function Elasticsearch EQL does not have (Endgame-only `match`, `arrayContains`, ... Q6). */
  unknownFunction: 'TP7054',
  /** A function called with the wrong number of arguments. */
  arity: 'TP7055',
  /** A `| head` / `| tail` pipe: valid, but it limits an alert count the replay does not model. */
  pipeIgnored: 'TP7056',
  /** A sequence join key whose CloudTrail source the mapping does not know. */
  joinKeySource: 'TP7057',
} as const;

/** One EQL diagnostic code. */
export type EqlCodeValue = (typeof EqlCode)[keyof typeof EqlCode];
