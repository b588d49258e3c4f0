/**
 * A small TOML reader (TOML v1.0.0), enough for rule files such as elastic/detection-rules: tables,
 * arrays of tables, dotted and quoted keys, basic / literal / multi-line strings, integers, floats,
 * booleans, date-times (kept as their text), arrays and inline tables. Errors carry the offset of the
 * problem, and every value records where it starts, so a rule's diagnostics can point into the file.
 */

/** A TOML value as plain data. Date-times are kept as written (strings). */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
/** A TOML table. */
export interface TomlTable {
  [key: string]: TomlValue;
}

/** Where a value starts. For a string, `content` is where its text starts and `verbatim` says whether
 * each character of the value sits at `content + i` in the file (no escapes, no trimmed line break). */
export interface TomlPosition {
  readonly start: number;
  readonly content: number;
  readonly verbatim: boolean;
}

/** A parsed document: its root table and the position of every value by path (`rule.threat[0].tactic`). */
export interface TomlDocument {
  readonly root: TomlTable;
  readonly positions: ReadonlyMap<string, TomlPosition>;
}

/** A syntax error at an offset of the text. */
export class TomlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TomlError';
  }
}

const BARE = /[A-Za-z0-9_-]/;
const isTable = (v: TomlValue | undefined): v is TomlTable => typeof v === 'object' && !Array.isArray(v);

class Reader {
  private pos = 0;
  readonly root: TomlTable = {};
  readonly positions = new Map<string, TomlPosition>();
  /** Tables defined by a header or implicitly, to reject a header given twice. */
  private readonly defined = new Set<TomlTable>();
  /** Tables fixed by an inline table or a value: no keys may be added to them. */
  private readonly sealed = new Set<TomlTable>();

  constructor(private readonly text: string) {}

  read(): TomlDocument {
    let table = this.root;
    let path = '';
    for (;;) {
      this.blank();
      if (this.pos >= this.text.length) break;
      if (this.text[this.pos] === '[') {
        [table, path] = this.header();
      } else {
        this.keyValue(table, path);
      }
      this.endOfLine();
    }
    return { root: this.root, positions: this.positions };
  }

  private fail(message: string, at = this.pos): never {
    throw new TomlError(message, at);
  }

