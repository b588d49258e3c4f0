/**
 * What `aws <service> describe-*` and `list-*` print, as carriers of rules: a top-level key holding an
 * array of objects, and `NextToken` (`nextToken` in the services that spell it so) when the output is
 * one page of several (`aws logs describe-metric-filters` → `metricFilters`, `aws events list-rules` →
 * `Rules`); or, for a `describe-*` of one resource, the resource object itself (`aws events
 * describe-rule`). The caller names the key. Items keep their file position, so a diagnostic about one
 * points into the file.
 *
 * Dialects read JSON with different position-keeping readers (the `yaml` nodes of structured.ts, whose
 * scalars map back to file characters; EventBridge's own reader, which keeps duplicate keys and number
 * text): a `JsonTree` says how to walk the caller's nodes, so both share one reading of the shapes.
 */
import { lineColumn } from '../../diagnostics/diagnostic.js';

/** How to walk a JSON tree whose nodes carry file offsets. */
export interface JsonTree<N> {
  /** The entries of an object node, in file order, or null when the node is not an object. */
  entries(node: N): readonly (readonly [key: string, value: N])[] | null;
  /** The items of an array node, or null when the node is not an array. */
  items(node: N): readonly N[] | null;
  /** The string value of a string node, or null. */
  string(node: N): string | null;
  /** The node's offset in the file, or null when unknown. */
  offset(node: N): number | null;
}

/** One resource of the output, with where it starts in the file (line and column 1-based). */
export interface CliItem<N> {
  readonly node: N;
  /** Its index in the list (0 for a single `describe-*` object). */
  readonly index: number;
  readonly offset: number | null;
  readonly line: number | null;
  readonly column: number | null;
}

/** The resources of a `describe-*`/`list-*` output, and its page token (null on the last page). */
export interface CliOutput<N> {
  readonly items: readonly CliItem<N>[];
  readonly nextToken: string | null;
}

/** A list output: `list` names the key holding the array; every item must be an object with `itemKeys` (none: any item). */
export interface CliListShape {
  readonly list: string;
  readonly itemKeys?: readonly string[];
}

const TOKEN_KEYS = ['NextToken', 'nextToken'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a plain parsed JSON value is the list output `shape` describes (for a cheap sniff). */
export function isCliList(value: unknown, shape: CliListShape): boolean {
  if (!isObject(value)) return false;
  const list = value[shape.list];
  if (!Array.isArray(list)) return false;
  const keys = shape.itemKeys ?? [];
  return keys.length === 0 || list.every((item) => isObject(item) && keys.every((k) => item[k] !== undefined));
}

/** The last value of `key` in an object node (JSON's duplicate keys: the last wins). */
function field<N>(tree: JsonTree<N>, node: N, key: string): N | undefined {
  let found: N | undefined;
  for (const [k, v] of tree.entries(node) ?? []) if (k === key) found = v;
  return found;
}

/**
 * Line and column of offsets met in file order, counting each line break once (a list of thousands of
 * rules would otherwise rescan the file from its start per item).
 */
class LineCursor {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  constructor(private readonly text: string) {}

  at(offset: number): { line: number; column: number } {
    if (offset < this.offset) return lineColumn(this.text, offset);
    const end = Math.min(offset, this.text.length);
    for (let i = this.offset; i < end; i++) {
      if (this.text.charCodeAt(i) === 10 /* \n */) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.offset = end;
    return { line: this.line, column: end - this.lineStart + 1 };
  }
}

function itemOf<N>(cursor: LineCursor, tree: JsonTree<N>, node: N, index: number): CliItem<N> {
  const offset = tree.offset(node);
  const where = offset === null ? { line: null, column: null } : cursor.at(offset);
  return { node, index, offset, ...where };
}

function nextTokenOf<N>(tree: JsonTree<N>, root: N): string | null {
  for (const key of TOKEN_KEYS) {
    const token = field(tree, root, key);
    if (token !== undefined) return tree.string(token);
  }
  return null;
}

/** The items of a list output in `text` (the file whose offsets the tree carries), or null when `root` is not one. */
export function readCliList<N>(text: string, root: N, tree: JsonTree<N>, shape: CliListShape): CliOutput<N> | null {
  if (tree.entries(root) === null) return null;
  const list = field(tree, root, shape.list);
  const nodes = list === undefined ? null : tree.items(list);
  if (nodes === null) return null;
  const keys = shape.itemKeys ?? [];
  if (keys.length > 0 && !nodes.every((n) => tree.entries(n) !== null && keys.every((k) => field(tree, n, k) !== undefined))) return null;
  const cursor = new LineCursor(text);
  return { items: nodes.map((n, i) => itemOf(cursor, tree, n, i)), nextToken: nextTokenOf(tree, root) };
}

/** A `describe-*` output of one resource: the root object itself, when it has `key`; else null. */
export function readCliResource<N>(text: string, root: N, tree: JsonTree<N>, key: string): CliOutput<N> | null {
  if (tree.entries(root) === null || field(tree, root, key) === undefined) return null;
  return { items: [itemOf(new LineCursor(text), tree, root, 0)], nextToken: null };
}
