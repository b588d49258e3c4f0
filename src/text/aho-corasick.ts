/**
 * Aho–Corasick: does a text contain any of many literals? One pass over the text whatever the number
 * of literals, where testing each literal in turn (or a RegExp alternation, which V8 tries branch by
 * branch) costs time per literal per record.
 *
 * The automaton is a dense DFA over the literals' own alphabet (every other code unit is one class),
 * so the search loop is a table lookup per code unit. Its table is states × classes; `build` returns
 * null beyond a budget and the caller keeps its plain matcher. `anyIncludes` is the plain twin.
 */

/** Folds one UTF-16 code unit (literals must be folded with the same function). */
export type Fold = (c: number) => number;

/** Table entries (states × classes) an automaton may use: 4 bytes each, 16 MiB. */
export const MAX_TABLE_ENTRIES = 1 << 22;

/** ASCII letters folded, nothing else (the prefilter contract's folding). */
export const asciiFold: Fold = (c) => (c >= 65 && c <= 90 ? c + 32 : c);

/** A compiled literal set. */
export class LiteralSet {
  private constructor(
    /** Class of each ASCII code unit; 0 = a unit no literal holds. */
    private readonly ascii: Int32Array,
    private readonly other: ReadonlyMap<number, number>,
    private readonly classes: number,
    /** Next state, `state * classes + class`. */
    private readonly next: Int32Array,
    /** 1 when a literal ends at the state (itself or through its failure chain). */
    private readonly accept: Uint8Array,
    private readonly fold: Fold | null,
  ) {}

  /**
   * Compiles `literals` (already folded when `fold` is given), or null when the automaton would need
   * more than `maxEntries` table entries.
   */
  static build(literals: readonly string[], fold: Fold | null, maxEntries = MAX_TABLE_ENTRIES): LiteralSet | null {
    const ascii = new Int32Array(128);
    const other = new Map<number, number>();
    let classes = 1;
    for (const l of literals) {
      for (let i = 0; i < l.length; i++) {
        const c = l.charCodeAt(i);
        if (c < 128) {
          if (ascii[c] === 0) ascii[c] = classes++;
        } else if (!other.has(c)) other.set(c, classes++);
      }
    }
    const classOf = (c: number): number => (c < 128 ? (ascii[c] as number) : (other.get(c) ?? 0));
    // The trie first, sparse (shared prefixes share states), so the budget counts the states really used.
    const edges = new Map<number, number>();
    const ends: number[] = [];
    let used = 1;
    for (const l of literals) {
      let s = 0;
      for (let i = 0; i < l.length; i++) {
        const key = s * classes + classOf(l.charCodeAt(i));
        let t = edges.get(key);
        if (t === undefined) edges.set(key, (t = used++));
        s = t;
      }
      ends.push(s);
    }
    if (used * classes > maxEntries) return null;
    const next = new Int32Array(used * classes).fill(-1);
    for (const [key, t] of edges) next[key] = t;
    const accept = new Uint8Array(used);
    for (const s of ends) accept[s] = 1;
    // Breadth first: each state's failure target is complete before the state itself is.
    const fail = new Int32Array(used);
    const queue = new Int32Array(used);
    let head = 0;
    let tail = 0;
    for (let c = 0; c < classes; c++) {
      const t = next[c] as number;
      if (t === -1) next[c] = 0;
      else queue[tail++] = t;
    }
    while (head < tail) {
      const s = queue[head++] as number;
      const f = fail[s] as number;
      if (accept[f] === 1) accept[s] = 1;
      for (let c = 0; c < classes; c++) {
        const at = s * classes + c;
        const t = next[at] as number;
        const viaFail = next[f * classes + c] as number;
        if (t === -1) next[at] = viaFail;
        else {
          fail[t] = viaFail;
          queue[tail++] = t;
        }
      }
    }
    return new LiteralSet(ascii, other, classes, next, accept, fold);
  }

  /** True when `text` contains one of the literals (compared folded when built with a fold). */
  test(text: string): boolean {
    const { ascii, other, classes, next, accept, fold } = this;
    if (accept[0] === 1) return true; // an empty literal
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      if (fold !== null) c = fold(c);
      const cls = c < 128 ? (ascii[c] as number) : (other.get(c) ?? 0);
      s = next[s * classes + cls] as number;
      if (accept[s] === 1) return true;
    }
    return false;
  }
}

/** The plain twin of `LiteralSet.test`: each literal in turn. */
export function anyIncludes(literals: readonly string[], text: string, fold: Fold | null): boolean {
  let folded = text;
  if (fold !== null) {
    folded = '';
    for (let i = 0; i < text.length; i++) folded += String.fromCharCode(fold(text.charCodeAt(i)));
  }
  return literals.some((l) => folded.includes(l));
}
