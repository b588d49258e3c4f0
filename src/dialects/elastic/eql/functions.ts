/**
 * The functions of Elasticsearch EQL, with the semantics of its function reference (EQLFN;
 * elastic-rules.md Q6, Q7, Q9). Names are case-sensitive; `~` after the name makes the string
 * functions that allow it case-insensitive. A `null` argument gives `null` unless the reference says
 * otherwise. Endgame-only functions (`match`, `arrayContains`, `wildcard`, ...) are not here: using one is
 * an error, as in Elasticsearch.
 *
 * Runtime failures Elasticsearch would report as a failed search (division by zero, `number("x")`) give
 * `null` here, so the rule does not fire on that record (docs/elastic.md, "EQL").
 */
import { inCidr, parseCidr } from '../../eventbridge/ip.js';
import type { EqlValue } from './field-values.js';

/** The static type of an expression, as far as the verifier can tell. */
export type StaticType = 'string' | 'number' | 'boolean' | 'ip' | 'date' | 'null' | 'unknown';

/** One function. `ints[i]` says whether numeric argument i is integer-typed (Q9). */
export interface FunctionSpec {
  readonly min: number;
  readonly max: number;
  /** Accepts the `~` (case-insensitive) suffix. */
  readonly insensitive: boolean;
  readonly returns: StaticType;
  /** Expected argument types, the last one repeating; `unknown` accepts anything. */
  readonly args: readonly StaticType[];
  /** Whether a numeric result is integer-typed, given whether the arguments are. */
  readonly intResult?: (ints: readonly boolean[]) => boolean;
  call(args: readonly EqlValue[], insensitive: boolean, ints: readonly boolean[]): EqlValue;
}

const str = (v: EqlValue): v is string => typeof v === 'string';
const num = (v: EqlValue): v is number => typeof v === 'number';
const bothInt = (ints: readonly boolean[]): boolean => ints[0] === true && ints[1] === true;

/** Java's `String.valueOf` of an EQL value: floats keep a `.0` (`string(1.0)` is "1.0"). */
function javaString(v: EqlValue, int: boolean): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return !int && Number.isInteger(v) && Math.abs(v) < 1e7 ? `${v}.0` : String(v);
  return String(v);
}

function arith(op: (a: number, b: number, ints: boolean) => number | null): FunctionSpec {
  return {
    min: 2,
    max: 2,
    insensitive: false,
    returns: 'number',
    args: ['number'],
    intResult: bothInt,
    call: ([a, b], _ci, ints) => (num(a ?? null) && num(b ?? null) ? op(a as number, b as number, bothInt(ints)) : null),
  };
}

function stringTest(test: (s: string, sub: string) => boolean | null): FunctionSpec {
  return {
    min: 2,
    max: 2,
    insensitive: true,
    returns: 'boolean',
    args: ['string'],
    call: ([s, sub], ci) => {
      if (!str(s ?? null) || !str(sub ?? null)) return null;
      return ci ? test((s as string).toLowerCase(), (sub as string).toLowerCase()) : test(s as string, sub as string);
    },
  };
}

/** Python-style slice bounds, as EQL's `substring` takes them. */
function sliceIndex(i: number, len: number): number {
  if (i < 0) return Math.max(len + i, 0);
  return Math.min(i, len);
}

function parseNumber(text: string, base: number | null): number | null {
  let s = text.trim();
  if (s === '') return null;
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  let radix = base ?? 10;
  if (/^0x/i.test(s)) {
    s = s.slice(2);
    radix = 16;
  }
  if (radix === 10 && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return sign * Number(s);
  if (radix < 2 || radix > 36 || s === '') return null;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix);
  let n = 0;
  for (const ch of s.toLowerCase()) {
    const d = digits.indexOf(ch);
    if (d < 0) return null;
    n = n * radix + d;
  }
  return sign * n;
}

