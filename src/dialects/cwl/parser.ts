/**
 * The filter-pattern parser: dispatches on the first character, then parses a JSON pattern, a
 * space-delimited pattern, a standalone regex or a term pattern (parse-terms.ts) by recursive descent.
 *
 * Dispatch (FilterAndPatternSyntax; error text as the service words it):
 * - empty or whitespace-only: matches everything;
 * - `{`: a JSON pattern, which must end with `}`;
 * - `[`: a space-delimited pattern, which must end with `]`;
 * - `%`: one standalone regex;
 * - anything else: terms.
 * Leading and trailing whitespace is ignored before dispatching.
 */
import type {
  FieldCondition,
  FieldExpr,
  Field,
  Ellipsis,
  FilterPatternAst,
  JsonCondition,
  JsonExpr,
  JsonPattern,
  Logical,
  RegexLiteral,
  Selector,
  SpaceDelimitedPattern,
  Value,
} from './ast.js';
import { lineColumn } from '../../diagnostics/diagnostic.js';
import { FilterPatternError } from './errors.js';
import { MAX_PATTERN_LENGTH } from './limits.js';
import { isNumberText } from './number.js';
import { parseTerms } from './parse-terms.js';
import { isSpace } from './chars.js';
import { Scanner, type RegexToken } from './scanner.js';
import { comparisonOf, tt, type ComparisonOperator, type TokenType } from './tokens.js';

const KEYWORDS = new Set(['IS', 'NOT', 'EXISTS', 'TRUE', 'FALSE', 'NULL']);

function isFieldName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
    if (!ok) return false;
  }
  return name.length > 0;
}

function makeLogical<T extends { start: number; end: number; type: string }>(
  type: 'And' | 'Or',
  left: T,
  right: T,
): Logical<T> {
  // Flatten chains of the same operator into one n-ary node.
  const operands: T[] = [];
  for (const side of [left, right]) {
    if (side.type === type) operands.push(...(side as unknown as Logical<T>).operands);
    else operands.push(side);
  }
  return type === 'And'
    ? { type, start: left.start, end: right.end, operands }
    : { type, start: left.start, end: right.end, operands };
}

class Parser extends Scanner {
  private ellipsisSeen = false;

  private eat(type: TokenType): boolean {
    if (this.type !== type) return false;
    this.next();
    return true;
  }

  private unexpected(expected: string): never {
    this.raise(`expected ${expected}, found ${this.describeToken()}`, this.start);
  }

  // json ::= '{' expr '}'
  parseJson(): JsonPattern {
    const start = this.start;
    this.next(); // '{'
    if (this.type === tt.braceR) this.raise("expected a condition between '{' and '}'", this.start);
    const body = this.parseJsonExpr();
    if (this.type !== tt.braceR) this.unexpected("'&&', '||' or '}'");
    const end = this.tokEnd;
    this.next();
    if (this.type !== tt.eof) this.raise(`unexpected ${this.describeToken()} after the closing '}'`, this.start);
    return { type: 'Json', start, end, body };
  }

  // expr ::= primary (('&&' | '||') primary)*   with && binding tighter than || (precedence climbing)
  private parseJsonExpr(): JsonExpr {
    return this.parseJsonOp(this.parseJsonPrimary(), 0);
  }

  private parseJsonOp(left: JsonExpr, minPrec: number): JsonExpr {
    const prec = this.type.binop;
    if (prec > minPrec) {
      const type = this.type === tt.logicalAnd ? 'And' : 'Or';
      this.next();
      const right = this.parseJsonOp(this.parseJsonPrimary(), prec);
      return this.parseJsonOp(makeLogical<JsonExpr>(type, left, right), minPrec);
    }
    return left;
  }

  // primary ::= '(' expr ')' | condition
  private parseJsonPrimary(): JsonExpr {
    if (this.type === tt.parenL) {
      const open = this.start;
      this.next();
      const inner = this.parseJsonExpr();
      if (this.type !== tt.parenR) {
        const { line, column } = lineColumn(this.input, open);
        this.raise(`expected ')' to close the '(' at line ${line}, col ${column}, found ${this.describeToken()}`, this.start);
      }
      this.next();
      return inner;
    }
    if (this.type === tt.selector) return this.parseCondition();
    if (this.type === tt.word) {
      this.raise(`expected a property selector starting with '$.', found ${this.describeToken()}`, this.start);
    }
    return this.unexpected('a condition');
  }

