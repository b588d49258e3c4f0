/**
 * Runs a parsed pipeline over events. Streaming commands work event by event; `stats` folds events into
 * rows that remember the records they were built from (digest §6.2), `eventstats` adds a group's
 * aggregates to each of its events. A record is caught when it is among the sources of a row that
 * survives the whole pipeline (§6.4).
 */
import type { Aggregation, Command } from './ast.js';
import { setField, text, type Row } from './event.js';
import type { Fields, Scalar } from '../mapping/splunk/fields.js';
import { asNumber, evaluate, type EvalValue } from './evaluate-eval.js';
import { matchSearch } from './match-search.js';
import { flattenJson } from '../mapping/splunk/record-model.js';
import { namedGroups } from './regex.js';
import { parseJsonText, valuesAtPath } from './spath.js';
import { formatTime } from './time-format.js';

/** True for commands that need every event at once (the rule then runs as an aggregate). */
export function isTransforming(c: Command): boolean {
  return c.kind === 'stats' || (c.kind === 'fillnull' && c.fields === null);
}

const INTERNAL = new Set(['_time', '_raw']);

function wildcardRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*)')}$`);
}

function toScalars(v: EvalValue): Scalar[] | null {
  if (v === null) return null;
  if (typeof v === 'boolean') return [String(v)];
  return Array.isArray(v) ? [...(v as readonly Scalar[])] : [v as Scalar];
}

function streaming(c: Command, row: Row): boolean {
  const f = row.fields;
  switch (c.kind) {
    case 'search':
      return matchSearch(c.expr, f);
    case 'where':
      return evaluate(c.expr, f) === true;
    case 'eval':
      for (const a of c.assignments) setField(f, a.field, toScalars(evaluate(a.expr, f)));
      return true;
    case 'rename':
      for (const p of c.pairs) {
        if (p.from.includes('*')) {
          const re = wildcardRegex(p.from);
          for (const [name, v] of [...f]) {
            const m = re.exec(name);
            if (m === null) continue;
            let k = 1;
            const to = p.to.replace(/\*/g, () => m[k++] ?? '');
            f.delete(name);
            f.set(to, v);
          }
        } else {
          const v = f.get(p.from);
          f.delete(p.from);
          if (v !== undefined) f.set(p.to, v);
        }
      }
      return true;
    case 'fields': {
      const res = c.names.map(wildcardRegex);
      for (const name of [...f.keys()]) {
        const listed = res.some((r) => r.test(name));
        if (c.remove ? listed : !listed && !INTERNAL.has(name)) f.delete(name);
      }
      return true;
    }
    case 'rex': {
      const v = f.get(c.field);
      if (v === undefined) return true;
      const groups = namedGroups(c.regex, text(v[0]!));
      if (groups !== null) for (const n of c.names) if (groups[n] !== undefined) f.set(n, [groups[n]]);
      return true;
    }
    case 'spath': {
      const v = f.get(c.input);
      if (v === undefined) return true;
      const json = parseJsonText(text(v[0]!));
      if (json === undefined) return true;
      if (c.path === null) {
        const out: Fields = new Map();
        flattenJson(json, '', out);
        for (const [k, vals] of out) f.set(k, vals);
      } else setField(f, c.output ?? c.path, valuesAtPath(json, c.path));
      return true;
    }
    case 'fillnull':
      for (const name of c.fields ?? []) if (!f.has(name)) f.set(name, [c.value]);
      return true;
    case 'bucket': {
      const v = f.get(c.field);
      const n = v === undefined ? null : asNumber(v[0]!);
      if (n !== null) f.set(c.as, [Math.floor(n / c.span) * c.span]);
      return true;
    }
    case 'convert':
      for (const conv of c.conversions) {
        const v = f.get(conv.field);
        const n = v === undefined ? null : asNumber(v[0]!);
        if (n !== null) f.set(conv.as, [formatTime(n, c.format)]);
      }
      return true;
    case 'stats':
      return true;
  }
}

/** Distinct values, sorted lexicographically (digest §6.1 `values`). */
function distinct(values: readonly Scalar[]): string[] {
  return [...new Set(values.map(text))].sort();
}

