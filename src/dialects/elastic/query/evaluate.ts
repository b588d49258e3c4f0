/**
 * Evaluates a query tree on an ECS document as Elasticsearch answers the query Kibana's detection
 * engine sends (elastic-rules.md §3.2): the engine passes no field types (KDE), so `field:value` becomes
 * `match` / `match_phrase` / `query_string` / `exists`, and the outcome depends on how the field is
 * mapped (src/dialects/mapping/ecs/field-types.ts, or `fieldTypes` overrides). Problems the query would
 * meet at search time are reported when it is compiled, with the offset of the clause.
 */
import { inCidr, parseAddress, parseCidr } from '../../eventbridge/ip.js';
import type { JsonObject } from '../../../record/view.js';
import { fieldType, type EsFieldType, type FieldTypes } from '../../mapping/ecs/field-types.js';
import type { Bound, FieldRef, Query, Value } from './ast.js';
import { dateInterval, docDate } from './dates.js';
import { keywordText, leafPaths, leavesOf, valuesAt, type Scalar } from './fields.js';
import { analyze, containsPhrase, patternRegExp } from './text-match.js';

/** Options of query compilation. */
export interface QueryOptions {
  /** Field type overrides (default: the aws.cloudtrail data stream's types). */
  readonly fieldTypes?: FieldTypes;
  /** What `now` means in date math, in epoch ms (default: the time of compilation). */
  readonly now?: number;
}

/** A problem found while compiling: `error` when Elasticsearch would reject the query (it never runs). */
export interface QueryProblem {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly offset: number;
}

/** A compiled query. */
export interface CompiledQuery {
  matches(doc: JsonObject): boolean;
  readonly problems: readonly QueryProblem[];
}

type Test = (doc: JsonObject) => boolean;
type ScalarTest = (v: Scalar) => boolean;

/** Keyword fields whose values longer than `ignore_above` are not indexed (FIELDS; elastic-rules.md M6). */
const IGNORE_ABOVE: Readonly<Record<string, number>> = {
  'aws.cloudtrail.request_parameters': 8191,
  'aws.cloudtrail.response_elements': 8191,
  'aws.cloudtrail.additional_eventdata': 8191,
  'aws.cloudtrail.service_event_details': 8191,
};

const TEXT_TYPES = new Set<EsFieldType | undefined>(['text', 'match_only_text']);
const NUMERIC = new Set<EsFieldType | undefined>(['long', 'integer', 'double', 'float']);

class Compiler {
  readonly problems: QueryProblem[] = [];
  private readonly now: number;

  constructor(private readonly options: QueryOptions) {
    this.now = options.now ?? Date.now();
  }

  private type(path: string): EsFieldType | undefined {
    return fieldType(path, this.options.fieldTypes);
  }

  private warn(offset: number, message: string): void {
    this.problems.push({ severity: 'warning', offset, message });
  }

  compile(q: Query, base: string): Test {
    switch (q.kind) {
      case 'all':
        return () => true;
      case 'and': {
        const cs = q.children.map((c) => this.compile(c, base));
        return (d) => cs.every((c) => c(d));
      }
      case 'or': {
        const cs = q.children.map((c) => this.compile(c, base));
        return (d) => cs.some((c) => c(d));
      }
      case 'not': {
        const c = this.compile(q.child, base);
        return (d) => !c(d);
      }
      case 'bool': {
        const must = q.must.map((c) => this.compile(c, base));
        const should = q.should.map((c) => this.compile(c, base));
        const mustNot = q.mustNot.map((c) => this.compile(c, base));
        return (d) =>
          must.every((c) => c(d)) && !mustNot.some((c) => c(d)) && (must.length > 0 || should.length === 0 || should.some((c) => c(d)));
      }
      case 'exists':
        return this.field(q.field, base, (path, full) => {
          const type = this.type(full);
          return (d) => this.values(d, path, type).length > 0 || leavesOf(valuesAt(d, path)).length > 0;
        });
      case 'is':
        if (q.field === null) return this.freeText((path) => this.scalarTest(this.type(path), q.value, path, true));
        return this.field(q.field, base, (path, full) => {
          const type = this.type(full);
          if (type === 'nested' || type === 'object' || type === 'geo_point') return () => false;
          const test = this.scalarTest(type, q.value, full, false);
          return (d) => this.values(d, path, type).some(test);
        });
      case 'range':
        return this.field(q.field, base, (path, full) => {
          const type = this.type(full);
          const test = this.rangeTest(type, q.lower, q.upper, q.start);
          return (d) => this.values(d, path, type).some(test);
        });
      case 'regex': {
        let re: RegExp;
        try {
          re = new RegExp(`^(?:${q.source})$`, 'u');
        } catch (e) {
          this.problems.push({ severity: 'error', offset: q.start, message: `invalid regular expression /${q.source}/: ${(e as Error).message}` });
          return () => false;
        }
        const test = (type: EsFieldType | undefined): ScalarTest =>
          TEXT_TYPES.has(type) ? (v) => analyze(keywordText(v)).some((t) => re.test(t)) : (v) => typeof v === 'string' && re.test(v);
        if (q.field === null) return this.freeText((path) => test(this.type(path)));
        return this.field(q.field, base, (path, full) => {
          const type = this.type(full);
          const t = test(type);
          return (d) => this.values(d, path, type).some(t);
        });
      }
      case 'nested': {
        const path = base === '' ? q.field.name : `${base}.${q.field.name}`;
        if (this.type(path) !== 'nested') {
          // K9: a nested query on a field not mapped `nested` fails at search time; the rule never runs.
          this.problems.push({
            severity: 'error',
            offset: q.field.start,
            message: `'${path}' is not a nested field (it is ${this.type(path) ?? 'not mapped'}): elasticsearch rejects this nested query`,
          });
          return () => false;
        }
        const inner = this.compile(q.query, path);
        return (d) => valuesAt(d, q.field.name).some((el) => typeof el === 'object' && el !== null && !Array.isArray(el) && inner(el));
      }
    }
  }

