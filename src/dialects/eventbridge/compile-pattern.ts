/**
 * Validates an event pattern's JSON and compiles it to branches of field tests, rejecting exactly what
 * EventBridge rejects with the reason it gives (digest §3; the reasons are aws/event-ruler's
 * JsonRuleCompiler messages, as AWS returns them in `InvalidEventPatternException`).
 */
import { EventPatternError } from './errors.js';
import { parseCidr } from './ip.js';
import type { JsonEntry, JsonNode } from './json-text.js';
import type { AnythingBut, Branch, FieldTest, Matcher, NumericBound, NumericOp } from './model.js';

/** Most `$or` combinations a pattern may expand to (digest P30). */
export const MAX_OR_COMBINATIONS = 1000;

/** Matcher keywords: a `$or` array whose objects use them is a field called `$or` (P29). */
const KEYWORDS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric', 'exists', 'cidr', 'wildcard']);

const fail = (reason: string, node: { offset: number }): never => {
  throw new EventPatternError(reason, node.offset);
};

/** Compiles the pattern's root. Throws `EventPatternError`. */
export function compilePattern(root: JsonNode): Branch[] {
  if (root.kind !== 'object') fail('Filter is not an object', root);
  return objectBranches(root as Extract<JsonNode, { kind: 'object' }>, '');
}

/** The last entry of each key, in order of first appearance (P31: the last duplicate wins). */
function lastEntries(entries: readonly JsonEntry[]): JsonEntry[] {
  const byKey = new Map<string, JsonEntry>();
  for (const e of entries) byKey.set(e.key, e);
  return [...byKey.values()];
}

function isOrPrimitive(value: JsonNode): value is Extract<JsonNode, { kind: 'array' }> {
  return (
    value.kind === 'array' &&
    value.items.length >= 2 &&
    value.items.every((i) => i.kind === 'object' && i.entries.every((e) => !KEYWORDS.has(e.key)))
  );
}

function objectBranches(node: Extract<JsonNode, { kind: 'object' }>, prefix: string): Branch[] {
  if (node.entries.length === 0) fail('Empty objects are not allowed', node);
  let branches: Branch[] = [[]];
  for (const entry of lastEntries(node.entries)) {
    let alternatives: Branch[];
    if (entry.key === '$or' && isOrPrimitive(entry.value)) {
      alternatives = entry.value.items.flatMap((item) => objectBranches(item as Extract<JsonNode, { kind: 'object' }>, prefix));
    } else {
      const path = prefix === '' ? entry.key : `${prefix}.${entry.key}`;
      const v = entry.value;
      if (v.kind === 'object') alternatives = objectBranches(v, path);
      else if (v.kind === 'array') alternatives = [[{ path, matchers: matchersOf(v) }]];
      else return fail(`"${entry.key}" must be an object or an array`, v);
    }
    if (branches.length * alternatives.length > MAX_OR_COMBINATIONS) {
      fail(`The total number of $or combinations exceeds ${MAX_OR_COMBINATIONS}`, entry.value);
    }
    branches = branches.flatMap((b) => alternatives.map((a): FieldTest[] => [...b, ...a]));
  }
  return branches;
}

function matchersOf(array: Extract<JsonNode, { kind: 'array' }>): Matcher[] {
  if (array.items.length === 0) fail('Empty arrays are not allowed', array);
  return array.items.map(matcherOf);
}

function matcherOf(node: JsonNode): Matcher {
  switch (node.kind) {
    case 'string':
    case 'boolean':
      return { kind: 'exact', value: node.value };
    case 'null':
      return { kind: 'exact', value: null };
    case 'number':
      return { kind: 'exact', value: checkedNumber(node) };
    case 'array':
      return fail('Match value must be String, number, true, false, or null', node);
    case 'object':
      return operatorOf(node);
  }
}

/** A pattern number as a double; numbers a double cannot hold are rejected (P21, P36). */
function checkedNumber(node: Extract<JsonNode, { kind: 'number' }>): number {
  const mantissaNonZero = /[1-9]/.test(node.text.split(/[eE]/)[0]!);
  if (!Number.isFinite(node.value) || (node.value === 0 && mantissaNonZero)) fail('Cannot compare number', node);
  return node.value;
}

function stringOf(node: JsonNode, operator: string): string {
  if (node.kind !== 'string') fail(`${operator} match pattern must be a string`, node);
  return (node as Extract<JsonNode, { kind: 'string' }>).value;
}

