/**
 * Compiles one detection item (`field|mods: values`) into a matcher: field paths (after field
 * mapping), one leaf per value, the linking of the values (`all`) and negation (`neq`).
 */
import { SigmaCode } from '../codes.js';
import type { DetectionItem } from '../model.js';
import { applyModifier, lookupModifier } from '../modifiers.js';
import type { Modifier, Working } from '../modifiers.js';
import type { Problems } from '../problems.js';
import { MULTI, concat, parseSigmaString } from '../sigma-string.js';
import type { YScalar } from '../yaml/load.js';
import { Cidr } from './cidr.js';
import { compilePath } from './field-path.js';
import type { FieldPath } from './field-path.js';
import { AnyLeaf, BooleanLeaf, ContainsAnyLeaf, CidrLeaf, CompareLeaf, FieldRefLeaf, NumberLeaf, RegexLeaf, StringLeaf, TimeLeaf } from './leaves.js';
import type { Leaf, RefMode } from './leaves.js';
import { compileRegex } from './regex.js';
import { StringMatcher } from './string-match.js';

/** Everything item compilation needs from the rule and the run. */
export interface CompileContext {
  readonly problems: Problems;
  /** Rule title, for diagnostics. */
  readonly rule: string;
  /** The CloudTrail paths a Sigma field name maps to (itself when no pipeline maps it). */
  mapField(name: string): readonly string[];
  /** Values of an `expand` placeholder; undefined when no pipeline defines it. */
  placeholder(name: string): readonly string[] | undefined;
}

/** A compiled item. `paths` is null for keyword items (every value of the record is searched). */
export type CompiledItem =
  | {
      readonly kind: 'values';
      readonly paths: readonly FieldPath[] | null;
      readonly leaves: readonly Leaf[];
      /** `all`: every value must match (else any). */
      readonly all: boolean;
      readonly negated: boolean;
    }
  | { readonly kind: 'null'; readonly paths: readonly FieldPath[]; readonly negated: boolean }
  | { readonly kind: 'exists'; readonly paths: readonly FieldPath[]; readonly expect: boolean; readonly negated: boolean };

const SHAPING = new Set(['contains', 'startswith', 'endswith', 're', 'cidr', 'fieldref', 'base64', 'base64offset']);

/**
 * Longest value a detection item may hold. Record values are at most a few hundred kilobytes, so a
 * longer rule value cannot match anything real; compiling one cost memory many times its size.
 */
export const MAX_VALUE_LENGTH = 65_536;

function initialValue(node: YScalar, placeholders: boolean): Working {
  const v = node.value;
  switch (v.type) {
    case 'string':
      return { t: 'str', parts: parseSigmaString(v.value, placeholders), raw: v.value, binary: false, cased: false };
    case 'number':
      return { t: 'num', value: v.value, text: v.text };
    case 'boolean':
      return { t: 'bool', value: v.value };
    case 'null':
      throw new Error('null values are compiled separately');
  }
}

/** Compiles an item; null when it has errors (reported). */
export function compileItem(item: DetectionItem, ctx: CompileContext): CompiledItem | null {
  const { problems, rule } = ctx;
  const before = problems.errorCount;
  const chain: { name: string; at: number; mod: Modifier }[] = [];
  let valueModifiers = 0;
  for (const use of item.modifiers) {
    const mod = lookupModifier(use.name);
    if (mod === undefined) {
      problems.error(SigmaCode.unknownModifier, `unknown modifier '${use.name}'`, use.at, rule);
      continue;
    }
    if (mod.alone && item.modifiers.length > 1) problems.error(SigmaCode.badModifier, `modifier '${use.name}' must be the only modifier of the field`, use.at, rule);
    if (mod.first && valueModifiers > 0) problems.error(SigmaCode.badModifier, `modifier '${use.name}' must come before every other value modifier`, use.at, rule);
    if (chain.some((c) => c.name === use.name)) problems.error(SigmaCode.badModifier, `modifier '${use.name}' is repeated`, use.at, rule);
    if (mod.scope === 'value') valueModifiers++;
    chain.push({ name: use.name, at: use.at, mod });
  }
  if (problems.errorCount > before) return null;
  const names = new Set(chain.map((c) => c.name));
  const all = names.has('all');
  const negated = names.has('neq');
  const keyword = item.field === null;
  if (all && item.values.length < 2) {
    problems.error(SigmaCode.badModifier, "modifier 'all' needs a list of at least two values (the modifiers appendix does not allow it on a single value)", chain.find((c) => c.name === 'all')?.at, rule);
    return null;
  }
  if (names.has('exists') && item.values.length !== 1) {
    problems.error(SigmaCode.badModifier, "modifier 'exists' takes one value, true or false", chain.find((c) => c.name === 'exists')?.at, rule);
    return null;
  }
  const paths = keyword ? null : ctx.mapField(item.field as string).map(compilePath);

  // field: null — absent or JSON null (RULES "Special Field Values"; docs/sigma.md).
  const first = item.values[0] as YScalar;
  if (first.value.type === 'null') {
    const other = chain.find((c) => c.name !== 'neq');
    if (other !== undefined) problems.error(SigmaCode.badModifier, `modifier '${other.name}' cannot apply to null`, other.at, rule);
    if (paths === null) problems.error(SigmaCode.badSearch, 'null is not a keyword', first.start, rule);
    if (problems.errorCount > before || paths === null) return null;
    return { kind: 'null', paths, negated };
  }

  const placeholders = names.has('expand');
  const leaves: Leaf[] = [];
  let exists: boolean | null = null;
  for (const node of item.values) {
    if (node.text.length > MAX_VALUE_LENGTH) {
      problems.error(SigmaCode.limit, `value is too long: ${node.text.length} characters (the limit is ${MAX_VALUE_LENGTH})`, node.start, rule);
      continue;
    }
    let v = initialValue(node, placeholders);
    let failed = false;
    for (const { name, at, mod } of chain) {
      if (mod.scope === 'item') continue;
      const r = applyModifier(mod, v, ctx);
      if (typeof r === 'string' || !('t' in r)) {
        const failure = typeof r === 'string' ? { code: SigmaCode.badModifier, message: r } : r;
        problems.error(failure.code, failure.message, name === 'expand' ? node.start : at, rule);
        failed = true;
        break;
      }
      v = r;
    }
    if (failed) continue;
    if (v.t === 'exists') {
      if (keyword) problems.error(SigmaCode.badModifier, "modifier 'exists' needs a field", item.at, rule);
      exists = v.value;
      continue;
    }
    // Keywords are searched inside values: a plain keyword matches as a substring (RULES "Keywords search").
    if (keyword && v.t === 'str' && !chain.some((c) => SHAPING.has(c.name))) v = containsOf(v);
    if (keyword && (v.t === 'num' || v.t === 'bool')) v = containsOf(toText(v));
    const leaf = buildLeaf(v, node, ctx);
    if (leaf !== null) leaves.push(leaf);
  }
  if (problems.errorCount > before) return null;
  if (exists !== null && paths !== null) return { kind: 'exists', paths, expect: exists, negated };
  return { kind: 'values', paths, leaves: all ? leaves : groupContains(leaves), all, negated };
}

