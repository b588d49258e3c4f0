/**
 * Compiles a detection section (conditions plus search identifiers) into an evaluation tree, and
 * evaluates that tree on a record.
 *
 * Condition semantics: sigma-rules-specification.md "Condition". `1 of`/`all of` patterns use `*` as
 * "any run of characters", exclude identifiers starting with `_` unless the pattern itself starts with
 * `_`, and a pattern matching no identifier drops its term (pySigma behaviour; a warning says so).
 * Several conditions are OR-ed.
 */
import { SigmaCode } from '../codes.js';
import type { ConditionNode } from '../condition/ast.js';
import type { DetectionSection, SearchIdentifier } from '../model.js';
import { offsetIn } from '../yaml/load.js';
import type { YScalar } from '../yaml/load.js';
import { compileItem } from './compile-item.js';
import type { CompileContext, CompiledItem } from './compile-item.js';
import { FOUND, NULLISH, anyScalar, anyValue, presence } from './field-path.js';
import type { JsonObject } from '../../../record/view.js';
import type { Leaf } from './leaves.js';

/** A node of the evaluation tree. */
export type EvalNode =
  | { readonly op: 'and' | 'or'; readonly children: readonly EvalNode[] }
  | { readonly op: 'not'; readonly child: EvalNode }
  | { readonly op: 'search'; readonly name: string; readonly alternatives: readonly (readonly CompiledItem[])[] };

/** Compiles the section; null when it has errors (reported) or its condition selects nothing. */
export function compileSection(section: DetectionSection, ctx: CompileContext): EvalNode | null {
  const before = ctx.problems.errorCount;
  const compiled = new Map<string, EvalNode>();
  for (const [name, search] of section.searches) {
    const node = compileSearch(search, ctx);
    if (node !== null) compiled.set(name, node);
  }
  if (ctx.problems.errorCount > before) return null;
  const roots: EvalNode[] = [];
  for (const cond of section.conditions) {
    const root = compileCondition(cond.ast, cond.node, compiled, ctx);
    if (root === null) ctx.problems.error(SigmaCode.conditionSyntax, 'condition: selects no search identifier', cond.node.start, ctx.rule);
    else roots.push(root);
  }
  if (ctx.problems.errorCount > before || roots.length === 0) return null;
  return roots.length === 1 ? (roots[0] as EvalNode) : { op: 'or', children: roots };
}

function compileSearch(search: SearchIdentifier, ctx: CompileContext): EvalNode | null {
  const alternatives: CompiledItem[][] = [];
  let ok = true;
  for (const alt of search.alternatives) {
    const items: CompiledItem[] = [];
    for (const item of alt) {
      const c = compileItem(item, ctx);
      if (c === null) ok = false;
      else items.push(c);
    }
    alternatives.push(items);
  }
  return ok ? { op: 'search', name: search.name, alternatives } : null;
}

/** Identifier pattern of `1 of`/`all of`: `*` matches any run; otherwise exact. */
function patternMatches(pattern: string, name: string): boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === name;
  let at = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    if (i === 0) {
      if (!name.startsWith(piece)) return false;
      at = piece.length;
    } else if (i === pieces.length - 1) {
      return name.length - piece.length >= at && name.endsWith(piece);
    } else {
      const found = name.indexOf(piece, at);
      if (found < 0) return false;
      at = found + piece.length;
    }
  }
  return true;
}

function compileCondition(ast: ConditionNode, node: YScalar, searches: ReadonlyMap<string, EvalNode>, ctx: CompileContext): EvalNode | null {
  switch (ast.type) {
    case 'and':
    case 'or': {
      const children = ast.operands.map((o) => compileCondition(o, node, searches, ctx)).filter((c): c is EvalNode => c !== null);
      if (children.length === 0) return null;
      return children.length === 1 ? (children[0] as EvalNode) : { op: ast.type, children };
    }
    case 'not': {
      const child = compileCondition(ast.operand, node, searches, ctx);
      return child === null ? null : { op: 'not', child };
    }
    case 'identifier':
      return searches.get(ast.name) ?? null;
    case 'selector': {
      const pattern = ast.pattern;
      const underscore = pattern !== null && pattern.startsWith('_');
      const chosen: EvalNode[] = [];
      for (const [name, search] of searches) {
        if (name.startsWith('_') && !underscore) continue;
        if (pattern === null || patternMatches(pattern, name)) chosen.push(search);
      }
      if (chosen.length === 0) {
        const what = pattern === null ? 'them' : `'${pattern}'`;
        ctx.problems.warning(SigmaCode.emptyPattern, `condition: ${what} matches no search identifier, so the term is dropped (as pySigma does)`, offsetIn(node, ast.start), ctx.rule);
        return null;
      }
      if (chosen.length === 1) return chosen[0] as EvalNode;
      return { op: ast.quantifier === 'all' ? 'and' : 'or', children: chosen };
    }
  }
}

/** Evaluates the tree on a parsed record. Never throws on any JSON value. */
export function evaluate(node: EvalNode, root: JsonObject): boolean {
  switch (node.op) {
    case 'and':
      for (const c of node.children) if (!evaluate(c, root)) return false;
      return true;
    case 'or':
      for (const c of node.children) if (evaluate(c, root)) return true;
      return false;
    case 'not':
      return !evaluate(node.child, root);
    case 'search':
      for (const alt of node.alternatives) {
        let all = true;
        for (const item of alt) {
          if (!evaluateItem(item, root)) {
            all = false;
            break;
          }
        }
        if (all) return true;
      }
      return false;
  }
}

function leafHits(item: CompiledItem & { kind: 'values' }, leaf: Leaf, root: JsonObject): boolean {
  const paths = item.paths;
  if (paths === null) return anyScalar(root, leaf, root);
  for (const p of paths) if (anyValue(root, p, leaf)) return true;
  return false;
}

function evaluateItem(item: CompiledItem, root: JsonObject): boolean {
  switch (item.kind) {
    case 'null': {
      let hit = false;
      for (const p of item.paths) {
        const bits = presence(root, p);
        if ((bits & FOUND) === 0 || (bits & NULLISH) !== 0) {
          hit = true;
          break;
        }
      }
      return hit !== item.negated;
    }
    case 'exists': {
      let found = false;
      for (const p of item.paths) {
        if ((presence(root, p) & FOUND) !== 0) {
          found = true;
          break;
        }
      }
      return (found === item.expect) !== item.negated;
    }
    case 'values': {
      let result: boolean;
      if (item.all) {
        result = true;
        for (const leaf of item.leaves) {
          if (!leafHits(item, leaf, root)) {
            result = false;
            break;
          }
        }
      } else {
        result = false;
        for (const leaf of item.leaves) {
          if (leafHits(item, leaf, root)) {
            result = true;
            break;
          }
        }
      }
      return result !== item.negated;
    }
  }
}
