/**
 * Compiles KQL tabular expressions (sentinel-kql.md §4) to functions over rows that remember which
 * records they came from: every output row carries the ordinals of the records folded into it (§5.1),
 * so after `summarize` a surviving row names its contributing records, and a `join` row both sides'.
 *
 * Column sets are tracked operator by operator, so a name used where it is not a column is Kusto's
 * "unknown column" error at its position (KS142).
 */
import type { Expr, Op, Query, Source, Tabular } from './ast.js';
import { SentinelCode } from './codes.js';
import { AWS_CLOUDTRAIL_COLUMNS, TABLE } from '../mapping/awscloudtrail.js';
import { KqlError } from './errors.js';
import { compileJoin } from './join.js';
import { compileScalar, sortCompare, type Run, type Scalar, type Scope } from './scalar.js';
import { compileAggregate, groupRows, type Aggregate } from './summarize.js';
import type { Row } from './values.js';

/** A row and the ordinals of the records it stands for (sorted, unique). */
export interface TRow {
  readonly row: Row;
  readonly src: readonly number[];
}

/** The rows of a run's input table and what the run evaluates against. */
export interface RunInput {
  readonly now: number;
  /** The `AWSCloudTrail` rows of the run. */
  readonly rows: readonly TRow[];
}

/** A compiled tabular expression. */
export type TabFn = (input: RunInput, cache: Map<unknown, readonly TRow[]>) => readonly TRow[];

/** A row-at-a-time operator: the row it becomes, or null when dropped. */
export type RowOp = (r: TRow, run: Run) => TRow | null;

/** A compiled query. */
export interface CompiledQuery {
  readonly run: TabFn;
  /** Output columns. */
  readonly columns: readonly string[];
  /**
   * The leading operators of the query body that look at one row at a time and need no run (no `now()`,
   * no subquery), when the body reads `AWSCloudTrail` and nothing else in the query does: every record
   * that reaches the result passed them, so they may screen records before the run (dialect.ts).
   */
  readonly screen: readonly RowOp[] | null;
  /** The `where` predicates of `screen`, for prefilter literals (literals.ts), with the columns they may trust. */
  readonly screenPredicates: readonly { readonly pred: Expr; readonly rawColumns: ReadonlySet<string> }[];
  /** True when the whole query is `screen` (every operator row-at-a-time): a record fires when its row survives. */
  readonly rowWise: boolean;
  /** The first operator outside the subset (`lookup`, `mv-expand`, another table): the replay cannot run the query. */
  readonly notReplayable: { readonly reason: string; readonly offset: number } | null;
}

const COLUMNS = AWS_CLOUDTRAIL_COLUMNS.map((c) => c.name);

function fail(code: string, message: string, at: number): never {
  throw new KqlError(code, message, at);
}

function unionAll(lists: readonly (readonly number[])[]): number[] {
  const s = new Set<number>();
  for (const l of lists) for (const o of l) s.add(o);
  return [...s].sort((x, y) => x - y);
}

/** The column name Kusto gives an unnamed expression (a column reference keeps its name). */
function derivedName(e: Expr, n: number): string {
  if (e.k === 'name') return e.name;
  if (e.k === 'call' && (e.name === 'bin' || e.name === 'floor') && e.args[0]?.k === 'name') return e.args[0].name;
  return `Column${n}`;
}

class Compiler {
  private readonly lets = new Map<string, Scalar>();
  private readonly tables = new Map<string, { fn: TabFn; columns: readonly string[] }>();
  /** How many times each query part reads `AWSCloudTrail`. */
  tableReads = 0;
  /** True while compiling an expression that needs the run (now(), ago(), a subquery). */
  private needsRun = false;

  constructor(readonly query: Query) {}

