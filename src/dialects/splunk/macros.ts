/**
 * Search macros (digest §8): `` `name` `` and `` `name(a, b)` `` are replaced by their definitions before
 * the search is parsed, textually and recursively; ```` ```comments``` ```` are blanked first (CCTL
 * `macro.py` strips them before looking for macros). A macro with N arguments is the distinct macro
 * `name(N)`. Undefined filter macros (`<detection>_filter`) expand to `search *` as contentctl creates
 * them (CCTL `detection_abstract.py`).
 *
 * Expansion keeps a map from the expanded text back to the original, so a parse error inside a macro's
 * text is reported at the macro's position in the rule.
 */
import { SplunkCode } from './codes.js';
import { SplError } from './errors.js';

/** One macro: argument names (`args = a, b`) and its definition text. */
export interface MacroDefinition {
  readonly args: readonly string[];
  readonly definition: string;
}

/** Macros by key: `name` for no arguments, `name(N)` for N arguments. */
export type MacroTable = ReadonlyMap<string, MacroDefinition>;

/** ESCU's own definitions of the macros its AWS rules use (digest §8.5). */
export const ESCU_MACROS: MacroTable = new Map<string, MacroDefinition>([
  ['cloudtrail', { args: [], definition: 'sourcetype=aws:cloudtrail' }],
  ['security_content_ctime(1)', { args: ['field'], definition: 'convert timeformat="%Y-%m-%dT%H:%M:%S" ctime($field$)' }],
]);

/** Key of a macro with `n` arguments. */
export function macroKey(name: string, n: number): string {
  return n === 0 ? name : `${name}(${n})`;
}

/** Expansions nested deeper than this are taken as a macro that refers to itself. */
const MAX_DEPTH = 30;
/** An expansion larger than this is refused (a macro doubling itself). */
const MAX_LENGTH = 1_000_000;

/** A run of the expanded text: copied from the original at `from`, or produced by the macro written at `from`. */
interface Segment {
  readonly at: number;
  readonly from: number;
  readonly macro: boolean;
}

/** An expanded search and the way back to the original text. */
export interface Expanded {
  readonly text: string;
  /** Offset in the original text for an offset in `text` (a macro's text maps to the macro's backtick). */
  originOf(offset: number): number;
}

/** Blanks ```` ```…``` ```` comments with spaces (offsets unchanged). Unterminated: to the end. */
export function blankComments(text: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = text.indexOf('```', i);
    if (start === -1) return out + text.slice(i);
    const end = text.indexOf('```', start + 3);
    const stop = end === -1 ? text.length : end + 3;
    out += text.slice(i, start) + text.slice(start, stop).replace(/[^\n]/g, ' ');
    i = stop;
  }
}

/** Splits `a, "b,c", d` on top-level commas (quotes and parentheses nest). */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === '"') quote = false;
    } else if (c === '"') quote = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out;
}

/** Looks a macro up; undefined `*_filter` macros are `search *`. */
function lookup(macros: MacroTable, name: string, n: number): MacroDefinition | undefined {
  const found = macros.get(macroKey(name, n));
  if (found !== undefined) return found;
  return n === 0 && name.endsWith('_filter') ? { args: [], definition: 'search *' } : undefined;
}

/** Expands every macro of `text`. Throws `SplError` (at the macro's original offset) for an undefined macro or a wrong argument count. */
export function expandMacros(text: string, macros: MacroTable): Expanded {
  const segments: Segment[] = [];
  let out = '';
  const expand = (src: string, origin: number | null, depth: number, stack: readonly string[]): void => {
    src = blankComments(src);
    let i = 0;
    while (i < src.length) {
      const tick = src.indexOf('`', i);
      const stop = tick === -1 ? src.length : tick;
      if (stop > i) {
        segments.push({ at: out.length, from: origin ?? i, macro: origin !== null });
        out += src.slice(i, stop);
      }
      if (tick === -1) break;
      const where = origin ?? tick;
      const close = src.indexOf('`', tick + 1);
      if (close === -1) throw new SplError('unbalanced backtick: macro call is not closed', where, SplunkCode.syntax);
      const call = src.slice(tick + 1, close).trim();
      const m = /^([A-Za-z0-9_.:-]+)\s*(?:\(([\s\S]*)\))?$/.exec(call);
      if (m === null) throw new SplError(`malformed macro call \`${call}\``, where, SplunkCode.macro);
      const name = m[1]!;
      const args = m[2] === undefined ? [] : splitArgs(m[2]);
      const def = lookup(macros, name, args.length);
      if (def === undefined) {
        const other = [...macros.keys()].filter((k) => k === name || k.startsWith(`${name}(`));
        const hint = other.length > 0 ? ` (defined: ${other.join(', ')})` : '';
        throw new SplError(`undefined macro '${macroKey(name, args.length)}'${hint}`, where, SplunkCode.macro);
      }
      if (def.args.length !== args.length) {
        throw new SplError(`macro '${name}' takes ${def.args.length} argument(s), ${args.length} given`, where, SplunkCode.macro);
      }
      if (depth >= MAX_DEPTH || stack.includes(macroKey(name, args.length))) {
        throw new SplError(`macro '${macroKey(name, args.length)}' expands into itself`, where, SplunkCode.macro);
      }
      let body = def.definition;
      def.args.forEach((a, k) => {
        body = body.split(`$${a}$`).join(args[k]!);
      });
      out += ' ';
      segments.push({ at: out.length, from: where, macro: true });
      expand(body, where, depth + 1, [...stack, macroKey(name, args.length)]);
      if (out.length > MAX_LENGTH) throw new SplError('macro expansion is too long', where, SplunkCode.macro);
      segments.push({ at: out.length, from: origin ?? close + 1, macro: origin !== null });
      out += ' ';
      i = close + 1;
    }
  };
  expand(text, null, 0, []);
  const originOf = (offset: number): number => {
    let seg: Segment | undefined;
    for (const s of segments) {
      if (s.at > offset) break;
      seg = s;
    }
    if (seg === undefined) return Math.min(offset, text.length);
    return seg.macro ? seg.from : seg.from + (offset - seg.at);
  };
  return { text: out, originOf };
}
