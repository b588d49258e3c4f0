/**
 * Kibana filters and exception items as query trees (elastic-rules.md §1.2), so one evaluator answers
 * the query, its filters and its exceptions alike:
 *   - a filter is an Elasticsearch query (`match_phrase`, `match`, `term(s)`, `exists`, `range`,
 *     `wildcard`, `bool`, `query_string`, `match_all`), ANDed with the rule's query; `meta.negate` inverts
 *     it and `meta.disabled` drops it;
 *   - an exception item ANDs its entries (`match`, `match_any`, `exists`, `wildcard`, `nested`; operator
 *     `excluded` negates an entry); a document matching any item is suppressed.
 * Anything else (`list` entries, which need the value list's contents; unknown query DSL) throws
 * `UnsupportedPart`, and the rule is reported as not replayable with that reason.
 */
import type { JsonObject, JsonValue } from '../../record/view.js';
import { parseLucene } from './lucene/parser.js';
import { ANY, ONE, type Pattern, type Query, type Value } from './query/ast.js';

/** A part of a rule trailproof cannot apply; the message says which and why. */
export class UnsupportedPart extends Error {}

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const scalarText = (v: JsonValue | undefined, what: string): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new UnsupportedPart(`${what} has no string, number or boolean value`);
};

const value = (text: string, quoted: boolean, pattern: Pattern | null = null): Value => ({ text, quoted, pattern, start: 0, end: 0 });
const field = (name: string): { name: string; pattern: null; start: number; end: number } => ({ name, pattern: null, start: 0, end: 0 });
const and = (children: Query[]): Query => (children.length === 1 ? children[0]! : { kind: 'and', children, start: 0, end: 0 });
const or = (children: Query[]): Query => (children.length === 1 ? children[0]! : { kind: 'or', children, start: 0, end: 0 });
const not = (child: Query): Query => ({ kind: 'not', child, start: 0, end: 0 });

/** `*` and `?` wildcards of a `wildcard` query or exception entry (`\` escapes the next character). */
function wildcardPattern(text: string): Pattern {
  const parts: (string | typeof ANY | typeof ONE)[] = [];
  let buf = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) buf += text[++i];
    else if (c === '*' || c === '?') {
      if (buf !== '') parts.push(buf);
      buf = '';
      parts.push(c === '*' ? ANY : ONE);
    } else buf += c;
  }
  if (buf !== '') parts.push(buf);
  return parts;
}

/** The single `{field: spec}` pair of a leaf query. */
function only(q: JsonValue | undefined, kind: string): [string, JsonValue] {
  if (!isObject(q)) throw new UnsupportedPart(`'${kind}' query is not an object`);
  const keys = Object.keys(q);
  if (keys.length !== 1) throw new UnsupportedPart(`'${kind}' query must name one field`);
  return [keys[0]!, q[keys[0]!]!];
}

