/**
 * Field paths: how a Sigma field name finds values in a nested CloudTrail record.
 *
 * The specification says nothing about nesting (reference notes sigma.md §3.2, §3.7). We walk dotted
 * names through objects, and at each object a key equal to the whole remaining dotted name also counts
 * (sigma-rust's lookup order, so a key that itself contains dots is found). Arrays are transparent:
 * an intermediate array applies the rest of the path to each element, and a terminal array offers
 * each element (nested arrays flattened) — "any member" semantics, as SEP #212 and rsigma do.
 * A path through a scalar, null or missing value simply resolves to nothing.
 */
import type { JsonObject, JsonValue } from '../../../record/view.js';

/** A compiled field path. */
export interface FieldPath {
  /** The field name as the rule (after field mapping) wrote it. */
  readonly name: string;
  readonly segments: readonly string[];
  /** `suffixes[i]` = segments i..end joined with dots (precomputed for the dotted-key lookup). */
  readonly suffixes: readonly string[];
}

/** A test on one scalar value (string, number, boolean or null) of a record. */
export interface ValueTest {
  test(value: JsonValue, root: JsonObject): boolean;
}

/** Compiles a dotted field name. */
export function compilePath(name: string): FieldPath {
  const segments = name.split('.');
  const suffixes = segments.map((_, i) => segments.slice(i).join('.'));
  return { name, segments, suffixes };
}

const hasOwn = Object.prototype.hasOwnProperty;

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when `test` accepts some scalar the path resolves to. */
export function anyValue(root: JsonObject, path: FieldPath, test: ValueTest): boolean {
  return walk(root, path, 0, test, root);
}

function walk(node: JsonValue, path: FieldPath, i: number, test: ValueTest, root: JsonObject): boolean {
  if (Array.isArray(node)) {
    for (const el of node) if (walk(el, path, i, test, root)) return true;
    return false;
  }
  if (!isObject(node)) return false;
  const segs = path.segments;
  // A key holding the whole remaining dotted name wins first.
  if (i < segs.length - 1) {
    const joined = path.suffixes[i] as string;
    if (hasOwn.call(node, joined) && terminal(node[joined] as JsonValue, test, root)) return true;
  }
  const key = segs[i] as string;
  if (!hasOwn.call(node, key)) return false;
  const child = node[key] as JsonValue;
  return i === segs.length - 1 ? terminal(child, test, root) : walk(child, path, i + 1, test, root);
}

function terminal(v: JsonValue, test: ValueTest, root: JsonObject): boolean {
  if (Array.isArray(v)) {
    for (const el of v) if (terminal(el, test, root)) return true;
    return false;
  }
  // Objects never equal a scalar value (reference notes sigma.md §3.8).
  if (isObject(v)) return false;
  return test.test(v, root);
}

/** Bits of `presence`: the key was found somewhere; some found value is null (or an empty array). */
export const FOUND = 1;
/** See `FOUND`. */
export const NULLISH = 2;

/** What the path finds: `FOUND` when the last key exists anywhere, plus `NULLISH` when a found value is null or []. */
export function presence(root: JsonObject, path: FieldPath): number {
  return presenceAt(root, path, 0);
}

function presenceAt(node: JsonValue, path: FieldPath, i: number): number {
  if (Array.isArray(node)) {
    let bits = 0;
    for (const el of node) bits |= presenceAt(el, path, i);
    return bits;
  }
  if (!isObject(node)) return 0;
  const segs = path.segments;
  let bits = 0;
  if (i < segs.length - 1) {
    const joined = path.suffixes[i] as string;
    if (hasOwn.call(node, joined)) bits |= terminalPresence(node[joined] as JsonValue);
  }
  const key = segs[i] as string;
  if (!hasOwn.call(node, key)) return bits;
  const child = node[key] as JsonValue;
  return bits | (i === segs.length - 1 ? terminalPresence(child) : presenceAt(child, path, i + 1));
}

function terminalPresence(v: JsonValue): number {
  if (v === null) return FOUND | NULLISH;
  if (Array.isArray(v)) {
    if (v.length === 0) return FOUND | NULLISH;
    for (const el of v) if (el === null) return FOUND | NULLISH;
  }
  return FOUND;
}

/** True when `test` accepts some scalar anywhere in the record (keyword search: values, never keys). */
export function anyScalar(node: JsonValue, test: ValueTest, root: JsonObject): boolean {
  if (Array.isArray(node)) {
    for (const el of node) if (anyScalar(el, test, root)) return true;
    return false;
  }
  if (isObject(node)) {
    for (const key in node) if (hasOwn.call(node, key) && anyScalar(node[key] as JsonValue, test, root)) return true;
    return false;
  }
  return node !== null && test.test(node, root);
}
