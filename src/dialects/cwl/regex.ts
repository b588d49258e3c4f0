/**
 * The regular-expression subset CloudWatch Logs accepts between `%` signs, parsed by hand and compiled
 * to RE2 (re2js), so user-supplied patterns always match in linear time.
 *
 * What is accepted (FilterAndPatternSyntax and regex-expressions pages, "Supported regular expressions"):
 * letters, digits, the symbols `: _ # = @ / ; , -` and the space; the operators `^ $ ? [ ] { } | \ * + .`.
 * `(` and `)` are never accepted, escaped or not; `\x28` stands for `(`. Multi-byte characters are
 * rejected. Because there are no groups, `|` always separates whole alternatives and a quantifier
 * always applies to one atom, so the grammar is small:
 *
 *     regex   ::= alt ('|' alt)*
 *     alt     ::= piece*
 *     piece   ::= atom quant?
 *     atom    ::= '^' | '$' | '.' | class | escape | char
 *     quant   ::= ('*' | '+' | '?' | '{' n '}' | '{' n ',' '}' | '{' n ',' m '}' | '{' ',' m '}') '?'?
 *     class   ::= '[' '^'? item+ ']'          item ::= char ('-' char)? | '\d' | '\w' | ...
 *     escape  ::= '\d' | '\D' | '\s' | '\S' | '\w' | '\W' | '\x' hex hex | '\' punctuation
 *
 * The parsed form is re-emitted as RE2 syntax with every non-alphanumeric literal written `\x{hh}`, so
 * nothing in the user's text can reach RE2 syntax this grammar does not define.
 */
import type { RE2JS } from 're2js';
import { re2 } from '../../text/re2.js';
import { describeChar, isAlnum } from './chars.js';
import { FilterPatternError } from './errors.js';
import { MAX_REGEX_REPEAT } from './limits.js';

/** One matchable unit of a regex. */
export type RegexAtom =
  | { readonly kind: 'char'; readonly code: number }
  | { readonly kind: 'any' }
  | { readonly kind: 'perl'; readonly letter: string }
  | { readonly kind: 'class'; readonly negated: boolean; readonly items: readonly ClassItem[] }
  | { readonly kind: 'bol' }
  | { readonly kind: 'eol' };

/** One member of a character class. */
export type ClassItem =
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  | { readonly kind: 'perl'; readonly letter: string };

/** An atom with its repetition bounds (`max` is Infinity for unbounded). */
export interface RegexPiece {
  readonly atom: RegexAtom;
  readonly min: number;
  readonly max: number;
  readonly lazy: boolean;
}

/** A parsed regex: its top-level alternatives, each a sequence of pieces. */
export interface RegexAst {
  readonly alternatives: readonly (readonly RegexPiece[])[];
}

const PERL_CLASSES = 'dDsSwW';

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** True for the characters the documentation allows inside `%...%`. */
function isAllowed(c: number): boolean {
  if (isAlnum(c)) return true;
  switch (c) {
    // Supported symbols (': _ # = @ / ; , -') and the space the documentation's own examples use.
    case 58: case 95: case 35: case 61: case 64: case 47: case 59: case 44: case 45: case 32:
    // Supported operators ('^ $ ? [ ] { } | \ * + .').
    case 94: case 36: case 63: case 91: case 93: case 123: case 125: case 124: case 92: case 42: case 43: case 46:
      return true;
    default:
      return false;
  }
}

class RegexParser {
  private pos: number;

  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  private fail(reason: string, at: number): never {
    throw new FilterPatternError(reason, this.text, at);
  }

  private peek(): number {
    return this.pos < this.end ? this.text.charCodeAt(this.pos) : -1;
  }

  /** Rejects any character outside the documented set before parsing structure. */
  validateCharacters(): void {
    for (let i = this.start; i < this.end; i++) {
      const c = this.text.charCodeAt(i);
      if (isAllowed(c)) continue;
      if (c === 40 /* ( */ || c === 41 /* ) */) {
        this.fail(`'${String.fromCharCode(c)}' is not supported in a regular expression; write \\x${c.toString(16)} instead`, i);
      }
      if (c > 0x7f) this.fail(`multi-byte characters are not supported in a regular expression (found ${describeChar(c)})`, i);
      this.fail(`invalid character ${describeChar(c)} in regular expression; write it as \\xhh`, i);
    }
  }

  // regex ::= alt ('|' alt)*
  parse(): RegexAst {
    if (this.start === this.end) this.fail('empty regular expression', this.start);
    const alternatives: RegexPiece[][] = [this.parseAlt()];
    while (this.peek() === 124 /* | */) {
      this.pos++;
      alternatives.push(this.parseAlt());
    }
    return { alternatives };
  }

