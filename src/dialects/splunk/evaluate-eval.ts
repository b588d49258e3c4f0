/**
 * Evaluation of eval/where expressions (digest §4): case-sensitive comparisons (§4.2), null for missing
 * fields with three-valued logic (§4.5: a comparison with null is not true, `where` keeps only true),
 * numbers compared as numbers when both sides are numbers (§4.7), and the functions the AWS rules use.
 *
 * Decisions (unverified in the digest, documented in docs/splunk.md): a field value written as a
 * canonical number is a number in eval; a comparison with a multivalue field is true when any value satisfies
 * it; `like()` is case-sensitive; `match()` is an unanchored JavaScript regular expression.
 */
import type { EvalNode } from './ast.js';
import { text } from './event.js';
import type { Fields, Scalar } from '../mapping/splunk/fields.js';
import { SplunkCode } from './codes.js';
import { SplError } from './errors.js';
import { compileGlob, type Glob } from './glob.js';
import { compileSplRegex, replaceAll } from './regex.js';
import { parseJsonText, valuesAtPath } from './spath.js';

/** A value in eval: null, a boolean (conditions only), one value, or a multivalue list. */
export type EvalValue = null | boolean | Scalar | readonly Scalar[];

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a value stands for, or null. */
export function asNumber(v: Scalar): number | null {
  if (typeof v === 'number') return v;
  return NUMBER.test(v.trim()) ? Number(v) : null;
}

function scalars(v: EvalValue): readonly Scalar[] | null {
  if (v === null || typeof v === 'boolean') return null;
  return Array.isArray(v) ? v : [v as Scalar];
}

function first(v: EvalValue): Scalar | null {
  const s = scalars(v);
  return s === null ? null : s[0]!;
}

/** Both sides as numbers when one is a number and the other is one or reads as one; else null. */
function numericPair(a: Scalar, b: Scalar): [number, number] | null {
  if (typeof a !== 'number' && typeof b !== 'number') return null;
  const x = asNumber(a);
  const y = asNumber(b);
  return x === null || y === null ? null : [x, y];
}

