/**
 * Compiled comparisons of one value (a JSON node or a space-delimited field) against a pattern value.
 * Built once per pattern; `test` allocates nothing.
 *
 * Semantics (docs/filter-patterns.md, "Comparisons"):
 * - strings compare exactly and case-sensitively, with `*` wildcards (wildcard.ts);
 * - a number value compares numerically with a number node, and with a string that is itself a number
 *   in the pattern grammar (`"111122223333" = 111122223333`); against any other string `=` and the
 *   relational operators are false and `!=` is true;
 * - a string or regex value against a number node compares with the number's decimal text;
 * - `!=` is the negation of `=`, but only on a value (string or number): booleans, null, arrays and
 *   objects fail both (FilterAndPatternSyntax, "JSON special considerations").
 */
import type { RE2JS } from 're2js';
import type { JsonValue } from '../../record/view.js';
import type { Value } from './ast.js';
import { isNumberText } from './number.js';
import { compileRegex } from './regex.js';
import type { ComparisonOperator } from './tokens.js';
import { compileWildcard, matchWildcard, type WildcardMatcher } from './wildcard.js';

/** A test on one present value. */
export interface ValueTest {
  test(value: JsonValue): boolean;
}

class StringTest implements ValueTest {
  constructor(
    private readonly matcher: WildcardMatcher,
    private readonly negate: boolean,
  ) {}

  test(value: JsonValue): boolean {
    let hit: boolean;
    switch (typeof value) {
      case 'string': hit = matchWildcard(this.matcher, value); break;
      case 'number': hit = matchWildcard(this.matcher, String(value)); break;
      default: return false;
    }
    return hit !== this.negate;
  }
}

class RegexTest implements ValueTest {
  constructor(
    private readonly re: RE2JS,
    private readonly negate: boolean,
  ) {}

  test(value: JsonValue): boolean {
    let hit: boolean;
    switch (typeof value) {
      case 'string': hit = this.re.test(value); break;
      case 'number': hit = this.re.test(String(value)); break;
      default: return false;
    }
    return hit !== this.negate;
  }
}

class NumberTest implements ValueTest {
  constructor(
    private readonly op: ComparisonOperator,
    private readonly expected: number,
  ) {}

  test(value: JsonValue): boolean {
    let n: number;
    switch (typeof value) {
      case 'number': n = value; break;
      case 'string':
        if (!isNumberText(value)) return this.op === '!=';
        n = Number(value);
        break;
      default: return false;
    }
    switch (this.op) {
      case '=': return n === this.expected;
      case '!=': return n !== this.expected;
      case '<': return n < this.expected;
      case '<=': return n <= this.expected;
      case '>': return n > this.expected;
      case '>=': return n >= this.expected;
    }
  }
}

/** Compiles `op value`; `text` is the whole pattern (for regex error positions). */
export function compileValueTest(op: ComparisonOperator, value: Value, text: string): ValueTest {
  switch (value.type) {
    case 'String': return new StringTest(compileWildcard(value.text), op === '!=');
    case 'Regex': return new RegexTest(compileRegex(value.regex, text, value.start), op === '!=');
    case 'Number': return new NumberTest(op, value.value);
  }
}
