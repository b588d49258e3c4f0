/**
 * The tokenizer of JSON and space-delimited patterns: a `charCodeAt` switch producing one token at a
 * time (acorn style). The parser in parser.ts extends it and reads `type`, `value`, `start`, `end`.
 *
 * Lexical rules:
 * - whitespace (space, tab, CR, LF) separates tokens and is otherwise ignored;
 * - `"..."` is a string; `\"` and `\\` are its only escapes, any other backslash is kept as written;
 * - `%...%` is a regex, validated by regex.ts as soon as it is read;
 * - `$` starts a property selector, read whole by `readSelector`;
 * - a word is a run of letters, digits and `_ - . * + : /`. The 2021 documentation requires quotes
 *   around values with `@`, `$`, `\` or non-ASCII characters, so a word running into any character
 *   that is neither a word character nor a delimiter is an error, not the end of the word.
 */
import type { Selector, SelectorStep } from './ast.js';
import { describeChar, isSpace } from './chars.js';
import { FilterPatternError } from './errors.js';
import { MAX_REGEX_PER_PATTERN, MAX_WILDCARD_SELECTORS, MAX_WILDCARDS_PER_SELECTOR } from './limits.js';
import { parseRegex, type RegexAst } from './regex.js';
import { tt, type TokenType } from './tokens.js';

/** The payload of a regex token. */
export interface RegexToken {
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly regex: RegexAst;
}

/** True for characters allowed in words (bare values, field names, keywords). */
export function isWordChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    c === 95 || // _
    c === 45 || // -
    c === 46 || // .
    c === 42 || // *
    c === 43 || // +
    c === 58 || // :
    c === 47 // /
  );
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/** Characters that may follow a word directly (delimiters and operator starts). */
function endsWord(c: number): boolean {
  switch (c) {
    case 40: case 41: case 123: case 125: case 91: case 93: case 44: // ( ) { } [ ] ,
    case 61: case 33: case 60: case 62: case 38: case 124: case 34: case 37: // = ! < > & | " %
      return true;
    default:
      return isSpace(c);
  }
}

/** Tokenizer state; the parser extends this class. */
export class Scanner {
  /** The whole pattern text (positions are offsets into it). */
  readonly input: string;
  /** Current position. */
  pos: number;
  /** End of the region being scanned (exclusive). */
  readonly end: number;
  /** Kind of the current token. */
  type: TokenType = tt.eof;
  /** Payload of the current token: decoded string, word text, Selector or RegexToken. */
  value: string | Selector | RegexToken | null = null;
  /** Start offset of the current token. */
  start = 0;
  /** End offset of the current token. */
  tokEnd = 0;
  /** End offset of the previous token. */
  lastTokEnd = 0;
  /** Regexes read so far (quota: MAX_REGEX_PER_PATTERN). */
  private regexCount = 0;
  /** Selectors with a wildcard read so far (quota: MAX_WILDCARD_SELECTORS). */
  private wildcardSelectors = 0;

  /** Scans `input[start, end)`. */
  constructor(input: string, start: number, end: number) {
    this.input = input;
    this.pos = start;
    this.end = end;
  }

  /** Throws a positioned FilterPatternError. */
  raise(reason: string, at: number): never {
    throw new FilterPatternError(reason, this.input, at);
  }

  /** The current token as error messages name it. */
  describeToken(): string {
    switch (this.type) {
      case tt.eof: return 'the end of the pattern';
      case tt.word: return `'${this.value as string}'`;
      case tt.string: return 'a quoted string';
      case tt.regex: return 'a regular expression';
      case tt.selector: return `selector '${(this.value as Selector).text}'`;
      default: return this.type.label;
    }
  }

