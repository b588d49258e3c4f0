/**
 * Reading field values out of an ECS document the way Elasticsearch indexes them: arrays are
 * multi-valued fields (K18), object arrays are flattened (`aws.cloudtrail.resources.arn`), keys may
 * themselves hold dots (`{"event.action": …}` and flattened keys), and a `.text` multi-field reads its
 * parent's value.
 */
import type { JsonObject, JsonValue } from '../../../record/view.js';

/** A scalar a field can hold. */
export type Scalar = string | number | boolean;

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

function collect(node: JsonValue | undefined, parts: readonly string[], i: number, out: JsonValue[]): void {
  if (node === undefined || node === null) return;
  if (Array.isArray(node)) {
    for (const el of node) collect(el, parts, i, out);
    return;
  }
  if (i === parts.length) {
    out.push(node);
    return;
  }
  if (!isObject(node)) return;
  let key = '';
  for (let j = i; j < parts.length; j++) {
    key = j === i ? parts[j]! : `${key}.${parts[j]}`;
    if (Object.prototype.hasOwnProperty.call(node, key)) collect(node[key], parts, j + 1, out);
  }
}

/** The values at `path`: scalars and objects (arrays flattened), in document order. */
export function valuesAt(doc: JsonObject, path: string): JsonValue[] {
  const out: JsonValue[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

/** Every scalar below `values` (objects and arrays opened). */
export function leavesOf(values: readonly JsonValue[], out: Scalar[] = []): Scalar[] {
  for (const v of values) {
    if (v === null) continue;
    if (Array.isArray(v)) leavesOf(v, out);
    else if (typeof v === 'object') leavesOf(Object.values(v), out);
    else out.push(v);
  }
  return out;
}

/** Every leaf of the document as `[dotted path, scalar]`, for free text and field-name wildcards. */
export function leafPaths(doc: JsonObject): [string, Scalar][] {
  const out: [string, Scalar][] = [];
  const walk = (v: JsonValue, path: string): void => {
    if (v === null) return;
    if (Array.isArray(v)) for (const el of v) walk(el, path);
    else if (typeof v === 'object') for (const k of Object.keys(v)) walk(v[k]!, path === '' ? k : `${path}.${k}`);
    else out.push([path, v]);
  };
  walk(doc, '');
  return out;
}

/** How a keyword field indexes a scalar: JSON booleans and numbers as their text. */
export function keywordText(v: Scalar): string {
  return typeof v === 'string' ? v : String(v);
}
