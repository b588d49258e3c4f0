/**
 * JSON patterns compiled to a tree of condition objects evaluated against a parsed event.
 *
 * Selectors are precompiled to step arrays and resolved without allocation. What a condition sees
 * (docs/filter-patterns.md, "JSON patterns"):
 * - a missing property (absent key, index out of range, a step through a non-object or non-array,
 *   including through null) makes every comparison false, `!=` included, and `NOT EXISTS` true;
 * - comparisons apply only to strings and numbers; `IS TRUE`/`IS FALSE`/`IS NULL` test booleans and null;
 * - a wildcard selector (`[*]`, `.*`) holds when some selected node satisfies the condition, and
 *   `NOT EXISTS` holds when it selects nothing.
 */
import type { JsonObject, JsonValue } from '../../record/view.js';
import type { JsonExpr, Selector, SelectorStep } from './ast.js';
import { compileValueTest, type ValueTest } from './value-test.js';

/** A compiled boolean condition over the event object. */
export interface JsonPredicate {
  evaluate(root: JsonObject): boolean;
}

const KEY = 0;
const INDEX = 1;
const ANY_ELEMENT = 2;
const ANY_FIELD = 3;

/** A selector step with one shape for every kind (keeps property access monomorphic). */
interface Step {
  readonly kind: number;
  readonly key: string;
  readonly index: number;
}

function compileSteps(steps: readonly SelectorStep[]): Step[] {
  return steps.map((s) => {
    switch (s.kind) {
      case 'key': return { kind: KEY, key: s.key, index: -1 };
      case 'index': return { kind: INDEX, key: '', index: s.index };
      case 'anyElement': return { kind: ANY_ELEMENT, key: '', index: -1 };
      case 'anyField': return { kind: ANY_FIELD, key: '', index: -1 };
    }
  });
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Follows a wildcard-free path; `undefined` means the property is missing. */
function resolve(root: JsonValue, steps: readonly Step[]): JsonValue | undefined {
  let cur: JsonValue = root;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    if (step.kind === KEY) {
      if (!isObject(cur) || !Object.hasOwn(cur, step.key)) return undefined;
      cur = cur[step.key] as JsonValue;
    } else {
      if (!Array.isArray(cur) || step.index >= cur.length) return undefined;
      cur = cur[step.index] as JsonValue;
    }
  }
  return cur;
}

/** True when some node the path selects from `node` passes `test` (null test: when any node exists). */
function someSelected(node: JsonValue, steps: readonly Step[], i: number, test: ValueTest | null): boolean {
  if (i === steps.length) return test === null || test.test(node);
  const step = steps[i] as Step;
  switch (step.kind) {
    case KEY:
      return isObject(node) && Object.hasOwn(node, step.key) && someSelected(node[step.key] as JsonValue, steps, i + 1, test);
    case INDEX:
      return Array.isArray(node) && step.index < node.length && someSelected(node[step.index] as JsonValue, steps, i + 1, test);
    case ANY_ELEMENT:
      if (!Array.isArray(node)) return false;
      for (let k = 0; k < node.length; k++) if (someSelected(node[k] as JsonValue, steps, i + 1, test)) return true;
      return false;
    default: // ANY_FIELD
      if (!isObject(node)) return false;
      for (const key in node) {
        if (Object.hasOwn(node, key) && someSelected(node[key] as JsonValue, steps, i + 1, test)) return true;
      }
      return false;
  }
}

class PathTest implements JsonPredicate {
  constructor(
    private readonly steps: readonly Step[],
    private readonly wildcard: boolean,
    private readonly test: ValueTest,
  ) {}

  evaluate(root: JsonObject): boolean {
    if (this.wildcard) return someSelected(root, this.steps, 0, this.test);
    const v = resolve(root, this.steps);
    return v !== undefined && this.test.test(v);
  }
}

class NotExists implements JsonPredicate {
  constructor(
    private readonly steps: readonly Step[],
    private readonly wildcard: boolean,
  ) {}

  evaluate(root: JsonObject): boolean {
    if (this.wildcard) return !someSelected(root, this.steps, 0, null);
    return resolve(root, this.steps) === undefined;
  }
}

class And implements JsonPredicate {
  constructor(private readonly operands: readonly JsonPredicate[]) {}

  evaluate(root: JsonObject): boolean {
    for (let i = 0; i < this.operands.length; i++) if (!(this.operands[i] as JsonPredicate).evaluate(root)) return false;
    return true;
  }
}

class Or implements JsonPredicate {
  constructor(private readonly operands: readonly JsonPredicate[]) {}

  evaluate(root: JsonObject): boolean {
    for (let i = 0; i < this.operands.length; i++) if ((this.operands[i] as JsonPredicate).evaluate(root)) return true;
    return false;
  }
}

const IS_TRUE: ValueTest = { test: (v) => v === true };
const IS_FALSE: ValueTest = { test: (v) => v === false };
const IS_NULL: ValueTest = { test: (v) => v === null };

/** Compiles a JSON pattern body; `text` is the whole pattern (for regex error positions). */
export function compileJsonExpr(expr: JsonExpr, text: string): JsonPredicate {
  if (expr.type !== 'Condition') {
    const operands = expr.operands.map((e) => compileJsonExpr(e, text));
    return expr.type === 'And' ? new And(operands) : new Or(operands);
  }
  const steps = compileSteps(expr.selector.steps);
  const wildcard = expr.selector.hasWildcard;
  const t = expr.test;
  switch (t.kind) {
    case 'notExists': return new NotExists(steps, wildcard);
    case 'isTrue': return new PathTest(steps, wildcard, IS_TRUE);
    case 'isFalse': return new PathTest(steps, wildcard, IS_FALSE);
    case 'isNull': return new PathTest(steps, wildcard, IS_NULL);
    case 'compare': return new PathTest(steps, wildcard, compileValueTest(t.op, t.value, text));
  }
}

/** The wildcard-free selectors of a pattern, each once, in order of appearance. */
function collectSelectors(expr: JsonExpr, out: Selector[] = []): Selector[] {
  if (expr.type !== 'Condition') {
    for (const e of expr.operands) collectSelectors(e, out);
  } else if (!expr.selector.hasWildcard && !out.some((s) => s.text === expr.selector.text)) {
    out.push(expr.selector);
  }
  return out;
}

/**
 * Extracts the values TestMetricFilter-style output reports for a matching JSON event: each
 * wildcard-free selector of the pattern that resolves to a string, number or boolean, keyed as written.
 */
export class JsonExtractor {
  private readonly paths: readonly { readonly key: string; readonly steps: readonly Step[] }[];

  /** Prepares extraction for the selectors of a pattern. */
  constructor(expr: JsonExpr) {
    this.paths = collectSelectors(expr).map((s) => ({ key: s.text, steps: compileSteps(s.steps) }));
  }

  /** The extracted values of `root`. */
  extract(root: JsonObject): Record<string, string> {
    const out: Record<string, string> = {};
    for (const p of this.paths) {
      const v = resolve(root, p.steps);
      if (typeof v === 'string') out[p.key] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') out[p.key] = String(v);
    }
    return out;
  }
}