  /** Advances to the next token. */
  next(): void {
    this.lastTokEnd = this.tokEnd;
    this.skipSpace();
    this.start = this.pos;
    this.value = null;
    if (this.pos >= this.end) {
      this.finish(tt.eof, this.pos);
      return;
    }
    const c = this.input.charCodeAt(this.pos);
    switch (c) {
      case 123: this.finish(tt.braceL, this.pos + 1); return; // {
      case 125: this.finish(tt.braceR, this.pos + 1); return; // }
      case 91: this.finish(tt.bracketL, this.pos + 1); return; // [
      case 93: this.finish(tt.bracketR, this.pos + 1); return; // ]
      case 40: this.finish(tt.parenL, this.pos + 1); return; // (
      case 41: this.finish(tt.parenR, this.pos + 1); return; // )
      case 44: this.finish(tt.comma, this.pos + 1); return; // ,
      case 61: // =
        if (this.charAt(this.pos + 1) === 61) this.finish(tt.eqeq, this.pos + 2);
        else this.finish(tt.eq, this.pos + 1);
        return;
      case 33: // !
        if (this.charAt(this.pos + 1) !== 61) this.raise("expected '!=' ('!' on its own is not an operator)", this.pos);
        this.finish(tt.ne, this.pos + 2);
        return;
      case 60: // <
        if (this.charAt(this.pos + 1) === 61) this.finish(tt.le, this.pos + 2);
        else this.finish(tt.lt, this.pos + 1);
        return;
      case 62: // >
        if (this.charAt(this.pos + 1) === 61) this.finish(tt.ge, this.pos + 2);
        else this.finish(tt.gt, this.pos + 1);
        return;
      case 38: // &
        if (this.charAt(this.pos + 1) !== 38) this.raise("expected '&&'", this.pos);
        this.finish(tt.logicalAnd, this.pos + 2);
        return;
      case 124: // |
        if (this.charAt(this.pos + 1) !== 124) this.raise("expected '||'", this.pos);
        this.finish(tt.logicalOr, this.pos + 2);
        return;
      case 34: this.readString(); return; // "
      case 37: this.readRegexToken(); return; // %
      case 36: this.readSelector(); return; // $
      default:
        if (isWordChar(c)) {
          this.readWord();
          return;
        }
        this.raise(`invalid character ${describeChar(c)}; text containing it must be in double quotes`, this.pos);
    }
  }

  private charAt(i: number): number {
    return i < this.end ? this.input.charCodeAt(i) : -1;
  }

  private finish(type: TokenType, end: number): void {
    this.type = type;
    this.pos = end;
    this.tokEnd = end;
  }

  private skipSpace(): void {
    while (this.pos < this.end && isSpace(this.input.charCodeAt(this.pos))) this.pos++;
  }

  private readWord(): void {
    let i = this.pos;
    while (i < this.end && isWordChar(this.input.charCodeAt(i))) i++;
    if (i < this.end && !endsWord(this.input.charCodeAt(i))) {
      this.raise(
        `invalid character ${describeChar(this.input.charCodeAt(i))} in unquoted text; put the value in double quotes`,
        i,
      );
    }
    this.value = this.input.slice(this.pos, i);
    this.finish(tt.word, i);
  }

  // string ::= '"' (char | '\"' | '\\')* '"'
  private readString(): void {
    const open = this.pos;
    let out = '';
    let chunk = open + 1;
    let i = open + 1;
    for (;;) {
      if (i >= this.end) this.raise('unterminated quoted string (missing closing \'"\')', open);
      const c = this.input.charCodeAt(i);
      if (c === 34) break;
      if (c === 92 /* \ */ && i + 1 < this.end) {
        const n = this.input.charCodeAt(i + 1);
        if (n === 34 || n === 92) {
          out += this.input.slice(chunk, i);
          chunk = i + 1;
          i += 2;
          continue;
        }
      }
      i++;
    }
    this.value = out + this.input.slice(chunk, i);
    this.finish(tt.string, i + 1);
  }

