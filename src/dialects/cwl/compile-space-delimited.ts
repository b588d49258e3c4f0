/**
 * Space-delimited patterns compiled to a matcher over the event text.
 *
 * Field alignment (FilterAndPatternSyntax; docs/filter-patterns.md, "Space-delimited patterns"):
 * - without `...`, the fields align from the start; an event with fewer fields does not match, and when
 *   it has more, the last pattern field takes the rest of the message;
 * - `[..., a, b]` aligns from the end, `[a, b, ...]` from the start, `[a, ..., b]` pins both ends;
 * - a condition compares the field's value (brackets and quotes removed).
 * Extracted values are keyed `$name`, or `$N` (1-based position) for unnamed fields and the fields
 * `...` covers, as TestMetricFilter reports them.
 */
import type { Ellipsis, Field, FieldExpr } from './ast.js';
import { FieldSplitter, remainderFrom } from './split-fields.js';
import { compileValueTest, type ValueTest } from './value-test.js';

interface FieldTest {
  test(value: string): boolean;
}

class ConditionTest implements FieldTest {
  constructor(private readonly inner: ValueTest) {}

  test(value: string): boolean {
    return this.inner.test(value);
  }
}

class AllOf implements FieldTest {
  constructor(private readonly parts: readonly FieldTest[]) {}

  test(value: string): boolean {
    for (let i = 0; i < this.parts.length; i++) if (!(this.parts[i] as FieldTest).test(value)) return false;
    return true;
  }
}

class AnyOf implements FieldTest {
  constructor(private readonly parts: readonly FieldTest[]) {}

  test(value: string): boolean {
    for (let i = 0; i < this.parts.length; i++) if ((this.parts[i] as FieldTest).test(value)) return true;
    return false;
  }
}

function compileFieldExpr(expr: FieldExpr, text: string): FieldTest {
  if (expr.type !== 'FieldCondition') {
    const parts = expr.operands.map((e) => compileFieldExpr(e, text));
    return expr.type === 'And' ? new AllOf(parts) : new AnyOf(parts);
  }
  return new ConditionTest(compileValueTest(expr.op, expr.value, text));
}

interface CompiledField {
  /** `name` as written, or '' for an unnamed field. */
  readonly name: string;
  readonly test: FieldTest | null;
}

function compileField(field: Field, text: string): CompiledField {
  return { name: field.name, test: field.condition === null ? null : compileFieldExpr(field.condition, text) };
}

/** A compiled space-delimited pattern. */
export class SpaceDelimitedMatcher {
  private readonly before: readonly CompiledField[];
  private readonly after: readonly CompiledField[];
  private readonly hasEllipsis: boolean;
  private readonly splitter = new FieldSplitter();

  /** Compiles the fields of a pattern; `text` is the whole pattern (for regex error positions). */
  constructor(fields: readonly (Field | Ellipsis)[], text: string) {
    const at = fields.findIndex((f) => f.type === 'Ellipsis');
    this.hasEllipsis = at !== -1;
    const head = at === -1 ? fields : fields.slice(0, at);
    const tail = at === -1 ? [] : fields.slice(at + 1);
    this.before = head.map((f) => compileField(f as Field, text));
    this.after = tail.map((f) => compileField(f as Field, text));
  }

  /** True when the message matches. */
  match(message: string): boolean {
    return this.run(message, null);
  }

  /** The extracted values when the message matches, else null. */
  extract(message: string): Record<string, string> | null {
    const out: Record<string, string> = {};
    return this.run(message, out) ? out : null;
  }

  private value(message: string, i: number): string {
    return message.slice(this.splitter.valueStart[i], this.splitter.valueEnd[i]);
  }

  private run(message: string, out: Record<string, string> | null): boolean {
    const count = this.splitter.split(message);
    const p = this.before.length;
    const k = this.after.length;
    if (count < p + k) return false;
    // Without '...', a message longer than the pattern leaves the rest to the last field.
    const absorbs = !this.hasEllipsis && count > p;
    for (let i = 0; i < p; i++) {
      const f = this.before[i] as CompiledField;
      if (f.test === null && out === null) continue;
      const v = absorbs && i === p - 1 ? remainderFrom(message, this.splitter.rawStart[i] as number) : this.value(message, i);
      if (f.test !== null && !f.test.test(v)) return false;
      if (out !== null) out[f.name === '' ? `$${i + 1}` : `$${f.name}`] = v;
    }
    const firstAfter = count - k;
    if (out !== null && this.hasEllipsis) {
      for (let i = p; i < firstAfter; i++) out[`$${i + 1}`] = this.value(message, i);
    }
    for (let j = 0; j < k; j++) {
      const f = this.after[j] as CompiledField;
      if (f.test === null && out === null) continue;
      const i = firstAfter + j;
      const v = this.value(message, i);
      if (f.test !== null && !f.test.test(v)) return false;
      if (out !== null) out[f.name === '' ? `$${i + 1}` : `$${f.name}`] = v;
    }
    return true;
  }
}
