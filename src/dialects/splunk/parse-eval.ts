/**
 * Parser of eval/where expressions (digest §4): precedence `( )` > `NOT` > `AND` > `OR` > `XOR` (§4.3,
 * the reverse of the search command's), double quotes for strings, single quotes or bare words for field
 * names (§4.4), `.` concatenation, arithmetic, comparisons, `LIKE`, `IN`, and function calls.
 */
import type { EvalBinaryOp, EvalNode } from './ast.js';
import { SplunkCode } from './codes.js';
import { SplError } from './errors.js';
import { MAX_NESTING } from './parse-search.js';

type Token =
  | { readonly t: 'num'; readonly v: number; readonly at: number }
  | { readonly t: 'str'; readonly v: string; readonly at: number }
  | { readonly t: 'field'; readonly v: string; readonly at: number; readonly end: number }
  | { readonly t: 'word'; readonly v: string; readonly at: number; readonly end: number }
  | { readonly t: 'op'; readonly v: string; readonly at: number }
  | { readonly t: 'end'; readonly at: number };

const SYMBOLS = ['==', '!=', '<=', '>=', '=', '<', '>', '+', '-', '*', '/', '%', '.', '(', ')', ','];
const KEYWORDS = new Set(['AND', 'OR', 'XOR', 'NOT', 'LIKE', 'IN']);
/** Operators chained on one level beyond this are refused: evaluation recurses once per operator. */
const MAX_CHAIN = 4096;

function tokenize(s: string, base: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (m: string, at: number): never => {
    throw new SplError(m, base + at, SplunkCode.syntax);
  };
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    const num = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i));
    if (num !== null) {
      out.push({ t: 'num', v: Number(num[0]), at });
      i += num[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let v = '';
      for (i++; i < s.length && s[i] !== c; i++) {
        // Only the quote and the backslash are escaped; `\d` in a regex stays as written.
        if (s[i] === '\\' && (s[i + 1] === c || s[i + 1] === '\\')) i++;
        v += s[i];
      }
      if (i >= s.length) fail(`unbalanced quotes: ${c === '"' ? 'string' : 'quoted field name'} is not closed`, at);
      i++;
      out.push(c === '"' ? { t: 'str', v, at } : { t: 'field', v, at, end: i });
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i));
    if (word !== null) {
      i += word[0].length;
      out.push({ t: 'word', v: word[0], at, end: i });
      continue;
    }
    const sym = SYMBOLS.find((o) => s.startsWith(o, i));
    if (sym === undefined) fail(`unexpected '${c}' in eval expression`, at);
    out.push({ t: 'op', v: sym === '==' ? '=' : sym!, at });
    i += sym!.length;
  }
  out.push({ t: 'end', at: s.length });
  return out;
}

/** A parsed expression and the offsets of unquoted dotted names (`a.b`, read as concatenation). */
export interface ParsedEval {
  readonly expr: EvalNode;
  readonly dottedNames: readonly { readonly name: string; readonly offset: number }[];
}

class EvalParser {
  private k = 0;
  private depth = 0;
  readonly dotted: { name: string; offset: number }[] = [];
  constructor(
    private readonly toks: Token[],
    private readonly base: number,
  ) {}

  private peek(): Token {
    return this.toks[this.k]!;
  }
  private fail(message: string, tok: Token = this.peek()): never {
    throw new SplError(message, this.base + tok.at, SplunkCode.syntax);
  }
  private describe(tok: Token): string {
    return tok.t === 'end' ? 'end of expression' : `'${tok.t === 'num' ? tok.v : tok.v}'`;
  }
  private isKw(word: string): boolean {
    const t = this.peek();
    return t.t === 'word' && t.v.toUpperCase() === word;
  }
  private isOp(op: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === op;
  }

  parseAll(): EvalNode {
    const e = this.xor();
    if (this.peek().t !== 'end') this.fail(`unexpected ${this.describe(this.peek())} in eval expression`);
    return e;
  }

  /** Expression up to a top-level comma (eval assignments); leaves the cursor on it. */
  parseUntilComma(): EvalNode {
    return this.xor();
  }
  atComma(): boolean {
    return this.isOp(',');
  }
  skip(): void {
    this.k++;
  }
  atEnd(): boolean {
    return this.peek().t === 'end';
  }
  token(): Token {
    return this.peek();
  }

