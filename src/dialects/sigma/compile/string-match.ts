/**
 * String matchers compiled from Sigma string parts (sigma-rules-specification.md "String Wildcard").
 *
 * The common shapes (equals, prefix, suffix, contains, match-anything) become direct comparisons; any
 * other wildcard layout runs a linear-space glob matcher that backtracks only to the last `*`, so
 * `*a?c` matches `aabc` (a single-pass matcher would not, see reference notes sigma.md §3.5).
 * Case-insensitive matchers store their literals folded and fold the record's code units on the fly:
 * no allocation per comparison.
 */
import { MULTI, SINGLE } from '../sigma-string.js';
import type { Part } from '../sigma-string.js';
import { foldString, foldUnit } from './fold.js';

/** The shape a pattern compiled to. */
export type StringShape = 'exact' | 'prefix' | 'suffix' | 'contains' | 'any' | 'glob';

const TOKEN_MULTI = -1;
const TOKEN_SINGLE = -2;

/** A compiled Sigma string pattern. */
export class StringMatcher {
  /** The comparison it compiled to. */
  readonly shape: StringShape;
  /** The literal for exact/prefix/suffix/contains (folded unless `cased`). */
  readonly literal: string;
  /** True when the comparison is case-sensitive (`cased`). */
  readonly cased: boolean;
  /** The parts, literals folded unless `cased` (used by literal extraction). */
  readonly parts: readonly Part[];
  private readonly tokens: Int32Array;

  /** Compiles `parts` (placeholders must already be expanded). */
  constructor(parts: readonly Part[], cased: boolean) {
    this.cased = cased;
    this.parts = cased ? parts : parts.map((p) => (typeof p === 'string' ? foldString(p) : p));
    const shape = shapeOf(this.parts);
    this.shape = shape.shape;
    this.literal = shape.literal;
    const tokens: number[] = [];
    for (const p of this.parts) {
      if (p === MULTI) {
        if (tokens[tokens.length - 1] !== TOKEN_MULTI) tokens.push(TOKEN_MULTI);
      } else if (p === SINGLE) tokens.push(TOKEN_SINGLE);
      else if (typeof p === 'string') for (let i = 0; i < p.length; i++) tokens.push(p.charCodeAt(i));
    }
    this.tokens = Int32Array.from(tokens);
  }

  /** True when `value` matches the whole pattern. */
  test(value: string): boolean {
    switch (this.shape) {
      case 'exact':
        return value.length === this.literal.length && this.regionEquals(value, 0);
      case 'prefix':
        return value.length >= this.literal.length && this.regionEquals(value, 0);
      case 'suffix':
        return value.length >= this.literal.length && this.regionEquals(value, value.length - this.literal.length);
      case 'contains':
        return this.contains(value);
      case 'any':
        return true;
      case 'glob':
        return this.glob(value);
    }
  }

  private unitEquals(v: number, p: number): boolean {
    return this.cased ? v === p : foldUnit(v) === p;
  }

  private regionEquals(value: string, at: number): boolean {
    const lit = this.literal;
    for (let i = 0; i < lit.length; i++) {
      if (!this.unitEquals(value.charCodeAt(at + i), lit.charCodeAt(i))) return false;
    }
    return true;
  }

  private contains(value: string): boolean {
    const last = value.length - this.literal.length;
    for (let at = 0; at <= last; at++) if (this.regionEquals(value, at)) return true;
    return false;
  }

  private glob(value: string): boolean {
    const t = this.tokens;
    const n = value.length;
    const m = t.length;
    let vi = 0;
    let pi = 0;
    let starP = -1;
    let starV = 0;
    while (vi < n) {
      const tok = pi < m ? (t[pi] as number) : 0;
      if (pi < m && tok === TOKEN_SINGLE) {
        vi += unitLength(value, vi);
        pi++;
      } else if (pi < m && tok >= 0 && this.unitEquals(value.charCodeAt(vi), tok)) {
        vi++;
        pi++;
      } else if (pi < m && tok === TOKEN_MULTI) {
        starP = pi++;
        starV = vi;
      } else if (starP >= 0) {
        pi = starP + 1;
        vi = ++starV;
      } else {
        return false;
      }
    }
    while (pi < m && t[pi] === TOKEN_MULTI) pi++;
    return pi === m;
  }
}

/** `?` matches one character: a surrogate pair counts as one. */
function unitLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

function shapeOf(parts: readonly Part[]): { shape: StringShape; literal: string } {
  const p = parts.filter((x, i) => !(x === MULTI && parts[i - 1] === MULTI));
  const lit = (x: Part | undefined): x is string => typeof x === 'string';
  if (p.length === 0) return { shape: 'exact', literal: '' };
  if (p.length === 1 && lit(p[0])) return { shape: 'exact', literal: p[0] };
  if (p.length === 1 && p[0] === MULTI) return { shape: 'any', literal: '' };
  if (p.length === 2 && lit(p[0]) && p[1] === MULTI) return { shape: 'prefix', literal: p[0] };
  if (p.length === 2 && p[0] === MULTI && lit(p[1])) return { shape: 'suffix', literal: p[1] };
  if (p.length === 3 && p[0] === MULTI && lit(p[1]) && p[2] === MULTI) return { shape: 'contains', literal: p[1] };
  return { shape: 'glob', literal: '' };
}
