/**
 * Evaluation of the `search` command's expression over an event (digest §3):
 * - `field=value` compares whole values, case-insensitively unless `CASE()` (§3.4, §3.5), with `*`
 *   matching any run (§3.6); `field=*` means the field has a value;
 * - `field!=value` needs the field present with no value equal (§3.8, §3.10 for multivalue: flagged);
 *   `NOT field=value` also keeps events without the field;
 * - a multivalue field passes `=` when any value passes (§3.10);
 * - `< <= > >=` compare as numbers when both sides are numbers, else as text in code-unit order (§3.11);
 * - bare terms search `_raw` case-insensitively for the term bounded by non-alphanumerics (§3.12:
 *   trailproof's stand-in for index tokens).
 * Case folding is ASCII-only (decided: keeps prefilter literals provably sound).
 */
import { asciiLower } from '../../record/view.js';
import type { SearchNode, SearchValue } from './ast.js';
import { text, type Fields, type Scalar } from './event.js';
import { asNumber } from './evaluate-eval.js';

const compiled = new WeakMap<SearchValue, RegExp>();
const terms = new WeakMap<SearchValue, RegExp>();

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function wildcardSource(value: SearchValue): string {
  const t = value.caseSensitive ? value.text : asciiLower(value.text);
  return t.split('*').map(escape).join('[\\s\\S]*');
}

function valueRegex(value: SearchValue): RegExp {
  let r = compiled.get(value);
  if (r === undefined) {
    r = new RegExp(`^${wildcardSource(value)}$`);
    compiled.set(value, r);
  }
  return r;
}

/** True when `v` equals the search value under search rules. */
export function valueMatches(value: SearchValue, v: Scalar): boolean {
  const s = text(v);
  return valueRegex(value).test(value.caseSensitive ? s : asciiLower(s));
}

function isNumeric(value: SearchValue): number | null {
  return value.text.includes('*') ? null : asNumber(value.text);
}

function order(a: Scalar, value: SearchValue): number {
  const x = asNumber(a);
  const y = isNumeric(value);
  if (x !== null && y !== null) return x - y;
  const s = text(a);
  return s < value.text ? -1 : s > value.text ? 1 : 0;
}

function termMatches(value: SearchValue, fields: Fields): boolean {
  if (/^\*+$/.test(value.text)) return true;
  const raw = fields.get('_raw');
  if (raw === undefined) return false;
  let r = terms.get(value);
  if (r === undefined) {
    r = new RegExp(`(?<![A-Za-z0-9])${wildcardSource(value)}(?![A-Za-z0-9])`);
    terms.set(value, r);
  }
  const s = text(raw[0]!);
  return r.test(value.caseSensitive ? s : asciiLower(s));
}

/** Evaluates a search expression; a null expression keeps every event. */
export function matchSearch(node: SearchNode | null, fields: Fields): boolean {
  if (node === null) return true;
  switch (node.kind) {
    case 'and':
      return node.items.every((n) => matchSearch(n, fields));
    case 'or':
      return node.items.some((n) => matchSearch(n, fields));
    case 'not':
      return !matchSearch(node.item, fields);
    case 'term':
      return termMatches(node.value, fields);
    case 'in': {
      const values = fields.get(node.field);
      return values !== undefined && node.values.some((v) => values.some((x) => valueMatches(v, x)));
    }
    case 'compare': {
      const values = fields.get(node.field);
      if (values === undefined) return false;
      switch (node.op) {
        case '=':
          return values.some((x) => valueMatches(node.value, x));
        case '!=':
          return !values.some((x) => valueMatches(node.value, x));
        case '<':
          return values.some((x) => order(x, node.value) < 0);
        case '<=':
          return values.some((x) => order(x, node.value) <= 0);
        case '>':
          return values.some((x) => order(x, node.value) > 0);
        default:
          return values.some((x) => order(x, node.value) >= 0);
      }
    }
  }
}
