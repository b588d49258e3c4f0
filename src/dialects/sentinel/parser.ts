/**
 * The KQL parser (recursive descent over scan() tokens) for the subset Sentinel's AWS rules use
 * (sentinel-kql.md §1.1, §3, §4). Throws `KqlError` at the first problem, with Kusto's vocabulary:
 * unexpected token, unbalanced brackets (pointing at the opener), `=` where `==` was meant.
 *
 *   query     = { "let" name "=" (tabular | scalar | function) ";" } tabular [";"]
 *   tabular   = source { "|" operator }
 *   source    = name | "union" … | "(" tabular ")"
 *   scalar    = or;  or = and {"or" and};  and = cmp {"and" cmp}
 *   cmp       = add [ (==|!=|=~|!~|<|<=|>|>=|string-op) add | (in|!in|in~|!in~|has_any|has_all) "(" list ")"
 *                     | [!]between "(" add ".." add ")" ]
 *   add       = mul {(+|-) mul};  mul = unary {(*|/|%) unary};  unary = ["-"] postfix
 *   postfix   = primary { "." name | "[" scalar "]" }
 */
import type { JsonValue } from '../../record/view.js';
import type { Assignment, Expr, JoinKey, Let, Op, Query, Source, Tabular } from './ast.js';
import { SentinelCode } from './codes.js';
import { KqlError } from './errors.js';
import { scan, type Token } from './scanner.js';
import { KDateTime, KTimespan, type Value } from './values.js';

/** Binary string and comparison operators (STROPS), as written. */
export const COMPARISONS = new Set([
  '==', '!=', '<>', '=~', '!~', '<', '<=', '>', '>=',
  'contains', '!contains', 'contains_cs', '!contains_cs',
  'has', '!has', 'has_cs', '!has_cs',
  'startswith', '!startswith', 'startswith_cs', '!startswith_cs',
  'endswith', '!endswith', 'endswith_cs', '!endswith_cs',
  'hasprefix', '!hasprefix', 'hasprefix_cs', '!hasprefix_cs',
  'hassuffix', '!hassuffix', 'hassuffix_cs', '!hassuffix_cs',
  'matches regex',
]);

/** Operators taking a parenthesised list. */
const LIST_OPS = new Set(['in', '!in', 'in~', '!in~', 'has_any', 'has_all']);

/** Tabular operators outside the subset: valid KQL the replay does not run (not replayable). */
const UNSUPPORTED_OPS = new Set(['lookup', 'mv-expand', 'mv-apply', 'parse', 'parse-where', 'parse-kv', 'evaluate', 'make-series', 'invoke', 'as', 'serialize', 'sample', 'sample-distinct', 'getschema', 'fork', 'facet', 'partition', 'scan', 'search', 'find', 'top-nested', 'top-hitters', 'externaldata', 'project-keep', 'extend-if']);

/** Keywords Kusto accepts as a column name only bracketed (`['first']`, KS228). */
const RESERVED = new Set(['first', 'last', 'asc', 'desc', 'nulls', 'by', 'on', 'and', 'or', 'with', 'between', 'kind', 'let', 'where', 'extend', 'project', 'summarize', 'join', 'union', 'take', 'limit', 'top', 'order', 'sort', 'distinct', 'true', 'false']);

/** Names a query may use as a table besides its own `let`s. */
const KNOWN_TABLES = new Set(['AWSCloudTrail']);

/** An operator without its span. */
type OpBody = Op extends infer O ? (O extends Op ? Omit<O, 'start' | 'end'> : never) : never;

