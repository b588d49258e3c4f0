/**
 * KQL (`language: "kuery"`) parser, hand-written from Kibana's PEG grammar (elastic-rules.md §3.1, KGRAM
 * `grammar.peggy`). KQL's tokens depend on context (an unquoted value runs over spaces until a special
 * character or a keyword between spaces, K3), so the parser reads characters directly instead of a token
 * stream. Productions, as in KGRAM:
 *
 *   start       = Space* OrQuery? Space*                       (empty: match all)
 *   OrQuery     = AndQuery (Or AndQuery)*        Or  = Space+ 'or'i Space+     (K1, K2)
 *   AndQuery    = NotQuery (And NotQuery)*       And = Space+ 'and'i Space+
 *   NotQuery    = Not SubQuery / SubQuery        Not = 'not'i Space+
 *   SubQuery    = '(' Space* OrQuery Space* ')' / NestedQuery
 *   NestedQuery = Field Space* ':' Space* '{' Space* OrQuery Space* '}' / Expression     (K9)
 *   Expression  = Field Space* RangeOp Space* Literal          (K8)
 *               / Field Space* ':' Space* ListOfValues         (K3, K4)
 *               / Value                                      (free text, K10)
 *   ListOfValues = '(' Space* OrListOfValues Space* ')' / Value   (lists mirror the query levels)
 *   Literal     = QuotedString / UnquotedLiteral
 */
import { ANY, QuerySyntaxError, type FieldRef, type Pattern, type Query, type Value } from '../query/ast.js';

const SPECIAL = '\\():<>"*{}';

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u00a0';
}

function isHex(s: string): boolean {
  return /^[0-9a-fA-F]{4}$/.test(s);
}

