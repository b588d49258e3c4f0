/**
 * `summarize` (sentinel-kql.md §4.4): groups rows by their key values (empty strings and nulls are
 * ordinary keys) and folds each group's aggregations; a result row carries every record of its group
 * (§5.1). Also used by `distinct` (keys only).
 */
import type { JsonValue } from '../../record/view.js';
import type { Assignment, Expr } from './ast.js';
import { SentinelCode } from './codes.js';
import { KqlError } from './errors.js';
import { AGGREGATES, compareValues, type Run, type Scalar } from './scalar.js';
import type { RunInput, TabFn, TRow } from './tabular.js';
import { keyOf, toJson, type Row, type Value } from './values.js';

function fail(code: string, message: string, at: number): never {
  throw new KqlError(code, message, at);
}

/** The column name Kusto gives an aggregation without one (`count_`, `dcount_X`, `set_X` …). */
function aggName(e: Extract<Expr, { k: 'call' }>): string {
  const arg = e.args[0];
  const of = arg?.k === 'name' ? arg.name : '';
  switch (e.name) {
    case 'count':
      return 'count_';
    case 'countif':
      return 'countif_';
    case 'make_set':
    case 'make_set_if':
      return `set_${of}`;
    case 'make_list':
    case 'make_list_if':
      return `list_${of}`;
    default:
      return `${e.name}_${of}`;
  }
}

/** Compiles one aggregation of a `summarize` (`arg_max` gives several columns). */
export function compileAggregate(a: Assignment, have: ReadonlySet<string>, byNames: readonly string[], scalar: (e: Expr) => Scalar): Aggregate[] {
  const e = a.expr;
  if (e.k !== 'call' || !AGGREGATES.has(e.name)) return fail(SentinelCode.syntax, 'summarize expects an aggregation function (count(), dcount(), make_set(), arg_max(), ...)', e.start);
  const args = e.args;
  const arg = (i: number): Scalar => {
    const x = args[i];
    if (x === undefined) return fail(SentinelCode.unknownFunction, `aggregation '${e.name}' needs more arguments`, e.start);
    return scalar(x);
  };
  const name = a.name ?? aggName(e);
  switch (e.name) {
    case 'count':
      return [{ names: [name], init: () => 0, add: (s) => (s as number) + 1, done: (s) => [s as number] }];
    case 'countif': {
      const p = arg(0);
      return [{ names: [name], init: () => 0, add: (s, r, run) => (s as number) + (p(r, run) === true ? 1 : 0), done: (s) => [s as number] }];
    }
    case 'dcount':
    case 'dcountif': {
      const f = arg(0);
      const p = e.name === 'dcountif' ? arg(1) : null;
      return [{ names: [name], init: () => new Set<string>(), add: (s, r, run) => { const v = f(r, run); if (v !== null && (p === null || p(r, run) === true)) (s as Set<string>).add(keyOf(v)); return s; }, done: (s) => [(s as Set<string>).size] }];
    }
    case 'make_set':
    case 'make_set_if':
    case 'make_list':
    case 'make_list_if': {
      const f = arg(0);
      const cond = e.name.endsWith('_if');
      const p = cond ? arg(1) : null;
      const maxArg = args[cond ? 2 : 1];
      const max = maxArg?.k === 'lit' && typeof maxArg.v === 'number' ? maxArg.v : 1_048_576;
      const set = e.name.startsWith('make_set');
      return [{
        names: [name],
        init: () => ({ keys: new Set<string>(), items: [] as JsonValue[] }),
        add: (s, r, run) => {
          const st = s as { keys: Set<string>; items: JsonValue[] };
          const v = f(r, run);
          if (v === null || (p !== null && p(r, run) !== true) || st.items.length >= max) return s;
          const k = keyOf(v);
          if (set && st.keys.has(k)) return s;
          st.keys.add(k);
          st.items.push(toJson(v));
          return s;
        },
        done: (s) => [(s as { items: JsonValue[] }).items],
      }];
    }
    case 'min':
    case 'max':
    case 'minif':
    case 'maxif': {
      const f = arg(0);
      const p = e.name.endsWith('if') ? arg(1) : null;
      const sign = e.name.startsWith('min') ? 1 : -1;
      return [{ names: [name], init: () => null, add: (s, r, run) => { const v = f(r, run); if (v === null || (p !== null && p(r, run) !== true)) return s; return s === null || sign * compareValues(v, s as Value) < 0 ? v : s; }, done: (s) => [s as Value] }];
    }
    case 'sum':
    case 'sumif':
    case 'avg': {
      const f = arg(0);
      const p = e.name === 'sumif' ? arg(1) : null;
      return [{
        names: [name],
        init: () => ({ sum: 0, n: 0 }),
        add: (s, r, run) => { const st = s as { sum: number; n: number }; const v = f(r, run); if (typeof v === 'number' && (p === null || p(r, run) === true)) { st.sum += v; st.n++; } return s; },
        done: (s) => { const st = s as { sum: number; n: number }; return [e.name === 'avg' ? (st.n === 0 ? null : st.sum / st.n) : st.sum]; },
      }];
    }
    case 'any':
    case 'take_any': {
      const f = arg(0);
      return [{ names: [name], init: () => undefined, add: (s, r, run) => (s === undefined ? f(r, run) : s), done: (s) => [(s as Value | undefined) ?? null] }];
    }
    case 'arg_max':
    case 'arg_min': {
      const key = arg(0);
      const keyName = args[0]?.k === 'name' ? args[0].name : `${e.name}_`;
      const rest = args.slice(1);
      const star = rest.some((x) => x.k === 'star');
      const outs = star ? [...have].filter((c) => c !== keyName && !byNames.includes(c)).map((c) => ({ name: c, f: ((row: Row) => row[c] ?? null) as Scalar })) : rest.map((x, i) => ({ name: x.k === 'name' ? x.name : `Column${i + 1}`, f: scalar(x) }));
      const sign = e.name === 'arg_max' ? -1 : 1;
      return [{
        names: [keyName, ...outs.map((o) => o.name)],
        init: () => null,
        add: (s, r, run) => {
          const k = key(r, run);
          if (k === null) return s;
          const cur = s as { k: Value; vals: Value[] } | null;
          if (cur !== null && sign * compareValues(k, cur.k) >= 0) return s;
          return { k, vals: outs.map((o) => o.f(r, run)) };
        },
        done: (s) => { const cur = s as { k: Value; vals: Value[] } | null; return cur === null ? [null, ...outs.map(() => null)] : [cur.k, ...cur.vals]; },
      }];
    }
    default:
      return fail(SentinelCode.notReplayable, `aggregation '${e.name}' is outside the replayed KQL subset`, e.start);
  }
}