  compile(): CompiledQuery {
    for (const l of this.query.lets) {
      if (l.k === 'let-scalar') {
        const f = this.scalar(l.expr, new Set());
        this.lets.set(l.name, f);
      } else if (l.k === 'let-tabular') {
        const t = this.tabular(l.tab);
        this.tables.set(l.name, t);
      } else {
        this.unsupported(`user-defined function '${l.name}' (let with parameters)`, l.start);
      }
    }
    const readsBefore = this.tableReads;
    const body = this.query.body;
    const t = this.tabular(body);
    // The screen: leading row-at-a-time operators of a body that reads AWSCloudTrail directly.
    let screen: RowOp[] | null = null;
    const screenPredicates: { pred: Expr; rawColumns: ReadonlySet<string> }[] = [];
    let rowWise = false;
    if (body.source.k === 'table' && body.source.name === TABLE && !this.tables.has(TABLE) && readsBefore === 0 && this.tableReads === 1) {
      screen = [];
      let columns: readonly string[] = COLUMNS;
      const raw = new Set(COLUMNS);
      let all = true;
      for (const op of body.ops) {
        // Sorting changes no row's membership.
        if (op.k === 'order') continue;
        this.needsRun = false;
        const step = this.rowOp(op, columns);
        if (step === null || this.needsRun) {
          all = false;
          break;
        }
        if (op.k === 'where') screenPredicates.push({ pred: op.pred, rawColumns: new Set(raw) });
        for (const name of redefined(op)) raw.delete(name);
        screen.push(step.fn);
        columns = step.columns;
      }
      rowWise = all;
    }
    return { run: t.fn, columns: t.columns, screen, screenPredicates, rowWise, notReplayable: null };
  }

  /** Stops compiling: what follows may only make sense to Kusto (columns an `mv-expand` made). */
  private unsupported(reason: string, offset: number): never {
    throw new NotReplayable(reason, offset);
  }

  private scalar(e: Expr, columns: ReadonlySet<string>): Scalar {
    const scope: Scope = {
      columns,
      lets: this.lets,
      tabular: (tab) => {
        this.needsRun = true;
        this.tabular(tab);
      },
    };
    if (usesNow(e)) this.needsRun = true;
    return compileScalar(e, scope);
  }

  private source(s: Source): { fn: TabFn; columns: readonly string[] } {
    switch (s.k) {
      case 'table': {
        const bound = this.tables.get(s.name);
        if (bound !== undefined) return bound;
        this.tableReads++;
        return { fn: (input) => input.rows, columns: COLUMNS };
      }
      case 'unavailable':
        // §5.5: other tables and watchlists are not part of a CloudTrail replay.
        return this.unsupported(`${s.what} is not available: a CloudTrail replay has only the AWSCloudTrail table`, s.start);
      case 'unsupported':
        return this.unsupported(`${s.what} is outside the replayed KQL subset`, s.start);
      case 'nested':
        return this.tabular(s.tab);
      case 'union':
        return this.union(s.sources.map((x) => this.tabular(x)));
    }
  }

  private union(parts: readonly { fn: TabFn; columns: readonly string[] }[]): { fn: TabFn; columns: readonly string[] } {
    const columns = [...new Set(parts.flatMap((p) => p.columns))];
    return {
      columns,
      fn: (input, cache) =>
        parts.flatMap((p) =>
          p.fn(input, cache).map((r) => {
            const row: Row = {};
            for (const c of columns) row[c] = r.row[c] ?? null;
            return { row, src: r.src };
          }),
        ),
    };
  }

  private readonly compiled = new Map<Tabular, { fn: TabFn; columns: readonly string[] }>();

  /** Compiles a tabular expression once (subqueries are looked up again at run time). */
  tabular(tab: Tabular): { fn: TabFn; columns: readonly string[] } {
    let done = this.compiled.get(tab);
    if (done === undefined) this.compiled.set(tab, (done = this.compileTabular(tab)));
    return done;
  }

  private compileTabular(tab: Tabular): { fn: TabFn; columns: readonly string[] } {
    let { fn, columns } = this.source(tab.source);
    for (const op of tab.ops) {
      const step = this.rowOp(op, columns);
      if (step !== null) {
        const inner = fn;
        const rowFn = step.fn;
        fn = (input, cache) => {
          const run = runOf(input, cache, this);
          const out: TRow[] = [];
          for (const r of inner(input, cache)) {
            const x = rowFn(r, run);
            if (x !== null) out.push(x);
          }
          return out;
        };
        columns = step.columns;
        continue;
      }
      const next = this.tableOp(op, fn, columns);
      fn = next.fn;
      columns = next.columns;
    }
    const compiled = fn;
    // Each tabular expression is evaluated once per run, however often it is used.
    return {
      columns,
      fn: (input, cache) => {
        let rows = cache.get(compiled);
        if (rows === undefined) cache.set(compiled, (rows = compiled(input, cache)));
        return rows;
      },
    };
  }

