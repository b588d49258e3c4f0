/**
 * Compiles KQL scalar expressions to closures over a row (sentinel-kql.md §3): null rules (§3.2), string
 * operators (§3.1, strings.ts), dynamic values (§3.3) and the functions the AWS rules use (§3.4).
 * A name that is not a column at that point of the query is Kusto's "unknown column" (KS142).
 */
import type { JsonValue } from '../../record/view.js';
import type { Expr, Tabular } from './ast.js';
import { SentinelCode } from './codes.js';
import { KqlError } from './errors.js';
import { foldCase, has, stringOp } from './strings.js';
import { fromJson, isDynamicBag, KDateTime, keyOf, KTimespan, toJson, toText, type Row, type Value } from './values.js';

/** What an expression is evaluated in: the row, and the run (its `now()`, and tabular subqueries). */
export interface Run {
  /** `now()` of this run, in ms (sentinel-kql.md §5.4: the end of the replayed window, never the clock). */
  readonly now: number;
  /** Evaluates a tabular subquery (`x in (T | project c)`, `toscalar(…)`) in this run. */
  readonly table: (tab: Tabular) => readonly Row[];
}

/** A compiled scalar expression. */
export type Scalar = (row: Row, run: Run) => Value;

/** What names mean where an expression is compiled. */
export interface Scope {
  /** Columns of the input rows at this point. */
  readonly columns: ReadonlySet<string>;
  /** Scalar `let`s. */
  readonly lets: ReadonlyMap<string, Scalar>;
  /** Compiles a tabular subquery; checks it once. */
  readonly tabular: (tab: Tabular) => void;
}

const BOOL_OPS = new Set(['and', 'or']);

/** Aggregation functions: valid only directly under `summarize` (tabular.ts compiles them). */
export const AGGREGATES = new Set(['count', 'countif', 'dcount', 'dcountif', 'make_set', 'make_set_if', 'make_list', 'make_list_if', 'min', 'max', 'sum', 'avg', 'arg_max', 'arg_min', 'any', 'take_any', 'minif', 'maxif', 'sumif']);

function fail(code: string, message: string, at: number): never {
  throw new KqlError(code, message, at);
}

/** `==` (§3.2 rule 3): one null side gives false, both null gives null. */
function equal(a: Value, b: Value): boolean | null {
  if (a === null || b === null) return a === null && b === null ? null : false;
  if (a instanceof KDateTime || a instanceof KTimespan) return (b instanceof KDateTime || b instanceof KTimespan) && a.ms === b.ms;
  if (isDynamicBag(a) || isDynamicBag(b)) return keyOf(a) === keyOf(b);
  return a === b;
}

function order(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  if ((a instanceof KDateTime && b instanceof KDateTime) || (a instanceof KTimespan && b instanceof KTimespan)) return a.ms - b.ms;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return null;
}

/** `order by` / `top` order: descending puts nulls last, ascending first (Kusto's defaults). */
export function sortCompare(a: Value, b: Value, desc: boolean): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null) === !desc ? -1 : 1;
  }
  const c = compareValues(a, b);
  return desc ? -c : c;
}

/** Compares two values for sorting (nulls last). */
export function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return order(a, b) ?? keyOf(a).localeCompare(keyOf(b));
}

function arith(op: string, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/': return b === 0 ? null : Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
      case '%': return b === 0 ? null : a % b;
    }
  }
  if (a instanceof KDateTime && b instanceof KTimespan) return op === '+' ? new KDateTime(a.ms + b.ms) : op === '-' ? new KDateTime(a.ms - b.ms) : null;
  if (a instanceof KTimespan && b instanceof KDateTime && op === '+') return new KDateTime(a.ms + b.ms);
  if (a instanceof KDateTime && b instanceof KDateTime && op === '-') return new KTimespan(a.ms - b.ms);
  if (a instanceof KTimespan && b instanceof KTimespan) return op === '+' ? new KTimespan(a.ms + b.ms) : op === '-' ? new KTimespan(a.ms - b.ms) : op === '/' ? a.ms / b.ms : null;
  if (a instanceof KTimespan && typeof b === 'number') return op === '*' ? new KTimespan(a.ms * b) : op === '/' ? new KTimespan(a.ms / b) : null;
  if (typeof a === 'number' && b instanceof KTimespan && op === '*') return new KTimespan(a * b.ms);
  return null;
}

