/**
 * Compiles an EQL condition to a function over an ECS document, checking it against the field mapping
 * on the way (elastic-rules.md Q2–Q11).
 *
 * Three-valued logic (Q7): every expression may be `null`; `and`/`or`/`not` propagate it as SQL does,
 * and a condition that is `null` does not match. `x == null` and `x != null` test presence.
 *
 * Multi-valued fields (Q11, open; decided in docs/elastic.md "EQL"): a leaf test (a comparison, `:`/`like`/
 * `regex`, `in`, a function used as a test) that reads one field is true when it is true for any of the
 * field's values — what the term/wildcard query Elasticsearch builds does. `!=` and `not in` are the
 * negation of `==` and `in` (a `must_not` query), so `["a","b"] != "a"` is false. A leaf that reads
 * several fields (`add(a, b) > 2`) uses each field's first value.
 */
import type { JsonObject } from '../../../record/view.js';
import type { Expr, FieldRef, Literal, Span } from './ast.js';
import { walk } from './ast.js';
import { EqlCode } from './codes.js';
import type { EqlCodeValue } from './codes.js';
import { fieldValues, resolveFieldType, typeClass } from './field-values.js';
import type { EqlValue, FieldTypeLookup, TypeClass } from './field-values.js';
import { ENDGAME_ONLY, FUNCTIONS } from './functions.js';
import type { FunctionSpec, StaticType } from './functions.js';
import { luceneRegExp } from './lucene-regex.js';
import { parseAddress, parseCidr } from '../../eventbridge/ip.js';
import { equalsInsensitive, wildcardRegExp } from './wildcard.js';

/** A problem found while compiling, at a span of the query text. */
export interface Problem extends Span {
  readonly code: EqlCodeValue;
  readonly message: string;
}

/** A compiled condition: true, false or null (no match) for one document. */
export type Condition = (doc: JsonObject) => boolean | null;

/** Options of the compiler. */
export interface ConditionOptions {
  /** The field mapping; when absent no field is unknown and values keep their JSON types. */
  readonly fieldTypes?: FieldTypeLookup | undefined;
  /** A keyword field's `ignore_above`: longer values are not indexed, so EQL does not see them (M6). */
  readonly ignoreAbove?: ((field: string) => number | undefined) | undefined;
}

interface Env {
  readonly doc: JsonObject;
  readonly bound: EqlValue[];
}

type NumKind = 'int' | 'float' | 'dynamic';

interface Value {
  readonly run: (env: Env) => EqlValue;
  readonly type: StaticType;
  readonly num: NumKind;
  /** True when the expression reads a field. */
  readonly readsField: boolean;
}

interface FieldInfo {
  readonly parts: readonly string[];
  readonly cls: TypeClass;
  /** An optional field missing from the mapping: always null (EQLSYN "Optional fields"). */
  readonly absent: boolean;
  /** Longer string values are not indexed (`ignore_above`); Infinity when unlimited. */
  readonly limit: number;
}

const isInt = (kind: NumKind, v: EqlValue): boolean => kind === 'int' || (kind === 'dynamic' && typeof v === 'number' && Number.isInteger(v));

function staticOf(cls: TypeClass): StaticType {
  switch (cls) {
    case 'string':
      return 'string';
    case 'int':
    case 'float':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'ip':
      return 'ip';
    case 'date':
      return 'date';
    default:
      return 'unknown';
  }
}

function literalType(v: Literal['value']): StaticType {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  return 'boolean';
}

/** Whether two static types can meet in a comparison (unknown and null meet anything). */
function compatible(a: StaticType, b: StaticType): boolean {
  if (a === 'unknown' || b === 'unknown' || a === 'null' || b === 'null' || a === b) return true;
  const stringy = (t: StaticType): boolean => t === 'string' || t === 'ip' || t === 'date';
  return stringy(a) && stringy(b);
}

function not(v: boolean | null): boolean | null {
  return v === null ? null : !v;
}

/** Equality as `==` and `in` see it: values of different types are never equal; ip fields by address. */
function equal(a: EqlValue, b: EqlValue, ip: boolean): boolean {
  if (a === b) return true;
  if (ip && typeof a === 'string' && typeof b === 'string') {
    const x = parseAddress(a);
    const y = parseAddress(b);
    return x !== null && y !== null && x.v6 === y.v6 && x.value === y.value;
  }
  return false;
}

function order(a: EqlValue, b: EqlValue): number | null {
  if (a === null || b === null || typeof a !== typeof b) return null;
  if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
  return a < (b as string | number) ? -1 : a > (b as string | number) ? 1 : 0;
}

