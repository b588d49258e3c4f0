/**
 * `join` (sentinel-kql.md §4.8): the kinds Kusto has, `innerunique` by default (one left row per key).
 * A joined row carries both sides' records (§5.1); right columns that clash with left ones get a numeric
 * suffix (`EventName1`), as Kusto names them. Rows with a null key match nothing.
 */
import type { Op } from './ast.js';
import { SentinelCode } from './codes.js';
import { KqlError } from './errors.js';
import type { TabFn, TRow } from './tabular.js';
import { keyOf, type Row } from './values.js';

function fail(code: string, message: string, at: number): never {
  throw new KqlError(code, message, at);
}

function union(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0) return b.slice();
  if (b.length === 0) return a.slice();
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}

/** Compiles a join of `left` with the compiled right side. */
export function compileJoin(op: Extract<Op, { k: 'join' }>, left: TabFn, leftColumns: readonly string[], right: { readonly fn: TabFn; readonly columns: readonly string[] }): { fn: TabFn; columns: readonly string[] } {
  for (const k of op.on) {
    if (!leftColumns.includes(k.left)) fail(SentinelCode.unknownColumn, `join key '${k.left}' is not a column of the left side`, k.start);
    if (!right.columns.includes(k.right)) fail(SentinelCode.unknownColumn, `join key '${k.right}' is not a column of the right side`, k.start);
  }
  const kind = op.kind;
  if (!['inner', 'innerunique', 'leftouter', 'leftanti', 'leftantisemi', 'leftsemi', 'rightanti', 'rightantisemi', 'rightsemi', 'fullouter', 'rightouter'].includes(kind)) {
    fail(SentinelCode.syntax, `unknown join kind '${kind}'`, op.start);
  }
  // Right columns that clash with left ones get a numeric suffix (EventName1), as Kusto names them.
  const rename = new Map<string, string>();
  for (const c of right.columns) {
    let n = c;
    for (let i = 1; leftColumns.includes(n) || [...rename.values()].includes(n); i++) n = `${c}${i}`;
    rename.set(c, n);
  }
  const semiLeft = kind === 'leftsemi' || kind === 'leftanti' || kind === 'leftantisemi';
  const semiRight = kind === 'rightsemi' || kind === 'rightanti' || kind === 'rightantisemi';
  const columns = semiLeft ? leftColumns : semiRight ? right.columns : [...leftColumns, ...right.columns.map((c) => rename.get(c)!)];
  const keyL = (r: Row): string | null => (op.on.some((k) => r[k.left] === null) ? null : op.on.map((k) => keyOf(r[k.left] ?? null)).join('\u0000'));
  const keyR = (r: Row): string | null => (op.on.some((k) => r[k.right] === null) ? null : op.on.map((k) => keyOf(r[k.right] ?? null)).join('\u0000'));
  const merge = (l: TRow | null, r: TRow | null): TRow => {
    const row: Row = {};
    for (const c of leftColumns) row[c] = l?.row[c] ?? null;
    for (const c of right.columns) row[rename.get(c)!] = r?.row[c] ?? null;
    return { row, src: union(l?.src ?? [], r?.src ?? []) };
  };
  return {
    columns,
    fn: (inp, cache) => {
      let lrows = left(inp, cache);
      const rrows = right.fn(inp, cache);
      if (kind === 'innerunique') {
        // The default kind keeps one left row per key (§4.8).
        const seen = new Set<string>();
        lrows = lrows.filter((r) => {
          const k = keyL(r.row);
          if (k === null || seen.has(k)) return false;
          seen.add(k);
          return true;
        });
      }
      const byKey = new Map<string, TRow[]>();
      for (const r of rrows) {
        const k = keyR(r.row);
        if (k === null) continue;
        let list = byKey.get(k);
        if (list === undefined) byKey.set(k, (list = []));
        list.push(r);
      }
      const out: TRow[] = [];
      const matchedRight = new Set<TRow>();
      for (const l of lrows) {
        const k = keyL(l.row);
        const matches = k === null ? [] : (byKey.get(k) ?? []);
        for (const m of matches) matchedRight.add(m);
        if (kind === 'leftsemi') { if (matches.length > 0) out.push(l); continue; }
        if (kind === 'leftanti' || kind === 'leftantisemi') { if (matches.length === 0) out.push(l); continue; }
        if (semiRight) continue;
        if (matches.length === 0) { if (kind === 'leftouter' || kind === 'fullouter') out.push(merge(l, null)); continue; }
        for (const m of matches) out.push(merge(l, m));
      }
      if (kind === 'rightsemi') out.push(...rrows.filter((r) => matchedRight.has(r)));
      if (kind === 'rightanti' || kind === 'rightantisemi') out.push(...rrows.filter((r) => !matchedRight.has(r)));
      if (kind === 'rightouter' || kind === 'fullouter') for (const r of rrows) if (!matchedRight.has(r)) out.push(merge(null, r));
      return out;
    },
  };
}
