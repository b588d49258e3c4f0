/**
 * Condition parser: recursive descent with precedence climbing over the scanner's tokens.
 *
 * Grammar (sigma-rules-specification.md "Condition"; pySigma `sigma/conditions.py`):
 *
 *     condition := expr(0) EOF
 *     expr(min) := unary { binop expr(prec) }        binop = 'or' (1) | 'and' (2), prec > min
 *     unary     := 'not' unary | primary
 *     primary   := '(' expr(0) ')' | quantifier 'of' ( pattern | 'them' ) | identifier
 *     quantifier:= '1' | 'all'
 *
 * Errors carry the offset of the offending token and a message saying what was expected and found.
 * Nesting (`not`, parentheses) is capped at `MAX_CONDITION_DEPTH`, so neither this parser nor any walk
 * over its tree can overflow the stack; a chain of one operator is gathered into one operand list.
 */
import type { ConditionNode } from './ast.js';
import { scan } from './scanner.js';
import { tt } from './tokens.js';
import type { Token } from './tokens.js';

/** A condition syntax error: message plus offset in the condition text. */
export interface ConditionError {
  readonly message: string;
  readonly offset: number;
  /** True for syntax removed in Sigma v2 (pipe aggregations). */
  readonly removed: boolean;
}

/** Result of parsing a condition. */
export type ConditionParse = { readonly ok: true; readonly node: ConditionNode } | { readonly ok: false; readonly error: ConditionError };

class Failure {
  constructor(readonly error: ConditionError) {}
}

function describe(t: Token): string {
  return t.kind === tt.eof ? 'end of condition' : `'${t.text}'`;
}

/** Deepest nesting of `not` and parentheses a condition may have (real rules use a handful). */
export const MAX_CONDITION_DEPTH = 64;

/** Most search identifiers and `x of` selectors one condition may name (real rules name a few dozen). */
export const MAX_CONDITION_TERMS = 4096;

const LOWERCASE_OPERATORS = new Set(['and', 'or', 'not', 'of', 'all', 'them']);

class Parser {
  private pos = 0;
  private depth = 0;
  private terms = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private get cur(): Token {
    return this.tokens[this.pos] as Token;
  }