/** Applies a binary operator to two values. */
function binary(op: string, a: Value, b: Value): Value {
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
    case '<>': {
      // §3.2 rule 3: one null side gives true.
      if (a === null || b === null) return a === null && b === null ? null : true;
      return !equal(a, b);
    }
    case '=~':
    case '!~': {
      if (a === null || b === null) return op === '=~' ? equal(a, b) : a === null && b === null ? null : true;
      const same = foldCase(toText(a)) === foldCase(toText(b));
      return op === '=~' ? same : !same;
    }
    case '<': { const c = order(a, b); return c === null ? null : c < 0; }
    case '<=': { const c = order(a, b); return c === null ? null : c <= 0; }
    case '>': { const c = order(a, b); return c === null ? null : c > 0; }
    case '>=': { const c = order(a, b); return c === null ? null : c >= 0; }
    case '+': case '-': case '*': case '/': case '%':
      return arith(op, a, b);
    case 'matches regex':
      return a === null || b === null ? null : regexOf(toText(b)).test(toText(a));
  }
  if (a === null || b === null) return null;
  const negated = op.startsWith('!');
  const r = stringOp(negated ? op.slice(1) : op, toText(a), toText(b));
  return r === null ? null : negated ? !r : r;
}

const regexCache = new Map<string, RegExp>();

/** Matches nothing: what a pattern computed at run time becomes when it is not a valid regex (match must not throw). */
const NEVER = /(?!)/;

/** A JavaScript RegExp for an RE2 pattern; RE2's inline flags `(?i)` at the start are honoured. */
function regexOf(pattern: string, strict = false): RegExp {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    const m = /^\(\?([imsU]+)\)/.exec(pattern);
    const flags = m === null ? '' : [...new Set(m[1]!.replace('U', ''))].join('');
    try {
      re = new RegExp(m === null ? pattern : pattern.slice(m[0].length), flags);
    } catch (e) {
      if (strict) throw e;
      re = NEVER;
    }
    regexCache.set(pattern, re);
  }
  return re;
}

/** `parse_json` (§3.3 rule 1): JSON text → dynamic; text that is not JSON stays a string; `""` is null. */
export function parseJson(v: Value): Value {
  if (typeof v !== 'string') return v;
  if (v === '') return null;
  try {
    return fromJson(JSON.parse(v) as JsonValue);
  } catch {
    return v;
  }
}

/** `isempty` (§3.2 rule 1). */
function isEmpty(v: Value): boolean {
  return v === null || v === '';
}

function toInt(v: Value): Value {
  if (v === null) return null;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return /^\s*[-+]?\d+(?:\.\d*)?\s*$/.test(v) ? Math.trunc(Number(v)) : null;
  return null;
}

function toReal(v: Value): Value {
  if (v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = Number(v);
    return v.trim() === '' || Number.isNaN(n) ? null : n;
  }
  return null;
}

function toBool(v: Value): Value {
  if (typeof v === 'boolean' || v === null) return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.toLowerCase() === 'true' ? true : v.toLowerCase() === 'false' ? false : null;
  return null;
}

function toDate(v: Value): Value {
  if (v instanceof KDateTime || v === null) return v;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : new KDateTime(ms);
  }
  return null;
}

/** `d[i]` / `d.name` (§3.3 rule 2): negative indexes count from the end, missing → null. */
function access(obj: Value, key: Value): Value {
  if (Array.isArray(obj)) {
    if (typeof key !== 'number') return null;
    const i = key < 0 ? obj.length + key : key;
    return fromJson((obj as JsonValue[])[i]);
  }
  if (isDynamicBag(obj) && typeof key === 'string') {
    const bag = obj as { readonly [k: string]: JsonValue };
    return Object.prototype.hasOwnProperty.call(bag, key) ? fromJson(bag[key]) : null;
  }
  return null;
}