/** `contains` values of one item from which on they are searched together (ContainsAnyLeaf). */
const MIN_GROUPED_CONTAINS = 8;

/** Replaces an item's many `contains` leaves (any of which matches) by one multi-literal leaf per case rule. */
function groupContains(leaves: Leaf[]): Leaf[] {
  let out = leaves;
  for (const cased of [false, true]) {
    const group = out.filter((l): l is StringLeaf => l.kind === 'string' && l.matcher.shape === 'contains' && l.matcher.cased === cased);
    if (group.length < MIN_GROUPED_CONTAINS) continue;
    const grouped = ContainsAnyLeaf.build(group.map((l) => l.matcher), cased);
    if (grouped === null) continue;
    const members = new Set<Leaf>(group);
    out = [...out.filter((l) => !members.has(l)), grouped];
  }
  return out;
}

function toText(v: Working): Working {
  if (v.t === 'num') return { t: 'str', parts: [v.text], raw: v.text, binary: false, cased: false };
  if (v.t === 'bool') return { t: 'str', parts: [String(v.value)], raw: String(v.value), binary: false, cased: false };
  return v;
}

function containsOf(v: Working): Working {
  if (v.t !== 'str') return v;
  let parts = v.parts;
  if (parts[0] !== MULTI) parts = concat([MULTI], parts);
  if (parts[parts.length - 1] !== MULTI) parts = concat(parts, [MULTI]);
  return { ...v, parts };
}

function refMode(starts: boolean, ends: boolean): RefMode {
  if (starts && ends) return 'contains';
  if (starts) return 'startswith';
  if (ends) return 'endswith';
  return 'equals';
}

function buildLeaf(v: Working, node: YScalar, ctx: CompileContext): Leaf | null {
  const { problems, rule } = ctx;
  switch (v.t) {
    case 'str':
      return new StringLeaf(new StringMatcher(v.parts, v.cased));
    case 'num':
      return new NumberLeaf(v.value, v.text);
    case 'bool':
      return new BooleanLeaf(v.value);
    case 're': {
      const re = compileRegex(v.source, v);
      if (typeof re === 'string') {
        problems.error(SigmaCode.badRegex, re, node.start, rule);
        return null;
      }
      return new RegexLeaf(re, v.source, v.i);
    }
    case 'cidr': {
      const cidr = Cidr.parse(v.text);
      if (typeof cidr === 'string') {
        problems.error(SigmaCode.badCidr, `cidr: ${cidr}`, node.start, rule);
        return null;
      }
      return new CidrLeaf(cidr);
    }
    case 'cmp':
      return new CompareLeaf(v.op, v.value);
    case 'time':
      return new TimeLeaf(v.part, v.value);
    case 'ref':
      return new FieldRefLeaf(ctx.mapField(v.field).map(compilePath), refMode(v.starts, v.ends), v.cased);
    case 'exists':
      return null;
    case 'variants': {
      const leaves: Leaf[] = [];
      for (const item of v.items) {
        const leaf = buildLeaf(item, node, ctx);
        if (leaf === null) return null;
        leaves.push(leaf);
      }
      return new AnyLeaf(leaves);
    }
  }
}
