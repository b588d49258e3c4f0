/**
 * A walker over the values of a pattern's syntax tree (used for quota checks and by tools that need to
 * look at every comparison without re-implementing the tree shape).
 */
import type { FieldExpr, FilterPatternAst, JsonExpr, Value } from './ast.js';

function someJson(expr: JsonExpr, pred: (v: Value) => boolean): boolean {
  if (expr.type !== 'Condition') return expr.operands.some((e) => someJson(e, pred));
  return expr.test.kind === 'compare' && pred(expr.test.value);
}

function someField(expr: FieldExpr, pred: (v: Value) => boolean): boolean {
  if (expr.type !== 'FieldCondition') return expr.operands.some((e) => someField(e, pred));
  return pred(expr.value);
}

/** True when some value of the pattern (a standalone regex counts as one) satisfies `pred`. */
export function someValue(ast: FilterPatternAst, pred: (v: Value) => boolean): boolean {
  switch (ast.type) {
    case 'RegexPattern': return pred(ast.regex);
    case 'Json': return someJson(ast.body, pred);
    case 'SpaceDelimited':
      return ast.fields.some((f) => f.type === 'Field' && f.condition !== null && someField(f.condition, pred));
    default: return false;
  }
}