function numeric(values: readonly Scalar[]): number[] | null {
  const out: number[] = [];
  for (const v of values) {
    const n = asNumber(v);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

function aggregate(a: Aggregation, group: readonly Fields[]): Scalar | Scalar[] | null {
  if (a.field === null) return group.length;
  const name = a.field;
  const present = group.filter((f) => f.has(name));
  const all = present.flatMap((f) => f.get(name)!);
  switch (a.fn) {
    case 'count':
      return all.length;
    case 'dc':
      return new Set(all.map(text)).size;
    case 'values':
      return all.length === 0 ? null : distinct(all);
    case 'list':
      return all.length === 0 ? null : all.slice(0, 100);
    case 'min':
    case 'max': {
      if (all.length === 0) return null;
      const nums = numeric(all);
      if (nums !== null) return a.fn === 'min' ? Math.min(...nums) : Math.max(...nums);
      const sorted = distinct(all);
      return a.fn === 'min' ? sorted[0]! : sorted[sorted.length - 1]!;
    }
    case 'sum':
    case 'avg': {
      const nums = all.map(asNumber).filter((n): n is number => n !== null);
      if (nums.length === 0) return null;
      const sum = nums.reduce((x, y) => x + y, 0);
      return a.fn === 'sum' ? sum : sum / nums.length;
    }
    case 'first':
    case 'last':
      return all.length === 0 ? null : a.fn === 'first' ? all[0]! : all[all.length - 1]!;
    default: {
      // earliest / latest: the value of the event with the smallest / largest _time.
      let best: { t: number; v: Scalar } | null = null;
      for (const f of present) {
        const t = asNumber(f.get('_time')?.[0] ?? '') ?? 0;
        if (best === null || (a.fn === 'earliest' ? t < best.t : t > best.t)) best = { t, v: f.get(name)![0]! };
      }
      return best === null ? null : best.v;
    }
  }
}

/** The BY keys of an event: one per combination of values (multivalue BY fields split), none when a BY field is null (§6.3). */
function keysOf(by: readonly string[], f: Fields): string[][] {
  let keys: string[][] = [[]];
  for (const name of by) {
    const v = f.get(name);
    if (v === undefined) return [];
    const vals = [...new Set(v.map(text))];
    keys = keys.flatMap((k) => vals.map((x) => [...k, x]));
  }
  return keys;
}

function stats(c: Extract<Command, { kind: 'stats' }>, rows: readonly Row[]): Row[] {
  const groups = new Map<string, { key: string[]; members: Row[] }>();
  for (const row of rows) {
    for (const key of keysOf(c.by, row.fields)) {
      const id = JSON.stringify(key);
      let g = groups.get(id);
      if (g === undefined) groups.set(id, (g = { key, members: [] }));
      g.members.push(row);
    }
  }
  if (c.event) {
    const extra = new Map<Row, Fields>();
    for (const g of groups.values()) {
      const values = c.aggregations.map((a) => aggregate(a, g.members.map((m) => m.fields)));
      for (const m of g.members) {
        const f = extra.get(m) ?? new Map();
        c.aggregations.forEach((a, i) => setField(f, a.as, values[i]!));
        extra.set(m, f);
      }
    }
    for (const [row, f] of extra) for (const [k, v] of f) row.fields.set(k, v);
    return [...rows];
  }
  if (c.by.length === 0 && groups.size === 0) groups.set('[]', { key: [], members: [] });
  const out: Row[] = [];
  for (const g of groups.values()) {
    const fields: Fields = new Map();
    c.by.forEach((name, i) => fields.set(name, [g.key[i]!]));
    c.aggregations.forEach((a) => setField(fields, a.as, aggregate(a, g.members.map((m) => m.fields))));
    out.push({ fields, sources: [...new Set(g.members.flatMap((m) => m.sources))] });
  }
  return out;
}

/** Runs the commands over the rows (rows are changed in place). */
export function runPipeline(commands: readonly Command[], rows: Row[]): Row[] {
  let current = rows;
  for (const c of commands) {
    if (c.kind === 'stats') current = stats(c, current);
    else if (c.kind === 'fillnull' && c.fields === null) {
      const names = new Set(current.flatMap((r) => [...r.fields.keys()]));
      for (const r of current) for (const n of names) if (!r.fields.has(n)) r.fields.set(n, [c.value]);
    } else current = current.filter((r) => streaming(c, r));
    if (current.length === 0) break;
  }
  return current;
}
