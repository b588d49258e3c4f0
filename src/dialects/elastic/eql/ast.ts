/**
 * The EQL syntax tree (elastic-rules.md §4, EQLSYN). Nodes carry only `start`/`end` offsets into the
 * query text; lines and columns are computed when a diagnostic is rendered.
 */

/** A span in the query text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A constant: string, number, boolean or null. `float` marks numbers written with `.` or an exponent. */
export interface Literal extends Span {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
  readonly float: boolean;
}

/** A field reference; `optional` when written `?field` (Q8). */
export interface FieldRef extends Span {
  readonly kind: 'field';
  readonly path: string;
  readonly optional: boolean;
}

/** `==`, `!=`, `<`, `<=`, `>`, `>=` (Q2, Q10). */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Arithmetic operators (EQLSYN "Math operators"). */
export type ArithOp = '+' | '-' | '*' | '/' | '%';

/** Every expression. */
export type Expr =
  | Literal
  | FieldRef
  | (Span & { readonly kind: 'not'; readonly operand: Expr })
  | (Span & { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr })
  | (Span & { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr })
  | (Span & {
      /** `:` is `like~` (EQLSYN "Differences from Endgame": "The `:` operator is equivalent to `like~`"). */
      readonly kind: 'pattern';
      readonly op: 'like' | 'regex';
      readonly insensitive: boolean;
      /** The operator as written, for messages (`:`, `like~`, ...). */
      readonly written: string;
      readonly operand: Expr;
      readonly patterns: readonly Literal[];
    })
  | (Span & { readonly kind: 'in'; readonly insensitive: boolean; readonly negated: boolean; readonly operand: Expr; readonly list: readonly Expr[] })
  | (Span & { readonly kind: 'arith'; readonly op: ArithOp; readonly left: Expr; readonly right: Expr })
  | (Span & { readonly kind: 'negate'; readonly operand: Expr })
  | (Span & { readonly kind: 'call'; readonly name: string; readonly insensitive: boolean; readonly args: readonly Expr[] });

/** `<category> where <condition>`; `category` null for `any`. */
export interface EventQuery extends Span {
  readonly category: string | null;
  readonly categorySpan: Span;
  readonly condition: Expr;
}

/** One `[ ... ]` of a sequence or sample, with its own join keys. */
export interface Step extends Span {
  readonly query: EventQuery;
  readonly by: readonly FieldRef[];
  /** `with runs=N` (1..100): the step repeated N times. */
  readonly runs: number;
  /** `![ ... ]`: a missing-event step (needs `maxspan`). */
  readonly missing: boolean;
}

/** `| head N` or `| tail N` (Q13). */
export interface Pipe extends Span {
  readonly name: 'head' | 'tail';
  readonly count: number;
}

/** A whole query. */
export type Query =
  | (Span & { readonly kind: 'event'; readonly event: EventQuery; readonly pipes: readonly Pipe[] })
  | (Span & {
      readonly kind: 'sequence';
      readonly by: readonly FieldRef[];
      /** `with maxspan=...` in milliseconds; null when absent. */
      readonly maxspan: number | null;
      readonly steps: readonly Step[];
      readonly until: Step | null;
      readonly pipes: readonly Pipe[];
    })
  | (Span & { readonly kind: 'sample'; readonly by: readonly FieldRef[]; readonly steps: readonly Step[]; readonly pipes: readonly Pipe[] });

/** Calls `visit` on `e` and every expression below it. */
export function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'not':
    case 'negate':
      walk(e.operand, visit);
      break;
    case 'and':
    case 'or':
    case 'compare':
    case 'arith':
      walk(e.left, visit);
      walk(e.right, visit);
      break;
    case 'pattern':
      walk(e.operand, visit);
      for (const p of e.patterns) walk(p, visit);
      break;
    case 'in':
      walk(e.operand, visit);
      for (const x of e.list) walk(x, visit);
      break;
    case 'call':
      for (const a of e.args) walk(a, visit);
      break;
    case 'literal':
    case 'field':
      break;
  }
}
