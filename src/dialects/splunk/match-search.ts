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
import { re2 } from '../../text/re2.js';
import { asciiLower } from '../../record/view.js';
import type { SearchNode, SearchValue } from './ast.js';
import { text } from './event.js';
import type { Fields, Scalar } from '../mapping/splunk/fields.js';
import { asNumber } from './evaluate-eval.js';
import { compileGlob, type Glob } from './glob.js';

const globs = new WeakMap<SearchValue, Glob>();
const terms = new WeakMap<SearchValue, (raw: string) => boolean>();

const folded = (value: SearchValue): string => (value.caseSensitive ? value.text : asciiLower(value.text));

/** True when `v` equals the search value under search rules. */
function valueMatches(value: SearchValue, v: Scalar): boolean {
  let g = globs.get(value);
  if (g === undefined) {
    g = compileGlob(folded(value), '*', null);
    globs.set(value, g);
  }
  const s = text(v);
  return g.test(value.caseSensitive ? s : asciiLower(s));
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);

/** A bare term's test on `_raw`: the term bounded by non-alphanumerics (RE2 when it has wildcards). */
function termTest(value: SearchValue): (raw: string) => boolean {
  const term = folded(value);
  if (!term.includes('*')) {
    return (raw) => {
      for (let at = raw.indexOf(term); at !== -1; at = raw.indexOf(term, at + 1)) {
        if (!isWordChar(raw[at - 1]) && !isWordChar(raw[at + term.length])) return true;
      }
      return false;
    };
  }
  const body = term.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
  const re = re2().compile(`(?:^|[^A-Za-z0-9])${body}(?:[^A-Za-z0-9]|$)`);
  return (raw) => re.test(raw);
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
  let test = terms.get(value);
  if (test === undefined) {
    test = termTest(value);
    terms.set(value, test);
  }
  const s = text(raw[0]!);
  return test(value.caseSensitive ? s : asciiLower(s));
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
