/**
 * The value of an HCL `jsonencode(...)` expression whose argument is a literal: objects (`{ k = v }` or
 * `{ "k": v }`, entries separated by commas or line breaks), tuples, strings, numbers, `true`, `false`,
 * `null`. Offsets are file offsets, so a problem found in the value is reported at its place in the
 * Terraform file. Anything else (variables, function calls, templates) is only known to Terraform:
 * it is an error naming what was found.
 *
 *     call   ::= 'jsonencode' '(' value ')'
 *     value  ::= object | tuple | string | number | 'true' | 'false' | 'null'
 *     object ::= '{' (key ('=' | ':') value (',' | NEWLINE)?)* '}'
 *     tuple  ::= '[' (value (',' value)* ','?)? ']'
 */

/** A literal value with the file offset of each node (the same shape as a JSON reader's). */
export type LiteralNode =
  | { readonly kind: 'object'; readonly offset: number; readonly entries: readonly { readonly key: string; readonly keyOffset: number; readonly value: LiteralNode }[] }
  | { readonly kind: 'array'; readonly offset: number; readonly items: readonly LiteralNode[] }
  | { readonly kind: 'string'; readonly offset: number; readonly value: string }
  | { readonly kind: 'number'; readonly offset: number; readonly value: number; readonly text: string }
  | { readonly kind: 'boolean'; readonly offset: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly offset: number };

/** Why an expression is not a literal `jsonencode(...)`, at a file offset. */
export class HclValueError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const IDENT = /[A-Za-z_][\w-]*/y;

class ValueReader {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  private fail(message: string, at = this.pos): never {
    throw new HclValueError(message, this.base + at);
  }

  private space(newlines: boolean): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.pos++;
      else if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      else if (c === '/' && this.text[this.pos + 1] === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        if (end === -1) this.fail('unterminated comment');
        this.pos = end + 2;
      } else return;
    }
  }

  private expect(ch: string): void {
    this.space(true);
    if (this.text[this.pos] !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  call(): LiteralNode {
    this.space(true);
    IDENT.lastIndex = this.pos;
    const name = IDENT.exec(this.text)?.[0];
    if (name !== 'jsonencode') this.fail(`the value is an expression (${this.text.slice(0, 40)}), not a literal string or jsonencode of a literal; it cannot be checked offline`);
    this.pos += name.length;
    this.expect('(');
    const value = this.value();
    this.expect(')');
    this.space(true);
    if (this.pos < this.text.length) this.fail('unexpected text after jsonencode(...)');
    return value;
  }

  private value(): LiteralNode {
    this.space(true);
    const at = this.pos;
    const c = this.text[at];
    if (c === '{') return this.object();
    if (c === '[') return this.tuple();
    if (c === '"') return { kind: 'string', offset: this.base + at, value: this.string() };
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(this.text)?.[0];
    if (number !== undefined) {
      this.pos += number.length;
      return { kind: 'number', offset: this.base + at, value: Number(number), text: number };
    }
    IDENT.lastIndex = at;
    const word = IDENT.exec(this.text)?.[0];
    if (word === 'true' || word === 'false') {
      this.pos += word.length;
      return { kind: 'boolean', offset: this.base + at, value: word === 'true' };
    }
    if (word === 'null') {
      this.pos += 4;
      return { kind: 'null', offset: this.base + at };
    }
    return this.fail(word !== undefined ? `'${word}' is a reference or function call, whose value only Terraform knows; it cannot be checked offline` : 'expected a value');
  }

  private string(): string {
    const open = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || c === '\n') this.fail('unterminated string', open);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === '{') this.fail(`the string holds a template sequence (${c}{...}), whose value only Terraform knows; it cannot be checked offline`);
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === c && this.text[this.pos + 2] === '{') {
        out += `${c}{`;
        this.pos += 3;
        continue;
      }
      if (c === '\\') {
        const n = this.text[this.pos + 1] ?? '';
        if (ESCAPES[n] !== undefined) {
          out += ESCAPES[n];
          this.pos += 2;
          continue;
        }
        if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(Number.parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
          continue;
        }
        this.fail(`invalid escape '\\${n}' in string`);
      }
      out += c;
      this.pos++;
    }
  }

  private object(): LiteralNode {
    const at = this.pos;
    this.pos++;
    const entries: { key: string; keyOffset: number; value: LiteralNode }[] = [];
    for (;;) {
      this.space(true);
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { kind: 'object', offset: this.base + at, entries };
      }
      const keyAt = this.pos;
      let key: string;
      if (this.text[this.pos] === '"') key = this.string();
      else {
        IDENT.lastIndex = this.pos;
        const ident = IDENT.exec(this.text)?.[0];
        if (ident === undefined) this.fail("expected a key or '}'");
        key = ident;
        this.pos += ident.length;
      }
      this.space(false);
      const sep = this.text[this.pos];
      if (sep !== '=' && sep !== ':') this.fail(`expected '=' or ':' after key '${key}'`);
      this.pos++;
      entries.push({ key, keyOffset: this.base + keyAt, value: this.value() });
      this.space(false);
      if (this.text[this.pos] === ',') this.pos++;
    }
  }

  private tuple(): LiteralNode {
    const at = this.pos;
    this.pos++;
    const items: LiteralNode[] = [];
    for (;;) {
      this.space(true);
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { kind: 'array', offset: this.base + at, items };
      }
      items.push(this.value());
      this.space(true);
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== ']') this.fail("expected ',' or ']'");
    }
  }
}

/** The literal value of `jsonencode(<literal>)` written at file offset `start`; throws `HclValueError`. */
export function readJsonencode(text: string, start: number): LiteralNode {
  return new ValueReader(text, start).call();
}
