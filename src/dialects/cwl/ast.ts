/**
 * The surface syntax tree of a filter pattern. Nodes carry only `start`/`end` offsets into the pattern
 * text; line and column are computed when an error is rendered.
 */
import type { RegexAst } from './regex.js';
import type { ComparisonOperator } from './tokens.js';

/** A half-open range of the pattern text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The empty or whitespace-only pattern (and `" "`): matches every event. */
export interface AllPattern extends Span {
  readonly type: 'All';
}

/** How a term is marked: plain (required), `?` (alternative) or `-` (exclusion). */
export type TermPrefix = 'required' | 'optional' | 'excluded';

/** One term of an unstructured pattern. */
export interface Term extends Span {
  readonly type: 'Term';
  readonly prefix: TermPrefix;
  /** The text to find (quotes and escapes removed). */
  readonly text: string;
  readonly quoted: boolean;
}

/** An unstructured pattern: whitespace-separated terms. */
export interface TermPattern extends Span {
  readonly type: 'Terms';
  readonly terms: readonly Term[];
}

/** A `%...%` regex; `bodyStart`/`bodyEnd` delimit the text between the percent signs. */
export interface RegexLiteral extends Span {
  readonly type: 'Regex';
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly regex: RegexAst;
}

/** A pattern that is one standalone regex, searched anywhere in the message. */
export interface RegexPattern extends Span {
  readonly type: 'RegexPattern';
  readonly regex: RegexLiteral;
}

/** One step of a JSON property selector. */
export type SelectorStep =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'anyElement' }
  | { readonly kind: 'anyField' };

/** A JSON property selector such as `$.userIdentity.type` or `$.items[0]`. */
export interface Selector extends Span {
  readonly type: 'Selector';
  /** The selector as written. */
  readonly text: string;
  readonly steps: readonly SelectorStep[];
  readonly hasWildcard: boolean;
}

/** A string value, quoted or bare; `*` wildcards keep their meaning in both. */
export interface StringValue extends Span {
  readonly type: 'String';
  readonly text: string;
  readonly quoted: boolean;
}

/** A bare numeric value. */
export interface NumberValue extends Span {
  readonly type: 'Number';
  readonly value: number;
  /** The number as written. */
  readonly raw: string;
}

/** The right-hand side of a comparison. */
export type Value = StringValue | NumberValue | RegexLiteral;

/** What a JSON condition tests about the selected property. */
export type ConditionTest =
  | { readonly kind: 'compare'; readonly op: ComparisonOperator; readonly value: Value }
  | { readonly kind: 'isTrue' }
  | { readonly kind: 'isFalse' }
  | { readonly kind: 'isNull' }
  | { readonly kind: 'notExists' };

/** `selector op value`, `selector IS TRUE|FALSE|NULL` or `selector NOT EXISTS`. */
export interface JsonCondition extends Span {
  readonly type: 'Condition';
  readonly selector: Selector;
  readonly test: ConditionTest;
}

/** `a && b && ...` (n-ary; parentheses leave no node). */
export interface AndNode<T> extends Span {
  readonly type: 'And';
  readonly operands: readonly T[];
}

/** `a || b || ...` (n-ary). */
export interface OrNode<T> extends Span {
  readonly type: 'Or';
  readonly operands: readonly T[];
}

/** Either logical operator. */
export type Logical<T> = AndNode<T> | OrNode<T>;

/** A JSON pattern body. */
export type JsonExpr = JsonCondition | AndNode<JsonExpr> | OrNode<JsonExpr>;

/** A JSON pattern `{ ... }`. */
export interface JsonPattern extends Span {
  readonly type: 'Json';
  readonly body: JsonExpr;
}

/** `name op value` inside a space-delimited field. */
export interface FieldCondition extends Span {
  readonly type: 'FieldCondition';
  readonly name: string;
  readonly op: ComparisonOperator;
  readonly value: Value;
}

/** The conditions of one field, combined with `&&` and `||`. */
export type FieldExpr = FieldCondition | AndNode<FieldExpr> | OrNode<FieldExpr>;

/** One named (or unnamed, `name` empty) field of a space-delimited pattern. */
export interface Field extends Span {
  readonly type: 'Field';
  readonly name: string;
  readonly condition: FieldExpr | null;
}

/** `...`: any number of fields. */
export interface Ellipsis extends Span {
  readonly type: 'Ellipsis';
}

/** A space-delimited pattern `[f1, f2, ...]`. */
export interface SpaceDelimitedPattern extends Span {
  readonly type: 'SpaceDelimited';
  readonly fields: readonly (Field | Ellipsis)[];
}

/** Any parsed filter pattern. */
export type FilterPatternAst = AllPattern | TermPattern | RegexPattern | JsonPattern | SpaceDelimitedPattern;
