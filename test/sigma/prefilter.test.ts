// Fast path vs plain evaluation, and prefilter soundness, over generated rules and records.
// Semantics: sigma-rules-specification.md "Detection"/"Condition", sigma-appendix-modifiers.md, with
// the choices of docs/sigma.md; prefilter contract: src/dialects/types.ts `Prefilter` (no false negatives).
import t from 'tap';
import { prng } from '../helpers/prng.js';
import { parseSigmaRule } from '../../src/dialects/sigma/index.js';
import { regexLiteralRuns } from '../../src/dialects/sigma/literals.js';
import { compilePrefilter } from '../../src/engine/prefilter/compile.js';
import { asciiLower, makeRecordView } from '../../src/record/view.js';
import type { RecordView } from '../../src/record/view.js';
import type { Prefilter } from '../../src/dialects/types.js';

// ---- deterministic generator --------------------------------------------------------------------


const rand = prng(20240501);
const int = (n: number): number => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
const chance = (p: number): boolean => rand() < p;

// Record text pieces: mixed case, non-ASCII (incl. KELVIN SIGN, LONG S, dotted I), JSON-escaped chars.
const WORDS = ['Root', 'root', 'ROOT', 'ConsoleLogin', 'consolelogin', 'aws-cli/2.1', 'Té', 'tÉ', 'Ka', '\u212aa', 'sS', '\u017fs', 'İx', 'x"y', 'a\\b', 'p/q', 'tab\there', 'nl\nx', '\u0001c', 'Yes', 'No', '-enc', '/enc', '42', '7', 'true', '😀x'];
const FIELDS = ['eventName', 'userIdentity.type', 'userIdentity.arn', 'requestParameters.userName', 'errorCode', 'tags', 'mfa'];

function recordString(): string {
  let s = '';
  const n = 1 + int(3);
  for (let i = 0; i < n; i++) s += pick(WORDS);
  return s;
}

