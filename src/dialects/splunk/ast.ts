/**
 * The parsed forms of a search: the `search` command's boolean expression, eval/where expressions, and
 * the pipeline's commands.
 */
import type { RE2JS } from 're2js';

/** A value as written in a search term: wildcards `*` apply whether quoted or not (digest §3.7). */
export interface SearchValue {
  readonly text: string;
  readonly quoted: boolean;
  /** Written inside `CASE(...)`: compared case-sensitively (digest §3.5). */
  readonly caseSensitive: boolean;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** The `search` command's expression (digest §3). */
export type SearchNode =
  | { readonly kind: 'and' | 'or'; readonly items: readonly SearchNode[] }
  | { readonly kind: 'not'; readonly item: SearchNode }
  | { readonly kind: 'compare'; readonly field: string; readonly op: CompareOp; readonly value: SearchValue; readonly offset: number }
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly SearchValue[]; readonly offset: number }
  /** A bare term or phrase, searched in `_raw` (digest §3.12). */
  | { readonly kind: 'term'; readonly value: SearchValue; readonly offset: number };

/** An eval/where expression (digest §4). */
export type EvalNode =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'field'; readonly name: string; readonly offset: number }
  | { readonly kind: 'unary'; readonly op: 'NOT' | '-'; readonly item: EvalNode }
  | { readonly kind: 'binary'; readonly op: EvalBinaryOp; readonly left: EvalNode; readonly right: EvalNode }
  | { readonly kind: 'in'; readonly item: EvalNode; readonly list: readonly EvalNode[] }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly EvalNode[]; readonly offset: number };

export type EvalBinaryOp = 'OR' | 'XOR' | 'AND' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | '+' | '-' | '.' | '*' | '/' | '%';

/** One aggregation of `stats` / `eventstats` (digest §6.1). */
export interface Aggregation {
  readonly fn: string;
  /** The field it reads; null for a bare `count`. */
  readonly field: string | null;
  /** Output column: the `AS` name, else `fn(field)` / `count`. */
  readonly as: string;
}

/** A command of the pipeline, as the evaluator runs it. */
export type Command =
  | { readonly kind: 'search'; readonly expr: SearchNode | null }
  | { readonly kind: 'where'; readonly expr: EvalNode }
  | { readonly kind: 'eval'; readonly assignments: readonly { readonly field: string; readonly expr: EvalNode }[] }
  | { readonly kind: 'rename'; readonly pairs: readonly { readonly from: string; readonly to: string }[] }
  | { readonly kind: 'fields'; readonly remove: boolean; readonly names: readonly string[] }
  | { readonly kind: 'rex'; readonly field: string; readonly regex: RE2JS; readonly names: readonly string[] }
  | { readonly kind: 'spath'; readonly input: string; readonly output: string | null; readonly path: string | null }
  | { readonly kind: 'fillnull'; readonly value: string; readonly fields: readonly string[] | null }
  | { readonly kind: 'bucket'; readonly field: string; readonly as: string; readonly span: number }
  | { readonly kind: 'convert'; readonly format: string; readonly conversions: readonly { readonly fn: string; readonly field: string; readonly as: string }[] }
  | { readonly kind: 'stats'; readonly event: boolean; readonly aggregations: readonly Aggregation[]; readonly by: readonly string[]; readonly offset: number };
