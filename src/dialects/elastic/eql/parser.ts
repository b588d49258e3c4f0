/**
 * EQL parser: recursive descent over the scanner's tokens (EQLSYN; elastic-rules.md Q1–Q5, Q12, Q13).
 *
 *   query      = (event | sequence | sample) ("|" pipe)*
 *   event      = category "where" expr                 category = "any" | ident | string
 *   sequence   = "sequence" [by keys] [with maxspan=T] step step+ ["until" step]   (by/with in either order;
 *                T = whole number + d|h|m|s|ms|micros|nanos, Elasticsearch time units)
 *   sample     = "sample" [by keys] step step+                 (join keys here or on every step)
 *   step       = ["!"] "[" event "]" ["by" keys] ["with" "runs" "=" int]
 *   expr       = or;  or = and ("or" and)*;  and = not ("and" not)*;  not = "not" not | compare
 *   compare    = sum [("==" | "!=" | "<" | "<=" | ">" | ">=") sum]     (comparisons do not chain)
 *   sum        = product (("+" | "-") product)*;  product = unary (("*" | "/" | "%") unary)*
 *   unary      = "-" unary | primary [predicate]
 *   predicate  = ["not"] ("in" | "in~") "(" expr ("," expr)* ")"
 *              | (":" | "like" | "like~" | "regex" | "regex~") (constant | "(" constant ("," constant)* ")")
 *   primary    = constant | ["?"] field | name ["~"] "(" [expr ("," expr)*] ")" | "(" expr ")"
 *
 * Keywords are lower-case, as in Elasticsearch's grammar (EqlBase.g4). Never throws: returns the
 * query or the first error with its offset.
 */
import type { CompareOp, EventQuery, Expr, FieldRef, Literal, Pipe, Query, Step } from './ast.js';
import { scan } from './scanner.js';
import type { Token } from './scanner.js';

/** A syntax error at an offset of the query text. */
export interface EqlSyntaxError {
  readonly message: string;
  readonly offset: number;
}

/** The parse result: a query, or the first syntax error. */
export type ParseResult = { readonly ok: true; readonly query: Query } | { readonly ok: false; readonly error: EqlSyntaxError };

const KEYWORDS = new Set(['and', 'any', 'by', 'false', 'in', 'join', 'like', 'maxspan', 'not', 'null', 'of', 'or', 'regex', 'sample', 'sequence', 'true', 'until', 'where', 'with']);

/** Milliseconds per `maxspan` unit (Elasticsearch time units used by EQL). */
const UNITS: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

class Failure {
  constructor(readonly error: EqlSyntaxError) {}
}