function recordScalar(): unknown {
  const r = rand();
  if (r < 0.7) return recordString();
  if (r < 0.8) return pick([7, 42, 4.5, 0]);
  if (r < 0.88) return chance(0.5);
  if (r < 0.94) return null;
  return { nested: recordString() };
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const segs = path.split('.');
  let cur = obj;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as string;
    if (typeof cur[seg] !== 'object' || cur[seg] === null || Array.isArray(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  cur[segs[segs.length - 1] as string] = value;
}

function genRecord(): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  for (const f of FIELDS) {
    if (chance(0.3)) continue;
    setPath(rec, f, chance(0.15) ? [recordScalar(), recordScalar()] : recordScalar());
  }
  if (chance(0.2)) rec['userIdentity'] = [{ type: recordString() }, { type: recordString(), arn: recordString() }];
  return rec;
}

// ---- generated rules (a model the oracle reads directly; YAML is rendered from it) ---------------

type Part = string | '*' | '?';
type GValue = { kind: 'str'; parts: Part[] } | { kind: 'num'; n: number } | { kind: 'bool'; b: boolean };
type GItem =
  | { kind: 'values'; field: string | null; mods: string[]; values: GValue[] }
  | { kind: 'null'; field: string; neq: boolean }
  | { kind: 'exists'; field: string; expect: boolean }
  | { kind: 're'; field: string; source: string; i: boolean };
type GSearch = GItem[][];
type GCond = { op: 'id'; name: string } | { op: 'not'; c: GCond } | { op: 'and' | 'or'; cs: GCond[] } | { op: 'of'; all: boolean; prefix: string };

const SAFE_WORDS = ['Root', 'root', 'ConsoleLogin', 'aws-cli/2', 'té', 'K', 'k', 's', 'S', 'Yes', 'no', '-enc', 'x"y', 'p/q', '42', 'true', 'İ', '😀', 'Ka'];

function literal(): string {
  let s = pick(SAFE_WORDS);
  if (chance(0.3)) s += pick(SAFE_WORDS);
  return chance(0.3) ? s.toUpperCase() : s;
}

function genString(): GValue {
  const parts: Part[] = [];
  if (chance(0.2)) parts.push('*');
  parts.push(literal());
  if (chance(0.15)) parts.push(pick(['*', '?'] as const), literal());
  if (chance(0.2)) parts.push('*');
  return { kind: 'str', parts };
}

function genValue(): GValue {
  const r = rand();
  if (r < 0.8) return genString();
  if (r < 0.9) return { kind: 'num', n: pick([7, 42, 4.5]) };
  return { kind: 'bool', b: chance(0.5) };
}

const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

function genItem(): GItem {
  const field = pick(FIELDS);
  const r = rand();
  if (r < 0.07) return { kind: 'null', field, neq: chance(0.3) };
  if (r < 0.13) return { kind: 'exists', field, expect: chance(0.6) };
  if (r < 0.22) {
    const lit = (): string => literal().replace(REGEX_SPECIAL, '\\$&');
    const source = chance(0.5) ? lit() : `${lit()}.*${lit()}`;
    return { kind: 're', field, source: chance(0.2) ? `^${source}` : source, i: chance(0.5) };
  }
  const chains = [[], ['contains'], ['startswith'], ['endswith'], ['cased'], ['contains', 'cased'], ['contains', 'all'], ['neq'], ['contains', 'neq'], ['base64']];
  const mods = [...pick(chains)];
  const n = mods.includes('all') ? 2 + int(2) : 1 + int(2);
  let values: GValue[] = [];
  for (let i = 0; i < n; i++) values.push(genValue());
  if (mods.includes('base64') || mods.includes('cased')) values = values.map((v) => (v.kind === 'str' ? { kind: 'str', parts: [literal()] } : { kind: 'str', parts: [String(v.kind === 'num' ? v.n : v.b)] }));
  if (mods.includes('base64')) values = values.map((v) => ({ kind: 'str', parts: [Buffer.from((v as { parts: string[] }).parts.join(''), 'utf8').toString('base64')] }));
  if (chance(0.1) && !mods.includes('base64')) return { kind: 'values', field: null, mods: mods.filter((m) => m === 'all'), values: values.map((v) => (v.kind === 'str' ? v : { kind: 'str', parts: [literal()] })) };
  return { kind: 'values', field, mods, values };
}

function genSearch(): GSearch {
  // Keywords are a search of their own: a list of values, or '|all': [values].
  const first = genItem();
  if (first.kind === 'values' && first.field === null) return [[first]];
  const alts = chance(0.25) ? 2 : 1;
  const out: GSearch = [];
  for (let a = 0; a < alts; a++) {
    const items: GItem[] = [];
    const keys = new Set<string>();
    const n = 1 + int(2);
    for (let i = 0; i < n; i++) {
      const it = a === 0 && i === 0 ? first : genItem();
      if (it.kind === 'values' && it.field === null) continue;
      // One YAML map cannot repeat a key.
      const key = (renderItem(it, '')[0] as string).split(':')[0] as string;
      if (keys.has(key)) continue;
      keys.add(key);
      items.push(it);
    }
    if (items.length === 0) items.push({ kind: 'exists', field: pick(FIELDS), expect: true });
    out.push(items);
  }
  return out;
}

function genCond(names: string[], depth = 0): GCond {
  const r = rand();
  if (depth > 1 || r < 0.4) return { op: 'id', name: pick(names) };
  if (r < 0.55) return { op: 'not', c: genCond(names, depth + 1) };
  if (r < 0.7) return { op: 'of', all: chance(0.5), prefix: 'sel' };
  return { op: chance(0.5) ? 'and' : 'or', cs: [genCond(names, depth + 1), genCond(names, depth + 1)] };
}

// ---- rendering ----------------------------------------------------------------------------------

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
function renderValue(v: GValue): string {
  if (v.kind === 'num') return String(v.n);
  if (v.kind === 'bool') return String(v.b);
  return q(v.parts.join(''));
}

function renderItem(it: GItem, indent: string): string[] {
  switch (it.kind) {
    case 'null':
      return [`${indent}${it.field}${it.neq ? '|neq' : ''}: null`];
    case 'exists':
      return [`${indent}${it.field}|exists: ${it.expect}`];
    case 're':
      return [`${indent}${it.field}|re${it.i ? '|i' : ''}: ${q(it.source)}`];
    case 'values': {
      const key = `${it.field ?? ''}${it.mods.map((m) => `|${m}`).join('')}`;
      const k = it.field === null ? q(key) : key;
      if (it.values.length === 1 && !it.mods.includes('all')) return [`${indent}${k}: ${renderValue(it.values[0] as GValue)}`];
      return [`${indent}${k}:`, ...it.values.map((v) => `${indent}    - ${renderValue(v)}`)];
    }
  }
}

function renderCond(c: GCond): string {
  switch (c.op) {
    case 'id':
      return c.name;
    case 'not':
      return `not (${renderCond(c.c)})`;
    case 'of':
      return `${c.all ? 'all' : '1'} of ${c.prefix}*`;
    default:
      return `(${c.cs.map(renderCond).join(` ${c.op} `)})`;
  }
}

function renderRule(searches: Map<string, GSearch>, cond: GCond): string {
  const lines = ['title: Generated', 'logsource: {product: aws, service: cloudtrail}', 'detection:'];
  for (const [name, alts] of searches) {
    const only = alts[0]?.[0];
    if (only !== undefined && only.kind === 'values' && only.field === null) {
      if (only.mods.includes('all')) lines.push(`    ${name}:`, "        '|all':", ...only.values.map((v) => `            - ${renderValue(v)}`));
      else lines.push(`    ${name}:`, ...only.values.map((v) => `        - ${renderValue(v)}`));
      continue;
    }
    if (alts.length === 1) {
      lines.push(`    ${name}:`);
      for (const it of alts[0] as GItem[]) lines.push(...renderItem(it, '        '));
    } else {
      lines.push(`    ${name}:`);
      for (const alt of alts) {
        const rendered = alt.flatMap((it) => renderItem(it, '          '));
        rendered[0] = `        - ${(rendered[0] as string).trimStart()}`;
        lines.push(...rendered);
      }
    }
  }
  lines.push(`    condition: ${renderCond(cond)}`);
  return lines.join('\n') + '\n';
}

// ---- the plain oracle (independent of the compiled matcher) --------------------------------------

/** Unicode lowercase per code point, except mappings into ASCII or that change length (docs/sigma.md). */
function fold(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length && (ch.charCodeAt(0) < 128 || lower.charCodeAt(0) >= 128) ? lower : ch;
  }
  return out;
}

