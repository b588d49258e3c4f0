/**
 * Token kinds of the JSON and space-delimited pattern grammars (term patterns are scanned separately:
 * their lexical rules differ, see parse-terms.ts).
 */

/** One kind of token, with the parsing flags acorn keeps on its token types. */
export class TokenType {
  /** How the token is named in error messages (`'&&'`, `end of pattern`, ...). */
  readonly label: string;
  /** Precedence when the token is a binary logical operator (`||` 1, `&&` 2), else 0. */
  readonly binop: number;
  /** True for comparison operators (`=`, `!=`, `<`, ...). */
  readonly comparison: boolean;

  /** Declares a token kind. */
  constructor(label: string, options: { binop?: number; comparison?: boolean } = {}) {
    this.label = label;
    this.binop = options.binop ?? 0;
    this.comparison = options.comparison ?? false;
  }
}

/** Every token kind. */
export const tt = {
  eof: new TokenType('end of pattern'),
  braceL: new TokenType("'{'"),
  braceR: new TokenType("'}'"),
  bracketL: new TokenType("'['"),
  bracketR: new TokenType("']'"),
  parenL: new TokenType("'('"),
  parenR: new TokenType("')'"),
  comma: new TokenType("','"),
  logicalOr: new TokenType("'||'", { binop: 1 }),
  logicalAnd: new TokenType("'&&'", { binop: 2 }),
  eq: new TokenType("'='", { comparison: true }),
  ne: new TokenType("'!='", { comparison: true }),
  lt: new TokenType("'<'", { comparison: true }),
  le: new TokenType("'<='", { comparison: true }),
  gt: new TokenType("'>'", { comparison: true }),
  ge: new TokenType("'>='", { comparison: true }),
  /** `==`: scanned only to explain that it is not an operator. */
  eqeq: new TokenType("'=='"),
  /** `$...`: a JSON property selector, scanned whole (see scanner.readSelector). */
  selector: new TokenType('selector'),
  /** `"..."`: a double-quoted string. */
  string: new TokenType('quoted string'),
  /** `%...%`: a regular expression. */
  regex: new TokenType('regular expression'),
  /** An unquoted word: a value, a field name, a keyword (`IS`, `NOT`, ...) or `...`. */
  word: new TokenType('word'),
} as const;

/** The comparison operators, as they appear in the AST. */
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Maps a comparison token kind to its operator text. */
export function comparisonOf(type: TokenType): ComparisonOperator | null {
  switch (type) {
    case tt.eq: return '=';
    case tt.ne: return '!=';
    case tt.lt: return '<';
    case tt.le: return '<=';
    case tt.gt: return '>';
    case tt.ge: return '>=';
    default: return null;
  }
}
