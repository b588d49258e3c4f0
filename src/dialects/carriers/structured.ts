/**
 * Reads JSON and YAML carrier files into `yaml` documents whose nodes carry source ranges, so that a
 * rule's error can be placed in the file. Syntax errors get the code of the dialect reading the file. JSON is YAML 1.2, so one walker serves both; JSON files are checked
 * with `JSON.parse` first so that their syntax errors read as JSON errors.
 */
import { Document, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { DetectionFile } from '../types.js';
import type { JsonTree } from './aws-cli.js';
import { diagnosticAt } from './site.js';

/** A parsed document with its plain value, or the diagnostic explaining why there is none. */
export type StructuredResult =
  | { readonly doc: Document; readonly value: unknown; readonly diagnostic: null }
  | { readonly doc: null; readonly value: undefined; readonly diagnostic: Diagnostic };

/**
 * How many times one anchor's node may be copied by its aliases. A template that repeats a block more
 * than this is an alias bomb (a "billion laughs": a few lines expanding to gigabytes), not a template.
 */
export const MAX_ALIAS_COUNT = 100;

/** Offset of the first alias in a document (where an alias bomb is reported), or null. */
function firstAlias(doc: Document): number | null {
  let at: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      at = node.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  return at;
}

/** The document's plain value; aliases that expand beyond `MAX_ALIAS_COUNT` give a diagnostic instead. */
function withValue(file: DetectionFile, doc: Document, code: string): StructuredResult {
  try {
    return { doc, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), diagnostic: null };
  } catch (e) {
    const reason = (e as Error).message;
    const message = /alias count/i.test(reason)
      ? `invalid YAML: aliases expand too much (more than ${MAX_ALIAS_COUNT} copies of one anchor; an alias bomb?)`
      : `invalid YAML: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
    return { doc: null, value: undefined, diagnostic: diagnosticAt(file, firstAlias(doc), code, 'error', message) };
  }
}

/** Strips a UTF-8 byte order mark (editors on Windows add one). */
export function stripBom(text: string): { text: string; offset: number } {
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), offset: 1 } : { text, offset: 0 };
}

function jsonErrorOffset(message: string, text: string): number | null {
  const pos = /at position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  const lc = /\(line (\d+) column (\d+)\)/.exec(message);
  if (!lc) return null;
  let offset = 0;
  for (let line = 1; line < Number(lc[1]); line++) offset = text.indexOf('\n', offset) + 1;
  return offset + Number(lc[2]) - 1;
}

/** Parses a JSON rule file (value and source ranges). */
export function readJson(file: DetectionFile, code: string): StructuredResult {
  const { text, offset } = stripBom(file.text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = jsonErrorOffset(message, text);
    return {
      doc: null,
      value: undefined,
      diagnostic: diagnosticAt(file, at === null ? null : at + offset, code, 'error', `invalid JSON: ${message}`),
    };
  }
  // Parse again with `yaml` for source ranges; padding keeps offsets equal to the file's when a BOM was stripped.
  const doc = parseDocument(' '.repeat(offset) + text, { uniqueKeys: false, lineCounter: new LineCounter() });
  if (doc.errors.length === 0) return { doc, value, diagnostic: null };
  // A JSON text YAML cannot read (very rare): keep the value, without positions.
  return { doc: new Document(value), value, diagnostic: null };
}

/** Parses a YAML rule file; CloudFormation tags (`!Ref`, `!Sub`, ...) stay on their nodes. */
export function readYaml(file: DetectionFile, code: string): StructuredResult {
  const { text, offset } = stripBom(file.text);
  const doc = parseDocument(' '.repeat(offset) + text, { lineCounter: new LineCounter() });
  const error = doc.errors[0];
  if (error === undefined) return withValue(file, doc, code);
  const message = error.message.split('\n')[0] ?? error.message;
  return { doc: null, value: undefined, diagnostic: diagnosticAt(file, error.pos[0], code, 'error', `invalid YAML: ${message}`) };
}

/** The value node of `key` in a map node (undefined when absent or when `node` is not a map). */
export function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = (node as YAMLMap).items.find((p: Pair) => (isScalar(p.key) ? String(p.key.value) : p.key) === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

/** A plain (untagged) string scalar's value, else null. */
export function plainString(node: unknown): string | null {
  return isScalar(node) && node.tag === undefined && typeof node.value === 'string' ? node.value : null;
}

/** The `yaml` nodes of a parsed document as a `JsonTree` (aws-cli.ts); keys that are not scalars are skipped. */
export const yamlTree: JsonTree<Node | null | undefined> = {
  entries: (node) =>
    isMap(node) ? (node as YAMLMap).items.flatMap((p: Pair) => (isScalar(p.key) ? [[String(p.key.value), p.value as Node | null] as const] : [])) : null,
  items: (node) => (isSeq(node) ? (node.items as (Node | null)[]) : null),
  string: (node) => (isScalar(node) && typeof node.value === 'string' ? node.value : null),
  offset: (node) => (node as { range?: [number, number, number] } | null | undefined)?.range?.[0] ?? null,
};