  // alt ::= piece*
  private parseAlt(): RegexPiece[] {
    const pieces: RegexPiece[] = [];
    for (;;) {
      const c = this.peek();
      if (c === -1 || c === 124 /* | */) return pieces;
      const atomStart = this.pos;
      const atom = this.parseAtom();
      pieces.push(this.parseQuantifier(atom, atomStart));
    }
  }

  private parseAtom(): RegexAtom {
    const at = this.pos;
    const c = this.text.charCodeAt(this.pos++);
    switch (c) {
      case 94 /* ^ */: return { kind: 'bol' };
      case 36 /* $ */: return { kind: 'eol' };
      case 46 /* . */: return { kind: 'any' };
      case 91 /* [ */: return this.parseClass(at);
      case 92 /* \ */: return this.parseEscape(at, false);
      case 42 /* * */: case 43 /* + */: case 63 /* ? */:
        return this.fail(`nothing to repeat before '${String.fromCharCode(c)}'`, at);
      case 123 /* { */:
        return this.fail("'{' must start a repetition such as {2} or {1,3}; write \\{ for a literal brace", at);
      default: return { kind: 'char', code: c };
    }
  }

  // escape ::= '\d' | '\D' | '\s' | '\S' | '\w' | '\W' | '\x' hex hex | '\' punctuation
  private parseEscape(at: number, inClass: boolean): RegexAtom & ({ kind: 'char' } | { kind: 'perl' }) {
    if (this.pos >= this.end) this.fail("regular expression ends with '\\'", at);
    const c = this.text.charCodeAt(this.pos++);
    const ch = String.fromCharCode(c);
    if (PERL_CLASSES.includes(ch)) return { kind: 'perl', letter: ch };
    if (c === 120 /* x */) {
      const h1 = this.pos < this.end ? this.text.charCodeAt(this.pos) : -1;
      const h2 = this.pos + 1 < this.end ? this.text.charCodeAt(this.pos + 1) : -1;
      if (!isHex(h1) || !isHex(h2)) this.fail("'\\x' must be followed by two hexadecimal digits", at);
      this.pos += 2;
      return { kind: 'char', code: Number.parseInt(this.text.slice(this.pos - 2, this.pos), 16) };
    }
    if (isAlnum(c)) {
      this.fail(`unsupported escape '\\${ch}' in ${inClass ? 'character class' : 'regular expression'}`, at);
    }
    return { kind: 'char', code: c };
  }

  // class ::= '[' '^'? item+ ']'
  private parseClass(open: number): RegexAtom {
    let negated = false;
    if (this.peek() === 94 /* ^ */) {
      negated = true;
      this.pos++;
    }
    const items: ClassItem[] = [];
    for (;;) {
      const c = this.peek();
      if (c === -1) this.fail("unterminated character class (missing ']')", open);
      if (c === 93 /* ] */) {
        if (items.length === 0) this.fail('empty character class', open);
        this.pos++;
        return { kind: 'class', negated, items };
      }
      if (c === 91 /* [ */) this.fail("'[' inside a character class must be escaped as '\\['", this.pos);
      const itemStart = this.pos;
      const from = this.parseClassChar();
      if (from.kind === 'perl') {
        items.push(from);
        continue;
      }
      // A '-' makes a range unless it is the last character before ']'.
      if (this.peek() === 45 /* - */ && this.pos + 1 < this.end && this.text.charCodeAt(this.pos + 1) !== 93 /* ] */) {
        this.pos++;
        const to = this.parseClassChar();
        if (to.kind === 'perl') this.fail('a character class shorthand cannot end a range', itemStart);
        if (to.code < from.code) {
          this.fail(`invalid range '${this.text.slice(itemStart, this.pos)}' in character class`, itemStart);
        }
        items.push({ kind: 'range', from: from.code, to: to.code });
      } else {
        items.push({ kind: 'range', from: from.code, to: from.code });
      }
    }
  }

  private parseClassChar(): { kind: 'char'; code: number } | { kind: 'perl'; letter: string } {
    const at = this.pos;
    const c = this.text.charCodeAt(this.pos++);
    if (c === 92 /* \ */) return this.parseEscape(at, true);
    return { kind: 'char', code: c };
  }

