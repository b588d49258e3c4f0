/**
 * A JSON scalar as the aws CLI prints it: Python's `str()` of the value the CLI parsed
 * (`None`, `True`, `False`), '' for a missing key.
 */
import type { JsonValue } from '../../record/view.js';

export function scalarText(v: JsonValue | undefined): string {
  if (v === undefined) return '';
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  return String(v);
}