  /** Row-at-a-time operators; null for the others. */
  private rowOp(op: Op, columns: readonly string[]): { fn: RowOp; columns: readonly string[] } | null {
    const have = new Set(columns);
    switch (op.k) {
      case 'where': {
        if (op.pred.k === 'lit' && typeof op.pred.v !== 'boolean') fail(SentinelCode.typeError, 'the expression must have the type bool', op.pred.start);
        if (op.pred.k === 'name' && have.has(op.pred.name) && !isBoolColumn(op.pred.name)) fail(SentinelCode.typeError, 'the expression must have the type bool', op.pred.start);
        const p = this.scalar(op.pred, have);
        return { columns, fn: (r, run) => (p(r.row, run) === true ? r : null) };
      }
      case 'extend': {
        // Each item sees the columns as the previous items of the same extend left them (unverified, §4.2).
        const items: { name: string; f: Scalar }[] = [];
        const out = [...columns];
        const seen = new Set(columns);
        op.items.forEach((a, i) => {
          const f = this.scalar(a.expr, seen);
          const name = a.name ?? derivedName(a.expr, i + 1);
          items.push({ name, f });
          if (!seen.has(name)) {
            seen.add(name);
            out.push(name);
          }
        });
        return {
          columns: out,
          fn: (r, run) => {
            const row: Row = { ...r.row };
            for (const { name, f } of items) row[name] = f(row, run);
            return { row, src: r.src };
          },
        };
      }
      case 'project': {
        const items = op.items.map((a, i) => ({ name: a.name ?? derivedName(a.expr, i + 1), f: this.scalar(a.expr, have) }));
        const names = [...new Set(items.map((x) => x.name))];
        return {
          columns: names,
          fn: (r, run) => {
            const row: Row = {};
            for (const { name, f } of items) row[name] = f(r.row, run);
            return { row, src: r.src };
          },
        };
      }
      case 'project-away': {
        const drop = new Set<string>();
        for (const p of op.patterns) {
          const re = new RegExp(`^${p.text.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
          const hit = columns.filter((c) => re.test(c));
          if (hit.length === 0 && !p.text.includes('*')) fail(SentinelCode.unknownColumn, `the name '${p.text}' does not refer to any known column`, p.start);
          for (const c of hit) drop.add(c);
        }
        const keep = columns.filter((c) => !drop.has(c));
        return { columns: keep, fn: (r) => ({ row: pick(r.row, keep), src: r.src }) };
      }
      case 'project-rename': {
        for (const p of op.pairs) if (!have.has(p.from)) fail(SentinelCode.unknownColumn, `the name '${p.from}' does not refer to any known column`, p.start);
        const rename = new Map(op.pairs.map((p) => [p.from, p.to]));
        const out = columns.map((c) => rename.get(c) ?? c);
        return {
          columns: out,
          fn: (r) => {
            const row: Row = {};
            for (const c of columns) row[rename.get(c) ?? c] = r.row[c] ?? null;
            return { row, src: r.src };
          },
        };
      }
      case 'project-reorder':
        return { columns, fn: (r) => r };
      default:
        return null;
    }
  }

  /** Operators over the whole table. */
  private tableOp(op: Op, input: TabFn, columns: readonly string[]): { fn: TabFn; columns: readonly string[] } {
    const have = new Set(columns);
    switch (op.k) {
      case 'summarize':
        return this.summarize(op, input, have);
      case 'order': {
        const keys = op.keys.map((k) => ({ f: this.scalar(k.expr, have), desc: k.desc }));
        return {
          columns,
          fn: (inp, cache) => {
            const run = runOf(inp, cache, this);
            const rows = input(inp, cache).map((r) => ({ r, k: keys.map((k) => k.f(r.row, run)) }));
            rows.sort((a, b) => {
              for (let i = 0; i < keys.length; i++) {
                const c = sortCompare(a.k[i]!, b.k[i]!, keys[i]!.desc);
                if (c !== 0) return c;
              }
              return 0;
            });
            return rows.map((x) => x.r);
          },
        };
      }
      case 'take': {
        const n = this.scalar(op.count, new Set());
        return {
          columns,
          fn: (inp, cache) => {
            const count = n({}, runOf(inp, cache, this));
            return input(inp, cache).slice(0, typeof count === 'number' ? Math.max(0, count) : 0);
          },
        };
      }
      case 'top': {
        const n = this.scalar(op.count, new Set());
        const key = this.scalar(op.key, have);
        const desc = op.desc;
        return {
          columns,
          fn: (inp, cache) => {
            const run = runOf(inp, cache, this);
            const count = n({}, run);
            const rows = input(inp, cache).map((r) => ({ r, k: key(r.row, run) }));
            rows.sort((a, b) => sortCompare(a.k, b.k, desc));
            return rows.slice(0, typeof count === 'number' ? Math.max(0, count) : 0).map((x) => x.r);
          },
        };
      }
      case 'distinct': {
        const items = op.items.length === 0 ? columns.map((c) => ({ name: c, f: ((row: Row) => row[c] ?? null) as Scalar })) : op.items.map((a, i) => ({ name: a.name ?? derivedName(a.expr, i + 1), f: this.scalar(a.expr, have) }));
        return { columns: items.map((x) => x.name), fn: groupRows(input, items, [], (inp, cache) => runOf(inp, cache, this)) };
      }
      case 'count':
        return {
          columns: ['Count'],
          fn: (inp, cache) => {
            const rows = input(inp, cache);
            return [{ row: { Count: rows.length }, src: unionAll(rows.map((r) => r.src)) }];
          },
        };
      case 'union':
        return this.union([{ fn: input, columns }, ...op.sources.map((s) => this.tabular(s))]);
      case 'join':
        return compileJoin(op, input, columns, this.tabular(op.right));
      case 'unsupported':
        return this.unsupported(`the '${op.name}' operator is outside the replayed KQL subset`, op.start);
      default:
        return fail(SentinelCode.syntax, `operator '${op.k}' cannot be used here`, op.start);
    }
  }

  private summarize(op: Extract<Op, { k: 'summarize' }>, input: TabFn, have: ReadonlySet<string>): { fn: TabFn; columns: readonly string[] } {
    const by = op.by.map((a, i) => ({ name: a.name ?? derivedName(a.expr, i + 1), f: this.scalar(a.expr, have) }));
    const aggs: Aggregate[] = [];
    for (const a of op.aggs) aggs.push(...compileAggregate(a, have, by.map((b) => b.name), (x) => this.scalar(x, have)));
    const columns = [...by.map((b) => b.name), ...aggs.flatMap((a) => a.names)];
    return { columns, fn: groupRows(input, by, aggs, (inp, cache) => runOf(inp, cache, this)) };
  }
}

function pick(row: Row, keep: readonly string[]): Row {
  const out: Row = {};
  for (const c of keep) out[c] = row[c] ?? null;
  return out;
}

/** Columns an operator gives new values (a literal on them no longer says anything about the record). */
function redefined(op: Op): string[] {
  switch (op.k) {
    case 'extend':
    case 'project':
      return op.items.flatMap((a) => (a.name !== null && !(a.expr.k === 'name' && a.expr.name === a.name) ? [a.name] : []));
    case 'project-rename':
      return op.pairs.flatMap((p) => [p.to, p.from]);
    default:
      return [];
  }
}

function isBoolColumn(name: string): boolean {
  return AWS_CLOUDTRAIL_COLUMNS.some((c) => c.name === name && c.type === 'bool');
}

/** True when an expression reads the run's clock. */
function usesNow(e: Expr): boolean {
  switch (e.k) {
    case 'call':
      return e.name === 'now' || e.name === 'ago' || e.args.some(usesNow);
    case 'binary':
      return usesNow(e.l) || usesNow(e.r);
    case 'list':
      return usesNow(e.l) || e.items.some(usesNow);
    case 'between':
      return usesNow(e.l) || usesNow(e.lo) || usesNow(e.hi);
    case 'member':
      return usesNow(e.obj);
    case 'index':
      return usesNow(e.obj) || usesNow(e.index);
    case 'negate':
      return usesNow(e.e);
    default:
      return false;
  }
}

const runs = new WeakMap<Map<unknown, readonly TRow[]>, Run>();

/** The `Run` scalars see: one per evaluation (its cache), so subqueries are evaluated once. */
function runOf(input: RunInput, cache: Map<unknown, readonly TRow[]>, compiler: Compiler): Run {
  let run = runs.get(cache);
  if (run === undefined) {
    run = { now: input.now, table: (tab) => compiler.tabular(tab).fn(input, cache).map((r) => r.row) };
    runs.set(cache, run);
  }
  return run;
}

class NotReplayable {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {}
}

/** Compiles a parsed query; throws `KqlError` for unknown columns and functions. */
export function compileQuery(query: Query): CompiledQuery {
  try {
    return new Compiler(query).compile();
  } catch (e) {
    if (!(e instanceof NotReplayable)) throw e;
    return { run: () => [], columns: [], screen: null, screenPredicates: [], rowWise: false, notReplayable: { reason: e.reason, offset: e.offset } };
  }
}
