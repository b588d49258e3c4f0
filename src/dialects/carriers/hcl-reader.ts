/**
 * A small reader for the part of HCL (Terraform) that holds metric filters: top-level blocks with their
 * labels and their direct attributes. Attribute values that are plain string literals (quoted or
 * heredoc) are decoded with a per-character map back to the file; any other expression is kept as
 * text. Nested blocks (`metric_transformation { ... }`) are read and skipped.
 *
 *     body      ::= (attribute | block)*
 *     attribute ::= ident '=' expression NEWLINE
 *     block     ::= ident (label)* '{' body '}'
 *
 * Strings follow the HCL native syntax: escapes `\n \r \t \" \\ \uNNNN \UNNNNNNNN`, `$${` and `%%{` for a
 * literal `${` and `%{`; `${...}` and `%{...}` are template sequences (recorded, not evaluated).
 * Heredocs are `<<MARK` or `<<-MARK` (the latter strips the common indentation); backslashes are
 * literal in heredocs. Comments are `#`, `//` and `/* ... *\/`.
 */

/** A string literal attribute value. */
export interface HclString {
  readonly kind: 'string';
  /** The decoded value (template sequences kept as written). */
  readonly value: string;
  /** File offset of each decoded UTF-16 unit. */
  readonly offsets: readonly number[];
  readonly start: number;
  /** True when the string holds `${...}` or `%{...}` (its value is not known without Terraform). */
  readonly templated: boolean;
}

/** Any other expression, kept as written. */
export interface HclExpression {
  readonly kind: 'expression';
  readonly text: string;
  readonly start: number;
}

/** An attribute value. */
export type HclValue = HclString | HclExpression;

/** A top-level block. */
export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly start: number;
  readonly attributes: ReadonlyMap<string, HclValue>;
}

/** What reading a file gave: its top-level blocks, or the first syntax error. */
export interface HclReadResult {
  readonly blocks: HclBlock[];
  readonly error: { readonly message: string; readonly offset: number } | null;
}

/** `\n \r \t \" \\` by the code of the character after the backslash. */
const SIMPLE_ESCAPES = new Map<number, string>([
  [110, '\n'],
  [114, '\r'],
  [116, '\t'],
  [34, '"'],
  [92, '\\'],
]);

class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

function isIdentChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

class HclReader {
  private pos = 0;

  constructor(private readonly src: string) {}

  private fail(message: string, at: number): never {
    throw new HclSyntaxError(message, at);
  }

  private peek(offset = 0): number {
    const i = this.pos + offset;
    return i < this.src.length ? this.src.charCodeAt(i) : -1;
  }

