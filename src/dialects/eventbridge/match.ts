/**
 * Matching an event against compiled branches, as aws/event-ruler's array-consistent matcher
 * (`Machine.rulesForJSONEvent`) does (digest §3).
 *
 * The event is flattened into leaves keyed by dotted path (P5): objects contribute their fields, arrays
 * their elements (P13, P15), empty objects and arrays nothing (P3, P14). Each leaf remembers which
 * element of which event array it sits in; the leaves one branch uses must agree on every array they
 * share (P16).
 */
import { inCidr } from './ip.js';
import type { AnythingBut, Branch, Matcher, NumericBound } from './model.js';

type Scalar = string | number | boolean | null;

interface Leaf {
  readonly value: Scalar;
  /** Pairs of (array id, element index), outermost first. */
  readonly trail: readonly number[];
}

/** An event's leaves by dotted path. */
export type FlatEvent = ReadonlyMap<string, readonly Leaf[]>;

/** Every path the branches test, and each of its dotted prefixes: the only parts of an event worth flattening. */
export function pathsOf(branches: readonly Branch[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const b of branches) {
    for (const f of b) {
      for (let i = f.path.indexOf('.'); i >= 0; i = f.path.indexOf('.', i + 1)) out.add(f.path.slice(0, i));
      out.add(f.path);
    }
  }
  return out;
}

/**
 * Flattens an event (any JSON value; only objects have named leaves). With `paths`, subtrees no path
 * of the pattern reaches are skipped (a dotted event key still counts as the path it spells, P5).
 */
export function flattenEvent(event: unknown, paths?: ReadonlySet<string>): FlatEvent {
  const out = new Map<string, Leaf[]>();
  let arrays = 0;
  const walk = (v: unknown, path: string, trail: readonly number[]): void => {
    if (Array.isArray(v)) {
      const id = arrays++;
      v.forEach((item, i) => walk(item, path, [...trail, id, i]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const p = path === '' ? k : `${path}.${k}`;
        if (paths === undefined || paths.has(p)) walk(child, p, trail);
      }
    } else if (path !== '') {
      let list = out.get(path);
      if (list === undefined) out.set(path, (list = []));
      list.push({ value: v as Scalar, trail });
    }
  };
  walk(event, '', []);
  return out;
}

function consistent(a: Leaf, b: Leaf): boolean {
  for (let i = 0; i < a.trail.length; i += 2) {
    for (let j = 0; j < b.trail.length; j += 2) {
      if (a.trail[i] === b.trail[j] && a.trail[i + 1] !== b.trail[j + 1]) return false;
    }
  }
  return true;
}

/** True when the event matches any branch. */
export function matchBranches(branches: readonly Branch[], event: FlatEvent): boolean {
  return branches.some((b) => matchBranch(b, event));
}

function matchBranch(branch: Branch, event: FlatEvent): boolean {
  const constrained: Leaf[][] = [];
  for (const field of branch) {
    const leaves = event.get(field.path) ?? [];
    if (leaves.length === 0) {
      // Only `exists: false` matches a missing leaf (anything-but needs one: P23, P24).
      if (field.matchers.some((m) => m.kind === 'exists' && !m.value)) continue;
      return false;
    }
    const candidates = leaves.filter((l) => field.matchers.some((m) => matchLeaf(m, l.value)));
    if (candidates.length === 0) return false;
    constrained.push(candidates);
  }
  return choose(constrained, 0, []);
}

/** Picks one candidate leaf per field so that all picked leaves are array-consistent (P16). */
function choose(fields: readonly (readonly Leaf[])[], i: number, picked: Leaf[]): boolean {
  if (i === fields.length) return true;
  for (const leaf of fields[i]!) {
    if (!picked.every((p) => consistent(p, leaf))) continue;
    picked.push(leaf);
    if (choose(fields, i + 1, picked)) return true;
    picked.pop();
  }
  return false;
}

const lower = (s: string): string => s.toLowerCase();

function matchLeaf(m: Matcher, v: Scalar): boolean {
  switch (m.kind) {
    case 'exact':
      // Numbers by value, and never across JSON types (P9, P10, P11).
      return v === m.value;
    case 'prefix':
      return typeof v === 'string' && v.startsWith(m.value);
    case 'suffix':
      return typeof v === 'string' && v.endsWith(m.value);
    case 'equals-ignore-case':
      return typeof v === 'string' && lower(v) === lower(m.value);
    case 'prefix-ignore-case':
      return typeof v === 'string' && lower(v).startsWith(lower(m.value));
    case 'suffix-ignore-case':
      return typeof v === 'string' && lower(v).endsWith(lower(m.value));
    case 'wildcard':
      return typeof v === 'string' && m.regex.test(v);
    case 'numeric':
      return typeof v === 'number' && m.bounds.every((b) => compare(b, v));
    case 'cidr':
      return typeof v === 'string' && inCidr(m.range, v);
    case 'exists':
      return m.value;
    case 'anything-but':
      return !excluded(m.not, v);
  }
}

function compare(b: NumericBound, v: number): boolean {
  switch (b.op) {
    case '=':
      return v === b.n;
    case '<':
      return v < b.n;
    case '<=':
      return v <= b.n;
    case '>':
      return v > b.n;
    case '>=':
      return v >= b.n;
  }
}

/** True when `anything-but` excludes the leaf; values of another type, and null, are never excluded (P24). */
function excluded(not: AnythingBut, v: Scalar): boolean {
  switch (not.kind) {
    case 'numbers':
      return typeof v === 'number' && not.values.includes(v);
    case 'strings':
      return typeof v === 'string' && not.values.includes(v);
    case 'prefix':
      return typeof v === 'string' && not.values.some((p) => v.startsWith(p));
    case 'suffix':
      return typeof v === 'string' && not.values.some((s) => v.endsWith(s));
    case 'equals-ignore-case':
      return typeof v === 'string' && not.values.some((s) => lower(s) === lower(v));
    case 'wildcard':
      return typeof v === 'string' && not.values.some((r) => r.test(v));
  }
}