/** Parses a whole query. */
export function parseQuery(text: string): Query {
  return new Parser(text).query();
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  /** Names bound by `let` to tabular expressions. */
  private readonly tables = new Set<string>(KNOWN_TABLES);
  /** Names bound by `let` to user functions. */
  private readonly functions = new Set<string>();

  constructor(readonly text: string) {
    this.tokens = scan(text);
  }

  private get tok(): Token {
    return this.tokens[this.pos]!;
  }

  private peek(n = 1): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private is(value: string, kind?: Token['kind']): boolean {
    const t = this.tok;
    return t.value === value && (kind === undefined ? t.kind === 'punct' || t.kind === 'name' : t.kind === kind);
  }

  private eat(value: string): boolean {
    if (this.is(value)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private unexpected(expected: string): never {
    const t = this.tok;
    const found = t.kind === 'eof' ? 'end of query' : `'${this.text.slice(t.start, t.end)}'`;
    if (t.value === '=' && t.kind === 'punct' && expected !== "'='") {
      throw new KqlError(SentinelCode.syntax, `'=' is an assignment, not a comparison: did you mean '=='?`, t.start);
    }
    throw new KqlError(SentinelCode.syntax, `expected ${expected}, found ${found}`, t.start);
  }

  private expect(value: string): Token {
    if (!this.is(value)) this.unexpected(`'${value}'`);
    return this.next();
  }

  /** Expects the closer of a bracket opened at `open`; a missing one is reported at the opener. */
  private close(closer: string, open: Token): Token {
    if (this.is(closer)) return this.next();
    if (this.tok.kind === 'eof') throw new KqlError(SentinelCode.syntax, `unbalanced brackets: this '${open.value}' is never closed`, open.start);
    return this.unexpected(`'${closer}' to close the '${open.value}'`);
  }

  private atEnd(): boolean {
    return this.tok.kind === 'eof';
  }

  private name(what = 'a name'): Token {
    if (this.tok.kind !== 'name') this.unexpected(what);
    return this.next();
  }

  query(): Query {
    const lets: Let[] = [];
    let body: Tabular | null = null;
    for (let t = this.tok; t.kind !== 'eof'; t = this.tok) {
      if (this.is('let', 'name')) {
        lets.push(this.letStatement());
      } else {
        if (body !== null) this.unexpected("';' or end of query");
        const start = this.tok.start;
        const e = this.tabularOrScalar();
        if (e.k !== 'tabular') throw new KqlError(SentinelCode.syntax, 'the query must end in a tabular expression (a table and its operators)', start);
        body = e.tab;
        if (!this.eat(';') && !this.atEnd()) this.unexpected("'|', ';' or end of query");
      }
    }
    if (body === null) throw new KqlError(SentinelCode.syntax, 'the query has no tabular expression', this.text.length);
    return { lets, body };
  }

  private letStatement(): Let {
    const start = this.next().start;
    const name = this.name('a name after let');
    this.expect('=');
    let result: Let;
    if (this.is('(') && this.looksLikeFunction()) {
      // User functions (`let f = (p:string) { … }`): skipped to their closing brace.
      const open = this.next();
      this.skipBalanced(open);
      const body = this.expect('{');
      this.skipBalanced(body);
      this.functions.add(name.value);
      result = { k: 'let-function', name: name.value, start, end: this.tok.start };
    } else {
      const e = this.tabularOrScalar();
      if (e.k === 'tabular') {
        this.tables.add(name.value);
        result = { k: 'let-tabular', name: name.value, tab: e.tab, start, end: e.end };
      } else {
        result = { k: 'let-scalar', name: name.value, expr: e, start, end: e.end };
      }
    }
    if (!this.eat(';')) this.unexpected("';' after the let statement");
    return result;
  }

  /** `(` name `:` … or `()` then `{`: a function's parameter list. */
  private looksLikeFunction(): boolean {
    const a = this.peek(1);
    const b = this.peek(2);
    return (a.value === ')' && this.peek(2).value === '{') || (a.kind === 'name' && b.value === ':');
  }

  /** Skips to the closer of `open` (already consumed). */
  private skipBalanced(open: Token): void {
    const pairs: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
    const stack: Token[] = [open];
    while (stack.length > 0) {
      const t = this.next();
      if (t.kind === 'eof') throw new KqlError(SentinelCode.syntax, `unbalanced brackets: this '${stack[stack.length - 1]!.value}' is never closed`, stack[stack.length - 1]!.start);
      if (t.kind !== 'punct') continue;
      if (pairs[t.value] !== undefined) stack.push(t);
      else if (t.value === pairs[stack[stack.length - 1]!.value]) stack.pop();
    }
  }

  /** A tabular expression or a scalar one; names of tables and tabular lets, `union`, and `|` make it tabular. */
  private tabularOrScalar(): Expr {
    const start = this.tok.start;
    let source: Source | null = null;
    if (this.is('datatable', 'name') && this.peek().value === '(') {
      // An inline table (the ASIM parser's lookup tables): valid KQL outside the replayed subset.
      this.next();
      this.skipBalanced(this.next());
      const open = this.expect('[');
      this.skipBalanced(open);
      source = { k: 'unsupported', what: "the 'datatable' operator", start, end: this.tokens[this.pos - 1]!.end };
    } else if (this.is('union', 'name')) {
      this.next();
      const sources = this.unionSources();
      source = { k: 'union', sources, start, end: sources[sources.length - 1]!.end };
    } else {
      const e = this.scalar();
      if (e.k === 'tabular') return e;
      if (e.k === 'name' && (this.tables.has(e.name) || this.is('|'))) {
        source = this.tables.has(e.name) ? { k: 'table', name: e.name, start: e.start, end: e.end } : { k: 'unavailable', what: `table '${e.name}'`, start: e.start, end: e.end };
      } else if (e.k === 'call' && (this.is('|') || this.functions.has(e.name))) {
        source = { k: 'unavailable', what: `function '${e.name}'`, start: e.start, end: e.end };
      } else {
        if (this.is('|')) this.unexpected("a table before '|'");
        return e;
      }
    }
    const tab = this.pipeline(source);
    return { k: 'tabular', tab, start, end: tab.end };
  }

  private pipeline(source: Source): Tabular {
    const ops: Op[] = [];
    while (this.eat('|')) ops.push(this.operator());
    const end = ops.length > 0 ? ops[ops.length - 1]!.end : source.end;
    return { source, ops, start: source.start, end };
  }

  /** `T1, (T2 | …), …` after `union` and its options. */
  private unionSources(): Tabular[] {
    while (this.tok.kind === 'name' && this.peek().value === '=') {
      // kind=outer, withsource=Col, isfuzzy=true: no effect on which rows reach the result.
      this.next();
      this.next();
      this.next();
    }
    const out: Tabular[] = [];
    do out.push(this.tabularTerm());
    while (this.eat(','));
    return out;
  }

  /** A table name or a parenthesised tabular expression. */
  private tabularTerm(): Tabular {
    if (this.is('(')) {
      const open = this.next();
      const e = this.tabularOrScalar();
      this.close(')', open);
      if (e.k !== 'tabular') throw new KqlError(SentinelCode.syntax, 'expected a tabular expression', e.start);
      return e.tab;
    }
    const n = this.name('a table name');
    const source: Source = this.tables.has(n.value) ? { k: 'table', name: n.value, start: n.start, end: n.end } : { k: 'unavailable', what: `table '${n.value}'`, start: n.start, end: n.end };
    return { source, ops: [], start: n.start, end: n.end };
  }

  private operator(): Op {
    const t = this.name('a query operator after |');
    const start = t.start;
    const word = t.value;
    const done = (op: OpBody): Op => ({ ...op, start, end: this.tokens[this.pos - 1]!.end }) as Op;
    switch (word) {
      case 'where':
      case 'filter':
        return done({ k: 'where', pred: this.scalar() });
      case 'extend':
        return done({ k: 'extend', items: this.assignments() });
      case 'project':
        return done({ k: 'project', items: this.assignments() });
      case 'project-away':
        return done({ k: 'project-away', patterns: this.patterns() });
      case 'project-rename': {
        const pairs: { to: string; from: string; start: number; end: number }[] = [];
        do {
          const to = this.name('a new column name');
          this.expect('=');
          const from = this.name('a column name');
          pairs.push({ to: to.value, from: from.value, start: to.start, end: from.end });
        } while (this.eat(','));
        return done({ k: 'project-rename', pairs });
      }
      case 'project-reorder':
        this.patterns();
        return done({ k: 'project-reorder' });
      case 'render':
        // Only how a client draws the result (hunting queries end in `| render timechart`): no effect on rows.
        while (!this.atEnd() && !this.is('|') && !this.is(';')) {
          const s = this.next();
          if (s.kind === 'punct' && (s.value === '(' || s.value === '[' || s.value === '{')) this.skipBalanced(s);
        }
        return done({ k: 'project-reorder' });
      case 'summarize': {
        const aggs = this.is('by', 'name') ? [] : this.assignments();
        const by = this.eat('by') ? this.assignments() : [];
        return done({ k: 'summarize', aggs, by });
      }
      case 'order':
      case 'sort': {
        this.expect('by');
        const keys: { expr: Expr; desc: boolean }[] = [];
        do {
          const expr = this.scalar();
          const desc = !this.eat('asc') && (this.eat('desc') || true);
          if (this.eat('nulls')) this.is('first') || this.is('last') ? this.next() : this.unexpected("'first' or 'last'");
          keys.push({ expr, desc });
        } while (this.eat(','));
        return done({ k: 'order', keys });
      }
      case 'take':
      case 'limit':
        return done({ k: 'take', count: this.scalar() });
      case 'top': {
        const count = this.scalar();
        this.expect('by');
        const key = this.scalar();
        const desc = !this.eat('asc') && (this.eat('desc') || true);
        return done({ k: 'top', count, key, desc });
      }
      case 'distinct':
        if (this.eat('*')) return done({ k: 'distinct', items: [] });
        return done({ k: 'distinct', items: this.assignments() });
      case 'count':
        return done({ k: 'count' });
      case 'union':
        return done({ k: 'union', sources: this.unionSources() });
      case 'join': {
        let kind = 'innerunique';
        while (this.tok.kind === 'name' && this.peek().value === '=') {
          const opt = this.next().value;
          this.next();
          const v = this.name('an option value');
          if (opt === 'kind') kind = v.value;
        }
        const right = this.tabularTerm();
        this.expect('on');
        const on: JoinKey[] = [];
        do on.push(this.joinKey());
        while (this.eat(','));
        return done({ k: 'join', kind, right, on });
      }
      default:
        if (UNSUPPORTED_OPS.has(word)) {
          // Skip the operator's text: the query is valid, the replay cannot run it.
          while (this.tok.kind !== 'eof' && !this.is('|') && !this.is(';')) {
            const s = this.next();
            if (s.kind === 'punct' && (s.value === '(' || s.value === '[' || s.value === '{')) this.skipBalanced(s);
          }
          return done({ k: 'unsupported', name: word });
        }
        throw new KqlError(SentinelCode.syntax, `unknown query operator '${word}'`, t.start);
    }
  }

  private joinKey(): JoinKey {
    const start = this.tok.start;
    const side = (): { side: string; name: string } => {
      if (this.tok.kind === 'name' && (this.tok.value === '$left' || this.tok.value === '$right')) {
        const s = this.next().value;
        this.expect('.');
        return { side: s, name: this.name('a column name').value };
      }
      return { side: '', name: this.name('a join key column').value };
    };
    const a = side();
    if (a.side === '') return { left: a.name, right: a.name, start, end: this.tokens[this.pos - 1]!.end };
    this.expect('==');
    const b = side();
    const left = a.side === '$left' ? a.name : b.name;
    const right = a.side === '$left' ? b.name : a.name;
    return { left, right, start, end: this.tokens[this.pos - 1]!.end };
  }

  /** Column names or wildcards (`Session*`) for project-away / project-reorder. */
  private patterns(): { text: string; start: number; end: number }[] {
    const out: { text: string; start: number; end: number }[] = [];
    do {
      const start = this.tok.start;
      let text = '';
      let end = start;
      while ((this.tok.kind === 'name' || this.is('*')) && (text === '' || this.tok.start === end)) {
        text += this.tok.value;
        end = this.next().end;
      }
      if (text === '') this.unexpected('a column name');
      if (this.eat('asc') || this.eat('desc')) {
        // project-reorder's sort words.
      }
      out.push({ text, start, end });
    } while (this.eat(','));
    return out;
  }

  /** `a = e, e, (a, b) = e`… (tuple names are not in the subset). */
  private assignments(): Assignment[] {
    const out: Assignment[] = [];
    do {
      const start = this.tok.start;
      if (this.tok.kind === 'name' && this.peek().value === '=' && this.peek().kind === 'punct') {
        if (RESERVED.has(this.tok.value)) throw new KqlError(SentinelCode.syntax, `the name '${this.tok.value}' needs to be bracketed as ['${this.tok.value}'] to be used in this context`, this.tok.start);
        const name = this.next().value;
        this.next();
        const expr = this.scalar();
        out.push({ name, expr, start, end: expr.end });
      } else {
        const expr = this.scalar();
        out.push({ name: null, expr, start, end: expr.end });
      }
    } while (this.eat(','));
    return out;
  }

  scalar(): Expr {
    return this.or();
  }

  private or(): Expr {
    let l = this.and();
    while (this.is('or', 'name')) {
      this.next();
      const r = this.and();
      l = { k: 'binary', op: 'or', l, r, start: l.start, end: r.end };
    }
    return l;
  }

  private and(): Expr {
    let l = this.comparison();
    while (this.is('and', 'name')) {
      this.next();
      const r = this.comparison();
      l = { k: 'binary', op: 'and', l, r, start: l.start, end: r.end };
    }
    return l;
  }

  private comparison(): Expr {
    const l = this.additive();
    const t = this.tok;
    if (t.kind === 'punct' && t.value === '=') this.unexpected('an operator');
    if (t.kind !== 'punct' && t.kind !== 'name') return l;
    let op = t.value;
    if (op === 'matches' && this.peek().value === 'regex') {
      this.next();
      op = 'matches regex';
    }
    if (COMPARISONS.has(op)) {
      this.next();
      const r = this.additive();
      return { k: 'binary', op, l, r, start: l.start, end: r.end };
    }
    if (LIST_OPS.has(op)) {
      this.next();
      const open = this.expect('(');
      const items: Expr[] = [];
      if (!this.is(')')) {
        do items.push(this.tabularOrScalar());
        while (this.eat(','));
      }
      const end = this.close(')', open).end;
      return { k: 'list', op, l, items, start: l.start, end };
    }
    if (op === 'between' || op === '!between') {
      this.next();
      const open = this.expect('(');
      const lo = this.additive();
      this.expect('..');
      const hi = this.additive();
      const end = this.close(')', open).end;
      return { k: 'between', negated: op === '!between', l, lo, hi, start: l.start, end };
    }
    return l;
  }

  private additive(): Expr {
    let l = this.multiplicative();
    while (this.is('+', 'punct') || this.is('-', 'punct')) {
      const op = this.next().value;
      const r = this.multiplicative();
      l = { k: 'binary', op, l, r, start: l.start, end: r.end };
    }
    return l;
  }

  private multiplicative(): Expr {
    let l = this.unary();
    while (this.is('*', 'punct') || this.is('/', 'punct') || this.is('%', 'punct')) {
      const op = this.next().value;
      const r = this.unary();
      l = { k: 'binary', op, l, r, start: l.start, end: r.end };
    }
    return l;
  }

  private unary(): Expr {
    if (this.is('-', 'punct')) {
      const start = this.next().start;
      const e = this.unary();
      if (e.k === 'lit' && typeof e.v === 'number') return { k: 'lit', v: -e.v, start, end: e.end };
      if (e.k === 'lit' && e.v instanceof KTimespan) return { k: 'lit', v: new KTimespan(-e.v.ms), start, end: e.end };
      return { k: 'negate', e, start, end: e.end };
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      if (this.is('.', 'punct')) {
        this.next();
        const n = this.tok.kind === 'string' ? this.next() : this.name('a property name');
        e = { k: 'member', obj: e, name: n.value, start: e.start, end: n.end };
      } else if (this.is('[', 'punct')) {
        const open = this.next();
        const index = this.scalar();
        const end = this.close(']', open).end;
        e = { k: 'index', obj: e, index, start: e.start, end };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.tok;
    switch (t.kind) {
      case 'string': {
        this.next();
        let v = t.value;
        let end = t.end;
        // Adjacent literals are concatenated (STRING).
        while (this.tok.kind === 'string') {
          v += this.tok.value;
          end = this.next().end;
        }
        return { k: 'lit', v, start: t.start, end };
      }
      case 'number':
        this.next();
        return { k: 'lit', v: Number(t.value), start: t.start, end: t.end };
      case 'timespan':
        this.next();
        return { k: 'lit', v: new KTimespan(t.ms!), start: t.start, end: t.end };
      case 'punct':
        if (t.value === '(') {
          const open = this.next();
          const e = this.tabularOrScalar();
          this.close(')', open);
          return e;
        }
        if (t.value === '*') {
          this.next();
          return { k: 'star', start: t.start, end: t.end };
        }
        return this.unexpected('an expression');
      case 'name':
        return this.nameOrCall();
      default:
        return this.unexpected('an expression');
    }
  }

  private nameOrCall(): Expr {
    const t = this.next();
    if (t.value === 'true' || t.value === 'false') return { k: 'lit', v: t.value === 'true', start: t.start, end: t.end };
    if (!this.is('(', 'punct')) return { k: 'name', name: t.value, start: t.start, end: t.end };
    const open = this.next();
    switch (t.value) {
      case 'datetime':
      case 'timespan': {
        const raw = this.next();
        const end = this.close(')', open).end;
        return { k: 'lit', v: t.value === 'datetime' ? dateLiteral(raw) : spanLiteral(raw), start: t.start, end };
      }
      case 'dynamic': {
        const v = this.is(')') ? null : this.json();
        const end = this.close(')', open).end;
        return { k: 'lit', v, start: t.start, end };
      }
      case 'bool':
      case 'int':
      case 'long':
      case 'real':
      case 'double':
      case 'string':
      case 'guid':
        if (this.is('null', 'name')) {
          this.next();
          const end = this.close(')', open).end;
          return { k: 'lit', v: null, start: t.start, end };
        }
        break;
    }
    const args: Expr[] = [];
    if (!this.is(')')) {
      do {
        // Named arguments (`f(disabled = false)`): the name only says which parameter.
        if (this.tok.kind === 'name' && this.peek().value === '=' && this.peek().kind === 'punct') this.pos += 2;
        args.push(this.tabularOrScalar());
      } while (this.eat(','));
    }
    const end = this.close(')', open).end;
    return { k: 'call', name: t.value, args, start: t.start, end, nameEnd: t.end };
  }

  /** The JSON-like literal inside `dynamic(…)`. */
  private json(): JsonValue {
    const t = this.tok;
    if (t.kind === 'string') return this.next().value;
    if (t.kind === 'number') return Number(this.next().value);
    if (this.is('-', 'punct') && this.peek().kind === 'number') {
      this.next();
      return -Number(this.next().value);
    }
    if (t.kind === 'name' && (t.value === 'true' || t.value === 'false' || t.value === 'null')) {
      this.next();
      return t.value === 'null' ? null : t.value === 'true';
    }
    if (this.is('[', 'punct')) {
      const open = this.next();
      const out: JsonValue[] = [];
      if (!this.is(']')) {
        do out.push(this.json());
        while (this.eat(','));
      }
      this.close(']', open);
      return out;
    }
    if (this.is('{', 'punct')) {
      const open = this.next();
      const out: Record<string, JsonValue> = {};
      if (!this.is('}')) {
        do {
          const k = this.tok.kind === 'string' || this.tok.kind === 'name' ? this.next().value : this.unexpected('a property name');
          this.expect(':');
          out[k] = this.json();
        } while (this.eat(','));
      }
      this.close('}', open);
      return out;
    }
    return this.unexpected('a dynamic literal value');
  }
}

function dateLiteral(t: Token): Value {
  const text = t.value.replace(/^['"]|['"]$/g, '');
  if (text === 'null') return null;
  // Kusto reads datetimes without a zone as UTC.
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) || !/T|\d:\d/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(/T|\s/.test(iso) || /Z$/.test(iso) ? iso.replace(' ', 'T') : `${iso}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new KqlError(SentinelCode.syntax, `invalid datetime literal '${text}'`, t.start);
  return new KDateTime(ms);
}

function spanLiteral(t: Token): Value {
  const text = t.value;
  const m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/.exec(text);
  if (m !== null) {
    const ms = ((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60_000 + Number(m[5] ?? 0) * 1000 + Math.round(Number(`0.${m[6] ?? '0'}`) * 1000);
    return new KTimespan(m[1] === '-' ? -ms : ms);
  }
  const tokens = scan(text);
  if (tokens.length === 2 && tokens[0]!.kind === 'timespan') return new KTimespan(tokens[0]!.ms!);
  throw new KqlError(SentinelCode.syntax, `invalid timespan literal '${text}'`, t.start);
}
