/**
 * Prefilter literals of a search (contract in src/dialects/types.ts): text every record the search can
 * keep must contain, under the search command's case-insensitive values (so literals are lowercase and
 * `caseInsensitive` is set).
 *
 * Only the search that opens the pipeline is read, and in it only tests on fields extracted from the
 * record's JSON: a value test `f=v` needs the record to hold `v`'s longest wildcard-free piece (quoted as
 * a whole JSON string token when `v` has no wildcard), a bare term needs its piece in the text. Fields the
 * add-on or the user's props define, metadata, `NOT`, `!=`, `<`/`>` and numbers (any spelling of the
 * number matches) give nothing; `OR` needs a literal from every branch. Pieces must be printable ASCII
 * without `"`, `\` or `/` (which JSON writers may escape), and 3 characters or more.
 */
import { asciiLower } from '../../record/view.js';
import type { Prefilter } from '../types.js';
import type { SearchNode, SearchValue } from './ast.js';

const MIN_LITERAL = 3;
const SAFE = /^[\x20-\x7e]*$/;
const UNSAFE = /["\\/]/;
const NUMERIC = /^[-+0-9.eE]+$/;
const UNQUOTED_JSON = new Set(['true', 'false', 'null']);

type Groups = string[][];

function pieceOf(value: SearchValue, quoteWhole: boolean): string | null {
  const pieces = value.text.split('*');
  const whole = pieces.length === 1;
  const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a), '');
  if (longest.length < MIN_LITERAL || !SAFE.test(longest) || UNSAFE.test(longest) || NUMERIC.test(longest)) return null;
  const lower = asciiLower(longest);
  if (whole && quoteWhole && !UNQUOTED_JSON.has(lower)) return `"${lower}"`;
  return lower;
}

function requirement(node: SearchNode, layered: (field: string) => boolean): Groups {
  switch (node.kind) {
    case 'and':
      return node.items.flatMap((n) => requirement(n, layered));
    case 'or': {
      const union: string[] = [];
      for (const item of node.items) {
        const chosen = best(requirement(item, layered));
        if (chosen === null) return [];
        union.push(...chosen);
      }
      return [union];
    }
    case 'not':
      return [];
    case 'term': {
      const p = pieceOf(node.value, false);
      return p === null ? [] : [[p]];
    }
    case 'in': {
      if (layered(node.field)) return [];
      const out: string[] = [];
      for (const v of node.values) {
        const p = pieceOf(v, true);
        if (p === null) return [];
        out.push(p);
      }
      return [out];
    }
    case 'compare': {
      if (node.op !== '=' || layered(node.field) || node.field.startsWith('_')) return [];
      const p = pieceOf(node.value, true);
      return p === null ? [] : [[p]];
    }
  }
}

/** Fewest alternatives, then the longest shortest literal. */
function best(groups: Groups): string[] | null {
  let chosen: string[] | null = null;
  const shortest = (g: readonly string[]): number => Math.min(...g.map((l) => l.length));
  for (const g of groups) {
    if (chosen === null || g.length < chosen.length || (g.length === chosen.length && shortest(g) > shortest(chosen))) chosen = g;
  }
  return chosen;
}

/**
 * The prefilter of a search whose first command is `expr`; `layered` says which field names a layer
 * (add-on, props, metadata) defines rather than the record's JSON.
 */
export function prefilterOf(expr: SearchNode | null, layered: (field: string) => boolean): Prefilter | null {
  if (expr === null) return null;
  const groups: string[][] = [];
  for (const g of requirement(expr, layered)) {
    const literals = [...new Set(g)].sort();
    if (!groups.some((u) => u.join('\n') === literals.join('\n'))) groups.push(literals);
  }
  const first = best(groups);
  if (first === null) return null;
  const also = groups.filter((g) => g !== first);
  return also.length > 0 ? { anyOf: first, caseInsensitive: true, also } : { anyOf: first, caseInsensitive: true };
}