  /** Skips blanks and comments; with `newlines`, line breaks too. */
  private skip(newlines: boolean): void {
    for (;;) {
      const c = this.peek();
      if (c === 32 || c === 9 || (newlines && (c === 10 || c === 13))) {
        this.pos++;
      } else if (c === 35 /* # */ || (c === 47 && this.peek(1) === 47)) {
        while (this.pos < this.src.length && this.peek() !== 10) this.pos++;
      } else if (c === 47 && this.peek(1) === 42 /* * */) {
        const close = this.src.indexOf('*/', this.pos + 2);
        if (close === -1) this.fail('unterminated comment', this.pos);
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  private ident(): string {
    const start = this.pos;
    while (isIdentChar(this.peek())) this.pos++;
    return this.src.slice(start, this.pos);
  }

  // body ::= (attribute | block)*
  readBody(topLevel: boolean, blocks: HclBlock[] | null): Map<string, HclValue> {
    const attributes = new Map<string, HclValue>();
    for (;;) {
      this.skip(true);
      const c = this.peek();
      if (c === -1) {
        if (!topLevel) this.fail("unexpected end of file: a block is missing its closing '}'", this.pos);
        return attributes;
      }
      if (c === 125 /* } */) {
        if (topLevel) this.fail("unexpected '}'", this.pos);
        this.pos++;
        return attributes;
      }
      const start = this.pos;
      const name = this.ident();
      if (name === '') this.fail('expected an attribute name or a block type', this.pos);
      this.skip(false);
      if (this.peek() === 61 /* = */ && this.peek(1) !== 61) {
        this.pos++;
        attributes.set(name, this.readExpression());
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skip(false);
        if (this.peek() === 34 /* " */) labels.push(this.readQuoted().value);
        else if (isIdentChar(this.peek())) labels.push(this.ident());
        else break;
      }
      if (this.peek() !== 123 /* { */) this.fail(`expected '=' or '{' after '${name}'`, this.pos);
      this.pos++;
      const body = this.readBody(false, null);
      if (topLevel && blocks !== null) blocks.push({ type: name, labels, start, attributes: body });
    }
  }

  // expression ::= string | heredoc | any text up to the end of the line (brackets may span lines)
  private readExpression(): HclValue {
    this.skip(false);
    const start = this.pos;
    const c = this.peek();
    if (c === 34 /* " */ || (c === 60 && this.peek(1) === 60 /* << */)) {
      const value = c === 34 ? this.readQuoted() : this.readHeredoc();
      const after = this.pos;
      this.skip(false);
      const n = this.peek();
      if (n === -1 || n === 10 || n === 13 || n === 125 /* } */) return value;
      this.pos = after;
    }
    this.skipExpression();
    return { kind: 'expression', text: this.src.slice(start, this.pos).trim(), start };
  }

  private skipExpression(): void {
    let depth = 0;
    for (;;) {
      const c = this.peek();
      if (c === -1) return;
      if (depth === 0 && (c === 10 || c === 13 || c === 35 || (c === 47 && this.peek(1) === 47))) return;
      if (c === 34) {
        this.readQuoted();
        continue;
      }
      if (c === 60 && this.peek(1) === 60) {
        this.readHeredoc();
        continue;
      }
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (depth === 0) return; // the enclosing block's '}'
        depth--;
      }
      this.pos++;
    }
  }

  /** Skips a `${...}` or `%{...}` sequence starting at `this.pos` (on the '$' or '%'). */
  private skipTemplateSequence(): void {
    const open = this.pos;
    this.pos += 2;
    let depth = 1;
    while (depth > 0) {
      const c = this.peek();
      if (c === -1) this.fail("unterminated template sequence (missing '}')", open);
      if (c === 34) {
        this.readQuoted();
        continue;
      }
      if (c === 123) depth++;
      else if (c === 125) depth--;
      this.pos++;
    }
  }

  private readQuoted(): HclString {
    const start = this.pos;
    this.pos++;
    let value = '';
    const offsets: number[] = [];
    let templated = false;
    for (;;) {
      const at = this.pos;
      const c = this.peek();
      if (c === -1 || c === 10 || c === 13) this.fail('unterminated string', start);
      if (c === 34) {
        this.pos++;
        return { kind: 'string', value, offsets, start, templated };
      }
      if (c === 92 /* \ */) {
        const n = this.peek(1);
        const simple = SIMPLE_ESCAPES.get(n);
        if (simple !== undefined) {
          value += simple;
          offsets.push(at);
          this.pos += 2;
          continue;
        }
        if (n === 117 /* u */ || n === 85 /* U */) {
          const len = n === 117 ? 4 : 8;
          const hex = this.src.slice(at + 2, at + 2 + len);
          if (hex.length !== len || ![...hex].every((h) => isHex(h.charCodeAt(0)))) this.fail('invalid unicode escape', at);
          const ch = String.fromCodePoint(Number.parseInt(hex, 16));
          value += ch;
          for (let k = 0; k < ch.length; k++) offsets.push(at);
          this.pos += 2 + len;
          continue;
        }
        this.fail(`invalid escape '\\${String.fromCharCode(n)}' in string`, at);
      }
      if ((c === 36 /* $ */ || c === 37 /* % */) && this.peek(1) === c && this.peek(2) === 123) {
        value += `${String.fromCharCode(c)}{`; // $${ and %%{ are a literal ${ and %{
        offsets.push(at, at + 2);
        this.pos += 3;
        continue;
      }
      if ((c === 36 || c === 37) && this.peek(1) === 123) {
        templated = true;
        this.skipTemplateSequence();
        value += this.src.slice(at, this.pos);
        for (let k = at; k < this.pos; k++) offsets.push(k);
        continue;
      }
      value += String.fromCharCode(c);
      offsets.push(at);
      this.pos++;
    }
  }

  private readHeredoc(): HclString {
    const start = this.pos;
    this.pos += 2;
    const indented = this.peek() === 45; /* - */
    if (indented) this.pos++;
    const marker = this.ident();
    if (marker === '') this.fail('expected a heredoc marker after <<', this.pos);
    while (this.peek() === 32 || this.peek() === 9 || this.peek() === 13) this.pos++;
    if (this.peek() !== 10) this.fail('expected a line break after the heredoc marker', this.pos);
    this.pos++;
    const lines: { start: number; end: number }[] = [];
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`unterminated heredoc (missing '${marker}')`, start);
      let end = this.src.indexOf('\n', this.pos);
      if (end === -1) end = this.src.length;
      const contentEnd = end > this.pos && this.src.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (this.src.slice(this.pos, contentEnd).trim() === marker) {
        this.pos = contentEnd;
        break;
      }
      lines.push({ start: this.pos, end: contentEnd });
      this.pos = Math.min(end + 1, this.src.length);
    }
    let strip = 0;
    if (indented) {
      strip = Infinity;
      for (const l of lines) {
        let k = l.start;
        while (k < l.end && (this.src.charCodeAt(k) === 32 || this.src.charCodeAt(k) === 9)) k++;
        if (k < l.end) strip = Math.min(strip, k - l.start);
      }
      if (strip === Infinity) strip = 0;
    }
    let value = '';
    const offsets: number[] = [];
    let templated = false;
    for (const l of lines) {
      let k = Math.min(l.start + strip, l.end);
      while (k < l.end) {
        const c = this.src.charCodeAt(k);
        if ((c === 36 || c === 37) && this.src.charCodeAt(k + 1) === c && this.src.charCodeAt(k + 2) === 123) {
          value += `${String.fromCharCode(c)}{`;
          offsets.push(k, k + 2);
          k += 3;
          continue;
        }
        if ((c === 36 || c === 37) && this.src.charCodeAt(k + 1) === 123) templated = true;
        value += String.fromCharCode(c);
        offsets.push(k);
        k++;
      }
      value += '\n';
      offsets.push(l.end);
    }
    return { kind: 'string', value, offsets, start, templated };
  }
}

/** Reads the top-level blocks of an HCL file (never throws; a syntax error is returned). */
export function readHcl(src: string): HclReadResult {
  const blocks: HclBlock[] = [];
  const reader = new HclReader(src);
  try {
    reader.readBody(true, blocks);
    return { blocks, error: null };
  } catch (e) {
    if (e instanceof HclSyntaxError) return { blocks, error: { message: e.message, offset: e.offset } };
    throw e;
  }
}
