/**
 * The value modifiers of the Sigma modifiers appendix (v2.1), in one registry.
 *
 * Each entry says what it accepts and where it may stand, and transforms a working value; the
 * modifiers of a key apply left to right (sigma-rules-specification.md "Value Modifiers"). Chain rules
 * follow pySigma `sigma/modifiers.py`: `re`, `cidr` and `exists` must come first (`exists` alone),
 * `i`/`m`/`s` need `re`, encodings refuse wildcards, numeric and time modifiers need numbers.
 * `all` and `neq` act on the whole item (value linking, negation). pySigma's long regex flag names
 * (`ignorecase`, `multiline`, `dotall`) are accepted as aliases, as is `utf16le` (appendix name) for `wide`.
 */
import { SigmaCode } from './codes.js';
import type { SigmaCodeValue } from './codes.js';
import { MAX_WINDASH_VARIANTS, base64, base64Offsets, utf16, windash } from './compile/encode.js';
import type { Utf16Form } from './compile/encode.js';
import type { CompareOp } from './compile/leaves.js';
import type { TimePart } from './compile/time-part.js';
import { MULTI, concat, hasPlaceholder, hasWildcard, parseSigmaString, plainText } from './sigma-string.js';
import type { Part } from './sigma-string.js';

/** A value between modifiers. */
export type Working =
  | { readonly t: 'str'; readonly parts: readonly Part[]; readonly raw: string | null; readonly binary: boolean; readonly cased: boolean }
  | { readonly t: 'num'; readonly value: number; readonly text: string }
  | { readonly t: 'bool'; readonly value: boolean }
  | { readonly t: 're'; readonly source: string; readonly i: boolean; readonly m: boolean; readonly s: boolean }
  | { readonly t: 'cidr'; readonly text: string }
  | { readonly t: 'cmp'; readonly op: CompareOp; readonly value: number }
  | { readonly t: 'time'; readonly part: TimePart; readonly value: number }
  | { readonly t: 'ref'; readonly field: string; readonly starts: boolean; readonly ends: boolean; readonly cased: boolean }
  | { readonly t: 'exists'; readonly value: boolean }
  | { readonly t: 'variants'; readonly items: readonly Working[] };

/** A failure with its own diagnostic code (plain strings are `badModifier` errors). */
export interface ModifierFailure {
  readonly message: string;
  readonly code: SigmaCodeValue;
}

/** Result of applying a modifier: the new value, or why it cannot apply. */
export type ModifierResult = Working | string | ModifierFailure;

/** What a modifier sees besides the value. */
export interface ModifierContext {
  /** Values of a placeholder (`expand`), undefined when no pipeline defines it. */
  placeholder(name: string): readonly string[] | undefined;
}

/** A modifier: where it may stand and how it transforms a value (`string` = error message). */
export interface Modifier {
  /** `value`: transforms each value; `item`: changes how the item's values combine. */
  readonly scope: 'value' | 'item';
  /** Must not follow any value-transforming modifier. */
  readonly first?: boolean;
  /** Must be the only modifier of the key. */
  readonly alone?: boolean;
  /** What it accepts, for error messages. */
  readonly accepts: string;
  apply(v: Working, ctx: ModifierContext): ModifierResult;
}

/** Upper bound on expanded variants of one value (placeholders multiply). */
const MAX_VARIANTS = 4096;

function toStr(v: Working): Working {
  if (v.t === 'num') return { t: 'str', parts: [v.text], raw: v.text, binary: false, cased: false };
  if (v.t === 'bool') {
    const text = v.value ? 'true' : 'false';
    return { t: 'str', parts: [text], raw: text, binary: false, cased: false };
  }
  return v;
}

function describe(v: Working): string {
  switch (v.t) {
    case 'str':
      return `the string '${plainText(v.parts)}'`;
    case 'num':
      return `the number ${v.text}`;
    case 'bool':
      return `the boolean ${v.value}`;
    case 're':
      return 'a regular expression';
    case 'cidr':
      return 'a CIDR network';
    case 'cmp':
      return 'a numeric comparison';
    case 'time':
      return 'a time part';
    case 'ref':
      return 'a field reference';
    case 'exists':
      return 'an existence test';
    case 'variants':
      return 'expanded variants';
  }
}

function mismatch(name: string, accepts: string, v: Working): string {
  return `modifier '${name}' needs ${accepts}, found ${describe(v)}`;
}