/** Every function Elasticsearch EQL has (EQLFN), by name. */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  add: arith((a, b) => a + b),
  subtract: arith((a, b) => a - b),
  multiply: arith((a, b) => a * b),
  // Integer division truncates, as Java's does (EQLFN divide: "rounds down", 4 / 3 == 1).
  divide: arith((a, b, ints) => (b === 0 ? null : ints ? Math.trunc(a / b) : a / b)),
  modulo: arith((a, b) => (b === 0 ? null : a % b)),
  between: {
    min: 3,
    max: 4,
    insensitive: true,
    returns: 'string',
    args: ['string', 'string', 'string', 'boolean'],
    call: ([source, left, right, greedy], ci) => {
      if (!str(source ?? null) || !str(left ?? null) || !str(right ?? null)) return null;
      const s = source as string;
      const hay = ci ? s.toLowerCase() : s;
      const l = ci ? (left as string).toLowerCase() : (left as string);
      const r = ci ? (right as string).toLowerCase() : (right as string);
      const at = hay.indexOf(l);
      if (at < 0) return '';
      const from = at + l.length;
      const to = greedy === true ? hay.lastIndexOf(r) : hay.indexOf(r, from);
      return to < from ? '' : s.slice(from, to);
    },
  },
  cidrMatch: {
    min: 2,
    max: Infinity,
    insensitive: false,
    returns: 'boolean',
    args: ['ip', 'string'],
    call: ([ip, ...blocks]) => {
      if (!str(ip ?? null) || blocks.some((b) => !str(b))) return null;
      for (const b of blocks) {
        const range = parseCidr(b as string);
        if (typeof range !== 'string' && inCidr(range, ip as string)) return true;
      }
      return false;
    },
  },
  concat: {
    min: 1,
    max: Infinity,
    insensitive: false,
    returns: 'string',
    args: ['unknown'],
    call: (args, _ci, ints) => {
      let out = '';
      for (let i = 0; i < args.length; i++) {
        const s = javaString(args[i] ?? null, ints[i] === true);
        if (s === null) return null;
        out += s;
      }
      return out;
    },
  },
  endsWith: stringTest((s, sub) => s.endsWith(sub)),
  startsWith: stringTest((s, sub) => s.startsWith(sub)),
  // EQLFN: stringContains("", "") and stringContains(x, "") are false.
  stringContains: stringTest((s, sub) => sub !== '' && s.includes(sub)),
  indexOf: {
    min: 2,
    max: 3,
    insensitive: true,
    returns: 'number',
    args: ['string', 'string', 'number'],
    intResult: () => true,
    call: (args, ci) => {
      const [s, sub] = args;
      if (!str(s ?? null) || !str(sub ?? null)) return null;
      let start = 0;
      if (args.length === 3) {
        const p = args[2] ?? null;
        if (!num(p)) return null;
        if (p > (s as string).length) return null;
        start = Math.max(0, Math.trunc(p));
      }
      const hay = ci ? (s as string).toLowerCase() : (s as string);
      const at = hay.indexOf(ci ? (sub as string).toLowerCase() : (sub as string), start);
      return at < 0 ? null : at;
    },
  },
  length: {
    min: 1,
    max: 1,
    insensitive: false,
    returns: 'number',
    args: ['string'],
    intResult: () => true,
    call: ([s]) => (str(s ?? null) ? (s as string).length : null),
  },
  number: {
    min: 1,
    max: 2,
    insensitive: false,
    returns: 'number',
    args: ['string', 'number'],
    call: ([s, base]) => {
      if (!str(s ?? null)) return null;
      return parseNumber(s as string, num(base ?? null) ? (base as number) : null);
    },
  },
  string: {
    min: 1,
    max: 1,
    insensitive: false,
    returns: 'string',
    args: ['unknown'],
    call: ([v], _ci, ints) => javaString(v ?? null, ints[0] === true),
  },
  substring: {
    min: 2,
    max: 3,
    insensitive: false,
    returns: 'string',
    args: ['string', 'number', 'number'],
    call: (args) => {
      const [s, start] = args;
      if (!str(s ?? null) || !num(start ?? null)) return null;
      const len = (s as string).length;
      const end = args.length === 3 ? (args[2] ?? null) : len;
      if (!num(end)) return null;
      const from = sliceIndex(Math.trunc(start as number), len);
      const to = sliceIndex(Math.trunc(end), len);
      return from >= to ? '' : (s as string).slice(from, to);
    },
  },
};

/** Endgame EQL functions Elasticsearch rejects (EQLSYN "Differences from Endgame EQL"), for a better message. */
export const ENDGAME_ONLY = new Set(['arrayContains', 'arrayCount', 'arraySearch', 'match', 'matchLite', 'wildcard']);
