/**
 * Java's `HashMap` iteration order and `toString()`, which the `aws.cloudtrail` ingest pipeline exposes:
 * `aws.cloudtrail.request_parameters` & co. are `ctx.json.requestParameters.toString()` of the maps
 * Elasticsearch's JSON processor builds (elastic-rules.md §2.1 M6). Exact-value queries on those fields
 * see `{key=value, key2=value2}` in hash order, not JSON order.
 */
import type { JsonValue } from '../../../record/view.js';

/** Java `String.hashCode()`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The table capacity a `HashMap` reaches after `n` insertions: 16, doubled whenever the size passes
 * three quarters of it. Removals (the pipeline's null/empty drop runs after parsing) never shrink it.
 */
export function hashMapCapacity(n: number): number {
  let capacity = 16;
  while (n > capacity * 0.75) capacity *= 2;
  return capacity;
}

/**
 * Keys in `HashMap` iteration order: by bucket `(h ^ (h >>> 16)) & (capacity - 1)`, insertion order within
 * a bucket (a resize splits buckets preserving relative order). `inserted` is how many keys the map held
 * at its largest, which fixes the capacity. Trees (8+ keys in one bucket) are not modelled.
 */
export function hashMapOrder(keys: readonly string[], inserted: number = keys.length): string[] {
  const mask = hashMapCapacity(inserted) - 1;
  const bucket = (k: string): number => {
    const h = javaStringHash(k);
    return (h ^ (h >>> 16)) & mask;
  };
  return keys
    .map((k, i) => ({ k, i, b: bucket(k) }))
    .sort((a, b) => a.b - b.b || a.i - b.i)
    .map((e) => e.k);
}

/**
 * `toString()` of a parsed JSON value as Java prints it: maps `{k=v, …}` in hash order, lists `[a, b]`,
 * strings bare. `sizeOf` gives the key count a map had before the drop (defaults to its current size).
 */
export function javaToString(value: JsonValue, sizeOf: (map: object) => number | undefined = () => undefined): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return javaNumber(value);
  if (Array.isArray(value)) return `[${value.map((v) => javaToString(v, sizeOf)).join(', ')}]`;
  const keys = Object.keys(value);
  const order = hashMapOrder(keys, sizeOf(value) ?? keys.length);
  return `{${order.map((k) => `${k}=${javaToString(value[k]!, sizeOf)}`).join(', ')}}`;
}

/**
 * A JSON number as Java prints the boxed value Jackson made of it: integers as written, fractions as
 * `Double.toString` (scientific outside [1e-3, 1e7)). JSON text `1.0` parses to the integer 1 here, where
 * Java would print `1.0`: JSON.parse keeps no trace of the spelling (docs/elastic.md).
 */
function javaNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
