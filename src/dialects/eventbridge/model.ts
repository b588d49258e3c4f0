/** The compiled form of an event pattern: branches (the `$or` expansion) of ANDed field tests. */

/** One matcher of a field's array (digest §3, P8–P26). */
export type Matcher =
  | { readonly kind: 'exact'; readonly value: string | number | boolean | null }
  | { readonly kind: 'prefix' | 'suffix' | 'equals-ignore-case' | 'prefix-ignore-case' | 'suffix-ignore-case'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly value: string; readonly regex: RegExp }
  | { readonly kind: 'numeric'; readonly bounds: readonly NumericBound[] }
  | { readonly kind: 'cidr'; readonly text: string; readonly range: CidrRange }
  | { readonly kind: 'exists'; readonly value: boolean }
  | { readonly kind: 'anything-but'; readonly not: AnythingBut };

export type NumericOp = '=' | '<' | '<=' | '>' | '>=';
export interface NumericBound {
  readonly op: NumericOp;
  readonly n: number;
}

export interface CidrRange {
  readonly v6: boolean;
  readonly network: bigint;
  readonly bits: number;
}

/** What an `anything-but` excludes. */
export type AnythingBut =
  | { readonly kind: 'strings'; readonly values: readonly string[] }
  | { readonly kind: 'numbers'; readonly values: readonly number[] }
  | { readonly kind: 'prefix' | 'suffix' | 'equals-ignore-case'; readonly values: readonly string[] }
  | { readonly kind: 'wildcard'; readonly values: readonly RegExp[] };

/** Every field of a branch must match; a field matches when any of its matchers does. */
export interface FieldTest {
  /** Keys from the root joined with `.` (digest P5). */
  readonly path: string;
  readonly matchers: readonly Matcher[];
}

/** One way the pattern can match: all of its fields. */
export type Branch = readonly FieldTest[];
