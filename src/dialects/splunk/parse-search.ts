/**
 * Parser of the `search` command's expression (digest §3): implicit AND, upper-case `AND`/`OR`/`NOT`
 * with the precedence `( )` > `NOT` > `OR` > `AND` (§3.3), `field=value` and the other comparisons with
 * spaces allowed around the operator (§3.7), quoted field names and values, `field IN (a, b)` (§3.9),
 * `CASE(value)` / `TERM(value)` (§3.5), and bare terms and phrases (§3.12).
 */
import type { CompareOp, SearchNode, SearchValue } from './ast.js';
import { SplunkCode } from './codes.js';
import { SplError } from './errors.js';

const OPS: readonly CompareOp[] = ['!=', '<=', '>=', '=', '<', '>'];
/** Nesting (parentheses, NOT) deeper than this is refused rather than overflowing the stack. */
export const MAX_NESTING = 256;

class SearchParser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly s: string,
    private readonly base: number,
  ) {}

  fail(message: string, at = this.i): never {
    throw new SplError(message, this.base + at, SplunkCode.syntax);
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  /** The upper-case keyword at the cursor (a whole bare word), if any. */
  private keyword(): 'AND' | 'OR' | 'NOT' | null {
    const m = /^(AND|OR|NOT)(?=[\s()]|$)/.exec(this.s.slice(this.i, this.i + 4));
    return m === null ? null : (m[1] as 'AND' | 'OR' | 'NOT');
  }

  parse(): SearchNode | null {
    const node = this.and();
    this.ws();
    if (this.i < this.s.length) this.fail(`unexpected '${this.s[this.i]}': unbalanced parentheses`);
    return node;
  }

  private and(): SearchNode | null {
    const items: SearchNode[] = [];
    for (;;) {
      this.ws();
      if (this.i >= this.s.length || this.s[this.i] === ')') break;
      if (this.keyword() === 'AND') {
        if (items.length === 0) this.fail("expected a search term before 'AND'");
        this.i += 3;
        this.ws();
        if (this.i >= this.s.length || this.s[this.i] === ')') this.fail("expected a search term after 'AND'");
        continue;
      }
      items.push(this.or());
    }
    if (items.length === 0) return null;
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private or(): SearchNode {
    const items = [this.not()];
    for (;;) {
      const save = this.i;
      this.ws();
      if (this.keyword() !== 'OR') {
        this.i = save;
        break;
      }
      this.i += 2;
      this.ws();
      if (this.i >= this.s.length || this.s[this.i] === ')') this.fail("expected a search term after 'OR'");
      items.push(this.not());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private nest(): void {
    if (++this.depth > MAX_NESTING) this.fail(`search nests deeper than ${MAX_NESTING} levels`);
  }

  private not(): SearchNode {
    this.ws();
    if (this.keyword() === 'NOT') {
      this.nest();
      this.i += 3;
      this.ws();
      if (this.i >= this.s.length || this.s[this.i] === ')') this.fail("expected a search term after 'NOT'");
      const item = this.not();
      this.depth--;
      return { kind: 'not', item };
    }
    return this.primary();
  }

  private primary(): SearchNode {
    this.ws();
    const at = this.i;
    const c = this.s[this.i];
    if (c === '(') {
      this.nest();
      this.i++;
      const inner = this.and();
      this.depth--;
      this.ws();
      if (this.s[this.i] !== ')') this.fail("unbalanced parentheses: expected ')'", at);
      this.i++;
      if (inner === null) this.fail('empty parentheses', at);
      return inner;
    }
    const kw = this.keyword();
    if (kw !== null) this.fail(`expected a search term, found '${kw}'`);
    if (c === ')') this.fail("unbalanced parentheses: ')' closes nothing");
    const left = this.value(true);
    const afterLeft = this.i;
    this.ws();
    const op = OPS.find((o) => this.s.startsWith(o, this.i));
    if (op !== undefined && !left.caseSensitive) {
      this.i += op.length;
      this.ws();
      if (this.i >= this.s.length || this.s[this.i] === ')') this.fail(`expected a value after '${left.text}${op}'`);
      return { kind: 'compare', field: left.text, op, value: this.value(false), offset: this.base + at };
    }
    if (!left.quoted && /^IN\s*\(/i.test(this.s.slice(this.i))) {
      this.i = this.s.indexOf('(', this.i) + 1;
      const values: SearchValue[] = [];
      for (;;) {
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (this.s[this.i] === ')') break;
        if (this.i >= this.s.length) this.fail("unbalanced parentheses: 'IN (' is not closed", at);
        values.push(this.value(false, true));
      }
      this.i++;
      if (values.length === 0) this.fail(`expected values in '${left.text} IN ( )'`, at);
      return { kind: 'in', field: left.text, values, offset: this.base + at };
    }
    this.i = afterLeft;
    return { kind: 'term', value: left, offset: this.base + at };
  }

  /** A quoted string, `CASE(...)`/`TERM(...)`, or a bare run of characters. */
  private value(isLeft: boolean, inList = false): SearchValue {
    const at = this.i;
    if (this.s[this.i] === '"') return { text: this.quoted(), quoted: true, caseSensitive: false };
    const wrapped = /^(CASE|TERM)\(/.exec(this.s.slice(this.i, this.i + 5));
    if (wrapped !== null) {
      this.i += 5;
      const inner = this.s[this.i] === '"' ? this.quoted() : this.bare(false, false);
      if (this.s[this.i] !== ')') this.fail(`expected ')' to close ${wrapped[1]}(`, at);
      this.i++;
      return { text: inner, quoted: true, caseSensitive: wrapped[1] === 'CASE' };
    }
    const text = this.bare(isLeft, inList);
    if (text === '') this.fail(`expected a search term, found '${this.s[this.i] ?? 'end of search'}'`);
    return { text, quoted: false, caseSensitive: false };
  }

  private quoted(): string {
    let out = '';
    for (this.i++; this.i < this.s.length && this.s[this.i] !== '"'; this.i++) {
      if (this.s[this.i] === '\\' && (this.s[this.i + 1] === '"' || this.s[this.i + 1] === '\\')) this.i++;
      out += this.s[this.i];
    }
    this.i++;
    return out;
  }

  /** A bare word: field names stop at comparison operators, values at space or parentheses. */
  private bare(isLeft: boolean, inList: boolean): string {
    const start = this.i;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (/\s/.test(c) || c === '(' || c === ')' || c === '"') break;
      if (inList && c === ',') break;
      if (isLeft && (c === '=' || c === '<' || c === '>' || (c === '!' && this.s[this.i + 1] === '='))) break;
      this.i++;
    }
    return this.s.slice(start, this.i);
  }
}

/** Parses a search expression; null for an empty search (which keeps every event). `base` is the text's offset in the whole search. */
export function parseSearchExpression(text: string, base = 0): SearchNode | null {
  return new SearchParser(text, base).parse();
}