/** An Elasticsearch query DSL object as a query tree. */
export function dslQuery(q: JsonValue | undefined): Query {
  if (!isObject(q)) throw new UnsupportedPart('a filter query is not an object');
  const keys = Object.keys(q);
  if (keys.length !== 1) throw new UnsupportedPart(`a query must have one kind, found ${keys.length === 0 ? 'none' : keys.join(', ')}`);
  const kind = keys[0]!;
  const body = q[kind];
  switch (kind) {
    case 'match_all':
      return { kind: 'all', start: 0, end: 0 };
    case 'match_phrase':
    case 'match':
    case 'term': {
      const [f, spec] = only(body, kind);
      const v = isObject(spec) ? spec[kind === 'term' ? 'value' : 'query'] : spec;
      return { kind: 'is', field: field(f), value: value(scalarText(v, `'${kind}' on '${f}'`), kind !== 'match'), start: 0, end: 0 };
    }
    case 'terms': {
      const [f, list] = only(body, kind);
      if (!Array.isArray(list)) throw new UnsupportedPart(`'terms' on '${f}' needs a list of values (terms lookup is not supported)`);
      return or(list.map((v) => ({ kind: 'is', field: field(f), value: value(scalarText(v, `'terms' on '${f}'`), true), start: 0, end: 0 })));
    }
    case 'wildcard': {
      const [f, spec] = only(body, kind);
      const v = scalarText(isObject(spec) ? (spec['value'] ?? spec['wildcard']) : spec, `'wildcard' on '${f}'`);
      if (isObject(spec) && spec['case_insensitive'] === true) throw new UnsupportedPart(`case-insensitive 'wildcard' on '${f}' is not supported`);
      return { kind: 'is', field: field(f), value: value(v, false, wildcardPattern(v)), start: 0, end: 0 };
    }
    case 'exists': {
      if (!isObject(body) || typeof body['field'] !== 'string') throw new UnsupportedPart("'exists' needs a 'field'");
      return { kind: 'exists', field: field(body['field']), start: 0, end: 0 };
    }
    case 'range': {
      const [f, spec] = only(body, kind);
      if (!isObject(spec)) throw new UnsupportedPart(`'range' on '${f}' is not an object`);
      const bound = (k: string, inclusive: boolean): { value: Value; inclusive: boolean } | null =>
        spec[k] === undefined || spec[k] === null ? null : { value: value(scalarText(spec[k], `'range' on '${f}'`), true), inclusive };
      return { kind: 'range', field: field(f), lower: bound('gte', true) ?? bound('gt', false), upper: bound('lte', true) ?? bound('lt', false), start: 0, end: 0 };
    }
    case 'bool': {
      if (!isObject(body)) throw new UnsupportedPart("'bool' is not an object");
      const list = (k: string): Query[] => {
        const v = body[k];
        if (v === undefined) return [];
        return (Array.isArray(v) ? v : [v]).map(dslQuery);
      };
      const min = body['minimum_should_match'];
      if (min !== undefined && min !== 1 && min !== '1') throw new UnsupportedPart(`'minimum_should_match: ${JSON.stringify(min)}' is not supported`);
      return { kind: 'bool', must: [...list('must'), ...list('filter')], should: list('should'), mustNot: list('must_not'), start: 0, end: 0 };
    }
    case 'query_string': {
      if (!isObject(body) || typeof body['query'] !== 'string') throw new UnsupportedPart("'query_string' needs a 'query'");
      if (body['fields'] !== undefined || body['default_field'] !== undefined) throw new UnsupportedPart("'query_string' with 'fields' or 'default_field' is not supported");
      return parseLucene(body['query']);
    }
    default:
      throw new UnsupportedPart(`the '${kind}' query is not supported`);
  }
}

/** A Kibana filter object as a query tree, or null when it is disabled. */
export function filterQuery(filter: JsonValue): Query | null {
  if (!isObject(filter)) throw new UnsupportedPart('a filter is not an object');
  const meta = isObject(filter['meta']) ? filter['meta'] : {};
  if (meta['disabled'] === true) return null;
  let q: Query;
  if (filter['query'] !== undefined) q = dslQuery(filter['query']);
  else {
    // Older filters put the query at the top level next to `meta` (`{meta, exists}`, `{meta, range}`).
    const rest = Object.fromEntries(Object.entries(filter).filter(([k]) => k !== 'meta' && k !== '$state'));
    q = dslQuery(rest);
  }
  return meta['negate'] === true ? not(q) : q;
}

/** One exception entry (`match`, `match_any`, `exists`, `wildcard`, `nested`) as a query tree. */
function entryQuery(e: JsonValue): Query {
  if (!isObject(e) || typeof e['field'] !== 'string') throw new UnsupportedPart('an exception entry has no field');
  const f = e['field'];
  let q: Query;
  switch (e['type']) {
    case 'match':
      q = { kind: 'is', field: field(f), value: value(scalarText(e['value'], `exception on '${f}'`), true), start: 0, end: 0 };
      break;
    case 'match_any': {
      const values = e['value'];
      if (!Array.isArray(values)) throw new UnsupportedPart(`exception 'match_any' on '${f}' needs a list of values`);
      q = or(values.map((v) => ({ kind: 'is', field: field(f), value: value(scalarText(v, `exception on '${f}'`), true), start: 0, end: 0 })));
      break;
    }
    case 'exists':
      q = { kind: 'exists', field: field(f), start: 0, end: 0 };
      break;
    case 'wildcard': {
      const v = scalarText(e['value'], `exception on '${f}'`);
      q = { kind: 'is', field: field(f), value: value(v, false, wildcardPattern(v)), start: 0, end: 0 };
      break;
    }
    case 'nested': {
      const inner = Array.isArray(e['entries']) ? e['entries'].map(entryQuery) : [];
      return { kind: 'nested', field: field(f), query: and(inner), start: 0, end: 0 };
    }
    case 'list':
      throw new UnsupportedPart(`exception on '${f}' uses a value list, whose contents an export does not hold`);
    default:
      throw new UnsupportedPart(`exception entry type '${String(e['type'])}' on '${f}' is not supported`);
  }
  return e['operator'] === 'excluded' ? not(q) : q;
}

/** An exception item (its entries ANDed) as a query tree. */
export function exceptionQuery(entries: readonly JsonValue[]): Query {
  if (entries.length === 0) throw new UnsupportedPart('an exception item has no entries');
  return and(entries.map(entryQuery));
}