function wrap(name: 'contains' | 'startswith' | 'endswith'): Modifier {
  const accepts = 'a string, number or field reference';
  return {
    scope: 'value',
    accepts,
    apply(input) {
      const v = toStr(input);
      const head = name === 'contains' || name === 'endswith';
      const tail = name === 'contains' || name === 'startswith';
      if (v.t === 'str') {
        let parts: Part[] = [...v.parts];
        if (head && parts[0] !== MULTI) parts = concat([MULTI], parts);
        if (tail && parts[parts.length - 1] !== MULTI) parts = concat(parts, [MULTI]);
        return { ...v, parts, raw: null };
      }
      if (v.t === 're') {
        // `re` already searches; startswith/endswith anchor it at the start/end of the value.
        let source = v.source;
        if (name === 'startswith') source = `\\A(?:${source})`;
        if (name === 'endswith') source = `(?:${source})\\z`;
        return { ...v, source };
      }
      if (v.t === 'ref') return { ...v, starts: v.starts || tail, ends: v.ends || head };
      return mismatch(name, accepts, v);
    },
  };
}

function regexFlag(flag: 'i' | 'm' | 's', name: string): Modifier {
  return {
    scope: 'value',
    accepts: "a regular expression ('re' before it)",
    apply(v) {
      if (v.t !== 're') return `modifier '${name}' is a regular expression flag: write 're' before it`;
      return { ...v, [flag]: true };
    },
  };
}

function encodeUtf16(name: string, form: Utf16Form): Modifier {
  return {
    scope: 'value',
    accepts: 'a string',
    apply(v) {
      if (v.t !== 'str') return mismatch(name, 'a string', v);
      if (v.binary) return `modifier '${name}' applies to text, but the value is already encoded`;
      const parts = v.parts.map((p) => (typeof p === 'string' ? utf16(p, form) : p));
      return { ...v, parts: concat([], parts), raw: null, binary: true };
    },
  };
}

function encodable(name: string, v: Working): string | null {
  if (v.t !== 'str') return mismatch(name, 'a string', v);
  if (hasWildcard(v.parts)) return `modifier '${name}' cannot encode wildcards: remove '*'/'?' (or escape them with a backslash)`;
  if (hasPlaceholder(v.parts)) return `modifier '${name}' cannot encode placeholders`;
  return null;
}

function compare(op: CompareOp): Modifier {
  return {
    scope: 'value',
    accepts: 'a number',
    apply(v) {
      if (v.t !== 'num') return mismatch(op, 'a number', v) + (v.t === 'str' ? ' (numbers are written without quotes)' : '');
      return { t: 'cmp', op, value: v.value };
    },
  };
}

function timeModifier(part: TimePart): Modifier {
  return {
    scope: 'value',
    accepts: 'a whole number',
    apply(v) {
      if (v.t !== 'num' || !Number.isInteger(v.value)) return mismatch(part, 'a whole number', v);
      return { t: 'time', part, value: v.value };
    },
  };
}

function unresolved(name: string): ModifierFailure {
  return {
    code: SigmaCode.unresolvedPlaceholder,
    message: `placeholder %${name}% is not defined by any pipeline (add it under 'vars:' with a value_placeholders transformation)`,
  };
}

