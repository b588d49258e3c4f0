/**
 * Condition AST. Nodes carry only `start`/`end` offsets into the condition text; line and column are
 * computed when a diagnostic is rendered.
 */

/** `a and b and c` / `a or b`. */
export interface BinaryNode {
  readonly type: 'and' | 'or';
  readonly operands: readonly ConditionNode[];
  readonly start: number;
  readonly end: number;
}

/** `not x`. */
export interface NotNode {
  readonly type: 'not';
  readonly operand: ConditionNode;
  readonly start: number;
  readonly end: number;
}

/** A search identifier named in the condition. */
export interface IdentifierNode {
  readonly type: 'identifier';
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

/** `1 of pattern`, `all of pattern`, `1 of them`, `all of them`. */
export interface SelectorNode {
  readonly type: 'selector';
  readonly quantifier: 'one' | 'all';
  /** The identifier pattern (`*` = any run of characters); null for `them`. */
  readonly pattern: string | null;
  readonly start: number;
  readonly end: number;
}

/** Any condition node. */
export type ConditionNode = BinaryNode | NotNode | IdentifierNode | SelectorNode;
