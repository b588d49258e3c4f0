/**
 * A JSON reader for event patterns that keeps what `JSON.parse` loses: every key of an object in order,
 * duplicates included (the last one wins, digest P31), each value's offset for error positions, and
 * numbers' source text (P36).
 */
import type { JsonTree } from '../carriers/aws-cli.js';
import { EventPatternError } from './errors.js';

export type JsonNode =
  | { readonly kind: 'object'; readonly offset: number; readonly entries: readonly JsonEntry[] }
  | { readonly kind: 'array'; readonly offset: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly offset: number; readonly value: string }
  | { readonly kind: 'number'; readonly offset: number; readonly value: number; readonly text: string }
  | { readonly kind: 'boolean'; readonly offset: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly offset: number };

export interface JsonEntry {
  readonly key: string;
  readonly keyOffset: number;
  readonly value: JsonNode;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  document(): JsonNode {
    const node = this.value();
    this.space();
    if (this.pos < this.text.length) this.fail(`unexpected ${this.describe()} after the pattern`);
    return node;
  }

  private fail(message: string): never {
    throw new EventPatternError(message, this.pos);
  }

  private describe(): string {
    return this.pos >= this.text.length ? 'end of text' : `character ${JSON.stringify(this.text[this.pos])}`;
  }

  private space(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  private value(): JsonNode {
    this.space();
    const offset = this.pos;
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { kind: 'string', offset, value: this.string() };
    for (const [word, node] of [
      ['true', { kind: 'boolean', offset, value: true }],
      ['false', { kind: 'boolean', offset, value: false }],
      ['null', { kind: 'null', offset }],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return node;
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m !== null) {
      this.pos += m[0].length;
      return { kind: 'number', offset, value: Number(m[0]), text: m[0] };
    }
    return this.fail(`expected a JSON value, found ${this.describe()}`);
  }

  private object(): JsonNode {
    const offset = this.pos++;
    const entries: JsonEntry[] = [];
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', offset, entries };
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') this.fail(`expected a key in double quotes, found ${this.describe()}`);
      const keyOffset = this.pos;
      const key = this.string();
      this.space();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after key ${JSON.stringify(key)}, found ${this.describe()}`);
      this.pos++;
      entries.push({ key, keyOffset, value: this.value() });
      this.space();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { kind: 'object', offset, entries };
      }
      this.fail(`expected ',' or '}', found ${this.describe()}`);
    }
  }

  private array(): JsonNode {
    const offset = this.pos++;
    const items: JsonNode[] = [];
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', offset, items };
    }
    for (;;) {
      items.push(this.value());
      this.space();
      if (this.text[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { kind: 'array', offset, items };
      }
      this.fail(`expected ',' or ']', found ${this.describe()}`);
    }
  }

  private string(): string {
    const start = this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) {
        this.pos = start;
        this.fail('unterminated string');
      }
      const c = this.text[this.pos]!;
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('control character in a string');
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const e = this.text[this.pos + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.pos += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos + 2, this.pos + 6), 16));
        this.pos += 6;
      } else {
        this.fail('invalid escape in a string');
      }
    }
  }
}

/** Reads JSON text. Throws `EventPatternError` with the offset of the problem. */
export function readJsonText(text: string): JsonNode {
  return new Reader(text).document();
}

/** The node of an already-parsed value (no positions: offsets are -1). */
export function nodeOfValue(value: unknown): JsonNode {
  const offset = -1;
  if (value === null) return { kind: 'null', offset };
  if (typeof value === 'boolean') return { kind: 'boolean', offset, value };
  if (typeof value === 'number') return { kind: 'number', offset, value, text: String(value) };
  if (typeof value === 'string') return { kind: 'string', offset, value };
  if (Array.isArray(value)) return { kind: 'array', offset, items: value.map(nodeOfValue) };
  if (typeof value === 'object') {
    return { kind: 'object', offset, entries: Object.entries(value as object).map(([key, v]) => ({ key, keyOffset: -1, value: nodeOfValue(v) })) };
  }
  throw new EventPatternError(`a pattern value cannot be ${typeof value}`, -1);
}

/** The reader's nodes as a `JsonTree` (src/dialects/carriers/aws-cli.ts); `shift` turns their offsets into file offsets. */
export function jsonNodeTree(shift: number): JsonTree<JsonNode> {
  return {
    entries: (node) => (node.kind === 'object' ? node.entries.map((e) => [e.key, e.value] as const) : null),
    items: (node) => (node.kind === 'array' ? node.items : null),
    string: (node) => (node.kind === 'string' ? node.value : null),
    offset: (node) => (node.offset >= 0 ? node.offset + shift : null),
  };
}