  // quant ::= ('*' | '+' | '?' | '{' n '}' | '{' n ',' '}' | '{' n ',' m '}' | '{' ',' m '}') '?'?
  private parseQuantifier(atom: RegexAtom, atomStart: number): RegexPiece {
    const at = this.pos;
    let min = 1;
    let max = 1;
    const c = this.peek();
    if (c === 42 /* * */) { min = 0; max = Infinity; this.pos++; }
    else if (c === 43 /* + */) { min = 1; max = Infinity; this.pos++; }
    else if (c === 63 /* ? */) { min = 0; max = 1; this.pos++; }
    else if (c === 123 /* { */) ({ min, max } = this.parseBraces());
    else return { atom, min, max, lazy: false };
    if (atom.kind === 'bol' || atom.kind === 'eol') {
      this.fail(`nothing to repeat before '${this.text[at]}' ('${this.text[atomStart]}' is an anchor)`, at);
    }
    let lazy = false;
    if (this.peek() === 63 /* ? */) {
      // A lazy quantifier changes which text matches, never whether the pattern matches.
      lazy = true;
      this.pos++;
    }
    const next = this.peek();
    if (next === 42 || next === 43 || next === 63 || next === 123) {
      this.fail(`'${String.fromCharCode(next)}' cannot follow another repetition operator`, this.pos);
    }
    return { atom, min, max, lazy };
  }

  private readInt(): number | null {
    const from = this.pos;
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if (c < 48 || c > 57) break;
      this.pos++;
    }
    return this.pos === from ? null : Number(this.text.slice(from, this.pos));
  }

  private parseBraces(): { min: number; max: number } {
    const open = this.pos++;
    const bad = (): never =>
      this.fail("'{' must start a repetition such as {2} or {1,3}; write \\{ for a literal brace", open);
    const lo = this.readInt();
    let min: number;
    let max: number;
    if (this.peek() === 44 /* , */) {
      this.pos++;
      const hi = this.readInt();
      if (lo === null && hi === null) bad();
      min = lo ?? 0;
      max = hi ?? Infinity;
    } else {
      if (lo === null) bad();
      min = lo as number;
      max = min;
    }
    if (this.peek() !== 125 /* } */) bad();
    this.pos++;
    if (min > MAX_REGEX_REPEAT || (max !== Infinity && max > MAX_REGEX_REPEAT)) {
      this.fail(`repetition count is too large (at most ${MAX_REGEX_REPEAT})`, open);
    }
    if (max < min) this.fail(`invalid repetition: ${max} is less than ${min}`, open);
    return { min, max };
  }
}

/**
 * Parses the regex held in `text[start, end)` (the characters between the two `%`), throwing a
 * `FilterPatternError` positioned in `text` for anything CloudWatch Logs does not accept.
 */
export function parseRegex(text: string, start: number, end: number): RegexAst {
  const parser = new RegexParser(text, start, end);
  parser.validateCharacters();
  return parser.parse();
}

function emitChar(code: number): string {
  return isAlnum(code) ? String.fromCharCode(code) : `\\x{${code.toString(16)}}`;
}

function emitAtom(atom: RegexAtom): string {
  switch (atom.kind) {
    case 'char': return emitChar(atom.code);
    case 'any': return '.';
    case 'perl': return `\\${atom.letter}`;
    case 'bol': return '^';
    case 'eol': return '$';
    case 'class': {
      let out = atom.negated ? '[^' : '[';
      for (const item of atom.items) {
        if (item.kind === 'perl') out += `\\${item.letter}`;
        else out += item.from === item.to ? emitChar(item.from) : `${emitChar(item.from)}-${emitChar(item.to)}`;
      }
      return `${out}]`;
    }
  }
}

function emitQuantifier(piece: RegexPiece): string {
  const { min, max } = piece;
  let q: string;
  if (min === 1 && max === 1) return '';
  if (min === 0 && max === Infinity) q = '*';
  else if (min === 1 && max === Infinity) q = '+';
  else if (min === 0 && max === 1) q = '?';
  else if (max === Infinity) q = `{${min},}`;
  else if (min === max) q = `{${min}}`;
  else q = `{${min},${max}}`;
  return piece.lazy ? `${q}?` : q;
}

/** The RE2 source equivalent to a parsed CloudWatch regex. */
export function toRe2Source(ast: RegexAst): string {
  return ast.alternatives.map((alt) => alt.map((p) => emitAtom(p.atom) + emitQuantifier(p)).join('')).join('|');
}

/**
 * Compiles a parsed regex for unanchored, case-sensitive search with RE2 (linear time in the input).
 * `at` is where the regex starts in `text`, for the error should RE2 refuse the program (size).
 */
export function compileRegex(ast: RegexAst, text: string, at: number): RE2JS {
  try {
    return re2().compile(toRe2Source(ast));
  } catch (e) {
    throw new FilterPatternError(`regular expression cannot be compiled: ${(e as Error).message}`, text, at);
  }
}
