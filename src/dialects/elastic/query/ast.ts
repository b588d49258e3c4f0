/**
 * The query tree both Elastic query languages parse into (KQL `kuery` and Lucene query strings): what a
 * query asks of one ECS document, as the Elasticsearch queries Kibana builds from it would ask.
 * Nodes carry `start`/`end` offsets into the query text; positions become line/column only in messages.
 */

/** A wildcard standing for any run of characters (`*`). */
export const ANY = 0;
/** A wildcard standing for exactly one character (`?`, Lucene only: KQL has no `?` wildcard, K7). */
export const ONE = 1;
/** A value with wildcards: literal text and wildcards in order. */
export type Pattern = readonly (string | typeof ANY | typeof ONE)[];

/** A value to compare: its text after escapes, and how it was written. */
export interface Value {
  readonly text: string;
  /** Quoted (`"…"`): a phrase; wildcards are literal. */
  readonly quoted: boolean;
  /** Set when the unquoted value holds wildcards. */
  readonly pattern: Pattern | null;
  readonly start: number;
  readonly end: number;
}

/** A field name as written; `pattern` is set when it holds `*` (expanded against the document's fields). */
export interface FieldRef {
  readonly name: string;
  readonly pattern: Pattern | null;
  readonly start: number;
  readonly end: number;
}

/** The whole query tree. `field: null` means "any field" (free text). */
export type Query =
  | { readonly kind: 'all'; readonly start: number; readonly end: number }
  | { readonly kind: 'and' | 'or'; readonly children: readonly Query[]; readonly start: number; readonly end: number }
  | { readonly kind: 'not'; readonly child: Query; readonly start: number; readonly end: number }
  /** `field:value`; a lone `*` value is an exists test. */
  | { readonly kind: 'is'; readonly field: FieldRef | null; readonly value: Value; readonly start: number; readonly end: number }
  | { readonly kind: 'exists'; readonly field: FieldRef; readonly start: number; readonly end: number }
  /** A range with one or two bounds (KQL `<`, `<=`, `>`, `>=`; Lucene `[a TO b]`, `{a TO b}`, `>=a`). */
  | {
      readonly kind: 'range';
      readonly field: FieldRef;
      readonly lower: Bound | null;
      readonly upper: Bound | null;
      readonly start: number;
      readonly end: number;
    }
  /** Lucene `/regex/`: the whole term matches the regular expression. */
  | { readonly kind: 'regex'; readonly field: FieldRef | null; readonly source: string; readonly start: number; readonly end: number }
  /** KQL `field:{ … }`: an Elasticsearch `nested` query. */
  | { readonly kind: 'nested'; readonly field: FieldRef; readonly query: Query; readonly start: number; readonly end: number }
  /** Lucene boolean clauses: every `must`, no `mustNot`, and one `should` when there is no `must`. */
  | {
      readonly kind: 'bool';
      readonly must: readonly Query[];
      readonly should: readonly Query[];
      readonly mustNot: readonly Query[];
      readonly start: number;
      readonly end: number;
    };

/** One end of a range. `inclusive` for `<=`, `>=`, `[`, `]`. */
export interface Bound {
  readonly value: Value;
  readonly inclusive: boolean;
}

/** A syntax error at an offset of the query text. */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}
