/**
 * Leaves: compiled tests of one value of a detection item against one scalar of a record.
 *
 * Type rules (sigma-rules-specification.md "General": "all values are treated as case-insensitive
 * strings"; choices where engines disagree are in docs/sigma.md):
 *   - a string pattern matches a string, or the text of a number (`String(n)`) or boolean (`true`);
 *   - a rule number matches an equal JSON number, or a string spelling it as the rule did (`0x17`) or
 *     canonically (`23`);
 *   - a rule boolean matches the JSON boolean or the strings `true`/`false` in any case;
 *   - JSON null and objects never match a value (null is tested with `field: null`).
 * Every leaf is built at compile time; `test` allocates nothing for string, number and boolean values.
 */
import type { RE2JS } from 're2js';
import type { JsonObject, JsonValue } from '../../../record/view.js';
import { LiteralSet } from '../../../text/aho-corasick.js';
import type { Cidr } from './cidr.js';
import { anyValue } from './field-path.js';
import type { FieldPath, ValueTest } from './field-path.js';
import { foldUnit } from './fold.js';
import { StringMatcher } from './string-match.js';
import { timePart } from './time-part.js';
import type { TimePart } from './time-part.js';

/** Numeric comparison operators (`gt gte lt lte` modifiers). */
export type CompareOp = 'gt' | 'gte' | 'lt' | 'lte';

/** A string pattern (wildcards, `cased`, encodings already applied). */
export class StringLeaf implements ValueTest {
  readonly kind = 'string';
  constructor(readonly matcher: StringMatcher) {}

  test(v: JsonValue): boolean {
    switch (typeof v) {
      case 'string':
        return this.matcher.test(v);
      case 'number':
        return this.matcher.test(String(v));
      case 'boolean':
        return this.matcher.test(v ? 'true' : 'false');
      default:
        return false;
    }
  }
}

/** A number written in the rule. */
export class NumberLeaf implements ValueTest {
  readonly kind = 'number';
  private readonly written: StringMatcher;
  private readonly canonical: string;

  constructor(
    readonly value: number,
    readonly text: string,
  ) {
    this.written = new StringMatcher([text], false);
    this.canonical = String(value);
  }

  test(v: JsonValue): boolean {
    if (typeof v === 'number') return v === this.value;
    if (typeof v === 'string') return v === this.canonical || this.written.test(v);
    return false;
  }
}

const TRUE_MATCHER = new StringMatcher(['true'], false);
const FALSE_MATCHER = new StringMatcher(['false'], false);

/** A boolean written in the rule. */
export class BooleanLeaf implements ValueTest {
  readonly kind = 'boolean';
  constructor(readonly value: boolean) {}

  test(v: JsonValue): boolean {
    if (typeof v === 'boolean') return v === this.value;
    if (typeof v === 'string') return (this.value ? TRUE_MATCHER : FALSE_MATCHER).test(v);
    return false;
  }
}

/** `re`: a search (not an anchored match; the v2.2 draft settles on search, reference notes §4). */
export class RegexLeaf implements ValueTest {
  readonly kind = 'regex';
  constructor(
    readonly re: RE2JS,
    readonly source: string,
    readonly ignoreCase: boolean,
  ) {}

  test(v: JsonValue): boolean {
    switch (typeof v) {
      case 'string':
        return this.re.test(v);
      case 'number':
        return this.re.test(String(v));
      case 'boolean':
        return this.re.test(v ? 'true' : 'false');
      default:
        return false;
    }
  }
}

/** `cidr`. */
export class CidrLeaf implements ValueTest {
  readonly kind = 'cidr';
  constructor(readonly cidr: Cidr) {}

  test(v: JsonValue): boolean {
    return typeof v === 'string' && this.cidr.contains(v);
  }
}

const DECIMAL = /^\s*[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*$/;

/** `gt gte lt lte`: numbers, and strings holding a decimal number. */
export class CompareLeaf implements ValueTest {
  readonly kind = 'compare';
  constructor(
    readonly op: CompareOp,
    readonly value: number,
  ) {}

  test(v: JsonValue): boolean {
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && DECIMAL.test(v)) n = Number(v);
    else return false;
    switch (this.op) {
      case 'gt':
        return n > this.value;
      case 'gte':
        return n >= this.value;
      case 'lt':
        return n < this.value;
      case 'lte':
        return n <= this.value;
    }
  }
}