  /** Skips whitespace, newlines and comments. */
  private blank(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#') this.comment();
      else return;
    }
  }

  private spaces(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  private comment(): void {
    while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
  }

  private endOfLine(): void {
    this.spaces();
    if (this.text[this.pos] === '#') this.comment();
    if (this.text.startsWith('\r\n', this.pos)) this.pos += 2;
    else if (this.text[this.pos] === '\n') this.pos++;
    else if (this.pos < this.text.length) this.fail(`expected the end of the line, found '${this.text[this.pos]}'`);
  }

  /** `[a.b]` or `[[a.b]]`: returns the table that following key/values go into, and its path. */
  private header(): [TomlTable, string] {
    const at = this.pos;
    const array = this.text.startsWith('[[', this.pos);
    this.pos += array ? 2 : 1;
    this.spaces();
    const keys = this.key();
    this.spaces();
    if (!this.text.startsWith(array ? ']]' : ']', this.pos)) this.fail(`expected '${array ? ']]' : ']'}' to close the table header`);
    this.pos += array ? 2 : 1;
    let table = this.root;
    let path = '';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      path = path === '' ? k : `${path}.${k}`;
      const last = i === keys.length - 1;
      let next = table[k];
      if (last && array) {
        if (next === undefined) next = table[k] = [];
        if (!Array.isArray(next) || this.sealed.has(table)) this.fail(`'${path}' is not an array of tables`, at);
        const t: TomlTable = {};
        next.push(t);
        path = `${path}[${next.length - 1}]`;
        this.positions.set(path, { start: at, content: at, verbatim: false });
        return [t, path];
      }
      if (next === undefined) {
        next = table[k] = {};
      } else if (Array.isArray(next)) {
        const lastItem = next[next.length - 1];
        if (!isTable(lastItem) || last) this.fail(`'${path}' is already defined as an array`, at);
        path = `${path}[${next.length - 1}]`;
        next = lastItem;
      } else if (!isTable(next) || this.sealed.has(next)) {
        this.fail(`'${path}' is already defined`, at);
      }
      table = next;
    }
    if (this.defined.has(table)) this.fail(`table '${path}' is defined twice`, at);
    this.defined.add(table);
    this.positions.set(path, { start: at, content: at, verbatim: false });
    return [table, path];
  }

  /** A dotted key: bare, "basic" or 'literal' parts. */
  private key(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.spaces();
      const c = this.text[this.pos];
      if (c === '"' || c === "'") {
        const s = this.string();
        if (s.multiline) this.fail('a key cannot be a multi-line string', s.start);
        keys.push(s.value);
      } else {
        const start = this.pos;
        while (this.pos < this.text.length && BARE.test(this.text[this.pos]!)) this.pos++;
        if (this.pos === start) this.fail(c === undefined ? 'expected a key, found the end of the file' : `expected a key, found '${c}'`);
        keys.push(this.text.slice(start, this.pos));
      }
      this.spaces();
      if (this.text[this.pos] !== '.') return keys;
      this.pos++;
    }
  }

  private keyValue(table: TomlTable, path: string): void {
    const at = this.pos;
    const keys = this.key();
    this.spaces();
    if (this.text[this.pos] !== '=') this.fail(`expected '=' after the key '${keys.join('.')}'`);
    this.pos++;
    this.spaces();
    let target = table;
    let full = path;
    for (let i = 0; i < keys.length - 1; i++) {
      const k = keys[i]!;
      full = full === '' ? k : `${full}.${k}`;
      const next = target[k];
      if (next === undefined) target = target[k] = {};
      else if (isTable(next) && !this.sealed.has(next)) target = next;
      else this.fail(`'${full}' is already defined`, at);
    }
    const k = keys[keys.length - 1]!;
    full = full === '' ? k : `${full}.${k}`;
    if (k in target) this.fail(`'${full}' is defined twice`, at);
    target[k] = this.value(full);
  }

  private value(path: string): TomlValue {
    const start = this.pos;
    const c = this.text[this.pos];
    if (c === '"' || c === "'") {
      const s = this.string();
      this.positions.set(path, { start, content: s.content, verbatim: s.verbatim });
      return s.value;
    }
    this.positions.set(path, { start, content: start, verbatim: false });
    if (c === '[') return this.array(path);
    if (c === '{') return this.inlineTable(path);
    if (this.text.startsWith('true', this.pos) && !BARE.test(this.text[this.pos + 4] ?? '')) {
      this.pos += 4;
      return true;
    }
    if (this.text.startsWith('false', this.pos) && !BARE.test(this.text[this.pos + 5] ?? '')) {
      this.pos += 5;
      return false;
    }
    return this.scalar();
  }

  /** Numbers and date-times: the run of characters up to a delimiter. */
  private scalar(): TomlValue {
    const start = this.pos;
    const m = /^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}:\d{2}(?:\.\d+)?|[+-]?(?:inf|nan)|[0-9A-Za-z_.+-]+)/i.exec(this.text.slice(start, start + 64));
    if (m === null || m[0] === '') this.fail(this.text[start] === undefined ? 'expected a value, found the end of the file' : `expected a value, found '${this.text[start]}'`);
    const raw = m[0];
    this.pos += raw.length;
    if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(raw)) return raw;
    if (/^[+-]?inf$/.test(raw)) return raw.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(raw)) return NaN;
    if (/^0x[0-9a-fA-F_]+$|^0o[0-7_]+$|^0b[01_]+$/.test(raw)) return Number(raw.replace(/_/g, ''));
    if (/^[+-]?(?:0|[1-9](?:_?\d)*)$/.test(raw)) return Number(raw.replace(/_/g, ''));
    if (/^[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?$/.test(raw)) return Number(raw.replace(/_/g, ''));
    this.fail(`invalid value '${raw}'`, start);
  }

  private array(path: string): TomlValue[] {
    this.pos++;
    const out: TomlValue[] = [];
    for (;;) {
      this.blank();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value(`${path}[${out.length}]`));
      this.blank();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== ']') this.fail(this.pos >= this.text.length ? "expected ']' to close the array, found the end of the file" : `expected ',' or ']' in the array, found '${this.text[this.pos]}'`);
    }
  }

  private inlineTable(path: string): TomlTable {
    this.pos++;
    const table: TomlTable = {};
    this.spaces();
    if (this.text[this.pos] === '}') {
      this.pos++;
      this.sealed.add(table);
      return table;
    }
    for (;;) {
      this.keyValue(table, path);
      this.spaces();
      if (this.text[this.pos] === '}') {
        this.pos++;
        this.sealed.add(table);
        return table;
      }
      if (this.text[this.pos] !== ',') this.fail(`expected ',' or '}' in the inline table, found ${this.text[this.pos] === undefined ? 'the end of the file' : `'${this.text[this.pos]}'`}`);
      this.pos++;
      this.spaces();
    }
  }

  /** Any of the four string forms. */
  private string(): { value: string; start: number; content: number; verbatim: boolean; multiline: boolean } {
    const start = this.pos;
    const quote = this.text[this.pos]!;
    const multiline = this.text.startsWith(quote.repeat(3), this.pos);
    this.pos += multiline ? 3 : 1;
    // A line break right after the opening delimiter is not part of the string.
    if (multiline) {
      if (this.text.startsWith('\r\n', this.pos)) this.pos += 2;
      else if (this.text[this.pos] === '\n') this.pos++;
    }
    const content = this.pos;
    let out = '';
    let verbatim = true;
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined || (!multiline && (c === '\n' || c === '\r'))) this.fail('unterminated string', start);
      if (multiline ? this.text.startsWith(quote.repeat(3), this.pos) : c === quote) {
        // Up to two quotes may end a multi-line string's content: `""""` is one quote, then the close.
        let q = 3;
        if (multiline) while (q < 5 && this.text[this.pos + q] === quote) q++;
        if (multiline) out += quote.repeat(q - 3);
        this.pos += multiline ? q : 1;
        break;
      }
      if (c === '\\' && quote === '"') {
        verbatim = false;
        out += this.escape(multiline);
        continue;
      }
      out += c;
      this.pos++;
    }
    return { value: out, start, content, verbatim, multiline };
  }

  private escape(multiline: boolean): string {
    const at = this.pos;
    const n = this.text[this.pos + 1];
    this.pos += 2;
    const simple: Readonly<Record<string, string>> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
    if (n !== undefined && simple[n] !== undefined) return simple[n]!;
    if (n === 'u' || n === 'U') {
      const len = n === 'u' ? 4 : 8;
      const hex = this.text.slice(this.pos, this.pos + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail(`invalid unicode escape '\\${n}${hex}'`, at);
      this.pos += len;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    if (multiline && (n === ' ' || n === '\t' || n === '\n' || n === '\r')) {
      // A line-ending backslash trims the line break and the whitespace after it.
      this.pos = at + 1;
      while (/[ \t]/.test(this.text[this.pos] ?? '')) this.pos++;
      if (this.text[this.pos] !== '\n' && !this.text.startsWith('\r\n', this.pos)) this.fail('a backslash in a string must escape something', at);
      while (/[ \t\r\n]/.test(this.text[this.pos] ?? '')) this.pos++;
      return '';
    }
    this.fail(`invalid escape '\\${n ?? ''}'`, at);
  }
}

/** Parses TOML text; throws `TomlError` with the offset of the first problem. */
export function parseToml(text: string): TomlDocument {
  return new Reader(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text).read();
}