function globRegex(parts: Part[], cased: boolean): RegExp {
  const body = parts.map((p) => (p === '*' ? '[\\s\\S]*' : p === '?' ? '[\\s\\S]' : (cased ? p : fold(p)).replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'u');
}

interface Resolved {
  found: boolean;
  nullish: boolean;
  values: unknown[];
}

function resolve(record: unknown, path: string): Resolved {
  const out: Resolved = { found: false, nullish: false, values: [] };
  const visit = (node: unknown, segs: string[]): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, segs));
    if (typeof node !== 'object' || node === null) return;
    const [head, ...rest] = segs;
    if (!Object.prototype.hasOwnProperty.call(node, head as string)) return;
    const v = (node as Record<string, unknown>)[head as string];
    if (rest.length > 0) return visit(v, rest);
    out.found = true;
    const flat = (x: unknown): void => {
      if (Array.isArray(x)) {
        if (x.length === 0) out.nullish = true;
        x.forEach(flat);
      } else if (x === null) out.nullish = true;
      else if (typeof x !== 'object') out.values.push(x);
    };
    flat(v);
  };
  visit(record, path.split('.'));
  return out;
}

function allScalars(node: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((n) => allScalars(n, out));
  else if (typeof node === 'object' && node !== null) Object.values(node).forEach((n) => allScalars(n, out));
  else if (node !== null) out.push(node);
  return out;
}