  private chain(next: () => EvalNode, op: 'XOR' | 'OR' | 'AND'): EvalNode {
    let left = next();
    for (let n = 0; this.isKw(op); n++) {
      this.chained(n);
      this.k++;
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  }
  private xor(): EvalNode {
    return this.chain(() => this.or(), 'XOR');
  }
  private or(): EvalNode {
    return this.chain(() => this.and(), 'OR');
  }
  private and(): EvalNode {
    return this.chain(() => this.not(), 'AND');
  }
  /** Runs a nested parse, refusing nesting deeper than MAX_NESTING rather than overflowing the stack. */
  private nested<T>(f: () => T): T {
    if (++this.depth > MAX_NESTING) this.fail(`expression nests deeper than ${MAX_NESTING} levels`);
    const out = f();
    this.depth--;
    return out;
  }

  private chained(n: number): void {
    if (n >= MAX_CHAIN) this.fail(`more than ${MAX_CHAIN} operators in a row`);
  }

  private not(): EvalNode {
    if (this.isKw('NOT')) {
      this.k++;
      return { kind: 'unary', op: 'NOT', item: this.nested(() => this.not()) };
    }
    return this.compare();
  }
  private compare(): EvalNode {
    const left = this.additive();
    const t = this.peek();
    if (t.t === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      this.k++;
      return { kind: 'binary', op: t.v as EvalBinaryOp, left, right: this.additive() };
    }
    if (this.isKw('LIKE')) {
      this.k++;
      return { kind: 'binary', op: 'LIKE', left, right: this.additive() };
    }
    if (this.isKw('IN')) {
      this.k++;
      if (!this.isOp('(')) this.fail("expected '(' after IN");
      this.k++;
      const list: EvalNode[] = [];
      while (!this.isOp(')')) {
        list.push(this.xor());
        if (this.isOp(',')) this.k++;
        else if (!this.isOp(')')) this.fail(`expected ',' or ')' in IN list, found ${this.describe(this.peek())}`);
      }
      this.k++;
      return { kind: 'in', item: left, list };
    }
    return left;
  }
  private additive(): EvalNode {
    let left = this.multiplicative();
    for (let n = 0; ; n++) {
      const t = this.peek();
      if (t.t !== 'op' || !['+', '-', '.'].includes(t.v)) return left;
      this.chained(n);
      this.k++;
      const right = this.multiplicative();
      if (t.v === '.' && left.kind === 'field' && right.kind === 'field') {
        const prev = this.toks[this.k - 3];
        const next = this.toks[this.k - 1];
        if (prev?.t === 'word' && next?.t === 'word' && prev.end === t.at && next.at === t.at + 1) {
          this.dotted.push({ name: `${left.name}.${right.name}`, offset: left.offset });
        }
      }
      left = { kind: 'binary', op: t.v as EvalBinaryOp, left, right };
    }
  }
  private multiplicative(): EvalNode {
    let left = this.unary();
    for (let n = 0; ; n++) {
      const t = this.peek();
      if (t.t !== 'op' || !['*', '/', '%'].includes(t.v)) return left;
      this.chained(n);
      this.k++;
      left = { kind: 'binary', op: t.v as EvalBinaryOp, left, right: this.unary() };
    }
  }
  private unary(): EvalNode {
    if (this.isOp('-')) {
      this.k++;
      return { kind: 'unary', op: '-', item: this.nested(() => this.unary()) };
    }
    return this.primary();
  }
  private primary(): EvalNode {
    const t = this.peek();
    if (t.t === 'num') {
      this.k++;
      return { kind: 'literal', value: t.v };
    }
    if (t.t === 'str') {
      this.k++;
      return { kind: 'literal', value: t.v };
    }
    if (t.t === 'field') {
      this.k++;
      return { kind: 'field', name: t.v, offset: this.base + t.at };
    }
    if (t.t === 'word') {
      const next = this.toks[this.k + 1];
      const isCall = next?.t === 'op' && next.v === '(';
      if (KEYWORDS.has(t.v.toUpperCase()) && !isCall) this.fail(`expected a value, found '${t.v}'`);
      this.k++;
      if (this.isOp('(')) {
        this.k++;
        const args: EvalNode[] = [];
        while (!this.isOp(')')) {
          args.push(this.nested(() => this.xor()));
          if (this.isOp(',')) this.k++;
          else if (!this.isOp(')')) this.fail(`expected ',' or ')' in the arguments of ${t.v}(), found ${this.describe(this.peek())}`);
        }
        this.k++;
        return { kind: 'call', name: t.v.toLowerCase(), args, offset: this.base + t.at };
      }
      return { kind: 'field', name: t.v, offset: this.base + t.at };
    }
    if (this.isOp('(')) {
      this.k++;
      const inner = this.nested(() => this.xor());
      if (!this.isOp(')')) this.fail(`expected ')', found ${this.describe(this.peek())}`);
      this.k++;
      return inner;
    }
    return this.fail(`expected a value, found ${this.describe(t)}`);
  }
}

/** Parses a whole eval/where expression. `base` is its offset in the search. */
export function parseEvalExpression(text: string, base = 0): ParsedEval {
  const p = new EvalParser(tokenize(text, base), base);
  const expr = p.parseAll();
  return { expr, dottedNames: p.dotted };
}

/** Parses `eval f1=expr1, f2=expr2`. */
export function parseEvalAssignments(text: string, base = 0): { assignments: { field: string; expr: EvalNode }[]; dottedNames: ParsedEval['dottedNames'] } {
  const toks = tokenize(text, base);
  const p = new EvalParser(toks, base);
  const assignments: { field: string; expr: EvalNode }[] = [];
  for (;;) {
    const name = p.token();
    if (name.t !== 'word' && name.t !== 'field' && name.t !== 'str') throw new SplError("expected 'field=expression' in eval", base + name.at, SplunkCode.syntax);
    p.skip();
    const eq = p.token();
    if (eq.t !== 'op' || eq.v !== '=') throw new SplError(`expected '=' after '${name.v}' in eval`, base + eq.at, SplunkCode.syntax);
    p.skip();
    assignments.push({ field: name.v, expr: p.parseUntilComma() });
    if (p.atEnd()) break;
    if (!p.atComma()) throw new SplError(`expected ',' between eval assignments, found '${(p.token() as { v?: unknown }).v ?? ''}'`, base + p.token().at, SplunkCode.syntax);
    p.skip();
  }
  return { assignments, dottedNames: p.dotted };
}