  private readRegexToken(): void {
    const open = this.pos;
    const close = this.input.indexOf('%', open + 1);
    if (close === -1 || close >= this.end) this.raise("unterminated regular expression (missing closing '%')", open);
    if (++this.regexCount > MAX_REGEX_PER_PATTERN) {
      this.raise(`too many regular expressions: a pattern may contain at most ${MAX_REGEX_PER_PATTERN}`, open);
    }
    const regex = parseRegex(this.input, open + 1, close);
    const token: RegexToken = { bodyStart: open + 1, bodyEnd: close, regex };
    this.value = token;
    this.finish(tt.regex, close + 1);
  }

  // selector ::= '$' step+
  // step     ::= '.' name | '.*' | '.'? '[' (digits | '*' | quoted-key) ']'
  private readSelector(): void {
    const start = this.pos;
    let i = start + 1;
    const steps: SelectorStep[] = [];
    let wildcards = 0;
    const addWildcard = (at: number, step: SelectorStep): void => {
      if (++wildcards > MAX_WILDCARDS_PER_SELECTOR) {
        this.raise(`a selector may contain at most ${MAX_WILDCARDS_PER_SELECTOR} wildcard`, at);
      }
      steps.push(step);
    };
    for (;;) {
      const c = this.charAt(i);
      if (c === 46 /* . */) {
        const n = this.charAt(i + 1);
        if (n === 42 /* * */) {
          addWildcard(i + 1, { kind: 'anyField' });
          i += 2;
        } else if (n === 91 /* [ */) {
          i = this.readBracketStep(i + 1, steps, addWildcard);
        } else if (isNameChar(n)) {
          let j = i + 1;
          while (isNameChar(this.charAt(j))) j++;
          steps.push({ kind: 'key', key: this.input.slice(i + 1, j) });
          i = j;
        } else {
          this.raise("expected a property name after '.'", i + 1);
        }
      } else if (c === 91 /* [ */) {
        i = this.readBracketStep(i, steps, addWildcard);
      } else {
        break;
      }
    }
    if (steps.length === 0) this.raise("expected '.' after '$' (selectors look like $.name)", start + 1);
    if (wildcards > 0 && ++this.wildcardSelectors > MAX_WILDCARD_SELECTORS) {
      this.raise(`too many wildcard selectors: a pattern may contain at most ${MAX_WILDCARD_SELECTORS}`, start);
    }
    const selector: Selector = {
      type: 'Selector',
      start,
      end: i,
      text: this.input.slice(start, i),
      steps,
      hasWildcard: wildcards > 0,
    };
    this.value = selector;
    this.finish(tt.selector, i);
  }

  private readBracketStep(
    open: number,
    steps: SelectorStep[],
    addWildcard: (at: number, step: SelectorStep) => void,
  ): number {
    let i = open + 1;
    const c = this.charAt(i);
    if (c === 39 /* ' */ || c === 34 /* " */) {
      const close = this.input.indexOf(String.fromCharCode(c), i + 1);
      if (close === -1 || close >= this.end) this.raise('unterminated quoted property name', i);
      if (close === i + 1) this.raise('empty property name', i);
      steps.push({ kind: 'key', key: this.input.slice(i + 1, close) });
      i = close + 1;
    } else if (c === 42 /* * */) {
      if (steps.length === 0) this.raise("'[*]' must follow a property", open);
      addWildcard(i, { kind: 'anyElement' });
      i++;
    } else if (c >= 48 && c <= 57) {
      if (steps.length === 0) this.raise('an array index must follow a property', open);
      let j = i;
      while (j < this.end && this.input.charCodeAt(j) >= 48 && this.input.charCodeAt(j) <= 57) j++;
      steps.push({ kind: 'index', index: Number(this.input.slice(i, j)) });
      i = j;
    } else if (c === 45 /* - */) {
      this.raise('an array index must be a non-negative integer', i);
    } else {
      this.raise("expected an array index, '*' or a quoted property name after '['", i);
    }
    if (this.charAt(i) !== 93 /* ] */) this.raise("expected ']'", i);
    return i + 1;
  }
}
