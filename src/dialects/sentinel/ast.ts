/**
 * The KQL syntax tree. Nodes carry `start`/`end` offsets into the query text; line and column are
 * computed only when a diagnostic is rendered.
 */
import type { Value } from './values.js';

interface Span {
  readonly start: number;
  readonly end: number;
}

/** A scalar expression (or a tabular one used as a value: `x in (T | project c)`). */
export type Expr =
  | (Span & { readonly k: 'lit'; readonly v: Value })
  | (Span & { readonly k: 'name'; readonly name: string })
  | (Span & { readonly k: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly nameEnd: number })
  | (Span & { readonly k: 'binary'; readonly op: string; readonly l: Expr; readonly r: Expr })
  | (Span & { readonly k: 'list'; readonly op: string; readonly l: Expr; readonly items: readonly Expr[] })
  | (Span & { readonly k: 'between'; readonly negated: boolean; readonly l: Expr; readonly lo: Expr; readonly hi: Expr })
  | (Span & { readonly k: 'member'; readonly obj: Expr; readonly name: string })
  | (Span & { readonly k: 'index'; readonly obj: Expr; readonly index: Expr })
  | (Span & { readonly k: 'negate'; readonly e: Expr })
  | (Span & { readonly k: 'star' })
  | (Span & { readonly k: 'tabular'; readonly tab: Tabular });

/** `name = expr`, or a bare `expr` (the column name is then derived). */
export interface Assignment extends Span {
  readonly name: string | null;
  readonly expr: Expr;
}

/** A tabular operator after `|`. */
export type Op =
  | (Span & { readonly k: 'where'; readonly pred: Expr })
  | (Span & { readonly k: 'extend'; readonly items: readonly Assignment[] })
  | (Span & { readonly k: 'project'; readonly items: readonly Assignment[] })
  | (Span & { readonly k: 'project-away'; readonly patterns: readonly { readonly text: string; readonly start: number; readonly end: number }[] })
  | (Span & { readonly k: 'project-rename'; readonly pairs: readonly { readonly to: string; readonly from: string; readonly start: number; readonly end: number }[] })
  | (Span & { readonly k: 'project-reorder' })
  | (Span & { readonly k: 'summarize'; readonly aggs: readonly Assignment[]; readonly by: readonly Assignment[] })
  | (Span & { readonly k: 'order'; readonly keys: readonly { readonly expr: Expr; readonly desc: boolean }[] })
  | (Span & { readonly k: 'take'; readonly count: Expr })
  | (Span & { readonly k: 'top'; readonly count: Expr; readonly key: Expr; readonly desc: boolean })
  | (Span & { readonly k: 'distinct'; readonly items: readonly Assignment[] })
  | (Span & { readonly k: 'count' })
  | (Span & { readonly k: 'union'; readonly sources: readonly Tabular[] })
  | (Span & { readonly k: 'join'; readonly kind: string; readonly right: Tabular; readonly on: readonly JoinKey[] })
  | (Span & { readonly k: 'unsupported'; readonly name: string });

/** `on Key` (same name both sides) or `on $left.A == $right.B`. */
export interface JoinKey extends Span {
  readonly left: string;
  readonly right: string;
}

/** A tabular expression: a source followed by operators. */
export type Tabular = Span & { readonly source: Source; readonly ops: readonly Op[] };

/** Where rows come from. */
export type Source =
  | (Span & { readonly k: 'table'; readonly name: string })
  | (Span & { readonly k: 'union'; readonly sources: readonly Tabular[] })
  | (Span & { readonly k: 'unavailable'; readonly what: string })
  | (Span & { readonly k: 'unsupported'; readonly what: string })
  | (Span & { readonly k: 'nested'; readonly tab: Tabular });

/** `let name = …;` */
export type Let =
  | (Span & { readonly k: 'let-scalar'; readonly name: string; readonly expr: Expr })
  | (Span & { readonly k: 'let-tabular'; readonly name: string; readonly tab: Tabular })
  | (Span & { readonly k: 'let-function'; readonly name: string });

/** A whole query: its `let` statements and the tabular expression it returns. */
export interface Query {
  readonly lets: readonly Let[];
  readonly body: Tabular;
}
