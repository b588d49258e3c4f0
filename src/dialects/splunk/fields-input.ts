/** The `fields` input: an event given as a flat map field → value or list of values (digest §3.8). */
import type { Fields, Scalar } from '../mapping/splunk/fields.js';

/** The event of a flat field map: null and missing values are no value; objects are their JSON text. */
export function fieldsOfMap(map: object): Fields {
  const fields: Fields = new Map();
  for (const [k, v] of Object.entries(map) as [string, unknown][]) {
    const list = (Array.isArray(v) ? v : [v]).filter((x) => x !== null && x !== undefined);
    const scalars: Scalar[] = list.map((x) => (typeof x === 'number' ? x : typeof x === 'string' ? x : JSON.stringify(x)));
    if (scalars.length > 0) fields.set(k, scalars);
  }
  return fields;
}