/** Compiles conditions; collects problems instead of throwing. */
export class ConditionCompiler {
  readonly problems: Problem[] = [];
  private readonly fieldTypes: FieldTypeLookup | undefined;
  private readonly ignoreAbove: ((field: string) => number | undefined) | undefined;

  constructor(options: ConditionOptions) {
    this.fieldTypes = options.fieldTypes;
    this.ignoreAbove = options.ignoreAbove;
  }

  private problem(code: EqlCodeValue, message: string, at: Span): void {
    this.problems.push({ code, message, start: at.start, end: at.end });
  }

  /** The mapping facts about a field reference, reporting unknown and unsearchable fields. */
  field(ref: FieldRef): FieldInfo {
    const parts = ref.path.split('.');
    const limit = this.ignoreAbove?.(ref.path) ?? Infinity;
    if (this.fieldTypes === undefined) return { parts, cls: 'unknown', absent: false, limit };
    const type = resolveFieldType(this.fieldTypes, ref.path);
    if (type === undefined) {
      if (!ref.optional) this.problem(EqlCode.unknownField, `unknown field '${ref.path}': it is not in the mapping (write ?${ref.path} to read it as null)`, ref);
      return { parts, cls: 'unknown', absent: true, limit };
    }
    let cls = typeClass(type);
    // A text field with a keyword sub-field is searched through it (EQLSYN "Text fields are not supported").
    if (cls === 'text' && typeClass(this.fieldTypes(`${ref.path}.keyword`)) === 'string') cls = 'string';
    if (cls === 'text') this.problem(EqlCode.typeMismatch, `field '${ref.path}' is of type text, which EQL cannot search`, ref);
    if (cls === 'object') this.problem(EqlCode.typeMismatch, `field '${ref.path}' is of type ${type}, which EQL cannot compare`, ref);
    return { parts, cls, absent: false, limit };
  }

  /** Compiles a `where` condition. */
  condition(e: Expr): Condition {
    switch (e.kind) {
      case 'and': {
        const [l, r] = [this.condition(e.left), this.condition(e.right)];
        return (doc) => {
          const a = l(doc);
          if (a === false) return false;
          const b = r(doc);
          if (b === false) return false;
          return a === null || b === null ? null : true;
        };
      }
      case 'or': {
        const [l, r] = [this.condition(e.left), this.condition(e.right)];
        return (doc) => {
          const a = l(doc);
          if (a === true) return true;
          const b = r(doc);
          if (b === true) return true;
          return a === null || b === null ? null : false;
        };
      }
      case 'not': {
        const inner = this.condition(e.operand);
        return (doc) => not(inner(doc));
      }
      default:
        return this.leaf(e);
    }
  }

  /** A test on values: bound once per value of the field it reads (see the module comment). */
  private leaf(e: Expr): Condition {
    let negate = false;
    let body: Expr = e;
    if (e.kind === 'compare' && e.op === '!=') {
      body = { ...e, op: '==' };
      negate = true;
    } else if (e.kind === 'in' && e.negated) {
      body = { ...e, negated: false };
      negate = true;
    }
    const refs = new Map<string, FieldRef>();
    walk(body, (x) => {
      if (x.kind === 'field' && !refs.has(x.path)) refs.set(x.path, x);
    });
    const slots = new Map<string, number>();
    const infos: FieldInfo[] = [];
    for (const [path, ref] of refs) {
      slots.set(path, infos.length);
      infos.push(this.field(ref));
    }
    const value = this.value(body, slots, infos);
    if (value.type !== 'boolean' && value.type !== 'unknown' && value.type !== 'null') {
      this.problem(EqlCode.typeMismatch, `a condition must be a test, found a ${value.type} value`, e);
    }
    const test = (env: Env): boolean | null => {
      const v = value.run(env);
      return typeof v === 'boolean' ? v : null;
    };
    let run: Condition;
    if (infos.length === 0) {
      run = (doc) => test({ doc, bound: [] });
    } else if (infos.length === 1) {
      const info = infos[0] as FieldInfo;
      run = (doc) => {
        const values = info.absent ? [] : fieldValues(doc, info.parts, info.cls, info.limit);
        const env: Env = { doc, bound: [null] };
        if (values.length === 0) return test(env);
        // Three-valued "any": true if some value gives true, else false if some gives false, else null.
        let sawFalse = false;
        for (const v of values) {
          env.bound[0] = v;
          const r = test(env);
          if (r === true) return true;
          if (r === false) sawFalse = true;
        }
        return sawFalse ? false : null;
      };
    } else {
      run = (doc) => test({ doc, bound: infos.map((i) => (i.absent ? null : (fieldValues(doc, i.parts, i.cls, i.limit)[0] ?? null))) });
    }
    return negate ? (doc) => not(run(doc)) : run;
  }