function operatorOf(node: Extract<JsonNode, { kind: 'object' }>): Matcher {
  if (node.entries.length !== 1) fail('Only one key allowed in match expression', node);
  const { key, value } = node.entries[0]!;
  switch (key) {
    case 'prefix':
    case 'suffix': {
      if (value.kind === 'object' && value.entries.length === 1 && value.entries[0]!.key === 'equals-ignore-case') {
        return { kind: `${key}-ignore-case`, value: stringOf(value.entries[0]!.value, 'equals-ignore-case') };
      }
      return { kind: key, value: stringOf(value, key) };
    }
    case 'equals-ignore-case':
      return { kind: key, value: stringOf(value, key) };
    case 'wildcard': {
      const text = stringOf(value, key);
      return { kind: 'wildcard', value: text, regex: wildcardRegex(text, value) };
    }
    case 'exists':
      if (value.kind !== 'boolean') fail('exists match pattern must be either true or false.', value);
      return { kind: 'exists', value: (value as Extract<JsonNode, { kind: 'boolean' }>).value };
    case 'numeric':
      return { kind: 'numeric', bounds: numericBounds(value) };
    case 'cidr': {
      const text = stringOf(value, key);
      const range = parseCidr(text);
      if (typeof range === 'string') fail(range, value);
      return { kind: 'cidr', text, range: range as Exclude<typeof range, string> };
    }
    case 'anything-but':
      return { kind: 'anything-but', not: anythingBut(value) };
    default:
      return fail(`Unrecognized match type ${key}`, node);
  }
}

/** A `wildcard` value as an anchored regex (P20): `*` any run, `\*` and `\\` literal, no `**`. */
function wildcardRegex(text: string, at: JsonNode): RegExp {
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '*') {
      if (text[i + 1] === '*') fail(`Consecutive wildcard characters at pos ${i + 1}`, at);
      source += '.*';
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') fail(`Invalid escape character at pos ${i}`, at);
      source += `\\${next}`;
      i++;
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

const LOWER: readonly NumericOp[] = ['>', '>='];
const UPPER: readonly NumericOp[] = ['<', '<='];

function numericBounds(value: JsonNode): NumericBound[] {
  if (value.kind !== 'array') return fail('Value of numeric must be an array.', value);
  const items = value.items;
  const bounds: NumericBound[] = [];
  for (let i = 0; i < items.length; i += 2) {
    const opNode = items[i]!;
    const op = opNode.kind === 'string' ? opNode.value : '';
    if (!['=', '<', '<=', '>', '>='].includes(op)) fail(`Unrecognized numeric range operator: ${opNode.kind === 'string' ? op : JSON.stringify(opNode.kind)}`, opNode);
    const n = items[i + 1];
    if (n === undefined || n.kind !== 'number') return fail(`Value of ${op} must be numeric`, n ?? opNode);
    const nop = op as NumericOp;
    // One comparison, or a lower bound followed by an upper bound.
    const allowed = i === 0 ? true : bounds.length === 1 && LOWER.includes(bounds[0]!.op) && UPPER.includes(nop);
    if (!allowed || (i === 0 && items.length > 2 && !LOWER.includes(nop))) fail(`Bad numeric range operator: ${op}`, opNode);
    bounds.push({ op: nop, n: checkedNumber(n) });
  }
  if (bounds.length === 0 || items.length > 4) fail('Value of numeric must be an array.', value);
  return bounds;
}

function anythingBut(value: JsonNode): AnythingBut {
  switch (value.kind) {
    case 'string':
      return { kind: 'strings', values: [value.value] };
    case 'number':
      return { kind: 'numbers', values: [checkedNumber(value)] };
    case 'array': {
      if (value.items.length === 0) fail('Empty arrays are not allowed', value);
      const bad = value.items.find((i) => i.kind !== 'string' && i.kind !== 'number');
      if (bad !== undefined) fail(`Inside anything but list, start|null|boolean is not supported.`, bad);
      const kinds = new Set(value.items.map((i) => i.kind));
      if (kinds.size > 1) fail('Inside anything but list, either all values are number or string, mixed type is not permitted', value);
      return kinds.has('string')
        ? { kind: 'strings', values: value.items.map((i) => (i as Extract<JsonNode, { kind: 'string' }>).value) }
        : { kind: 'numbers', values: value.items.map((i) => checkedNumber(i as Extract<JsonNode, { kind: 'number' }>)) };
    }
    case 'object': {
      if (value.entries.length !== 1) fail('Only one key allowed in match expression', value);
      const { key, value: inner } = value.entries[0]!;
      if (key !== 'prefix' && key !== 'suffix' && key !== 'equals-ignore-case' && key !== 'wildcard') {
        return fail(`Unsupported anything-but pattern: ${key}`, value);
      }
      const list = inner.kind === 'array' ? inner.items : [inner];
      if (inner.kind === 'array' && list.length === 0) fail('Empty arrays are not allowed', inner);
      const values = list.map((item) => {
        if (item.kind !== 'string') {
          if (key === 'equals-ignore-case') fail('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.', item);
          fail(`${key} match pattern must be a string`, item);
        }
        const s = (item as Extract<JsonNode, { kind: 'string' }>).value;
        if ((key === 'prefix' || key === 'suffix') && s === '') fail('Null prefix/suffix not allowed', item);
        return s;
      });
      if (key === 'wildcard') return { kind: 'wildcard', values: values.map((s, i) => wildcardRegex(s, list[i]!)) };
      return { kind: key, values };
    }
    case 'null':
    case 'boolean':
      return fail('Value of anything-but must be an array or single string/number value.', value);
  }
}
