/**
 * The aws CLI's `--output text` rendering of a response, for commands that stand in for an aws CLI
 * command (`test-metric-filter`). Same rules as aws-cli's `awscli/text.py`:
 * - a dict prints its scalar values on one tab-separated line, in key order, after the upper-cased
 *   name of the list or key that holds it; its lists and dicts follow, each under its own key;
 * - a list of dicts uses the union of the dicts' scalar keys (sorted) for every element, so columns
 *   line up ('' where an element lacks a key);
 * - a list of scalars prints one `NAME\tvalue` line per element;
 * - empty lists print nothing.
 */
import type { JsonValue } from '../../record/view.js';
import { scalarText } from './scalar.js';

type Json = JsonValue;

/** Renders `value` as the aws CLI's text output (every line ends with `\n`). */
export function formatAwsText(value: Json): string {
  const out: string[] = [];
  write(value, out, null, null);
  return out.join('');
}

function isContainer(v: Json | undefined): v is Json[] | { [k: string]: Json } {
  return typeof v === 'object' && v !== null;
}

function write(item: Json, out: string[], name: string | null, scalarKeys: readonly string[] | null): void {
  if (Array.isArray(item)) writeList(item, out, name);
  else if (isContainer(item)) writeDict(item, out, name, scalarKeys);
  else out.push(`${scalarText(item)}\n`);
}

function writeList(items: readonly Json[], out: string[], name: string | null): void {
  if (items.length === 0) return;
  if (items.some((e) => isContainer(e) && !Array.isArray(e))) {
    const keys = new Set<string>();
    for (const e of items) if (isContainer(e) && !Array.isArray(e)) for (const [k, v] of Object.entries(e)) if (!isContainer(v)) keys.add(k);
    const sorted = [...keys].sort();
    for (const e of items) write(e, out, name, sorted);
    return;
  }
  const scalars = items.filter((e) => !isContainer(e));
  if (scalars.length > 0) {
    if (name !== null) for (const s of scalars) out.push(`${name.toUpperCase()}\t${scalarText(s)}\n`);
    else out.push(`${scalars.map(scalarText).join('\t')}\n`);
  }
  for (const e of items) if (isContainer(e)) write(e, out, name, null);
}

function writeDict(item: { [k: string]: Json }, out: string[], name: string | null, scalarKeys: readonly string[] | null): void {
  const scalars: string[] = [];
  const nested: [string, Json][] = [];
  if (scalarKeys === null) {
    for (const k of Object.keys(item).sort()) {
      const v = item[k]!;
      if (isContainer(v)) nested.push([k, v]);
      else scalars.push(scalarText(v));
    }
  } else {
    for (const k of scalarKeys) scalars.push(scalarText(item[k]));
    const known = new Set(scalarKeys);
    for (const k of Object.keys(item).sort()) if (!known.has(k)) nested.push([k, item[k]!]);
  }
  if (scalars.length > 0) out.push(`${[...(name !== null ? [name.toUpperCase()] : []), ...scalars].join('\t')}\n`);
  for (const [k, v] of nested) write(v, out, k, null);
}