function valueHit(v: GValue, mods: string[], keyword: boolean, x: unknown): boolean {
  const text = typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : null;
  if (text === null) return false;
  const cased = mods.includes('cased');
  if (v.kind === 'num' && !mods.some((m) => ['contains', 'startswith', 'endswith'].includes(m)) && !keyword) {
    return typeof x === 'number' ? x === v.n : typeof x === 'string' && (x === String(v.n) || fold(x) === fold(String(v.n)));
  }
  if (v.kind === 'bool' && !mods.some((m) => ['contains', 'startswith', 'endswith'].includes(m)) && !keyword) {
    return typeof x === 'boolean' ? x === v.b : typeof x === 'string' && fold(x) === String(v.b);
  }
  let parts: Part[] = v.kind === 'str' ? [...v.parts] : [String(v.kind === 'num' ? v.n : v.b)];
  const wrapHead = keyword || mods.includes('contains') || mods.includes('endswith');
  const wrapTail = keyword || mods.includes('contains') || mods.includes('startswith');
  if (wrapHead && parts[0] !== '*') parts = ['*', ...parts];
  if (wrapTail && parts[parts.length - 1] !== '*') parts = [...parts, '*'];
  return globRegex(parts, cased).test(cased ? text : fold(text));
}

function itemHolds(it: GItem, record: Record<string, unknown>): boolean {
  switch (it.kind) {
    case 'null': {
      const r = resolve(record, it.field);
      return (!r.found || r.nullish) !== it.neq;
    }
    case 'exists':
      return resolve(record, it.field).found === it.expect;
    case 're': {
      const re = new RegExp(it.source, it.i ? 'iu' : 'u');
      return resolve(record, it.field).values.some((x) => re.test(String(x)));
    }
    case 'values': {
      const xs = it.field === null ? allScalars(record) : resolve(record, it.field).values;
      const hit = (v: GValue): boolean => xs.some((x) => valueHit(v, it.mods, it.field === null, x));
      const result = it.mods.includes('all') ? it.values.every(hit) : it.values.some(hit);
      return result !== it.mods.includes('neq');
    }
  }
}

function condHolds(c: GCond, searches: Map<string, GSearch>, record: Record<string, unknown>): boolean {
  const search = (name: string): boolean => (searches.get(name) as GSearch).some((alt) => alt.every((it) => itemHolds(it, record)));
  switch (c.op) {
    case 'id':
      return search(c.name);
    case 'not':
      return !condHolds(c.c, searches, record);
    case 'and':
      return c.cs.every((x) => condHolds(x, searches, record));
    case 'or':
      return c.cs.some((x) => condHolds(x, searches, record));
    case 'of': {
      const names = [...searches.keys()].filter((n) => n.startsWith(c.prefix));
      return c.all ? names.every(search) : names.some(search);
    }
  }
}

// ---- the properties -------------------------------------------------------------------------------

/**
 * The engine's side of the prefilter contract (src/dialects/types.ts), as the engine runs it
 * (compilePrefilter); it must agree with the contract's reference fold (asciiLower).
 */
function admits(pf: Prefilter | null, view: RecordView): boolean {
  if (pf === null || view.text.includes('\\u')) return true;
  const engine = compilePrefilter(pf).test(view.text);
  const hay = pf.caseInsensitive ? asciiLower(view.text) : view.text;
  const reference = [pf.anyOf, ...(pf.also ?? [])].every((group) => group.some((l) => hay.includes(l)));
  if (engine !== reference) throw new Error(`compiled prefilter disagrees with the contract on ${view.text}`);
  return engine;
}

