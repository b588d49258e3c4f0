/**
 * Sound prefilters for filter patterns: literals at least one of which the record's raw JSON text must
 * contain whenever the pattern matches (ripgrep's contract: false positives allowed, false negatives
 * never). Returns null whenever that cannot be proved.
 *
 * How each construct contributes (everything in CloudWatch patterns is case-sensitive, so literals are
 * compared as written, `caseInsensitive: false`):
 * - terms and standalone regexes run on the raw text itself, so a required term (or, with only `?`
 *   terms, every alternative) is a literal; `-` terms contribute nothing;
 * - literals are printable ASCII without `"` and `\` (the Prefilter contract);
 * - a JSON `=` compares the *decoded* value, which appears verbatim in the raw text only when JSON needs
 *   no escape for it, so JSON literals also exclude `/` (some writers escape it as `\/`); the engine
 *   treats any text with a `\u` escape as a candidate anyway.
 *   Because strings compare with a number's decimal text (`"400"` matches 4e2), a literal made only
 *   of number characters is refused for JSON values;
 * - an exact string value of a JSON `=` gives itself in quotes (`"Root"`): the raw text holds the whole
 *   value as one JSON string token (safe characters only, never number-like or `true`/`false`/`null`);
 * - wildcard values give their literal part (`AccessDenied*` gives `AccessDenied`); `*` alone gives none;
 * - a regex gives, per alternative, its longest run of characters that must appear exactly as written;
 *   an alternative without one makes the regex give none;
 * - `IS TRUE`, `IS FALSE` and `IS NULL` give `true`, `false`, `null` (JSON literals are never escaped);
 * - `!=`, numeric comparisons and `NOT EXISTS` give nothing;
 * - `&&` keeps the best operand's literals, `||` needs literals from every operand and unions them.
 */
import type { Prefilter } from '../types.js';
import type { FieldExpr, JsonExpr, Value } from './ast.js';
import { CompiledFilterPattern, type FilterPattern } from './pattern.js';
import type { RegexAst } from './regex.js';
import { compileWildcard } from './wildcard.js';

/** A disjunction of literals (one must occur), or null when nothing is known. */
type Literals = readonly string[] | null;

/**
 * Printable ASCII without `"` and `\\` (the Prefilter contract). Decoded JSON values also exclude `/`,
 * which some writers escape as `\\/`; raw-text matchers (terms, fields) see any escape as written.
 */
function isSafeChar(c: number, decoded: boolean): boolean {
  return c >= 0x20 && c <= 0x7e && c !== 34 /* " */ && c !== 92 /* \ */ && !(decoded && c === 47) /* / */;
}

function isSafeLiteral(s: string, decoded: boolean): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isSafeChar(s.charCodeAt(i), decoded)) return false;
  return true;
}

/** True when a number's decimal text (`String(n)`) could contain `s` without the raw JSON doing so. */
function couldBeNumberText(s: string): boolean {
  if ('-Infinity'.includes(s) || 'NaN'.includes(s)) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const numeric = (c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101; // 0-9 . + - e
    if (!numeric) return false;
  }
  return true;
}

/** Orders alternatives: a longer shortest literal is more selective; then fewer literals. */
function better(a: Literals, b: Literals): Literals {
  if (a === null) return b;
  if (b === null) return a;
  const minA = Math.min(...a.map((s) => s.length));
  const minB = Math.min(...b.map((s) => s.length));
  if (minA !== minB) return minA > minB ? a : b;
  return a.length <= b.length ? a : b;
}

function union(parts: readonly Literals[]): Literals {
  const out = new Set<string>();
  for (const p of parts) {
    if (p === null) return null;
    for (const s of p) out.add(s);
  }
  return [...out];
}

/** Keeps the longest safe run of `s` (a literal is still required after cutting unsafe characters out). */
function longestSafeRun(s: string, decoded: boolean): string {
  let best = '';
  let from = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || !isSafeChar(s.charCodeAt(i), decoded)) {
      if (i - from > best.length) best = s.slice(from, i);
      from = i + 1;
    }
  }
  return best;
}

/**
 * Per alternative, the longest run of characters the regex requires verbatim; `decoded` when the regex
 * runs on decoded JSON values.
 */