function bin(v: Value, size: Value): Value {
  if (v === null || size === null) return null;
  if (typeof v === 'number' && typeof size === 'number' && size > 0) return Math.floor(v / size) * size;
  if (v instanceof KDateTime && size instanceof KTimespan && size.ms > 0) return new KDateTime(Math.floor(v.ms / size.ms) * size.ms);
  if (v instanceof KTimespan && size instanceof KTimespan && size.ms > 0) return new KTimespan(Math.floor(v.ms / size.ms) * size.ms);
  return null;
}

/** Argument counts: [min, max]. */
const FUNCTIONS: Readonly<Record<string, readonly [number, number]>> = {
  tostring: [1, 1], toint: [1, 1], tolong: [1, 1], toreal: [1, 1], todouble: [1, 1], tobool: [1, 1], toboolean: [1, 1],
  todatetime: [1, 1], parse_json: [1, 1], parsejson: [1, 1], todynamic: [1, 1], iff: [3, 3], iif: [3, 3],
  case: [3, 99], split: [2, 3], indexof: [2, 3], isempty: [1, 1], isnotempty: [1, 1], isnull: [1, 1], isnotnull: [1, 1],
  strcat: [1, 64], tolower: [1, 1], toupper: [1, 1], strlen: [1, 1], substring: [2, 3], ago: [1, 1], now: [0, 1],
  bin: [2, 2], floor: [2, 2], not: [1, 1], coalesce: [2, 64], array_length: [1, 1], pack_array: [1, 64],
  set_has_element: [2, 2], replace_string: [3, 3], extract: [3, 3], int: [1, 1], long: [1, 1], real: [1, 1],
  bool: [1, 1], toscalar: [1, 1], trim: [2, 2], strcat_delim: [3, 64],
};

/** Compiles one scalar expression; throws `KqlError` for unknown columns and functions. */
export function compileScalar(e: Expr, scope: Scope): Scalar {
  switch (e.k) {
    case 'lit': {
      const v = e.v;
      return () => v;
    }
    case 'name': {
      if (scope.columns.has(e.name)) {
        const name = e.name;
        return (row) => row[name] ?? null;
      }
      const bound = scope.lets.get(e.name);
      if (bound !== undefined) return bound;
      return fail(SentinelCode.unknownColumn, `the name '${e.name}' does not refer to any known column, table, variable or function`, e.start);
    }
    case 'star':
      return fail(SentinelCode.syntax, "'*' is only allowed as an argument of count(), arg_max() or arg_min()", e.start);
    case 'tabular':
      return fail(SentinelCode.typeError, 'a tabular expression is not a scalar value here', e.start);
    case 'negate': {
      const f = compileScalar(e.e, scope);
      return (row, run) => arith('-', 0, f(row, run));
    }
    case 'member': {
      const f = compileScalar(e.obj, scope);
      const name = e.name;
      return (row, run) => access(f(row, run), name);
    }
    case 'index': {
      const f = compileScalar(e.obj, scope);
      const i = compileScalar(e.index, scope);
      return (row, run) => access(f(row, run), i(row, run));
    }
    case 'between': {
      const [l, lo, hi] = [compileScalar(e.l, scope), compileScalar(e.lo, scope), compileScalar(e.hi, scope)];
      const negated = e.negated;
      return (row, run) => {
        const v = l(row, run);
        const a = order(v, lo(row, run));
        const b = order(v, hi(row, run));
        if (a === null || b === null) return null;
        return (a >= 0 && b <= 0) !== negated;
      };
    }
    case 'list':
      return compileList(e, scope);
    case 'binary': {
      const l = compileScalar(e.l, scope);
      const r = compileScalar(e.r, scope);
      const op = e.op;
      if (BOOL_OPS.has(op)) {
        // §3.2 rule 4: null is sticky except `false and x` and `true or x`.
        return op === 'and'
          ? (row, run) => {
              const a = l(row, run);
              if (a === false) return false;
              const b = r(row, run);
              return b === false ? false : a === true && b === true ? true : null;
            }
          : (row, run) => {
              const a = l(row, run);
              if (a === true) return true;
              const b = r(row, run);
              return b === true ? true : a === false && b === false ? false : null;
            };
      }
      if (op === 'matches regex' && e.r.k === 'lit' && typeof e.r.v === 'string') {
        try {
          regexCache.delete(e.r.v);
          regexOf(e.r.v, true);
        } catch {
          fail(SentinelCode.syntax, `invalid regular expression ${JSON.stringify(e.r.v)}`, e.r.start);
        }
      }
      return (row, run) => binary(op, l(row, run), r(row, run));
    }
    case 'call':
      return compileCall(e, scope);
  }
}