  /** The values a field holds, as the index sees them (a `.text` multi-field reads its parent). */
  private values(d: JsonObject, path: string, type: EsFieldType | undefined): Scalar[] {
    let raw = valuesAt(d, path);
    if (raw.length === 0 && path.endsWith('.text') && TEXT_TYPES.has(type)) raw = valuesAt(d, path.slice(0, -5));
    const out: Scalar[] = [];
    for (const v of raw) {
      if (typeof v !== 'object' || v === null) out.push(v as Scalar);
      else if (type === 'flattened') leavesOf([v], out);
    }
    const limit = IGNORE_ABOVE[path];
    return limit === undefined ? out : out.filter((v) => keywordText(v).length <= limit);
  }

  /** A test on one field, or on each field a field-name pattern expands to (K11). */
  private field(ref: FieldRef, base: string, build: (path: string, full: string) => Test): Test {
    const full = (name: string): string => (base === '' ? name : `${base}.${name}`);
    if (ref.pattern === null) return build(ref.name, full(ref.name));
    this.warn(ref.start, `field name pattern '${ref.name}' is expanded against the document's fields; elasticsearch's handling of it in detection rules is unverified (elastic-rules.md K11)`);
    const re = patternRegExp(ref.pattern, false);
    const cache = new Map<string, Test>();
    return (d) => {
      const names = new Set(leafPaths(d).map(([p]) => p));
      for (const name of names) {
        if (!re.test(name)) continue;
        let t = cache.get(name);
        if (t === undefined) cache.set(name, (t = build(name, full(name))));
        if (t(d)) return true;
      }
      return false;
    };
  }

  /** Free text: any field, leniently (K10): a value a field's type cannot take matches nothing there. */
  private freeText(build: (path: string) => ScalarTest): Test {
    const cache = new Map<string, ScalarTest>();
    const get = (path: string): ScalarTest => {
      let t = cache.get(path);
      if (t === undefined) cache.set(path, (t = build(path)));
      return t;
    };
    return (d) => {
      for (const [path, v] of leafPaths(d)) {
        if (get(path)(v)) return true;
        if (TEXT_TYPES.has(this.type(`${path}.text`)) && get(`${path}.text`)(v)) return true;
      }
      return false;
    };
  }