/** `minute hour day week month year`: equality of a part of a date text. */
export class TimeLeaf implements ValueTest {
  readonly kind = 'time';
  constructor(
    readonly part: TimePart,
    readonly value: number,
  ) {}

  test(v: JsonValue): boolean {
    return typeof v === 'string' && timePart(v, this.part) === this.value;
  }
}

/** How a `fieldref` compares the two fields. */
export type RefMode = 'equals' | 'startswith' | 'endswith' | 'contains';

function scalarText(v: JsonValue): string | null {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return null;
  }
}

/** Compares a referenced field's values with the left value the owning leaf sets before each walk. */
class RefProbe implements ValueTest {
  left = '';
  constructor(
    private readonly mode: RefMode,
    private readonly cased: boolean,
  ) {}

  private eq(a: number, b: number): boolean {
    return this.cased ? a === b : foldUnit(a) === foldUnit(b);
  }

  private regionEquals(s: string, at: number, sub: string): boolean {
    for (let i = 0; i < sub.length; i++) if (!this.eq(s.charCodeAt(at + i), sub.charCodeAt(i))) return false;
    return true;
  }

  test(v: JsonValue): boolean {
    const right = scalarText(v);
    if (right === null) return false;
    const left = this.left;
    switch (this.mode) {
      case 'equals':
        return left.length === right.length && this.regionEquals(left, 0, right);
      case 'startswith':
        return left.length >= right.length && this.regionEquals(left, 0, right);
      case 'endswith':
        return left.length >= right.length && this.regionEquals(left, left.length - right.length, right);
      case 'contains':
        for (let at = 0; at <= left.length - right.length; at++) if (this.regionEquals(left, at, right)) return true;
        return false;
    }
  }
}

/** `fieldref`: the item's field compared with another field of the same record (absent → no match). */
export class FieldRefLeaf implements ValueTest {
  readonly kind = 'fieldref';
  private readonly probe: RefProbe;

  constructor(
    readonly paths: readonly FieldPath[],
    readonly mode: RefMode,
    readonly cased: boolean,
  ) {
    this.probe = new RefProbe(mode, cased);
  }

  test(v: JsonValue, root: JsonObject): boolean {
    const left = scalarText(v);
    if (left === null) return false;
    const probe = this.probe;
    for (const path of this.paths) {
      // The probe is shared, so save and restore the left value in case of re-entrant use.
      const saved = probe.left;
      probe.left = left;
      const hit = anyValue(root, path, probe);
      probe.left = saved;
      if (hit) return true;
    }
    return false;
  }
}

/** Variants of one value (windash, base64offset, expanded placeholders): any of them matches. */
export class AnyLeaf implements ValueTest {
  readonly kind = 'any';
  constructor(readonly leaves: readonly Leaf[]) {}

  test(v: JsonValue, root: JsonObject): boolean {
    for (const leaf of this.leaves) if (leaf.test(v, root)) return true;
    return false;
  }
}

/**
 * Many `contains` values of one item (`field|contains: [a, b, ...]`), any of which matches: one
 * Aho–Corasick pass over the record's value instead of one search per rule value.
 */
export class ContainsAnyLeaf implements ValueTest {
  readonly kind = 'contains-any';
  private constructor(
    /** The grouped matchers, each of shape `contains` (literal extraction reads them). */
    readonly matchers: readonly StringMatcher[],
    private readonly set: LiteralSet,
  ) {}

  /** Groups `matchers` (all `contains`, all `cased` or none), or null when the automaton would be too large. */
  static build(matchers: readonly StringMatcher[], cased: boolean): ContainsAnyLeaf | null {
    const set = LiteralSet.build(matchers.map((m) => m.literal), cased ? null : foldUnit);
    return set === null ? null : new ContainsAnyLeaf(matchers, set);
  }

  test(v: JsonValue): boolean {
    switch (typeof v) {
      case 'string':
        return this.set.test(v);
      case 'number':
        return this.set.test(String(v));
      case 'boolean':
        return this.set.test(v ? 'true' : 'false');
      default:
        return false;
    }
  }
}

/** Any compiled leaf. */
export type Leaf = StringLeaf | NumberLeaf | BooleanLeaf | RegexLeaf | CidrLeaf | CompareLeaf | TimeLeaf | FieldRefLeaf | AnyLeaf | ContainsAnyLeaf;
