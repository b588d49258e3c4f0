/**
 * Prefilter literals for a KQL rule (the contract in src/dialects/types.ts): text that must be in a
 * record's raw JSON whenever the rule can fire on it.
 *
 * Only the `where` predicates of the query's screen count (tabular.ts: the leading row-at-a-time
 * operators every caught record passed), and in them only a test of a column still holding the record's
 * value (not overwritten by `extend`) that is read straight from a CloudTrail string field (columns.ts):
 * `==`, `=~`, `in`, `in~` give the whole JSON string token (`"Root"`) unless the value could be a
 * number, boolean or null written bare; `contains`, `startswith`, `endswith` give their literal; `has`, `has_any`,
 * `hasprefix`, `hassuffix` give a term (for the JSON-text columns only `has`, whose alphanumeric terms
 * survive re-serialisation). `and` keeps every side's requirement, `or` one requirement of each side;
 * negations, `!=`, `!~`, `!has`, comparisons with `""` and anything through a function give nothing.
 * Case-insensitive operators give lowercased literals (their fold never maps a non-ASCII character to
 * an ASCII one, strings.ts), and the whole prefilter is then case-insensitive.
 */
import { onlyAsString } from '../json-token.js';
import type { Prefilter } from '../types.js';
import type { Expr } from './ast.js';
import { COLUMN_BY_NAME } from '../mapping/awscloudtrail.js';
import { termsOf } from './strings.js';

interface Group {
  readonly lits: readonly string[];
  readonly ci: boolean;
}

/** Literals a JSON string token holds as written: printable ASCII without `"` and `\`. */
function safe(s: string): boolean {
  return s !== '' && /^[\x20-\x7e]+$/.test(s) && !/["\\]/.test(s);
}

/**
 * The literal for an exact value of a string column: the whole JSON string token (`"Root"`) when only a
 * JSON string can give that column text, else the bare value. Quoted, "Root" no longer admits every
 * record naming a role `SecurityHub-RootActivityMonitor`.
 */
function exact(value: string): string {
  return onlyAsString(value) ? `"${value}"` : value;
}

function longestTerm(s: string): string | null {
  const terms = termsOf(s);
  return terms.length === 0 ? null : terms.reduce((a, b) => (b.length > a.length ? b : a));
}

/** The column a test reads, when its value is the record's own field (string, from the record). */
function column(e: Expr, raw: ReadonlySet<string>): { json: boolean } | null {
  if (e.k !== 'name' || !raw.has(e.name)) return null;
  const c = COLUMN_BY_NAME.get(e.name);
  if (c === undefined || c.type !== 'string' || c.path === null) return null;
  return { json: c.json === true };
}

function stringLit(e: Expr): string | null {
  return e.k === 'lit' && typeof e.v === 'string' ? e.v : null;
}

/** The literal one test gives for a string column's value, or null. */
function testLiteral(op: string, value: string, json: boolean): Group | null {
  const cs = op.endsWith('_cs') || op === '==';
  const base = op.replace(/_cs$/, '');
  let lit: string | null;
  switch (base) {
    case '==':
    case '=~':
      if (json || !safe(value)) return null;
      return { lits: [exact(cs ? value : value.toLowerCase())], ci: !cs };
    case 'contains':
    case 'startswith':
    case 'endswith':
      lit = json ? null : value;
      break;
    case 'has':
      lit = longestTerm(value);
      break;
    case 'hasprefix':
    case 'hassuffix':
      lit = json || !/^[A-Za-z0-9]+$/.test(value) ? null : value;
      break;
    default:
      lit = null;
  }
  if (lit === null || !safe(lit)) return null;
  return { lits: [cs ? lit : lit.toLowerCase()], ci: !cs };
}

/** Requirements of a predicate: every group must be met (each by any of its literals). */
function groupsOf(e: Expr, raw: ReadonlySet<string>): Group[] {
  switch (e.k) {
    case 'binary': {
      if (e.op === 'and') return [...groupsOf(e.l, raw), ...groupsOf(e.r, raw)];
      if (e.op === 'or') {
        const l = groupsOf(e.l, raw);
        const r = groupsOf(e.r, raw);
        if (l.length === 0 || r.length === 0) return [];
        return [{ lits: [...l[0]!.lits, ...r[0]!.lits], ci: l[0]!.ci || r[0]!.ci }];
      }
      let col = column(e.l, raw);
      let value = stringLit(e.r);
      if ((col === null || value === null) && (e.op === '==' || e.op === '=~')) {
        col = column(e.r, raw);
        value = stringLit(e.l);
      }
      if (col === null || value === null) return [];
      const g = testLiteral(e.op, value, col.json);
      return g === null ? [] : [g];
    }
    case 'list': {
      const col = column(e.l, raw);
      if (col === null) return [];
      const values = e.items.map(stringLit);
      if (values.some((v) => v === null) || values.length === 0) return [];
      const vs = values as string[];
      switch (e.op) {
        case 'in':
        case 'in~': {
          if (col.json) return [];
          const ci = e.op === 'in~';
          return vs.every(safe) ? [{ lits: vs.map((v) => exact(ci ? v.toLowerCase() : v)), ci }] : [];
        }
        case 'has_any':
        case 'has_all': {
          const terms = vs.map(longestTerm);
          if (terms.some((t) => t === null || !safe(t))) return [];
          const lits = (terms as string[]).map((t) => t.toLowerCase());
          return e.op === 'has_any' ? [{ lits, ci: true }] : lits.map((l) => ({ lits: [l], ci: true }));
        }
        default:
          return [];
      }
    }
    default:
      return [];
  }
}

/** The prefilter of a query's screen predicates, or null when none is provably sound. */
export function prefilterOf(predicates: readonly { readonly pred: Expr; readonly rawColumns: ReadonlySet<string> }[]): Prefilter | null {
  const groups = predicates.flatMap((p) => groupsOf(p.pred, p.rawColumns));
  if (groups.length === 0) return null;
  const ci = groups.some((g) => g.ci);
  const lists = groups.map((g) => [...new Set(ci ? g.lits.map((l) => l.toLowerCase()) : g.lits)]);
  // Most selective first: the group whose shortest literal is longest.
  lists.sort((a, b) => Math.min(...b.map((l) => l.length)) - Math.min(...a.map((l) => l.length)));
  const [anyOf, ...also] = lists;
  return { anyOf: anyOf!, caseInsensitive: ci, ...(also.length > 0 ? { also } : {}) };
}
