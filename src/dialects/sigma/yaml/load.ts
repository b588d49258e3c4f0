/**
 * YAML loading: turns a Sigma file into positioned node trees, one per YAML document.
 *
 * The `yaml` package parses with its failsafe schema (every scalar stays text) and a LineCounter; this
 * module then types each scalar itself (`scalar.ts`, the YAML 1.1 vs 1.2 decision) and keeps each node's
 * offsets, so every later diagnostic can point at the key, value or modifier it is about.
 */
import { Alias, LineCounter, Scalar, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { SigmaCode } from '../codes.js';
import { Problems } from '../problems.js';
import { resolvePlain } from './scalar.js';
import type { ScalarValue } from './scalar.js';

/** How a scalar was written. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

/** A scalar with its resolved value and position. */
export interface YScalar {
  readonly kind: 'scalar';
  readonly value: ScalarValue;
  /** The scalar as text: the decoded string, or the source text of a number/boolean/null. */
  readonly text: string;
  readonly style: ScalarStyle;
  /** Offset of the node in the file. */
  readonly start: number;
  readonly end: number;
  /** Offset of `text[0]` in the file when `text` appears verbatim there (no escapes, one line), else null. */
  readonly textStart: number | null;
}

/** A mapping entry. Keys are always scalars (other keys are reported and dropped). */
export interface YEntry {
  readonly key: YScalar;
  readonly value: YNode;
}

/** A mapping, entries in source order. */
export interface YMap {
  readonly kind: 'map';
  readonly entries: readonly YEntry[];
  readonly start: number;
  readonly end: number;
}

/** A sequence. */
export interface YSeq {
  readonly kind: 'seq';
  readonly items: readonly YNode[];
  readonly start: number;
  readonly end: number;
}

/** Any node. */
export type YNode = YScalar | YMap | YSeq;

/** One YAML document of a file. */
export interface YDocument {
  /** 0-based position of the document in the file. */
  readonly index: number;
  /** Offset where the document starts. */
  readonly start: number;
  /** The document's root node; null for an empty document or one that failed to parse. */
  readonly root: YNode | null;
}

/** A parsed file: its documents plus the problems found so far. */
export interface YFile {
  readonly documents: readonly YDocument[];
  readonly problems: Problems;
}

/** Alias expansion budget: a billion-laughs document must fail, not hang. */
const MAX_NODES = 200_000;

/** Offset within a node's text → offset in the file (the node's start when the text is not verbatim). */
export function offsetIn(node: YScalar, index: number): number {
  return node.textStart === null ? node.start : node.textStart + index;
}

/** Parses every YAML document of a file. Never throws: problems land in `problems`. */
export function parseYamlFile(path: string, text: string): YFile {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: lines,
    schema: 'failsafe',
    // The library's own duplicate-key check is quadratic in a map's size; the converter checks with a set.
    uniqueKeys: false,
    prettyErrors: false,
  });
  const problems = new Problems(path, lines);
  const list = Array.isArray(docs) ? docs : [];
  const documents: YDocument[] = [];
  for (let i = 0; i < list.length; i++) {
    const doc = list[i] as Document.Parsed;
    const start = doc.range[0];
    if (doc.errors.length > 0) {
      for (const e of doc.errors) problems.error(SigmaCode.yaml, `yaml: ${lowerFirst(e.message)}`, e.pos[0]);
      documents.push({ index: i, start, root: null });
      continue;
    }
    const converter = new Converter(doc, text, problems);
    const root = doc.contents === null ? null : converter.node(doc.contents);
    documents.push({ index: i, start, root: converter.failed ? null : root });
  }
  return { documents, problems };
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

