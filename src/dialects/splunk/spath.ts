/**
 * JSON paths of `spath` (digest §5.4): `a.b.c`, `{}` for every element of an array, `{n}` for one
 * (1-based, decided: the SPL1 page does not state the base). A path to an object or array gives its JSON
 * text; a missing path gives nothing.
 */
import type { JsonValue } from '../../record/view.js';

/** The values at `path` in a JSON value. */
export function valuesAtPath(root: JsonValue, path: string): string[] {
  let current: JsonValue[] = [root];
  for (const step of path.split('.')) {
    const m = /^([^{}]*)((?:\{\d*\})*)$/.exec(step);
    if (m === null) return [];
    const next: JsonValue[] = [];
    for (const v of current) {
      if (m[1] === '') next.push(v);
      else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, m[1]!)) next.push(v[m[1]!]!);
    }
    current = next;
    for (const index of m[2]!.match(/\{\d*\}/g) ?? []) {
      const n = index === '{}' ? null : Number(index.slice(1, -1));
      current = current.flatMap((v) => (Array.isArray(v) ? (n === null ? v : n >= 1 && n <= v.length ? [v[n - 1]!] : []) : []));
    }
  }
  return current.filter((v) => v !== null).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
}

/** Parses JSON text, or null when it is not JSON. */
export function parseJsonText(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}