  // condition ::= selector (op value | 'IS' ('TRUE' | 'FALSE' | 'NULL') | 'NOT' 'EXISTS')
  private parseCondition(): JsonCondition {
    const selector = this.value as Selector;
    this.next();
    const op = comparisonOf(this.type);
    if (op !== null) {
      const opText = this.type.label;
      this.next();
      const value = this.parseValue(op, opText);
      return { type: 'Condition', start: selector.start, end: value.end, selector, test: { kind: 'compare', op, value } };
    }
    if (this.type === tt.eqeq) this.raise("'==' is not an operator; use '='", this.start);
    if (this.type === tt.word) {
      const word = this.value as string;
      const at = this.start;
      if (word === 'IS') {
        this.next();
        const what = this.type === tt.word ? (this.value as string) : '';
        const end = this.tokEnd;
        if (what === 'TRUE' || what === 'FALSE' || what === 'NULL') {
          this.next();
          const kind = what === 'TRUE' ? 'isTrue' : what === 'FALSE' ? 'isFalse' : 'isNull';
          return { type: 'Condition', start: selector.start, end, selector, test: { kind } };
        }
        if (what === 'NOT') this.raise("'IS NOT' is not supported; use 'IS TRUE', 'IS FALSE', 'IS NULL' or 'NOT EXISTS'", at);
        this.unexpected("'TRUE', 'FALSE' or 'NULL' after 'IS'");
      }
      if (word === 'NOT') {
        this.next();
        if (this.type !== tt.word || this.value !== 'EXISTS') this.unexpected("'EXISTS' after 'NOT'");
        const end = this.tokEnd;
        this.next();
        return { type: 'Condition', start: selector.start, end, selector, test: { kind: 'notExists' } };
      }
      if (word === 'EXISTS') {
        this.raise("'EXISTS' on its own is not supported; only 'NOT EXISTS' is (use '= *' to require a value)", at);
      }
      if (KEYWORDS.has(word.toUpperCase())) this.raise(`keywords are upper case: write '${word.toUpperCase()}'`, at);
    }
    return this.unexpected("an operator (=, !=, <, <=, >, >=), 'IS' or 'NOT EXISTS' after the selector");
  }

  // value ::= string | regex | number | word
  private parseValue(op: ComparisonOperator, opText: string): Value {
    const start = this.start;
    const end = this.tokEnd;
    const relational = op !== '=' && op !== '!=';
    if (this.type === tt.string) {
      if (relational) this.raise(`expected a number after ${opText}, found a quoted string`, start);
      const text = this.value as string;
      this.next();
      return { type: 'String', start, end, text, quoted: true };
    }
    if (this.type === tt.regex) {
      if (relational) this.raise(`a regular expression can only follow '=' or '!=', not ${opText}`, start);
      const token = this.value as RegexToken;
      this.next();
      const regex: RegexLiteral = {
        type: 'Regex',
        start,
        end,
        bodyStart: token.bodyStart,
        bodyEnd: token.bodyEnd,
        regex: token.regex,
      };
      return regex;
    }
    if (this.type === tt.word) {
      const text = this.value as string;
      this.next();
      if (isNumberText(text)) return { type: 'Number', start, end, value: Number(text), raw: text };
      if (relational) this.raise(`expected a number after ${opText}, found '${text}'`, start);
      return { type: 'String', start, end, text, quoted: false };
    }
    return this.raise(`expected value after ${opText}`, start);
  }

  // space-delimited ::= '[' field (',' field)* ']'
  parseSpaceDelimited(): SpaceDelimitedPattern {
    const start = this.start;
    this.next(); // '['
    if (this.type === tt.bracketR) this.raise("expected a field name or '...' between '[' and ']'", this.start);
    const fields: (Field | Ellipsis)[] = [];
    for (;;) {
      fields.push(this.parseField());
      if (this.eat(tt.comma)) continue;
      if (this.type === tt.bracketR) break;
      if (this.type === tt.logicalAnd || this.type === tt.logicalOr) {
        this.raise(`expected a condition after ${this.type.label}`, this.start);
      }
      this.unexpected("',' or ']' after the field");
    }
    const end = this.tokEnd;
    this.next();
    if (this.type !== tt.eof) this.raise(`unexpected ${this.describeToken()} after the closing ']'`, this.start);
    return { type: 'SpaceDelimited', start, end, fields };
  }

  // field ::= '...' | name? (cond (('&&' | '||') cond)*)?
  private parseField(): Field | Ellipsis {
    const start = this.start;
    if (this.type === tt.comma || this.type === tt.bracketR) {
      // An empty field (`[a,,b]`, `[a, b,]`): matches any value, extracted as `$<position>`.
      return { type: 'Field', start, end: start, name: '', condition: null };
    }
    if (this.type !== tt.word) {
      if (this.type === tt.selector) this.raise("space-delimited fields are named without '$'", start);
      this.unexpected("a field name or '...'");
    }
    const name = this.value as string;
    const end = this.tokEnd;
    if (name === '...') {
      if (this.ellipsisSeen) this.raise("only one '...' is allowed in a pattern", start);
      this.ellipsisSeen = true;
      this.next();
      if (comparisonOf(this.type) !== null) this.raise("'...' cannot have a condition", this.start);
      return { type: 'Ellipsis', start, end };
    }
    if (!isFieldName(name)) {
      this.raise(`invalid field name '${name}'; use letters, digits, '_' and '-'`, start);
    }
    this.next();
    if (comparisonOf(this.type) === null) {
      if (this.type === tt.eqeq) this.raise("'==' is not an operator; use '='", this.start);
      return { type: 'Field', start, end, name, condition: null };
    }
    const first = this.parseFieldCondition(name, start, name);
    const condition = this.parseFieldOp(first, 0, name);
    return { type: 'Field', start, end: condition.end, name, condition };
  }