/** A literal as read: its parts (text and wildcards), whether quoted, and its span. */
interface Literal {
  readonly parts: Pattern;
  readonly quoted: boolean;
  readonly start: number;
  readonly end: number;
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): Query {
    this.spaces();
    if (this.pos >= this.text.length) return { kind: 'all', start: 0, end: this.text.length };
    const q = this.or();
    this.spaces();
    if (this.pos < this.text.length) this.unexpected();
    return q;
  }

  private peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  private spaces(): void {
    while (isSpace(this.peek())) this.pos++;
  }

  private unexpected(): never {
    const c = this.peek();
    if (c === undefined) throw new QuerySyntaxError('unexpected end of query', this.pos);
    throw new QuerySyntaxError(`unexpected '${c}'`, this.pos);
  }

  /** End of `Space+ word Space+` (or `word Space+` when `lead` is false) at `p`, or -1. */
  private keywordEnd(p: number, word: string, lead: boolean): number {
    let i = p;
    if (lead) {
      if (!isSpace(this.text[i])) return -1;
      while (isSpace(this.text[i])) i++;
    }
    if (this.text.slice(i, i + word.length).toLowerCase() !== word) return -1;
    i += word.length;
    if (!isSpace(this.text[i])) return -1;
    while (isSpace(this.text[i])) i++;
    return i;
  }

  /** KGRAM `Keyword`: one space, the word, one space (`not` needs only the space after). */
  private keywordAt(p: number): boolean {
    const t = this.text;
    const word = (w: string, at: number): boolean => t.slice(at, at + w.length).toLowerCase() === w && isSpace(t[at + w.length]);
    if (isSpace(t[p]) && (word('or', p + 1) || word('and', p + 1))) return true;
    return word('not', p);
  }

  private binary(kind: 'or' | 'and', next: () => Query): Query {
    const start = this.pos;
    const children = [next()];
    for (;;) {
      const end = this.keywordEnd(this.pos, kind, true);
      if (end < 0) break;
      this.pos = end;
      children.push(next());
    }
    return children.length === 1 ? children[0]! : { kind, children, start, end: this.pos };
  }

  private or(): Query {
    return this.binary('or', () => this.and());
  }

  private and(): Query {
    return this.binary('and', () => this.not());
  }

  private not(): Query {
    const start = this.pos;
    const end = this.keywordEnd(this.pos, 'not', false);
    if (end < 0) return this.sub();
    this.pos = end;
    const child = this.sub();
    return { kind: 'not', child, start, end: this.pos };
  }

  private close(open: number, char: string): void {
    this.spaces();
    if (this.peek() !== char) {
      const found = this.peek() === undefined ? 'the end of the query' : `'${this.peek()}'`;
      throw new QuerySyntaxError(`expected '${char}' to close '${this.text[open]}', found ${found}`, this.pos);
    }
    this.pos++;
  }

  private sub(): Query {
    if (this.peek() === '(') {
      const open = this.pos++;
      this.spaces();
      const q = this.or();
      this.close(open, ')');
      return q;
    }
    return this.expression();
  }

  private expression(): Query {
    const start = this.pos;
    const lit = this.literal('a field name or a value');
    const afterLiteral = this.pos;
    this.spaces();
    const c = this.peek();
    if (c === '<' || c === '>') {
      const field = this.field(lit);
      const inclusive = this.peek(1) === '=';
      this.pos += inclusive ? 2 : 1;
      this.spaces();
      const value = this.value(this.literal(`a value after '${c}${inclusive ? '=' : ''}'`));
      const bound = { value, inclusive };
      return c === '<'
        ? { kind: 'range', field, lower: null, upper: bound, start, end: this.pos }
        : { kind: 'range', field, lower: bound, upper: null, start, end: this.pos };
    }
    if (c === ':') {
      const field = this.field(lit);
      this.pos++;
      this.spaces();
      if (this.peek() === '{') {
        const open = this.pos++;
        this.spaces();
        const query = this.or();
        this.close(open, '}');
        return { kind: 'nested', field, query, start, end: this.pos };
      }
      return this.listOfValues(field);
    }
    this.pos = afterLiteral;
    return this.is(null, this.value(lit), start);
  }

  private listOfValues(field: FieldRef): Query {
    if (this.peek() === '(') {
      const open = this.pos++;
      this.spaces();
      const q = this.binary('or', () => this.binary('and', () => this.notValues(field)));
      this.close(open, ')');
      return q;
    }
    const start = this.pos;
    return this.is(field, this.value(this.literal(`a value after '${field.name}:'`)), start);
  }

  private notValues(field: FieldRef): Query {
    const start = this.pos;
    const end = this.keywordEnd(this.pos, 'not', false);
    if (end < 0) return this.listOfValues(field);
    this.pos = end;
    return { kind: 'not', child: this.listOfValues(field), start, end: this.pos };
  }

  /** `field:value`: a lone unquoted `*` is exists (or match-all without a field), K7. */
  private is(field: FieldRef | null, value: Value, start: number): Query {
    const lone = value.pattern !== null && value.pattern.length === 1 && value.pattern[0] === ANY;
    if (lone) return field === null ? { kind: 'all', start, end: this.pos } : { kind: 'exists', field, start, end: this.pos };
    return { kind: 'is', field, value, start, end: this.pos };
  }

  private field(lit: Literal): FieldRef {
    const v = this.value(lit);
    return { name: v.text, pattern: v.pattern, start: lit.start, end: lit.end };
  }

  private value(lit: Literal): Value {
    const text = lit.parts.map((p) => (typeof p === 'string' ? p : '*')).join('');
    const wild = lit.parts.some((p) => p === ANY);
    return { text, quoted: lit.quoted, pattern: wild ? lit.parts : null, start: lit.start, end: lit.end };
  }

  private literal(expected: string): Literal {
    const c = this.peek();
    if (c === '"') return this.quoted();
    const lit = this.unquoted();
    if (lit === null) {
      const found = c === undefined ? 'the end of the query' : `'${c}'`;
      throw new QuerySyntaxError(`expected ${expected}, found ${found}`, this.pos);
    }
    return lit;
  }

  /** QuotedString: `\t \r \n \uXXXX \\ \"` are escapes; any other character (a lone `\` too) is itself. */
  private quoted(): Literal {
    const start = this.pos++;
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new QuerySyntaxError('unterminated quoted string', start);
      if (c === '"') break;
      if (c === '\\') {
        const n = this.peek(1);
        const ws = n === 't' ? '\t' : n === 'r' ? '\r' : n === 'n' ? '\n' : null;
        if (ws !== null) {
          out += ws;
          this.pos += 2;
          continue;
        }
        if (n === 'u' && isHex(this.text.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
          continue;
        }
        if (n === '\\' || n === '"') {
          out += n;
          this.pos += 2;
          continue;
        }
      }
      out += c;
      this.pos++;
    }
    this.pos++;
    return { parts: [out], quoted: true, start, end: this.pos };
  }

  /** UnquotedLiteral: characters up to a special character or a keyword, trimmed (K3, K6). */
  private unquoted(): Literal | null {
    const start = this.pos;
    const parts: (string | typeof ANY)[] = [];
    let buf = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) break;
      if (c === '\\') {
        const n = this.peek(1);
        const ws = n === 't' ? '\t' : n === 'r' ? '\r' : n === 'n' ? '\n' : null;
        if (ws !== null) {
          buf += ws;
          this.pos += 2;
        } else if (n !== undefined && SPECIAL.includes(n)) {
          buf += n;
          this.pos += 2;
        } else if (n === 'u' && isHex(this.text.slice(this.pos + 2, this.pos + 6))) {
          buf += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
        } else {
          const kw = ['and', 'not', 'or'].find((w) => this.text.slice(this.pos + 1, this.pos + 1 + w.length).toLowerCase() === w);
          if (kw === undefined) break;
          buf += this.text.slice(this.pos + 1, this.pos + 1 + kw.length);
          this.pos += 1 + kw.length;
        }
        continue;
      }
      if (c === '*') {
        if (buf !== '') parts.push(buf);
        buf = '';
        parts.push(ANY);
        this.pos++;
        continue;
      }
      if (SPECIAL.includes(c) || this.keywordAt(this.pos)) break;
      buf += c;
      this.pos++;
    }
    if (this.pos === start) return null;
    if (buf !== '') parts.push(buf);
    // `chars.join('').trim()`: only the ends of the whole sequence are trimmed.
    const first = parts[0];
    if (typeof first === 'string') parts[0] = first.trimStart();
    const last = parts[parts.length - 1];
    if (typeof last === 'string') parts[parts.length - 1] = last.trimEnd();
    const kept = parts.filter((p) => p !== '');
    return { parts: kept.length === 0 ? [''] : kept, quoted: false, start, end: this.pos };
  }
}

/** Parses a KQL query; throws `QuerySyntaxError` with the offset of the problem (K12). */
export function parseKuery(text: string): Query {
  return new Parser(text).parse();
}
