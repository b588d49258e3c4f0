/**
 * Field values of an ECS document as EQL sees them (elastic-rules.md Q7, Q8, Q11; M5).
 *
 * A document is plain JSON as Elasticsearch stores `_source`: nested objects, dotted keys, or both
 * (`{"event": {"action": "x"}}` and `{"event.action": "x"}` are the same field). Arrays are flattened, and
 * objects inside arrays contribute their fields, as the `fields` API that EQL reads returns them. A
 * field that is absent, `null` or an empty array has no values: EQL sees `null`.
 *
 * Values are coerced to the field's mapped type the way indexing would: a keyword field holding the
 * JSON number 7 has the value "7"; a long field holding "7" has 7; a boolean field holding "true" has
 * true. Without a type the JSON value is used as is.
 */
import type { JsonObject, JsonValue } from '../../../record/view.js';

/** A scalar EQL value. */
export type EqlValue = string | number | boolean | null;

/** Looks up a field's Elasticsearch mapping type (keyword, long, text, ...); undefined when unmapped. */
export type FieldTypeLookup = (field: string) => string | undefined;

/** What a mapping type means to EQL. */
export type TypeClass = 'string' | 'int' | 'float' | 'boolean' | 'ip' | 'date' | 'text' | 'object' | 'unknown';

const STRING_TYPES = new Set(['keyword', 'constant_keyword', 'wildcard', 'version', 'flattened_keyword']);
const INT_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);
const FLOAT_TYPES = new Set(['double', 'float', 'half_float', 'scaled_float']);

/** The class of a mapping type. `text` is kept apart: EQL cannot search it (Q8). */
export function typeClass(type: string | undefined): TypeClass {
  if (type === undefined) return 'unknown';
  if (STRING_TYPES.has(type)) return 'string';
  if (INT_TYPES.has(type)) return 'int';
  if (FLOAT_TYPES.has(type)) return 'float';
  if (type === 'boolean') return 'boolean';
  if (type === 'ip') return 'ip';
  if (type === 'date' || type === 'date_nanos') return 'date';
  if (type === 'text' || type === 'match_only_text') return 'text';
  if (type === 'object' || type === 'nested' || type === 'flattened') return 'object';
  return 'unknown';
}

/**
 * The mapping type of `field`: its own, or `keyword` when it lies under a `flattened` field (every leaf
 * of a flattened object is indexed as a keyword).
 */
export function resolveFieldType(lookup: FieldTypeLookup, field: string): string | undefined {
  const own = lookup(field);
  if (own !== undefined) return own;
  for (let dot = field.lastIndexOf('.'); dot > 0; dot = field.lastIndexOf('.', dot - 1)) {
    if (lookup(field.slice(0, dot)) === 'flattened') return 'keyword';
  }
  return undefined;
}

/** Collects the scalar leaves at `parts[from..]` under `v` into `out`. */
function collect(v: JsonValue | undefined, parts: readonly string[], from: number, out: JsonValue[]): void {
  if (v === undefined || v === null) return;
  if (Array.isArray(v)) {
    for (const x of v) collect(x, parts, from, out);
    return;
  }
  if (from === parts.length) {
    if (typeof v !== 'object') out.push(v);
    return;
  }
  if (typeof v !== 'object') return;
  // A key may itself hold dots: try `a`, `a.b`, `a.b.c`, ... at each level.
  let key = '';
  for (let i = from; i < parts.length; i++) {
    key = i === from ? (parts[i] as string) : `${key}.${parts[i] as string}`;
    if (Object.prototype.hasOwnProperty.call(v, key)) collect(v[key], parts, i + 1, out);
  }
}

function coerce(v: JsonValue, cls: TypeClass): EqlValue | undefined {
  switch (cls) {
    case 'string':
    case 'ip':
    case 'date':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      return undefined;
    case 'int':
    case 'float': {
      if (typeof v === 'number') return cls === 'int' ? Math.trunc(v) : v;
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return cls === 'int' ? Math.trunc(Number(v)) : Number(v);
      return undefined;
    }
    case 'boolean':
      if (typeof v === 'boolean') return v;
      if (v === 'true') return true;
      if (v === 'false' || v === '') return false;
      return undefined;
    default:
      return typeof v === 'object' ? undefined : v;
  }
}

/**
 * The values of `field` (already split on dots) in `doc`, coerced to `cls`; empty when absent. Strings
 * longer than `limit` (a keyword's `ignore_above`) are left out: they are not indexed (M6).
 */
export function fieldValues(doc: JsonObject, parts: readonly string[], cls: TypeClass, limit = Infinity): EqlValue[] {
  const raw: JsonValue[] = [];
  collect(doc, parts, 0, raw);
  const out: EqlValue[] = [];
  for (const v of raw) {
    const c = coerce(v, cls);
    if (c !== undefined && c !== null && !(typeof c === 'string' && c.length > limit)) out.push(c);
  }
  return out;
}
