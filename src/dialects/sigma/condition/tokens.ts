/**
 * Token kinds of the Sigma condition language (sigma-rules-specification.md "Condition").
 *
 * `binop` is the binding power of binary operators for precedence climbing: `or` binds loosest, then
 * `and`; `not`, `x of` and parentheses bind tighter still (spec "Operator Precedence").
 */

/** A token kind with its parser flags. */
export interface TokenKind {
  readonly label: string;
  /** Binding power when the token is a binary operator, else 0. */
  readonly binop: number;
  /** True when the token can begin an operand. */
  readonly startsExpr: boolean;
}

function kind(label: string, binop = 0, startsExpr = false): TokenKind {
  return { label, binop, startsExpr };
}

/** Every token kind. Keywords are lowercase whole words, as pySigma and the specification write them. */
export const tt = {
  name: kind('identifier', 0, true),
  number: kind('number', 0, true),
  parenL: kind('(', 0, true),
  parenR: kind(')'),
  pipe: kind('|'),
  or: kind('or', 1),
  and: kind('and', 2),
  not: kind('not', 0, true),
  of: kind('of'),
  all: kind('all', 0, true),
  them: kind('them'),
  eof: kind('end of condition'),
} as const;

/** Keywords by their text. */
export const keywords: ReadonlyMap<string, TokenKind> = new Map([
  ['and', tt.and],
  ['or', tt.or],
  ['not', tt.not],
  ['of', tt.of],
  ['all', tt.all],
  ['them', tt.them],
]);

/** One token: its kind, text and offsets in the condition text. */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}