  private parseFieldOp(left: FieldExpr, minPrec: number, field: string): FieldExpr {
    const prec = this.type.binop;
    if (prec > minPrec) {
      const type = this.type === tt.logicalAnd ? 'And' : 'Or';
      this.next();
      const right = this.parseFieldOp(this.parseNextFieldCondition(field), prec, field);
      return this.parseFieldOp(makeLogical<FieldExpr>(type, left, right), minPrec, field);
    }
    return left;
  }

  private parseNextFieldCondition(field: string): FieldCondition {
    if (this.type === tt.parenL) this.raise('parentheses are not supported in space-delimited patterns', this.start);
    if (this.type !== tt.word) this.unexpected(`a condition on '${field}'`);
    const name = this.value as string;
    const start = this.start;
    if (name !== field) {
      this.raise(`a condition in field '${field}' must name '${field}', not '${name}' (one field per slot)`, start);
    }
    this.next();
    return this.parseFieldCondition(name, start, field);
  }

  // cond ::= name op value   (the name is already consumed)
  private parseFieldCondition(name: string, start: number, field: string): FieldCondition {
    const op = comparisonOf(this.type);
    if (op === null) {
      if (this.type === tt.eqeq) this.raise("'==' is not an operator; use '='", this.start);
      this.unexpected(`an operator after '${field}'`);
    }
    const opText = this.type.label;
    this.next();
    const value = this.parseValue(op, opText);
    return { type: 'FieldCondition', start, end: value.end, name, op, value };
  }

  // regex-pattern ::= '%' regex '%'
  parseStandaloneRegex(): FilterPatternAst {
    const start = this.start;
    const token = this.value as RegexToken;
    const end = this.tokEnd;
    this.next();
    if (this.type !== tt.eof) {
      this.raise(`a regular expression pattern is one %...%; unexpected ${this.describeToken()} after it`, this.start);
    }
    const regex: RegexLiteral = {
      type: 'Regex',
      start,
      end,
      bodyStart: token.bodyStart,
      bodyEnd: token.bodyEnd,
      regex: token.regex,
    };
    return { type: 'RegexPattern', start, end, regex };
  }
}

/** Counts Unicode code points (the service measures pattern length in characters). */
function codePointLength(text: string): { length: number; offsetOfLimit: number } {
  let length = 0;
  let offsetOfLimit = text.length;
  for (let i = 0; i < text.length; i++) {
    if (length === MAX_PATTERN_LENGTH) offsetOfLimit = Math.min(offsetOfLimit, i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    length++;
  }
  return { length, offsetOfLimit };
}

/**
 * Parses a filter pattern into its syntax tree, throwing a `FilterPatternError` for anything the
 * service would reject (syntax, unsupported regex constructs, quotas, length).
 */
export function parsePatternAst(text: string): FilterPatternAst {
  const { length, offsetOfLimit } = codePointLength(text);
  if (length > MAX_PATTERN_LENGTH) {
    throw new FilterPatternError(
      `filter pattern is too long: ${length} characters (the limit is ${MAX_PATTERN_LENGTH})`,
      text,
      offsetOfLimit,
    );
  }
  let first = 0;
  let last = text.length;
  while (first < last && isSpace(text.charCodeAt(first))) first++;
  while (last > first && isSpace(text.charCodeAt(last - 1))) last--;
  if (first === last) return { type: 'All', start: first, end: last };
  const c = text.charCodeAt(first);
  if (c === 123 /* { */ || c === 91 /* [ */) {
    const close = c === 123 ? '}' : ']';
    if (text[last - 1] !== close || last - first < 2) {
      throw new FilterPatternError(
        `if a filter pattern starts with '${text[first]}' it must end with '${close}'`,
        text,
        last,
      );
    }
    const parser = new Parser(text, first, last);
    parser.next();
    return c === 123 ? parser.parseJson() : parser.parseSpaceDelimited();
  }
  if (c === 37 /* % */) {
    const parser = new Parser(text, first, last);
    parser.next();
    return parser.parseStandaloneRegex();
  }
  return parseTerms(text, first, last);
}