/** Numbers compare as numbers; two strings as text in code-unit order (`"10" < "9"`, §4.7). */
function compareScalars(a: Scalar, b: Scalar): number {
  const n = numericPair(a, b);
  if (n !== null) return n[0] < n[1] ? -1 : n[0] > n[1] ? 1 : 0;
  const s = text(a);
  const t = text(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function equalScalars(a: Scalar, b: Scalar): boolean {
  const n = numericPair(a, b);
  return n !== null ? n[0] === n[1] : text(a) === text(b);
}

/**
 * A field value as eval reads it: text that is a number written canonically (`42`, `1.5`; not `007`,
 * which account ids can be, nor `1.50`) is a number.
 */
function typed(v: Scalar): Scalar {
  if (typeof v === 'number' || !NUMBER.test(v)) return v;
  const n = Number(v);
  return Number.isFinite(n) && text(n) === v ? n : v;
}

const likeCache = new Map<string, Glob>();
/** SQL LIKE: `%` any run, `_` one character, whole value, case-sensitive. */
function likeGlob(pattern: string): Glob {
  let g = likeCache.get(pattern);
  if (g === undefined) {
    g = compileGlob(pattern, '%', '_');
    if (likeCache.size > 1000) likeCache.clear();
    likeCache.set(pattern, g);
  }
  return g;
}

function anyOf(v: EvalValue, test: (s: Scalar) => boolean): boolean | null {
  const s = scalars(v);
  if (s === null) return null;
  return s.some(test);
}

function logical(op: 'AND' | 'OR' | 'XOR', a: EvalValue, b: EvalValue): boolean | null {
  const x = typeof a === 'boolean' ? a : null;
  const y = typeof b === 'boolean' ? b : null;
  if (op === 'AND') return x === false || y === false ? false : x === null || y === null ? null : true;
  if (op === 'OR') return x === true || y === true ? true : x === null || y === null ? null : false;
  return x === null || y === null ? null : x !== y;
}

function arithmetic(op: string, a: EvalValue, b: EvalValue): EvalValue {
  const x = first(a);
  const y = first(b);
  if (x === null || y === null) return null;
  if (op === '.') return text(x) + text(y);
  if (op === '+' && (typeof x !== 'number' || typeof y !== 'number')) return text(x) + text(y);
  if (typeof x !== 'number' || typeof y !== 'number') return null;
  const n = x;
  const m = y;
  switch (op) {
    case '+': return n + m;
    case '-': return n - m;
    case '*': return n * m;
    case '/': return m === 0 ? null : n / m;
    default: return m === 0 ? null : n % m;
  }
}

/** Arity of each supported function: [min, max]. */
const EVAL_FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  if: [3, 3], case: [2, 100], coalesce: [1, 100], isnull: [1, 1], isnotnull: [1, 1], isnum: [1, 1], isstr: [1, 1],
  like: [2, 2], match: [2, 2], lower: [1, 1], upper: [1, 1], len: [1, 1], trim: [1, 2], ltrim: [1, 2], rtrim: [1, 2],
  substr: [2, 3], replace: [3, 3], tostring: [1, 2], tonumber: [1, 2], split: [2, 2], mvindex: [2, 3], mvcount: [1, 1],
  mvjoin: [2, 2], spath: [2, 2], null: [0, 0], true: [0, 0], false: [0, 0], round: [1, 2], abs: [1, 1], floor: [1, 1],
  ceiling: [1, 1], ceil: [1, 1], validate: [2, 100],
};

/** Checks function names and argument counts before any record is evaluated. */
export function checkFunctions(node: EvalNode): void {
  switch (node.kind) {
    case 'call': {
      const arity = EVAL_FUNCTIONS[node.name];
      if (arity === undefined) throw new SplError(`unknown eval function '${node.name}'`, node.offset, SplunkCode.syntax);
      if (node.args.length < arity[0] || node.args.length > arity[1]) {
        throw new SplError(`${node.name}() takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]} to ${arity[1]}`} argument(s), ${node.args.length} given`, node.offset, SplunkCode.syntax);
      }
      if (node.name === 'case' && node.args.length % 2 !== 0) throw new SplError('case() takes pairs of condition and value', node.offset, SplunkCode.syntax);
      const pattern = node.args[1];
      if ((node.name === 'match' || node.name === 'replace') && pattern?.kind === 'literal' && typeof pattern.value === 'string') {
        const r = compileSplRegex(pattern.value);
        if (typeof r === 'string') throw new SplError(`${node.name}(): ${r}`, node.offset, SplunkCode.syntax);
      }
      node.args.forEach(checkFunctions);
      return;
    }
    case 'unary':
      return checkFunctions(node.item);
    case 'binary':
      checkFunctions(node.left);
      return checkFunctions(node.right);
    case 'in':
      checkFunctions(node.item);
      return node.list.forEach(checkFunctions);
    default:
      return;
  }
}

const mapText = (v: EvalValue, f: (s: string) => Scalar): EvalValue => {
  const s = scalars(v);
  if (s === null) return null;
  const out = s.map((x) => f(text(x)));
  return out.length === 1 ? out[0]! : out;
};

function trimChars(s: string, chars: string | null, left: boolean, right: boolean): string {
  const set = chars ?? ' \t\n\r';
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.includes(s[a]!)) a++;
  if (right) while (b > a && set.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Evaluates an expression over an event's fields. */
export function evaluate(node: EvalNode, fields: Fields): EvalValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'field': {
      const v = fields.get(node.name);
      if (v === undefined) return null;
      return v.length === 1 ? typed(v[0]!) : v.map(typed);
    }
    case 'unary': {
      const v = evaluate(node.item, fields);
      if (node.op === 'NOT') return typeof v === 'boolean' ? !v : null;
      const n = first(v);
      const x = n === null ? null : asNumber(n);
      return x === null ? null : -x;
    }
    case 'in': {
      const v = evaluate(node.item, fields);
      const list = node.list.map((n) => first(evaluate(n, fields)));
      return anyOf(v, (s) => list.some((l) => l !== null && equalScalars(s, l)));
    }
    case 'binary': {
      const a = evaluate(node.left, fields);
      if (node.op === 'AND' && a === false) return false;
      if (node.op === 'OR' && a === true) return true;
      const b = evaluate(node.right, fields);
      switch (node.op) {
        case 'AND':
        case 'OR':
        case 'XOR':
          return logical(node.op, a, b);
        case '=':
        case '!=': {
          const y = first(b);
          if (y === null) return null;
          const eq = anyOf(a, (s) => equalScalars(s, y));
          return eq === null ? null : node.op === '=' ? eq : !eq;
        }
        case '<':
        case '<=':
        case '>':
        case '>=': {
          const y = first(b);
          if (y === null) return null;
          const op = node.op;
          return anyOf(a, (s) => {
            const c = compareScalars(s, y);
            return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
          });
        }
        case 'LIKE': {
          const p = first(b);
          if (p === null) return null;
          const g = likeGlob(text(p));
          return anyOf(a, (s) => g.test(text(s)));
        }
        default:
          return arithmetic(node.op, a, b);
      }
    }
    case 'call':
      return call(node.name, node.args, fields);
  }
}

function call(name: string, args: readonly EvalNode[], fields: Fields): EvalValue {
  const arg = (i: number): EvalValue => evaluate(args[i]!, fields);
  const str = (i: number): string | null => {
    const v = first(arg(i));
    return v === null ? null : text(v);
  };
  const num = (i: number): number | null => {
    const v = first(arg(i));
    return v === null ? null : asNumber(v);
  };
  switch (name) {
    case 'if':
      return arg(0) === true ? arg(1) : arg(2);
    case 'case':
      for (let i = 0; i < args.length; i += 2) if (arg(i) === true) return arg(i + 1);
      return null;
    case 'validate':
      for (let i = 0; i < args.length; i += 2) if (arg(i) !== true) return args[i + 1] === undefined ? null : arg(i + 1);
      return null;
    case 'coalesce':
      for (let i = 0; i < args.length; i++) {
        const v = arg(i);
        if (v !== null) return v;
      }
      return null;
    case 'isnull':
      return arg(0) === null;
    case 'isnotnull':
      return arg(0) !== null;
    case 'isnum': {
      const v = first(arg(0));
      return v !== null && asNumber(v) !== null;
    }
    case 'isstr': {
      const v = first(arg(0));
      return v !== null && asNumber(v) === null;
    }
    case 'like': {
      const p = str(1);
      if (p === null) return null;
      const g = likeGlob(p);
      return anyOf(arg(0), (s) => g.test(text(s)));
    }
    case 'match': {
      const p = str(1);
      const r = p === null ? null : compileSplRegex(p);
      if (r === null || typeof r === 'string') return null;
      return anyOf(arg(0), (s) => r.test(text(s)));
    }
    case 'lower':
      return mapText(arg(0), (s) => s.toLowerCase());
    case 'upper':
      return mapText(arg(0), (s) => s.toUpperCase());
    case 'len': {
      const s = str(0);
      return s === null ? null : [...s].length;
    }
    case 'trim':
    case 'ltrim':
    case 'rtrim': {
      const chars = args.length > 1 ? str(1) : null;
      return mapText(arg(0), (s) => trimChars(s, chars, name !== 'rtrim', name !== 'ltrim'));
    }
    case 'substr': {
      const s = str(0);
      const start = num(1);
      if (s === null || start === null) return null;
      const chars = [...s];
      const from = start > 0 ? start - 1 : Math.max(0, chars.length + start);
      const len = args.length > 2 ? num(2) : null;
      return chars.slice(from, len === null ? undefined : from + len).join('');
    }
    case 'replace': {
      const p = str(1);
      const with_ = str(2);
      const r = p === null ? null : compileSplRegex(p);
      if (r === null || typeof r === 'string' || with_ === null) return null;
      return mapText(arg(0), (s) => replaceAll(r, s, with_));
    }
    case 'tostring': {
      const v = first(arg(0));
      if (v === null) return typeof arg(0) === 'boolean' ? String(arg(0)) : null;
      return text(v);
    }
    case 'tonumber': {
      const s = str(0);
      if (s === null) return null;
      const base = args.length > 1 ? num(1) : 10;
      if (base === 10 || base === null) return asNumber(s);
      const n = parseInt(s, base);
      return Number.isNaN(n) ? null : n;
    }
    case 'split': {
      const s = str(0);
      const sep = str(1);
      if (s === null || sep === null) return null;
      const parts = sep === '' ? [...s] : s.split(sep);
      return parts.length === 1 ? parts[0]! : parts;
    }
    case 'mvindex': {
      const list = scalars(arg(0));
      const start = num(1);
      if (list === null || start === null) return null;
      const norm = (i: number): number => (i < 0 ? list.length + i : i);
      const a = norm(start);
      const endArg = args.length > 2 ? num(2) : null;
      const b = endArg === null ? a : norm(endArg);
      const out = list.slice(Math.max(0, a), b + 1);
      if (a < 0 || a >= list.length || out.length === 0) return null;
      return out.length === 1 ? out[0]! : out;
    }
    case 'mvcount': {
      const list = scalars(arg(0));
      return list === null ? null : list.length;
    }
    case 'mvjoin': {
      const list = scalars(arg(0));
      const sep = str(1);
      return list === null || sep === null ? null : list.map(text).join(sep);
    }
    case 'spath': {
      const s = str(0);
      const p = str(1);
      if (s === null || p === null) return null;
      const json = parseJsonText(s);
      if (json === undefined) return null;
      const found = valuesAtPath(json, p);
      return found.length === 0 ? null : found.length === 1 ? found[0]! : found;
    }
    case 'null':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
    case 'round': {
      const n = num(0);
      const d = args.length > 1 ? (num(1) ?? 0) : 0;
      return n === null ? null : Math.round(n * 10 ** d) / 10 ** d;
    }
    case 'abs': {
      const n = num(0);
      return n === null ? null : Math.abs(n);
    }
    case 'floor': {
      const n = num(0);
      return n === null ? null : Math.floor(n);
    }
    default: {
      const n = num(0);
      return n === null ? null : Math.ceil(n);
    }
  }
}