  private next(): Token {
    const t = this.cur;
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private unexpected(message: string, at: Token = this.cur): never {
    throw new Failure({ message, offset: at.start, removed: false });
  }

  /** A name token that spells an operator in another case: pySigma rejects these, so do we. */
  private checkOperatorCase(t: Token): void {
    const lower = t.text.toLowerCase();
    if (t.kind === tt.name && lower !== t.text && LOWERCASE_OPERATORS.has(lower)) {
      this.unexpected(`operators are lowercase: write '${lower}' instead of '${t.text}'`, t);
    }
  }

  parseCondition(): ConditionNode {
    const node = this.parseExpr(0);
    const t = this.cur;
    if (t.kind !== tt.eof) {
      if (t.kind === tt.pipe) {
        throw new Failure({
          message: "pipe aggregations ('| count() ...') were removed in sigma v2: write a correlation rule instead",
          offset: t.start,
          removed: true,
        });
      }
      this.checkOperatorCase(t);
      if (t.kind === tt.name && t.text === 'near') {
        throw new Failure({ message: "'near' (sigma v1) was removed in sigma v2: write a temporal correlation rule instead", offset: t.start, removed: true });
      }
      this.unexpected(`expected 'and', 'or' or end of condition, found ${describe(t)}`);
    }
    return node;
  }

  // expr(min) := unary { binop expr(prec) }
  private parseExpr(minPrec: number): ConditionNode {
    let left = this.parseUnary();
    // The chain being built (`a and b and c`), extended in place: copying it at each step was quadratic.
    let chain: { type: 'and' | 'or'; operands: ConditionNode[] } | null = null;
    for (;;) {
      const op = this.cur;
      const prec = op.kind.binop;
      if (prec <= minPrec) return left;
      this.next();
      const right = this.parseExpr(prec);
      const type = op.kind === tt.and ? 'and' : 'or';
      if (chain === null || chain.type !== type) chain = { type, operands: flatten(type, left, []) };
      flatten(type, right, chain.operands);
      left = { type, operands: chain.operands, start: left.start, end: right.end };
    }
  }

  /** Enters one level of nesting at token `t`, failing past the limit. */
  private enter(t: Token): void {
    if (++this.depth > MAX_CONDITION_DEPTH) {
      this.unexpected(`condition nests too deeply: more than ${MAX_CONDITION_DEPTH} levels of 'not' and parentheses`, t);
    }
  }

  /** Counts one term at token `t`, failing past the limit. */
  private count(t: Token): void {
    if (++this.terms > MAX_CONDITION_TERMS) this.unexpected(`condition has too many terms: more than ${MAX_CONDITION_TERMS} search identifiers and selectors`, t);
  }

  // unary := 'not' unary | primary
  private parseUnary(): ConditionNode {
    const t = this.cur;
    if (t.kind === tt.not) {
      this.enter(t);
      this.next();
      const operand = this.parseUnary();
      this.depth--;
      return { type: 'not', operand, start: t.start, end: operand.end };
    }
    return this.parsePrimary();
  }

  // primary := '(' expr ')' | quantifier 'of' (pattern | 'them') | identifier
  private parsePrimary(): ConditionNode {
    const t = this.cur;
    if (t.kind === tt.parenL) {
      this.enter(t);
      this.next();
      const inner = this.parseExpr(0);
      const close = this.cur;
      if (close.kind !== tt.parenR) this.unexpected(`expected ')' to close the '(' at condition column ${t.start + 1}, found ${describe(close)}`);
      this.next();
      this.depth--;
      return inner;
    }
    if (t.kind === tt.number || t.kind === tt.all || t.kind === tt.name) this.count(t);
    if (t.kind === tt.number || t.kind === tt.all) return this.parseSelector();
    if (t.kind === tt.name) {
      this.checkOperatorCase(t);
      if (this.tokens[this.pos + 1]?.kind === tt.of) this.unexpected(`expected '1 of' or 'all of', found '${t.text} of'`);
      if (t.text.includes('*')) this.unexpected(`the pattern '${t.text}' needs '1 of' or 'all of' before it`);
      this.next();
      return { type: 'identifier', name: t.text, start: t.start, end: t.end };
    }
    this.unexpected(`expected a search identifier, 'not', '(', '1 of' or 'all of', found ${describe(t)}`);
  }

  private parseSelector(): ConditionNode {
    const q = this.next();
    if (q.kind === tt.number && q.text !== '1') this.unexpected(`only '1 of' and 'all of' are allowed, found '${q.text}'`, q);
    const of = this.cur;
    if (of.kind !== tt.of) this.unexpected(`expected 'of' after '${q.text}', found ${describe(of)}`);
    this.next();
    const target = this.cur;
    if (target.kind === tt.them) {
      this.next();
      return { type: 'selector', quantifier: q.kind === tt.all ? 'all' : 'one', pattern: null, start: q.start, end: target.end };
    }
    if (target.kind !== tt.name && target.kind !== tt.number) {
      this.unexpected(`expected a search identifier pattern or 'them' after 'of', found ${describe(target)}`);
    }
    this.next();
    return { type: 'selector', quantifier: q.kind === tt.all ? 'all' : 'one', pattern: target.text, start: q.start, end: target.end };
  }
}

/** Appends `node` to `operands`, its own operands when it is the same operator (`a and b and c` is one node with three). */
function flatten(type: 'and' | 'or', node: ConditionNode, operands: ConditionNode[]): ConditionNode[] {
  if (node.type === type) for (const o of node.operands) operands.push(o);
  else operands.push(node);
  return operands;
}

/** Parses one condition string. */
export function parseCondition(text: string): ConditionParse {
  const tokens = scan(text);
  if (!Array.isArray(tokens)) return { ok: false, error: { message: tokens.message, offset: tokens.offset, removed: false } };
  try {
    return { ok: true, node: new Parser(tokens).parseCondition() };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, error: e.error };
    throw e;
  }
}
