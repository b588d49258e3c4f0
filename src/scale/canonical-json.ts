/**
 * Canonical JSON (object keys sorted, no spaces) and its SHA-256: the identities of plans and partial
 * reports, equal for equal content whatever order the content was built in.
 */
import { createHash } from 'node:crypto';

/** `value` as JSON with every object's keys in code-unit order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** Hex SHA-256 of a string's UTF-8 bytes. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
