/**
 * Lucene query-string parser (`language: "lucene"`): the subset elastic-rules.md §5 lists, parsed as
 * Elasticsearch's `query_string` query parses it (Lucene's classic QueryParser with
 * `default_operator: OR` and `default_field: *`):
 *
 *   Query   = Clause ( [Conj] Clause )*          Conj = AND | OR | && | ||   (upper-case words only)
 *   Clause  = [Mod] ( Field ':' Target / Target ) ['^' Boost]                 Mod  = + | - | ! | NOT
 *   Target  = Term | "phrase" | /regex/ | [a TO b] | {a TO b} | (>|>=|<|<=)Term | '(' Query ')'
 *
 * Occurrence follows QueryParserBase.addClause: `AND` makes both neighbours required, `NOT`/`-`/`!`
 * prohibited, `+` required, anything else optional. Fuzzy (`~`) and proximity queries are rejected:
 * they have no place in an exact replay (docs/elastic.md).
 */
import { ANY, ONE, QuerySyntaxError, type Bound, type FieldRef, type Pattern, type Query, type Value } from '../query/ast.js';

const STOP = ' \t\r\n\u3000()[]{}^"~:\\/';

type Occur = 'must' | 'should' | 'mustNot';

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Query {
    this.spaces();
    if (this.pos >= this.text.length) return { kind: 'all', start: 0, end: 0 };
    const q = this.query(null, false);
    if (this.pos < this.text.length) throw new QuerySyntaxError(`unexpected '${this.text[this.pos]}'`, this.pos);
    return q;
  }

  private peek(o = 0): string | undefined {
    return this.text[this.pos + o];
  }

  private spaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  /** The word at the cursor when it is exactly `w` followed by a space, a parenthesis or the end. */
  private word(w: string): boolean {
    if (!this.text.startsWith(w, this.pos)) return false;
    const after = this.text[this.pos + w.length];
    return after === undefined || /[\s()]/.test(after);
  }

  private conjunction(): 'and' | 'or' | null {
    for (const [w, c] of [['AND', 'and'], ['&&', 'and'], ['OR', 'or'], ['||', 'or']] as const) {
      // `&&` and `||` need no space around them; the words do.
      const symbol = w === '&&' || w === '||';
      if (symbol ? this.text.startsWith(w, this.pos) : this.word(w)) {
        this.pos += w.length;
        this.spaces();
        return c;
      }
    }
    return null;
  }

  private query(field: FieldRef | null, nested: boolean): Query {
    const start = this.pos;
    const clauses: { occur: Occur; q: Query }[] = [];
    for (;;) {
      this.spaces();
      if (this.pos >= this.text.length || (nested && this.peek() === ')')) break;
      const conj = clauses.length > 0 ? this.conjunction() : null;
      let mod: 'req' | 'not' | null = null;
      if (this.peek() === '+') {
        mod = 'req';
        this.pos++;
      } else if (this.peek() === '-' || this.peek() === '!') {
        mod = 'not';
        this.pos++;
      } else if (this.word('NOT')) {
        mod = 'not';
        this.pos += 3;
        this.spaces();
      }
      const q = this.clause(field);
      // QueryParserBase.addClause with the OR default operator.
      if (conj === 'and' && clauses.length > 0) {
        const prev = clauses[clauses.length - 1]!;
        if (prev.occur !== 'mustNot') prev.occur = 'must';
      }
      const prohibited = mod === 'not';
      const required = mod === 'req' || (conj === 'and' && !prohibited);
      clauses.push({ occur: prohibited ? 'mustNot' : required ? 'must' : 'should', q });
    }
    if (clauses.length === 0) throw new QuerySyntaxError('expected a query', this.pos);
    if (clauses.length === 1 && clauses[0]!.occur !== 'mustNot') return clauses[0]!.q;
    const pick = (o: Occur): Query[] => clauses.filter((c) => c.occur === o).map((c) => c.q);
    return { kind: 'bool', must: pick('must'), should: pick('should'), mustNot: pick('mustNot'), start, end: this.pos };
  }

  private clause(field: FieldRef | null): Query {
    const start = this.pos;
    if (this.peek() === '(') return this.group(field);
    if (this.peek() === '"' || this.peek() === '/' || this.peek() === '[' || this.peek() === '{') return this.suffix(this.target(field, start));
    const term = this.term();
    if (this.peek() === ':') {
      this.pos++;
      const ref: FieldRef = { name: term.text, pattern: term.pattern, start: term.start, end: term.end };
      if (ref.name === '_exists_') {
        const f = this.term();
        return { kind: 'exists', field: { name: f.text, pattern: f.pattern, start: f.start, end: f.end }, start, end: this.pos };
      }
      if (this.peek() === '(') return this.group(ref);
      return this.suffix(this.target(ref, start));
    }
    return this.suffix(this.termQuery(field, term, start));
  }

  private group(field: FieldRef | null): Query {
    const open = this.pos++;
    const q = this.query(field, true);
    this.spaces();
    if (this.peek() !== ')') throw new QuerySyntaxError(`expected ')' to close '('`, open === this.pos ? open : this.pos);
    this.pos++;
    return this.suffix(q);
  }

  /** `^boost` is ignored (scores do not decide matches); `~` (fuzzy, proximity) is rejected. */
  private suffix(q: Query): Query {
    if (this.peek() === '^') {
      this.pos++;
      while (/[0-9.]/.test(this.peek() ?? '')) this.pos++;
    }
    if (this.peek() === '~') throw new QuerySyntaxError('fuzzy and proximity queries (~) are not supported', this.pos);
    return q;
  }

  private target(field: FieldRef | null, start: number): Query {
    const c = this.peek();
    if (c === '"') {
      const value = this.phrase();
      return { kind: 'is', field, value, start, end: this.pos };
    }
    if (c === '/') {
      const open = this.pos++;
      let source = '';
      while (this.peek() !== '/') {
        if (this.peek() === undefined) throw new QuerySyntaxError('unterminated regular expression', open);
        if (this.peek() === '\\' && this.peek(1) === '/') {
          source += '/';
          this.pos += 2;
        } else source += this.text[this.pos++];
      }
      this.pos++;
      return { kind: 'regex', field, source, start, end: this.pos };
    }
    if (c === '[' || c === '{') {
      if (field === null) throw new QuerySyntaxError('a range needs a field', this.pos);
      return this.range(field, start);
    }
    if (c === '>' || c === '<') {
      if (field === null) throw new QuerySyntaxError('a comparison needs a field', this.pos);
      const inclusive = this.peek(1) === '=';
      this.pos += inclusive ? 2 : 1;
      const bound: Bound = { value: this.term(), inclusive };
      return c === '>' ? { kind: 'range', field, lower: bound, upper: null, start, end: this.pos } : { kind: 'range', field, lower: null, upper: bound, start, end: this.pos };
    }
    return this.termQuery(field, this.term(), start);
  }

  private termQuery(field: FieldRef | null, term: Value, start: number): Query {
    const lone = term.pattern !== null && term.pattern.length === 1 && term.pattern[0] === ANY;
    if (lone) return field === null || field.name === '*' ? { kind: 'all', start, end: this.pos } : { kind: 'exists', field, start, end: this.pos };
    return { kind: 'is', field, value: term, start, end: this.pos };
  }

  private range(field: FieldRef, start: number): Query {
    const lowerInclusive = this.text[this.pos++] === '[';
    this.spaces();
    const lo = this.peek() === '"' ? this.phrase() : this.term();
    this.spaces();
    if (!this.word('TO')) throw new QuerySyntaxError("expected 'TO' in the range", this.pos);
    this.pos += 2;
    this.spaces();
    const hi = this.peek() === '"' ? this.phrase() : this.term(']}');
    this.spaces();
    const close = this.peek();
    if (close !== ']' && close !== '}') throw new QuerySyntaxError("expected ']' or '}' to close the range", this.pos);
    this.pos++;
    const open = (v: Value): boolean => !v.quoted && v.text === '*';
    return {
      kind: 'range',
      field,
      lower: open(lo) ? null : { value: lo, inclusive: lowerInclusive },
      upper: open(hi) ? null : { value: hi, inclusive: close === ']' },
      start,
      end: this.pos,
    };
  }

  private phrase(): Value {
    const start = this.pos++;
    let out = '';
    while (this.peek() !== '"') {
      if (this.peek() === undefined) throw new QuerySyntaxError('unterminated quoted string', start);
      if (this.peek() === '\\' && this.peek(1) !== undefined) this.pos++;
      out += this.text[this.pos++];
    }
    this.pos++;
    return { text: out, quoted: true, pattern: null, start, end: this.pos };
  }

  /** A term: escapes (`\x`) make any character literal; unescaped `*` and `?` are wildcards. */
  private term(extraStop = ''): Value {
    const start = this.pos;
    const parts: (string | typeof ANY | typeof ONE)[] = [];
    let buf = '';
    let wild = false;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '\\') {
        if (this.peek(1) === undefined) throw new QuerySyntaxError('a query cannot end with an escape character', this.pos);
        buf += this.text[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (STOP.includes(c) || extraStop.includes(c)) break;
      if (this.pos === start && (c === '!' || c === '+' || c === '-')) break;
      if (c === '*' || c === '?') {
        if (buf !== '') parts.push(buf);
        buf = '';
        parts.push(c === '*' ? ANY : ONE);
        wild = true;
      } else buf += c;
      this.pos++;
    }
    if (this.pos === start) {
      const c = this.peek();
      throw new QuerySyntaxError(c === undefined ? 'expected a term, found the end of the query' : `expected a term, found '${c}'`, this.pos);
    }
    if (buf !== '') parts.push(buf);
    const text = parts.map((p) => (p === ANY ? '*' : p === ONE ? '?' : p)).join('');
    return { text, quoted: false, pattern: wild ? (parts as Pattern) : null, start, end: this.pos };
  }
}

/** Parses a Lucene query string; throws `QuerySyntaxError` with the offset of the problem. */
export function parseLucene(text: string): Query {
  return new Parser(text).parse();
}