/** `in`, `!in`, `in~`, `!in~` (§3.2 rule 7), `has_any`, `has_all`. */
function compileList(e: Extract<Expr, { k: 'list' }>, scope: Scope): Scalar {
  const l = compileScalar(e.l, scope);
  const items: Scalar[] = e.items.map((item) => {
    if (item.k === 'tabular') {
      scope.tabular(item.tab);
      const tab = item.tab;
      // A subquery's first column.
      return (_row, run) => run.table(tab).map((r) => toJson(Object.values(r)[0] ?? null));
    }
    return compileScalar(item, scope);
  });
  const op = e.op;
  const values = (row: Row, run: Run): Value[] => {
    const out: Value[] = [];
    for (const f of items) {
      const v = f(row, run);
      if (Array.isArray(v)) for (const x of v as JsonValue[]) out.push(fromJson(x));
      else out.push(v);
    }
    return out;
  };
  const ci = op.endsWith('~');
  const negated = op.startsWith('!');
  if (op === 'has_any' || op === 'has_all') {
    return (row, run) => {
      const v = l(row, run);
      if (v === null) return null;
      const text = toText(v);
      const list = values(row, run);
      return op === 'has_any' ? list.some((x) => has(text, toText(x), false)) : list.every((x) => has(text, toText(x), false));
    };
  }
  return (row, run) => {
    const v = l(row, run);
    const list = values(row, run);
    const found = list.some((x) => (ci ? v !== null && x !== null && foldCase(toText(v)) === foldCase(toText(x)) : equal(v, x) === true));
    return negated ? !found : found;
  };
}

