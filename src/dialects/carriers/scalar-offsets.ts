/**
 * Maps each character of a YAML (or JSON) scalar's decoded value back to its offset in the file, so a
 * pattern error points at the right column even inside an escaped JSON string or a block scalar.
 *
 * The map is built by re-walking the scalar's source the way YAML decodes it: escapes in double-quoted
 * scalars, `''` in single-quoted ones, line folding (a line break plus indentation is one character),
 * block scalars line by line. Rare folding subtleties (several blank lines, trailing spaces) can shift
 * a column; the decoded value itself always comes from the YAML parser.
 */
import type { Scalar } from 'yaml';

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** After a line break at `i`, skips indentation; returns the next offset. */
function skipFold(src: string, i: number, end: number): number {
  i++;
  while (i < end && (isBlank(src.charCodeAt(i)) || src.charCodeAt(i) === 10 || src.charCodeAt(i) === 13)) i++;
  return i;
}

function flowOffsets(src: string, start: number, end: number, kind: 'double' | 'single' | 'plain'): number[] {
  const map: number[] = [];
  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === 10 || c === 13) {
      map.push(i);
      i = skipFold(src, i, end);
      continue;
    }
    if (kind === 'double' && c === 92 /* \ */) {
      const n = src.charCodeAt(i + 1);
      if (n === 10 || n === 13) {
        i = skipFold(src, i + 1, end); // escaped line break: no character
        continue;
      }
      const len = n === 120 /* x */ ? 4 : n === 117 /* u */ ? 6 : n === 85 /* U */ ? 10 : 2;
      map.push(i);
      if (n === 85) map.push(i); // a \U escape may decode to a surrogate pair
      i += len;
      continue;
    }
    if (kind === 'single' && c === 39 /* ' */ && src.charCodeAt(i + 1) === 39) {
      map.push(i);
      i += 2;
      continue;
    }
    map.push(i);
    i++;
  }
  return map;
}

function blockOffsets(src: string, start: number, end: number): number[] {
  const map: number[] = [];
  let i = src.indexOf('\n', start);
  if (i === -1 || i >= end) return map;
  i++;
  // Indentation of the first non-empty content line.
  let indent = -1;
  for (let j = i; j < end; ) {
    let k = j;
    while (k < end && src.charCodeAt(k) === 32) k++;
    if (k < end && src.charCodeAt(k) !== 10 && src.charCodeAt(k) !== 13) {
      indent = k - j;
      break;
    }
    const nl = src.indexOf('\n', j);
    if (nl === -1 || nl >= end) break;
    j = nl + 1;
  }
  if (indent === -1) return map;
  while (i < end) {
    let lineEnd = src.indexOf('\n', i);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const contentEnd = lineEnd > i && src.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
    for (let k = Math.min(i + indent, contentEnd); k < contentEnd; k++) map.push(k);
    if (lineEnd < end) map.push(lineEnd); // the line break (or the space folding made of it)
    i = lineEnd + 1;
  }
  return map;
}

/** File offsets of each decoded character of `node` (empty when the node has no source range). */
export function scalarOffsets(src: string, node: Scalar): number[] {
  const range = node.range;
  if (!range) return [];
  const [start, end] = range;
  switch (node.type) {
    case 'QUOTE_DOUBLE': return flowOffsets(src, start + 1, end - 1, 'double');
    case 'QUOTE_SINGLE': return flowOffsets(src, start + 1, end - 1, 'single');
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': return blockOffsets(src, start, end);
    default: return flowOffsets(src, start, end, 'plain');
  }
}