  private value(e: Expr, slots: ReadonlyMap<string, number>, infos: readonly FieldInfo[]): Value {
    switch (e.kind) {
      case 'literal': {
        const v = e.value;
        return { run: () => v, type: literalType(v), num: e.float ? 'float' : 'int', readsField: false };
      }
      case 'field': {
        const slot = slots.get(e.path) as number;
        const info = infos[slot] as FieldInfo;
        const num: NumKind = info.cls === 'int' ? 'int' : info.cls === 'float' ? 'float' : 'dynamic';
        // An optional field the mapping lacks is the constant null (EQLSYN "Optional fields"), so
        // `?x == ?y` is not a field-to-field comparison.
        return { run: (env) => env.bound[slot] ?? null, type: info.absent ? 'null' : staticOf(info.cls), num, readsField: !info.absent };
      }
      case 'and':
      case 'or':
      case 'not': {
        // A boolean sub-expression inside a value (a function argument): evaluated on the whole document.
        const c = this.condition(e);
        return { run: (env) => c(env.doc), type: 'boolean', num: 'dynamic', readsField: true };
      }
      case 'compare':
        return this.compare(e, slots, infos);
      case 'pattern':
        return this.pattern(e, slots, infos);
      case 'in':
        return this.in(e, slots, infos);
      case 'arith': {
        const name = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'modulo' }[e.op];
        return this.call({ kind: 'call', name, insensitive: false, args: [e.left, e.right], start: e.start, end: e.end }, slots, infos, e.op);
      }
      case 'negate': {
        const v = this.value(e.operand, slots, infos);
        this.expectType(v, 'number', e.operand, "operand of unary '-'");
        return { run: (env) => { const x = v.run(env); return typeof x === 'number' ? -x : null; }, type: 'number', num: v.num, readsField: v.readsField };
      }
      case 'call':
        return this.call(e, slots, infos, null);
    }
  }

  private expectType(v: Value, want: StaticType, at: Span, what: string): void {
    if (want === 'unknown' || v.type === 'unknown' || v.type === 'null') return;
    const ok = want === 'string' ? v.type === 'string' || v.type === 'ip' || v.type === 'date' : want === 'ip' ? v.type === 'ip' || v.type === 'string' : v.type === want;
    if (!ok) this.problem(EqlCode.typeMismatch, `${what} must be a ${want}, found a ${v.type}`, at);
  }

  private compare(e: Expr & { kind: 'compare' }, slots: ReadonlyMap<string, number>, infos: readonly FieldInfo[]): Value {
    const l = this.value(e.left, slots, infos);
    const r = this.value(e.right, slots, infos);
    if (l.readsField && r.readsField) this.problem(EqlCode.fieldToField, `a field cannot be compared with a field ('${e.op}'): compare each with a constant`, e);
    if (!compatible(l.type, r.type)) this.problem(EqlCode.typeMismatch, `cannot compare a ${l.type} with a ${r.type} ('${e.op}')`, e);
    const ip = l.type === 'ip' || r.type === 'ip';
    const op = e.op;
    // `x == null` / `x != null` test presence (Elasticsearch rewrites them to IsNull / IsNotNull), and so
    // does comparing two missing optional fields (`?x == ?y` is true, EQLQA optionalFieldAsQueryKeysOnly);
    // any other comparison with a null value is null (Q7).
    const nullLiteral = (x: Expr): boolean => x.kind === 'literal' && x.value === null;
    const presence = nullLiteral(e.left) || nullLiteral(e.right) || (l.type === 'null' && r.type === 'null');
    const run = (env: Env): EqlValue => {
      const a = l.run(env);
      const b = r.run(env);
      if (a === null || b === null) {
        if (!presence) return null;
        return op === '==' ? a === b : op === '!=' ? a !== b : null;
      }
      if (op === '==') return equal(a, b, ip);
      if (op === '!=') return !equal(a, b, ip);
      const c = order(a, b);
      if (c === null) return null;
      return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
    };
    return { run, type: 'boolean', num: 'dynamic', readsField: l.readsField || r.readsField };
  }

  private pattern(e: Expr & { kind: 'pattern' }, slots: ReadonlyMap<string, number>, infos: readonly FieldInfo[]): Value {
    const operand = this.value(e.operand, slots, infos);
    this.expectType(operand, 'string', e.operand, `the value before '${e.written}'`);
    const regexps: RegExp[] = [];
    for (const p of e.patterns) {
      if (typeof p.value !== 'string') {
        this.problem(EqlCode.typeMismatch, `the patterns of '${e.written}' must be strings, found ${p.value === null ? 'null' : typeof p.value}`, p);
        continue;
      }
      if (e.op === 'like') {
        regexps.push(wildcardRegExp(p.value, e.insensitive));
        continue;
      }
      const r = luceneRegExp(p.value, e.insensitive);
      if (r.ok) regexps.push(r.regexp);
      else this.problem(EqlCode.syntax, `${r.message} (at character ${r.offset + 1} of the pattern)`, p);
    }
    const run = (env: Env): EqlValue => {
      const v = operand.run(env);
      if (typeof v !== 'string') return null;
      for (const re of regexps) if (re.test(v)) return true;
      return false;
    };
    return { run, type: 'boolean', num: 'dynamic', readsField: operand.readsField };
  }

  private in(e: Expr & { kind: 'in' }, slots: ReadonlyMap<string, number>, infos: readonly FieldInfo[]): Value {
    const operand = this.value(e.operand, slots, infos);
    const items = e.list.map((x) => this.value(x, slots, infos));
    e.list.forEach((x, i) => {
      const item = items[i] as Value;
      if (item.readsField) this.problem(EqlCode.fieldToField, `a field cannot be compared with a field ('in'): list constants only`, x);
      else if (!compatible(operand.type, item.type)) this.problem(EqlCode.typeMismatch, `cannot look up a ${item.type} in a ${operand.type} value ('in')`, x);
    });
    const ip = operand.type === 'ip';
    const ci = e.insensitive;
    const run = (env: Env): EqlValue => {
      const v = operand.run(env);
      if (v === null) return null;
      let sawNull = false;
      for (const item of items) {
        const x = item.run(env);
        if (x === null) sawNull = true;
        else if (ci && typeof v === 'string' && typeof x === 'string' ? equalsInsensitive(v, x) : equal(v, x, ip)) return true;
      }
      return sawNull ? null : false;
    };
    return { run, type: 'boolean', num: 'dynamic', readsField: operand.readsField };
  }

  private call(e: Expr & { kind: 'call' }, slots: ReadonlyMap<string, number>, infos: readonly FieldInfo[], operator: string | null): Value {
    const spec: FunctionSpec | undefined = Object.prototype.hasOwnProperty.call(FUNCTIONS, e.name) ? FUNCTIONS[e.name] : undefined;
    const args = e.args.map((a) => this.value(a, slots, infos));
    const readsField = args.some((a) => a.readsField);
    if (spec === undefined) {
      const why = ENDGAME_ONLY.has(e.name) ? ' (an Endgame EQL function that Elasticsearch does not have)' : '';
      const hint = Object.keys(FUNCTIONS).find((k) => k.toLowerCase() === e.name.toLowerCase());
      this.problem(EqlCode.unknownFunction, `unknown function '${e.name}'${why}${hint !== undefined ? `; function names are case-sensitive, did you mean '${hint}'?` : ''}`, e);
      return { run: () => null, type: 'unknown', num: 'dynamic', readsField };
    }
    const what = operator !== null ? `operator '${operator}'` : `${e.name}()`;
    if (e.args.length < spec.min || e.args.length > spec.max) {
      const want = spec.max === Infinity ? `at least ${spec.min}` : spec.min === spec.max ? `${spec.min}` : `${spec.min} to ${spec.max}`;
      this.problem(EqlCode.arity, `${what} takes ${want} argument${spec.max === 1 ? '' : 's'}, found ${e.args.length}`, e);
    }
    if (e.insensitive && !spec.insensitive) this.problem(EqlCode.syntax, `${e.name}() has no case-insensitive form '${e.name}~'`, e);
    args.forEach((a, i) => this.expectType(a, spec.args[Math.min(i, spec.args.length - 1)] as StaticType, e.args[i] as Expr, `argument ${i + 1} of ${what}`));
    if (e.name === 'cidrMatch') {
      for (const a of e.args.slice(1)) {
        if (a.kind !== 'literal' || typeof a.value !== 'string') continue;
        const range = parseCidr(a.value);
        if (typeof range === 'string') this.problem(EqlCode.typeMismatch, `invalid CIDR block "${a.value}": ${range.toLowerCase()}`, a);
      }
    }
    const kinds = args.map((a) => a.num);
    const ci = e.insensitive;
    const run = (env: Env): EqlValue => {
      const values = args.map((a) => a.run(env));
      const ints = values.map((v, i) => isInt(kinds[i] as NumKind, v));
      return spec.call(values, ci, ints);
    };
    let num: NumKind = 'dynamic';
    if (spec.intResult !== undefined && kinds.every((k) => k !== 'dynamic')) num = spec.intResult(kinds.map((k) => k === 'int')) ? 'int' : 'float';
    else if (spec.intResult !== undefined && spec.intResult([]) === true) num = 'int';
    return { run, type: spec.returns, num, readsField };
  }
}