function expand(v: Working, ctx: ModifierContext): ModifierResult {
  if (v.t === 're') {
    const names = [...v.source.matchAll(/%([^%\s]+)%/g)].map((m) => m[1] as string);
    let sources = [v.source];
    for (const name of new Set(names)) {
      const values = ctx.placeholder(name);
      if (values === undefined) return unresolved(name);
      sources = sources.flatMap((s) => values.map((val) => s.split(`%${name}%`).join(val.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'))));
      if (sources.length > MAX_VARIANTS) return `placeholders expand to more than ${MAX_VARIANTS} variants`;
    }
    return sources.length === 1 ? { ...v, source: sources[0] as string } : { t: 'variants', items: sources.map((source) => ({ ...v, source })) };
  }
  if (v.t !== 'str') return mismatch('expand', 'a string', v);
  let variants: Part[][] = [[]];
  for (const p of v.parts) {
    if (typeof p !== 'object') {
      variants = variants.map((x) => concat(x, [p]));
      continue;
    }
    const values = ctx.placeholder(p.placeholder);
    if (values === undefined) return unresolved(p.placeholder);
    variants = variants.flatMap((x) => values.map((val) => concat(x, parseSigmaString(val))));
    if (variants.length > MAX_VARIANTS) return `placeholders expand to more than ${MAX_VARIANTS} variants`;
  }
  if (variants.length === 1) return { ...v, parts: variants[0] as Part[], raw: null };
  return { t: 'variants', items: variants.map((parts) => ({ ...v, parts, raw: null })) };
}

/** Every modifier of the appendix, by name. */
export const modifiers = {
  // Generic modifiers
  all: { scope: 'item', accepts: 'a list of values', apply: (v) => v },
  contains: wrap('contains'),
  startswith: wrap('startswith'),
  endswith: wrap('endswith'),
  exists: {
    scope: 'value',
    first: true,
    alone: true,
    accepts: 'true or false',
    apply(v) {
      if (v.t !== 'bool') return mismatch('exists', 'true or false', v);
      return { t: 'exists', value: v.value };
    },
  },
  cased: {
    scope: 'value',
    accepts: 'a string or field reference',
    apply(input) {
      const v = toStr(input);
      if (v.t === 'str' || v.t === 'ref') return { ...v, cased: true };
      return mismatch('cased', 'a string or field reference', v);
    },
  },
  neq: { scope: 'item', accepts: 'any value', apply: (v) => v },
  // String modifiers
  windash: {
    scope: 'value',
    accepts: 'a string',
    apply(v) {
      if (v.t !== 'str') return mismatch('windash', 'a string', v);
      const variants = windash(v.parts);
      if (variants === null) return `windash: too many dash positions (the variants would exceed ${MAX_WINDASH_VARIANTS})`;
      return variants.length === 1 ? v : { t: 'variants', items: variants.map((parts) => ({ ...v, parts, raw: null })) };
    },
  },
  re: {
    scope: 'value',
    first: true,
    accepts: 'a string',
    apply(v) {
      if (v.t !== 'str' || v.raw === null) return mismatch('re', 'a string', v);
      return { t: 're', source: v.raw, i: false, m: false, s: false };
    },
  },
  i: regexFlag('i', 'i'),
  m: regexFlag('m', 'm'),
  s: regexFlag('s', 's'),
  ignorecase: regexFlag('i', 'ignorecase'),
  multiline: regexFlag('m', 'multiline'),
  dotall: regexFlag('s', 'dotall'),
  base64: {
    scope: 'value',
    accepts: 'a string without wildcards',
    apply(v) {
      const bad = encodable('base64', v);
      if (bad !== null || v.t !== 'str') return bad ?? '';
      return { t: 'str', parts: [base64(plainText(v.parts), v.binary)], raw: null, binary: false, cased: v.cased };
    },
  },
  base64offset: {
    scope: 'value',
    accepts: 'a string without wildcards',
    apply(v) {
      const bad = encodable('base64offset', v);
      if (bad !== null || v.t !== 'str') return bad ?? '';
      const items = base64Offsets(plainText(v.parts), v.binary).map((text): Working => ({ t: 'str', parts: [text], raw: null, binary: false, cased: v.cased }));
      return { t: 'variants', items };
    },
  },
  utf16le: encodeUtf16('utf16le', 'le'),
  wide: encodeUtf16('wide', 'le'),
  utf16be: encodeUtf16('utf16be', 'be'),
  utf16: encodeUtf16('utf16', 'bom'),
  // Numeric modifiers
  lt: compare('lt'),
  lte: compare('lte'),
  gt: compare('gt'),
  gte: compare('gte'),
  // Time modifiers
  minute: timeModifier('minute'),
  hour: timeModifier('hour'),
  day: timeModifier('day'),
  week: timeModifier('week'),
  month: timeModifier('month'),
  year: timeModifier('year'),
  // IP modifiers
  cidr: {
    scope: 'value',
    first: true,
    accepts: 'a CIDR network string',
    apply(v) {
      if (v.t !== 'str' || v.raw === null) return mismatch('cidr', 'a CIDR network string', v);
      return { t: 'cidr', text: v.raw };
    },
  },
  // Specific modifiers
  expand: { scope: 'value', accepts: 'a string with %placeholders%', apply: expand },
  fieldref: {
    scope: 'value',
    accepts: 'a field name',
    apply(input) {
      const v = toStr(input);
      if (v.t !== 'str') return mismatch('fieldref', 'a field name', v);
      if (hasWildcard(v.parts)) return 'a field reference must not contain wildcards';
      return { t: 'ref', field: plainText(v.parts), starts: false, ends: false, cased: v.cased };
    },
  },
} satisfies Record<string, Modifier>;

/** Looks a modifier up by name (own properties only). */
export function lookupModifier(name: string): Modifier | undefined {
  return Object.prototype.hasOwnProperty.call(modifiers, name) ? (modifiers as Record<string, Modifier>)[name] : undefined;
}

/** Applies a modifier to a value, distributing over variants (pySigma `SigmaExpansion`). */
export function applyModifier(mod: Modifier, v: Working, ctx: ModifierContext): ModifierResult {
  if (v.t !== 'variants') return mod.apply(v, ctx);
  const items: Working[] = [];
  for (const item of v.items) {
    const r = applyModifier(mod, item, ctx);
    if (typeof r === 'string' || !('t' in r)) return r;
    if (r.t === 'variants') items.push(...r.items);
    else items.push(r);
    if (items.length > MAX_VARIANTS) return `modifiers expand the value to more than ${MAX_VARIANTS} variants`;
  }
  return { t: 'variants', items };
}