/** Converts one document's nodes, resolving aliases within a node budget. */
class Converter {
  failed = false;
  private budget = MAX_NODES;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly text: string,
    private readonly problems: Problems,
  ) {}

  node(n: YamlNode): YNode {
    if (--this.budget < 0) {
      if (!this.failed) this.problems.error(SigmaCode.yaml, 'yaml: document expands to too many nodes (alias loop or bomb)', range(n)[0]);
      this.failed = true;
      return emptyScalar(range(n)[0]);
    }
    if (isAlias(n)) return this.alias(n);
    if (isScalar(n)) return this.scalar(n);
    if (isMap(n)) {
      this.checkCollectionTag(n.tag, 'tag:yaml.org,2002:map', range(n)[0]);
      const entries: YEntry[] = [];
      const seen = new Set<string>();
      for (const pair of n.items) {
        const keyNode = pair.key as YamlNode | null;
        const [ks] = keyNode ? range(keyNode) : [range(n)[0]];
        const key = keyNode === null ? emptyScalar(ks) : this.node(keyNode);
        if (key.kind !== 'scalar') {
          this.problems.error(SigmaCode.yaml, 'yaml: mapping keys must be scalars', key.start);
          this.failed = true;
          continue;
        }
        if (seen.has(key.text)) {
          this.problems.error(SigmaCode.yaml, 'yaml: map keys must be unique', key.start);
          this.failed = true;
        }
        seen.add(key.text);
        const valueNode = pair.value as YamlNode | null;
        const value = valueNode === null ? emptyScalar(keyEnd(keyNode, key)) : this.node(valueNode);
        entries.push({ key, value });
      }
      const [start, end] = range(n);
      return { kind: 'map', entries, start, end };
    }
    if (isSeq(n)) {
      this.checkCollectionTag(n.tag, 'tag:yaml.org,2002:seq', range(n)[0]);
      const items = n.items.map((item) => (item === null ? emptyScalar(range(n)[0]) : this.node(item as YamlNode)));
      const [start, end] = range(n);
      return { kind: 'seq', items, start, end };
    }
    this.problems.error(SigmaCode.yaml, 'yaml: unsupported node', undefined);
    this.failed = true;
    return emptyScalar(0);
  }

  private alias(a: Alias): YNode {
    const target = a.resolve(this.doc);
    if (target === undefined) {
      this.problems.error(SigmaCode.yaml, `yaml: unknown alias *${a.source}`, range(a)[0]);
      this.failed = true;
      return emptyScalar(range(a)[0]);
    }
    return this.node(target);
  }

  private checkCollectionTag(tag: string | undefined, expected: string, at: number): void {
    if (tag !== undefined && tag !== expected) {
      this.problems.error(SigmaCode.yaml, `yaml: unsupported tag ${tag}`, at);
      this.failed = true;
    }
  }

  private scalar(s: Scalar): YScalar {
    const [start, end] = range(s);
    const raw = typeof s.value === 'string' ? s.value : String(s.value);
    const style = styleOf(s.type);
    let value: ScalarValue;
    if (s.tag !== undefined) value = this.tagged(s.tag, raw, start);
    else if (style === 'plain') value = resolvePlain(raw);
    else value = { type: 'string', value: raw };
    const text = value.type === 'string' ? value.value : raw;
    return { kind: 'scalar', value, text, style, start, end, textStart: verbatimStart(this.text, start, end, style, text) };
  }

  /** Explicit core tags (`!!str 012`) decide the type; other tags are not Sigma. */
  private tagged(tag: string, raw: string, at: number): ScalarValue {
    switch (tag) {
      case 'tag:yaml.org,2002:str':
        return { type: 'string', value: raw };
      case 'tag:yaml.org,2002:int':
      case 'tag:yaml.org,2002:float': {
        const v = resolvePlain(raw);
        if (v.type === 'number') return v;
        const n = Number(raw);
        if (raw.trim() !== '' && Number.isFinite(n)) return { type: 'number', value: n, text: raw };
        break;
      }
      case 'tag:yaml.org,2002:bool': {
        const v = resolvePlain(raw);
        if (v.type === 'boolean') return v;
        break;
      }
      case 'tag:yaml.org,2002:null': {
        const v = resolvePlain(raw);
        if (v.type === 'null') return v;
        break;
      }
      default:
        this.problems.error(SigmaCode.yaml, `yaml: unsupported tag ${tag}`, at);
        this.failed = true;
        return { type: 'string', value: raw };
    }
    this.problems.error(SigmaCode.yaml, `yaml: '${raw}' is not a valid ${tag.slice(tag.lastIndexOf(':') + 1)}`, at);
    this.failed = true;
    return { type: 'string', value: raw };
  }
}

function range(n: YamlNode): [number, number] {
  const r = n.range;
  return r ? [r[0], r[1]] : [0, 0];
}

function keyEnd(keyNode: YamlNode | null, key: YScalar): number {
  return keyNode === null ? key.start : range(keyNode)[1];
}

function emptyScalar(at: number): YScalar {
  return { kind: 'scalar', value: { type: 'null' }, text: '', style: 'plain', start: at, end: at, textStart: at };
}

function styleOf(type: Scalar['type']): ScalarStyle {
  switch (type) {
    case 'QUOTE_SINGLE':
      return 'single';
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return 'block';
    default:
      return 'plain';
  }
}

/** Where `text` starts in the file when it is written there verbatim (so in-value offsets are exact). */
function verbatimStart(file: string, start: number, end: number, style: ScalarStyle, text: string): number | null {
  const from = style === 'single' || style === 'double' ? start + 1 : style === 'plain' ? start : -1;
  if (from < 0 || from + text.length > end) return null;
  return file.startsWith(text, from) ? from : null;
}