  /** `field:value` on one scalar of a field of `type` (K13–K20). */
  private scalarTest(type: EsFieldType | undefined, value: Value, path: string, lenient: boolean): ScalarTest {
    if (type === undefined) {
      // Unmapped here: the document's own JSON types stand in for dynamic mapping.
      const asKeyword = this.scalarTest('keyword', value, path, true);
      const asNumber = this.scalarTest('double', value, path, true);
      const asBoolean = this.scalarTest('boolean', value, path, true);
      return (v) => (typeof v === 'string' ? asKeyword(v) : typeof v === 'number' ? asNumber(v) : asBoolean(v));
    }
    const reject = (why: string): ScalarTest => {
      if (!lenient) this.warn(value.start, `'${value.text}' ${why} of '${path}' (${type}): elasticsearch fails this clause, so it never matches`);
      return () => false;
    };
    if (TEXT_TYPES.has(type)) {
      if (value.pattern !== null) {
        const re = patternRegExp(value.pattern, true);
        return (v) => analyze(keywordText(v)).some((t) => re.test(t));
      }
      const wanted = analyze(value.text);
      if (value.quoted) return (v) => containsPhrase(analyze(keywordText(v)), wanted);
      return (v) => {
        const tokens = analyze(keywordText(v));
        return wanted.some((w) => tokens.includes(w));
      };
    }
    if (value.pattern !== null) {
      if (type === 'keyword' || type === 'constant_keyword' || type === 'wildcard' || type === 'flattened') {
        const re = patternRegExp(value.pattern, false);
        return (v) => re.test(keywordText(v));
      }
      return () => false;
    }
    switch (type) {
      case 'keyword':
      case 'constant_keyword':
      case 'wildcard':
      case 'flattened':
        return (v) => keywordText(v) === value.text;
      case 'boolean': {
        if (value.text !== 'true' && value.text !== 'false') return reject('is not a boolean value');
        const want = value.text === 'true';
        return (v) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null) === want;
      }
      case 'ip': {
        if (value.text.includes('/')) {
          const range = parseCidr(value.text);
          if (typeof range === 'string') return reject('is not an IP address or CIDR block');
          return (v) => typeof v === 'string' && inCidr(range, v);
        }
        const a = parseAddress(value.text);
        if (a === null) return reject('is not an IP address or CIDR block');
        return (v) => {
          const b = typeof v === 'string' ? parseAddress(v) : null;
          return b !== null && b.v6 === a.v6 && b.value === a.value;
        };
      }
      case 'date': {
        const span = dateInterval(value.text, this.now);
        if (span === null) return reject('is not a date');
        return (v) => {
          const t = docDate(v);
          return t !== null && t >= span.first && t <= span.last;
        };
      }
      default: {
        if (!NUMERIC.has(type)) return () => false;
        const n = Number(value.text);
        if (value.text.trim() === '' || Number.isNaN(n)) return reject('is not a number');
        if ((type === 'long' || type === 'integer') && !Number.isInteger(n)) return reject('is not a whole number');
        return (v) => Number(v) === n;
      }
    }
  }

  /** A range test (K8): numbers by value, dates as intervals, IPs by address, keywords by text order. */
  private rangeTest(type: EsFieldType | undefined, lower: Bound | null, upper: Bound | null, offset: number): ScalarTest {
    if (type === 'date') {
      const lo = lower === null ? null : dateInterval(lower.value.text, this.now);
      const hi = upper === null ? null : dateInterval(upper.value.text, this.now);
      if ((lower !== null && lo === null) || (upper !== null && hi === null)) {
        this.warn(offset, 'a range bound is not a date: elasticsearch fails this clause, so it never matches');
        return () => false;
      }
      return (v) => {
        const t = docDate(v);
        if (t === null) return false;
        if (lo !== null && lower !== null && !(lower.inclusive ? t >= lo.first : t > lo.last)) return false;
        if (hi !== null && upper !== null && !(upper.inclusive ? t <= hi.last : t < hi.first)) return false;
        return true;
      };
    }
    if (NUMERIC.has(type) || (type === undefined && [lower, upper].every((b) => b === null || !Number.isNaN(Number(b.value.text))))) {
      const lo = lower === null ? null : Number(lower.value.text);
      const hi = upper === null ? null : Number(upper.value.text);
      if (Number.isNaN(lo) || Number.isNaN(hi)) {
        this.warn(offset, 'a range bound is not a number: elasticsearch fails this clause, so it never matches');
        return () => false;
      }
      return (v) => {
        if (type === undefined && typeof v !== 'number') return false;
        const n = Number(v);
        if (Number.isNaN(n)) return false;
        if (lo !== null && lower !== null && !(lower.inclusive ? n >= lo : n > lo)) return false;
        if (hi !== null && upper !== null && !(upper.inclusive ? n <= hi : n < hi)) return false;
        return true;
      };
    }
    if (type === 'ip') {
      const lo = lower === null ? null : parseAddress(lower.value.text);
      const hi = upper === null ? null : parseAddress(upper.value.text);
      return (v) => {
        const a = typeof v === 'string' ? parseAddress(v) : null;
        if (a === null) return false;
        if (lo !== null && lower !== null && (lo.v6 !== a.v6 || !(lower.inclusive ? a.value >= lo.value : a.value > lo.value))) return false;
        if (hi !== null && upper !== null && (hi.v6 !== a.v6 || !(upper.inclusive ? a.value <= hi.value : a.value < hi.value))) return false;
        return true;
      };
    }
    if (type === 'keyword' || type === 'constant_keyword' || type === 'wildcard' || type === 'flattened' || type === undefined) {
      const lo = lower?.value.text ?? null;
      const hi = upper?.value.text ?? null;
      return (v) => {
        const s = keywordText(v);
        if (lo !== null && lower !== null && !(lower.inclusive ? s >= lo : s > lo)) return false;
        if (hi !== null && upper !== null && !(upper.inclusive ? s <= hi : s < hi)) return false;
        return true;
      };
    }
    return () => false;
  }
}

/** Compiles a parsed query for evaluation on ECS documents. */
export function compileQuery(query: Query, options: QueryOptions = {}): CompiledQuery {
  const c = new Compiler(options);
  const test = c.compile(query, '');
  return { matches: test, problems: c.problems };
}