t.test('compiled match equals the plain evaluation, and every match passes the prefilter', async (t) => {
  const records = Array.from({ length: 80 }, genRecord);
  const views = records.map((r) => {
    const text = JSON.stringify(r);
    // The same record as another writer might escape it: `\/` for every slash.
    return [makeRecordView(text, r as never), makeRecordView(text.replace(/\//g, '\\/'), r as never)];
  });
  let pairs = 0;
  let matches = 0;
  let withPrefilter = 0;
  let mismatches = 0;
  let unsound = 0;
  for (let n = 0; n < 250; n++) {
    const searches = new Map<string, GSearch>();
    const count = 1 + int(3);
    for (let i = 0; i < count; i++) searches.set(i === 0 || chance(0.5) ? `sel${i}` : `filter${i}`, genSearch());
    const cond = genCond([...searches.keys()]);
    const text = renderRule(searches, cond);
    const rule = parseSigmaRule(text);
    if (rule.rule.prefilter !== null) withPrefilter++;
    records.forEach((record, i) => {
      pairs++;
      const expected = condHolds(cond, searches, record);
      for (const view of views[i]!) {
        const got = rule.rule.match(view);
        if (got !== expected && mismatches++ < 5) t.fail(`fast path ${got}, plain ${expected}\n${text}\n${JSON.stringify(record)}`);
        if (got && !admits(rule.rule.prefilter, view) && unsound++ < 5) t.fail(`prefilter ${JSON.stringify(rule.rule.prefilter)} rejects a match\n${text}\n${view.text}`);
      }
      if (expected) matches++;
    });
  }
  t.equal(mismatches, 0, 'fast path = plain evaluation');
  t.equal(unsound, 0, 'match implies the prefilter admits');
  t.ok(matches > pairs * 0.03, `the generator produces matches (${matches} of ${pairs})`);
  t.ok(withPrefilter > 25, `many generated rules get a prefilter (${withPrefilter} of 250)`);
});

t.test('prefilter literals: lowercase, safe ASCII, declined where unprovable', async (t) => {
  const pf = (detection: string): readonly string[] | null =>
    parseSigmaRule(`title: p\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n${detection}`).rule.prefilter?.anyOf ?? null;
  t.same(pf('  s: {eventName: ConsoleLogin, userIdentity.type: Root}\n  condition: s\n'), ['"consolelogin"'], 'equality: the whole value as a JSON string token');
  t.same(pf('  s: {eventName: [CreateUser, DeleteUser]}\n  condition: s\n'), ['"createuser"', '"deleteuser"']);
  t.same(pf("  s: {f: 'True'}\n  condition: s\n"), ['true'], 'a boolean could be the value: never quoted');
  t.same(pf("  s: {userAgent|contains: 'S3 Browser/*\"x'}\n  condition: s\n"), ['s3 browser'], 'split at / and "');
  t.same(pf('  s: {eventName: ConsoleLogin}\n  condition: not s\n'), null, 'not');
  t.same(pf('  s: {errorCode: null}\n  condition: s\n'), null, 'null');
  t.same(pf('  s: {f|exists: true}\n  condition: s\n'), null, 'exists');
  t.same(pf('  s: {f|neq: abcdef}\n  condition: s\n'), null, 'neq');
  t.same(pf('  s: {f|gt: 100}\n  condition: s\n'), null, 'numeric comparison');
  t.same(pf("  s: {recipientAccountId: '123456789012'}\n  condition: s\n"), null, 'digits-only literal: a number could be written 1.23e11');
  t.same(pf('  s: {f: ab}\n  condition: s\n'), null, 'too short to be worth it');
  t.same(pf('  a: {eventName: ConsoleLogin}\n  b: {f|exists: true}\n  condition: a or b\n'), null, 'or needs every branch');
  t.same(pf('  a: {eventName: ConsoleLogin}\n  b: {f|exists: true}\n  condition: a and b\n'), ['"consolelogin"'], 'and needs one');
  t.same(pf("  s: {f|cased: 'MixedCase'}\n  condition: s\n"), ['"mixedcase"'], 'cased literals are lowercased for the case-insensitive scan');
  t.same(pf("  s: {f|re: 'Console.*Login'}\n  condition: s\n"), ['console']);
  t.same(pf("  s: {f|re|i: 'token'}\n  condition: s\n"), null, "under i, k splits 'token' into 'to' and 'en' (KELVIN SIGN): too short");
  t.same(pf("  s: {f|re|i: 'consoles'}\n  condition: s\n"), ['con'], "under i, s splits literals (LONG S)");
  t.same(pf("  s: {f|re: 'a|b'}\n  condition: s\n"), null, 'top-level alternation');
  t.same(pf("  keywords: ['EvilTool']\n  condition: keywords\n"), ['eviltool'], 'keywords appear verbatim in the text');
  t.same(pf("  s: {f|base64offset|contains: '/bin/bash'}\n  condition: s\n"), ['9iaw4vymfza', 'vymlul2jhc2', 'l2jpbi9iyxno'], 'each base64 variant');
  t.same(pf('  s: {readOnly: true}\n  condition: s\n'), ['true'], 'booleans are always written true/false');
});

t.test('a conjunction yields its other requirements as `also` (checked before a record is parsed)', async (t) => {
  const prefilter = (detection: string): Prefilter | null =>
    parseSigmaRule(`title: p\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n${detection}`).rule.prefilter;
  t.same(prefilter('  s: {eventSource: iam.amazonaws.com, eventName: CreateAccessKey, userIdentity.type: Root}\n  condition: s\n'), {
    anyOf: ['"iam.amazonaws.com"'],
    caseInsensitive: true,
    also: [['"createaccesskey"'], ['"root"']],
  });
  t.same(prefilter('  a: {eventName: ConsoleLogin}\n  b: {userIdentity.type: Root}\n  f: {errorCode: x1}\n  condition: a and b and not f\n'), {
    anyOf: ['"consolelogin"'],
    caseInsensitive: true,
    also: [['"root"']],
  }, 'across searches; the negated one adds nothing');
  t.same(prefilter('  a: {eventName: CreateUser}\n  b: {eventName|contains: User}\n  condition: a and b\n'), {
    anyOf: ['"createuser"'],
    caseInsensitive: true,
  }, 'a group the chosen one implies is dropped');
  t.same(prefilter('  a: {eventName: ConsoleLogin, f: x1}\n  b: {eventName: GetUser, f: y2}\n  condition: a or b\n'), {
    anyOf: ['"getuser"', '"consolelogin"'],
    caseInsensitive: true,
  }, 'a disjunction: one union, no also');
});

t.test('regex literal runs (literals.ts): only characters every match must contain', async (t) => {
  t.same(regexLiteralRuns('abc'), ['abc']);
  t.same(regexLiteralRuns('ab*c'), ['a', 'c']);
  t.same(regexLiteralRuns('ab+c'), ['ab', 'c']);
  t.same(regexLiteralRuns('a(bc)?d'), ['a', 'd']);
  t.same(regexLiteralRuns('x[abc]y'), ['x', 'y']);
  t.same(regexLiteralRuns('\\.exe$'), ['.exe']);
  t.same(regexLiteralRuns('a\\d+b'), ['a', 'b']);
  t.same(regexLiteralRuns('ab{2}c'), ['a', 'c']);
  t.same(regexLiteralRuns('ab*?c'), ['a', 'c']);
  t.equal(regexLiteralRuns('a|b'), null);
  t.equal(regexLiteralRuns('\\x41BC'), null, 'escapes we do not model decline');
});