export function regexLiterals(ast: RegexAst, decoded: boolean): Literals {
  const out: string[] = [];
  for (const alt of ast.alternatives) {
    let best = '';
    let run = '';
    const close = (): void => {
      const safe = longestSafeRun(run, decoded);
      if (safe.length > best.length) best = safe;
      run = '';
    };
    for (const piece of alt) {
      const atom = piece.atom;
      if (atom.kind === 'bol' || atom.kind === 'eol') continue; // zero-width: the run goes on
      if (atom.kind === 'char' && piece.min >= 1) {
        run += String.fromCharCode(atom.code);
        // At least one copy is required, but more may follow: the run cannot continue past it.
        if (piece.max !== 1) close();
        continue;
      }
      close();
    }
    close();
    if (best === '') return null;
    out.push(best);
  }
  return [...new Set(out)];
}

/**
 * True when a JSON `=` on this exact value can only match a JSON string token spelling it verbatim: safe
 * characters only, and not text a number or a JSON literal (`true`, `false`, `null`) could also match.
 */
function isQuotableValue(s: string): boolean {
  return isSafeLiteral(s, true) && !couldBeNumberText(s) && s !== 'true' && s !== 'false' && s !== 'null';
}

function valueLiterals(value: Value, decodedJson: boolean): Literals {
  let literals: Literals;
  if (value.type === 'Number') return null; // numeric equality: 400 also matches the raw text 4e2
  if (value.type === 'Regex') {
    literals = regexLiterals(value.regex, decodedJson);
  } else {
    const m = compileWildcard(value.text);
    if (m.kind === 'exact' && decodedJson && isQuotableValue(m.literal)) {
      // Equality with a whole string value: the raw text holds it as a complete JSON string token, quotes
      // included, which is far more selective than the bare word ("Root" vs a role named *-RootMonitor).
      return [`"${m.literal}"`];
    }
    literals = m.kind === 'any' ? null : [m.literal];
  }
  if (literals === null) return null;
  for (const s of literals) {
    if (!isSafeLiteral(s, decodedJson)) return null;
    if (decodedJson && couldBeNumberText(s)) return null;
  }
  return literals;
}

function jsonLiterals(expr: JsonExpr): Literals {
  if (expr.type === 'And') return expr.operands.map(jsonLiterals).reduce(better, null);
  if (expr.type === 'Or') return union(expr.operands.map(jsonLiterals));
  const t = expr.test;
  switch (t.kind) {
    case 'isTrue': return ['true'];
    case 'isFalse': return ['false'];
    case 'isNull': return ['null'];
    case 'notExists': return null;
    case 'compare': return t.op === '=' ? valueLiterals(t.value, true) : null;
  }
}

function fieldLiterals(expr: FieldExpr): Literals {
  if (expr.type === 'And') return expr.operands.map(fieldLiterals).reduce(better, null);
  if (expr.type === 'Or') return union(expr.operands.map(fieldLiterals));
  // Fields are slices of the raw text, compared without decoding.
  return expr.op === '=' ? valueLiterals(expr.value, false) : null;
}

function patternLiterals(pattern: CompiledFilterPattern): Literals {
  const ast = pattern.ast;
  switch (ast.type) {
    case 'All':
      return null;
    case 'RegexPattern':
      return regexLiterals(ast.regex.regex, false);
    case 'Terms': {
      if (pattern.kind === 'all') return null;
      const anyMode = ast.terms.every((t) => t.prefix === 'optional');
      if (anyMode) return union(ast.terms.map((t) => (isSafeLiteral(t.text, false) && t.text.trim() !== '' ? [t.text] : null)));
      let best: Literals = null;
      for (const t of ast.terms) {
        if (t.prefix === 'required' && t.text.trim() !== '' && isSafeLiteral(t.text, false)) best = better(best, [t.text]);
      }
      return best;
    }
    case 'Json':
      return jsonLiterals(ast.body);
    case 'SpaceDelimited': {
      let best: Literals = null;
      for (const f of ast.fields) {
        if (f.type === 'Field' && f.condition !== null) best = better(best, fieldLiterals(f.condition));
      }
      return best;
    }
  }
}

/** A sound prefilter for the pattern, or null when none can be proved (see the module comment). */
export function prefilterOf(pattern: FilterPattern): Prefilter | null {
  if (!(pattern instanceof CompiledFilterPattern)) return null;
  const anyOf = patternLiterals(pattern);
  return anyOf === null || anyOf.length === 0 ? null : { anyOf, caseInsensitive: false };
}