/** Parses an EQL query. */
export function parseEql(text: string): ParseResult {
  const tokens = scan(text);
  if (!Array.isArray(tokens)) return { ok: false, error: tokens };
  try {
    return { ok: true, query: new Parser(tokens).parseQuery() };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, error: e.error };
    throw e;
  }
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of query';
  return `'${t.text.length > 30 ? `${t.text.slice(0, 30)}…` : t.text}'`;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private get tok(): Token {
    return this.tokens[this.pos] as Token;
  }
  private peek(k = 1): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)] as Token;
  }
  private next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private isOp(text: string, t: Token = this.tok): boolean {
    return t.kind === 'op' && t.text === text;
  }
  private isWord(word: string, t: Token = this.tok): boolean {
    return t.kind === 'ident' && t.text === word;
  }
  /** The current word is followed by `~` with no space (`in~`, `like~`, `regex~`, `startsWith~`). */
  private tildeNext(): boolean {
    const n = this.peek();
    return n.kind === 'op' && n.text === '~' && n.start === this.tok.end;
  }
  private fail(message: string, offset = this.tok.start): never {
    throw new Failure({ message, offset });
  }
  private unexpected(expected: string): never {
    this.fail(`expected ${expected}, found ${describe(this.tok)}`);
  }
  private expectOp(text: string, expected = `'${text}'`): Token {
    if (!this.isOp(text)) this.unexpected(expected);
    return this.next();
  }
  private expectWord(word: string): Token {
    if (!this.isWord(word)) this.unexpected(`'${word}'`);
    return this.next();
  }

  parseQuery(): Query {
    const start = this.tok.start;
    let q: Query;
    if (this.isWord('sequence')) q = this.parseSequence();
    else if (this.isWord('sample')) q = this.parseSample();
    else {
      const event = this.parseEvent();
      q = { kind: 'event', event, pipes: [], start, end: event.end };
    }
    const pipes = this.parsePipes();
    if (this.tok.kind !== 'eof') this.unexpected(q.kind === 'event' ? "'and', 'or', '|' or end of query" : "'|' or end of query");
    return { ...q, pipes, end: this.tokens[this.pos - 1]?.end ?? q.end };
  }

  private parsePipes(): Pipe[] {
    const pipes: Pipe[] = [];
    while (this.isOp('|')) {
      const bar = this.next();
      const name = this.tok;
      if (!this.isWord('head', name) && !this.isWord('tail', name)) this.unexpected("'head' or 'tail' (the only pipes Elasticsearch EQL has)");
      this.next();
      const count = this.tok;
      if (count.kind !== 'number' || !/^\d+$/.test(count.text)) this.unexpected('a whole number');
      this.next();
      pipes.push({ name: name.text as 'head' | 'tail', count: Number(count.text), start: bar.start, end: count.end });
    }
    return pipes;
  }

  private parseEvent(): EventQuery {
    const t = this.tok;
    let category: string | null;
    if (this.isWord('any')) category = null;
    else if (t.kind === 'string') category = t.value;
    else if (t.kind === 'ident' && !KEYWORDS.has(t.text)) category = t.text;
    else this.unexpected("an event category, 'any', 'sequence' or 'sample'");
    this.next();
    this.expectWord('where');
    const condition = this.parseExpr();
    return { category, categorySpan: { start: t.start, end: t.end }, condition, start: t.start, end: condition.end };
  }

  private parseSequence(): Query {
    const start = this.next().start;
    let by: FieldRef[] = [];
    let maxspan: number | null = null;
    for (let round = 0; round < 2; round++) {
      if (this.isWord('by') && by.length === 0) {
        this.next();
        by = this.parseKeys();
      } else if (this.isWord('with') && maxspan === null) {
        this.next();
        this.expectWord('maxspan');
        this.expectOp('=');
        maxspan = this.parseTimeValue();
      }
    }
    const steps: Step[] = [];
    while (this.isOp('[') || this.isOp('!')) steps.push(this.parseStep(true));
    let until: Step | null = null;
    if (this.isWord('until')) {
      this.next();
      until = this.parseStep(false);
    }
    if (steps.length === 0) this.unexpected("'[' (a sequence step)");
    const total = steps.reduce((n, s) => n + s.runs, 0);
    if (total < 2) this.fail('a sequence needs at least 2 steps', steps[0]!.start);
    if (steps.every((s) => s.missing)) this.fail('a sequence needs at least one step that is not a missing event (![...])', steps[0]!.start);
    if (maxspan === null && steps.some((s) => s.missing)) this.fail('missing-event steps (![...]) need `with maxspan`', steps.find((s) => s.missing)!.start);
    this.checkKeyCounts(steps, until);
    return { kind: 'sequence', by, maxspan, steps, until, pipes: [], start, end: (until ?? steps[steps.length - 1]!).end };
  }

  private parseSample(): Query {
    const start = this.next().start;
    let by: FieldRef[] = [];
    if (this.isWord('by')) {
      this.next();
      by = this.parseKeys();
    }
    const steps: Step[] = [];
    while (this.isOp('[')) steps.push(this.parseStep(false));
    if (steps.length < 2) this.fail('a sample needs at least 2 steps', steps[0]?.start ?? this.tok.start);
    this.checkKeyCounts(steps, null);
    if (by.length === 0 && steps[0]!.by.length === 0) this.fail('a sample needs join keys (sample by … or [ … ] by …)', start);
    return { kind: 'sample', by, steps, pipes: [], start, end: steps[steps.length - 1]!.end };
  }

  /** Every step must name as many join keys of its own (EQLSYN "`by` keyword"). */
  private checkKeyCounts(steps: readonly Step[], until: Step | null): void {
    const all = until === null ? steps : [...steps, until];
    const n = all[0]!.by.length;
    const odd = all.find((s) => s.by.length !== n);
    if (odd !== undefined) this.fail(`every step must have the same number of join keys (${n}), this one has ${odd.by.length}`, odd.start);
  }

  private parseStep(allowSequenceOptions: boolean): Step {
    const start = this.tok.start;
    let missing = false;
    if (this.isOp('!')) {
      if (!allowSequenceOptions) this.unexpected("'['");
      this.next();
      missing = true;
    }
    this.expectOp('[');
    const query = this.parseEvent();
    const close = this.expectOp(']', "']'");
    let end = close.end;
    let by: FieldRef[] = [];
    if (this.isWord('by')) {
      this.next();
      by = this.parseKeys();
      end = by[by.length - 1]!.end;
    }
    let runs = 1;
    // `with runs=` belongs to a step only when `runs` follows (a `with maxspan` cannot come here).
    if (allowSequenceOptions && this.isWord('with') && this.isWord('runs', this.peek())) {
      this.next();
      this.next();
      this.expectOp('=');
      const n = this.tok;
      if (n.kind !== 'number' || !/^\d+$/.test(n.text) || Number(n.text) < 1 || Number(n.text) > 100) this.unexpected('a whole number from 1 to 100');
      this.next();
      runs = Number(n.text);
      end = n.end;
    }
    return { query, by, runs, missing, start, end };
  }

  private parseKeys(): FieldRef[] {
    const keys = [this.parseKey()];
    while (this.isOp(',')) {
      this.next();
      keys.push(this.parseKey());
    }
    return keys;
  }

  private parseKey(): FieldRef {
    const e = this.parsePrimary();
    if (e.kind !== 'field') this.fail('expected a field name as join key', e.start);
    return e;
  }

  private parseTimeValue(): number {
    const n = this.tok;
    if (n.kind !== 'number' || !/^\d+$/.test(n.text)) this.unexpected('a time value such as 30s');
    this.next();
    const u = this.tok;
    const ms = u.kind === 'ident' ? UNITS[u.text] : undefined;
    if (ms === undefined) this.unexpected('a time unit (d, h, m, s, ms, micros, nanos)');
    this.next();
    return Number(n.text) * ms;
  }

  parseExpr(): Expr {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      this.next();
      const right = this.parseAnd();
      left = { kind: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isWord('and')) {
      this.next();
      const right = this.parseNot();
      left = { kind: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isWord('not')) {
      const start = this.next().start;
      const operand = this.parseNot();
      return { kind: 'not', operand, start, end: operand.end };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const left = this.parseSum();
    const t = this.tok;
    if (t.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.text)) {
      this.next();
      const right = this.parseSum();
      const op = t.text as CompareOp;
      const n = this.tok;
      if (n.kind === 'op' && ['==', '!=', '<', '<=', '>', '>=', '='].includes(n.text)) this.fail('comparisons cannot be chained, join them with and', n.start);
      return { kind: 'compare', op, left, right, start: left.start, end: right.end };
    }
    if (this.isOp('=')) this.fail("'=' is not an operator in EQL, use == (case-sensitive) or : (case-insensitive)");
    return left;
  }

  private parseSum(): Expr {
    let left = this.parseProduct();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as '+' | '-';
      const right = this.parseProduct();
      left = { kind: 'arith', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseProduct(): Expr {
    let left = this.parseUnary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next().text as '*' | '/' | '%';
      const right = this.parseUnary();
      left = { kind: 'arith', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isOp('-') || this.isOp('+')) {
      const sign = this.next();
      const operand = this.parseUnary();
      if (sign.text === '+') return operand;
      if (operand.kind === 'literal' && typeof operand.value === 'number') return { ...operand, value: -operand.value, start: sign.start };
      return { kind: 'negate', operand, start: sign.start, end: operand.end };
    }
    return this.parsePredicate(this.parsePrimary());
  }

  private parsePredicate(operand: Expr): Expr {
    const t = this.tok;
    let negated = false;
    if (this.isWord('not') && (this.isWord('in', this.peek()))) {
      this.next();
      negated = true;
    }
    const k = this.tok;
    if (this.isWord('in')) {
      const insensitive = this.tildeNext();
      this.next();
      if (insensitive) this.next();
      this.expectOp('(');
      const list = [this.parseExpr()];
      while (this.isOp(',')) {
        this.next();
        list.push(this.parseExpr());
      }
      const close = this.expectOp(')', "',' or ')'");
      return { kind: 'in', insensitive, negated, operand, list, start: operand.start, end: close.end };
    }
    if (negated) this.fail("expected 'in' after 'not'", t.start);
    const isColon = this.isOp(':');
    if (isColon || this.isWord('like') || this.isWord('regex')) {
      const insensitive = isColon || this.tildeNext();
      this.next();
      if (insensitive && !isColon) this.next();
      const written = isColon ? ':' : `${k.text}${insensitive ? '~' : ''}`;
      const patterns: Literal[] = [];
      let end: number;
      if (this.isOp('(')) {
        this.next();
        patterns.push(this.parseConstant(written));
        while (this.isOp(',')) {
          this.next();
          patterns.push(this.parseConstant(written));
        }
        end = this.expectOp(')', "',' or ')'").end;
      } else {
        const c = this.parseConstant(written);
        patterns.push(c);
        end = c.end;
      }
      return { kind: 'pattern', op: isColon || k.text === 'like' ? 'like' : 'regex', insensitive, written, operand, patterns, start: operand.start, end };
    }
    return operand;
  }

  private parseConstant(after: string): Literal {
    const e = this.parsePrimary();
    if (e.kind !== 'literal') this.fail(`expected a constant after '${after}'`, e.start);
    return e;
  }

  private parsePrimary(): Expr {
    const t = this.tok;
    switch (t.kind) {
      case 'string':
        this.next();
        return { kind: 'literal', value: t.value, float: false, start: t.start, end: t.end };
      case 'number': {
        this.next();
        const float = /[.eE]/.test(t.text);
        return { kind: 'literal', value: Number(t.text), float, start: t.start, end: t.end };
      }
      case 'quotedIdent':
        return this.parseField(false, t.start);
      case 'ident': {
        if (t.text === 'true' || t.text === 'false') {
          this.next();
          return { kind: 'literal', value: t.text === 'true', float: false, start: t.start, end: t.end };
        }
        if (t.text === 'null') {
          this.next();
          return { kind: 'literal', value: null, float: false, start: t.start, end: t.end };
        }
        const after = this.peek();
        const tilde = this.tildeNext() && this.isOp('(', this.peek(2));
        if ((this.isOp('(', after) && after.start === t.end) || tilde) return this.parseCall(tilde);
        if (KEYWORDS.has(t.text)) this.unexpected('a field, a constant or a function call');
        return this.parseField(false, t.start);
      }
      case 'op':
        if (t.text === '?') {
          this.next();
          const f = this.tok;
          if (f.kind !== 'ident' && f.kind !== 'quotedIdent') this.unexpected("a field name after '?'");
          return this.parseField(true, t.start);
        }
        if (t.text === '(') {
          this.next();
          const inner = this.parseExpr();
          this.expectOp(')', "')'");
          return inner;
        }
        break;
      default:
        break;
    }
    this.unexpected('a field, a constant or a function call');
  }

  private parseCall(insensitive: boolean): Expr {
    const name = this.next();
    if (insensitive) this.next();
    this.expectOp('(');
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      args.push(this.parseExpr());
      while (this.isOp(',')) {
        this.next();
        args.push(this.parseExpr());
      }
    }
    const close = this.expectOp(')', "',' or ')'");
    return { kind: 'call', name: name.text, insensitive, args, start: name.start, end: close.end };
  }

  /** `a.b.c`, with backtick-quoted parts; `[n]` indexing is Endgame-only (Q11). */
  private parseField(optional: boolean, start: number): FieldRef {
    const parts = [this.next().value];
    let end = this.tokens[this.pos - 1]!.end;
    while (this.isOp('.') && this.tok.start === end) {
      this.next();
      const p = this.tok;
      if (p.kind !== 'ident' && p.kind !== 'quotedIdent') this.unexpected("a field name part after '.'");
      this.next();
      parts.push(p.value);
      end = p.end;
    }
    if (this.isOp('[') && this.tok.start === end) this.fail('array indexing (field[n]) is Endgame EQL and not supported by Elasticsearch');
    return { kind: 'field', path: parts.join('.'), optional, start, end };
  }
}