export interface Aggregate {
  readonly names: readonly string[];
  init(): unknown;
  add(state: unknown, row: Row, run: Run): unknown;
  done(state: unknown): Value[];
}

/** Groups rows by key expressions (§4.4: empty strings and nulls are ordinary keys) and folds aggregates. */
export function groupRows(input: TabFn, by: readonly { name: string; f: Scalar }[], aggs: readonly Aggregate[], runOf: (input: RunInput, cache: Map<unknown, readonly TRow[]>) => Run): TabFn {
  return (inp, cache) => {
    const run = runOf(inp, cache);
    const groups = new Map<string, { keys: Value[]; states: unknown[]; src: Set<number> }>();
    for (const r of input(inp, cache)) {
      const keys = by.map((b) => b.f(r.row, run));
      const k = keys.map(keyOf).join('\u0000');
      let g = groups.get(k);
      if (g === undefined) groups.set(k, (g = { keys, states: aggs.map((a) => a.init()), src: new Set() }));
      for (let i = 0; i < aggs.length; i++) g.states[i] = aggs[i]!.add(g.states[i], r.row, run);
      for (const o of r.src) g.src.add(o);
    }
    // summarize without `by` over no rows still yields one row (count() = 0), with no contributors.
    if (groups.size === 0 && by.length === 0 && aggs.length > 0) groups.set('', { keys: [], states: aggs.map((a) => a.init()), src: new Set() });
    const out: TRow[] = [];
    for (const g of groups.values()) {
      const row: Row = {};
      by.forEach((b, i) => (row[b.name] = g.keys[i] ?? null));
      aggs.forEach((a, i) => {
        const vals = a.done(g.states[i]);
        a.names.forEach((n, j) => (row[n] = vals[j] ?? null));
      });
      out.push({ row, src: [...g.src].sort((x, y) => x - y) });
    }
    return out;
  };
}