function compileCall(e: Extract<Expr, { k: 'call' }>, scope: Scope): Scalar {
  const name = e.name;
  if (AGGREGATES.has(name) && FUNCTIONS[name] === undefined) {
    return fail(SentinelCode.unknownFunction, `the aggregation function '${name}()' is only allowed in summarize`, e.start);
  }
  const arity = FUNCTIONS[name];
  if (arity === undefined) return fail(SentinelCode.unknownFunction, `unknown function '${name}'`, e.start);
  if (e.args.length < arity[0] || e.args.length > arity[1]) {
    const want = arity[0] === arity[1] ? `${arity[0]}` : `${arity[0]} to ${arity[1]}`;
    return fail(SentinelCode.unknownFunction, `function '${name}' expects ${want} argument${arity[1] === 1 ? '' : 's'}, found ${e.args.length}`, e.start);
  }
  if (name === 'toscalar') {
    const arg = e.args[0]!;
    if (arg.k !== 'tabular') return compileScalar(arg, scope);
    scope.tabular(arg.tab);
    const tab = arg.tab;
    return (_row, run) => {
      const first = run.table(tab)[0];
      return first === undefined ? null : (Object.values(first)[0] ?? null);
    };
  }
  const args = e.args.map((a) => compileScalar(a, scope));
  const a0 = args[0]!;
  const a1 = args[1]!;
  const a2 = args[2]!;
  switch (name) {
    case 'tostring':
      return (row, run) => toText(a0(row, run));
    case 'toint':
    case 'tolong':
    case 'int':
    case 'long':
      return (row, run) => toInt(a0(row, run));
    case 'toreal':
    case 'todouble':
    case 'real':
      return (row, run) => toReal(a0(row, run));
    case 'tobool':
    case 'toboolean':
    case 'bool':
      return (row, run) => toBool(a0(row, run));
    case 'todatetime':
      return (row, run) => toDate(a0(row, run));
    case 'parse_json':
    case 'parsejson':
    case 'todynamic':
      return (row, run) => parseJson(a0(row, run));
    case 'iff':
    case 'iif':
      return (row, run) => (a0(row, run) === true ? a1(row, run) : a2(row, run));
    case 'case':
      return (row, run) => {
        for (let i = 0; i + 1 < args.length; i += 2) if (args[i]!(row, run) === true) return args[i + 1]!(row, run);
        return args[args.length - 1]!(row, run);
      };
    case 'split':
      // §3.3 rule 4: split(s, d, i) is the i-th piece as a one-element array.
      return (row, run) => {
        const s = a0(row, run);
        if (s === null) return null;
        const parts = toText(s).split(toText(a1(row, run)));
        if (args.length === 2) return parts;
        const i = a2(row, run);
        return typeof i === 'number' && i >= 0 && i < parts.length ? [parts[i]!] : [];
      };
    case 'indexof':
      // §3.3 rule 5: -1 when absent.
      return (row, run) => {
        const s = a0(row, run);
        const t = a1(row, run);
        if (s === null || t === null) return null;
        const from = args.length > 2 ? a2(row, run) : 0;
        return toText(s).indexOf(toText(t), typeof from === 'number' ? from : 0);
      };
    case 'isempty':
      return (row, run) => isEmpty(a0(row, run));
    case 'isnotempty':
      return (row, run) => !isEmpty(a0(row, run));
    case 'isnull':
      // §3.2 rule 2: never true for a string.
      return (row, run) => a0(row, run) === null;
    case 'isnotnull':
      return (row, run) => a0(row, run) !== null;
    case 'strcat':
      return (row, run) => args.map((f) => toText(f(row, run))).join('');
    case 'strcat_delim':
      return (row, run) => args.slice(1).map((f) => toText(f(row, run))).join(toText(a0(row, run)));
    case 'tolower':
      return (row, run) => toText(a0(row, run)).toLowerCase();
    case 'toupper':
      return (row, run) => toText(a0(row, run)).toUpperCase();
    case 'strlen':
      return (row, run) => toText(a0(row, run)).length;
    case 'substring':
      return (row, run) => {
        const s = toText(a0(row, run));
        const from = a1(row, run);
        const len = args.length > 2 ? a2(row, run) : null;
        if (typeof from !== 'number') return null;
        return typeof len === 'number' ? s.substr(Math.max(0, from), len) : s.slice(Math.max(0, from));
      };
    case 'ago':
      // §5.4: now() is the run's, never the wall clock.
      return (row, run) => {
        const t = a0(row, run);
        return t instanceof KTimespan ? new KDateTime(run.now - t.ms) : null;
      };
    case 'now':
      return args.length === 0
        ? (_row, run) => new KDateTime(run.now)
        : (row, run) => {
            const t = a0(row, run);
            return t instanceof KTimespan ? new KDateTime(run.now + t.ms) : null;
          };
    case 'bin':
    case 'floor':
      return (row, run) => bin(a0(row, run), a1(row, run));
    case 'not':
      return (row, run) => {
        const v = a0(row, run);
        return typeof v === 'boolean' ? !v : null;
      };
    case 'coalesce':
      return (row, run) => {
        for (const f of args) {
          const v = f(row, run);
          if (v !== null && v !== '') return v;
        }
        return args.length > 0 ? (args[args.length - 1]!(row, run) ?? null) : null;
      };
    case 'array_length':
      return (row, run) => {
        const v = a0(row, run);
        return Array.isArray(v) ? v.length : null;
      };
    case 'pack_array':
      return (row, run) => args.map((f) => toJson(f(row, run)));
    case 'set_has_element':
      return (row, run) => {
        const v = a0(row, run);
        const x = a1(row, run);
        return Array.isArray(v) ? (v as JsonValue[]).some((y) => equal(fromJson(y), x) === true) : null;
      };
    case 'replace_string':
      return (row, run) => toText(a0(row, run)).split(toText(a1(row, run))).join(toText(a2(row, run)));
    case 'extract':
      return (row, run) => {
        const m = regexOf(toText(a0(row, run))).exec(toText(a2(row, run)));
        const g = a1(row, run);
        return m === null || typeof g !== 'number' ? '' : (m[g] ?? '');
      };
    case 'trim':
      return (row, run) => {
        const re = toText(a0(row, run));
        return toText(a1(row, run)).replace(regexOf(`^(?:${re})+`), '').replace(regexOf(`(?:${re})+$`), '');
      };
    default:
      return fail(SentinelCode.unknownFunction, `unknown function '${name}'`, e.start);
  }
}
