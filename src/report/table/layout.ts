/**
 * Column layout for the terminal table: pads plain text to column widths first and colours afterwards,
 * so escape codes never count towards a column's width.
 */
import { paint, truncate, width, type Style } from './style.js';

/** One table cell: already sanitised text and an optional style. */
export interface Cell {
  readonly text: string;
  readonly style?: Style;
}

/** Column alignment: left or right. */
export type Align = 'left' | 'right';

/**
 * Fitting a table into a terminal: the total line width, and the columns that may be cut to get there,
 * most expendable first. Cut cells end (or, for `start` columns such as file paths, begin) with "…".
 * Columns not listed (event IDs, times, counts) are never cut.
 */
export interface Fit {
  readonly width: number;
  readonly shrink: readonly { readonly column: number; readonly from?: 'end' | 'start' }[];
  /** Columns left out, in this order, when cutting is not enough (a note under the table names them). */
  readonly drop?: readonly number[];
}

/** A cut column keeps at least this many characters. */
const MIN_CUT_WIDTH = 8;

/**
 * Lays out `header` and `rows` as aligned columns separated by two spaces, each line prefixed with
 * `indent`. The header is bold. Lines carry no trailing spaces. With `fit`, listed columns are cut
 * (widest first, to no less than MIN_CUT_WIDTH) until the lines fit `fit.width`, if they can.
 */
export function layoutTable(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  align: readonly Align[],
  color: boolean,
  indent = '  ',
  fit?: Fit,
): string[] {
  const widths = header.map((h) => width(h));
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell.text));
    });
  }
  const cut = new Map<number, 'end' | 'start'>();
  const dropped = new Set<number>();
  if (fit !== undefined) {
    const total = (): number => {
      const kept = widths.filter((_, i) => !dropped.has(i));
      return width(indent) + kept.reduce((a, b) => a + b, 0) + 2 * (kept.length - 1);
    };
    // Cut as far as the cuttable columns allow; then leave columns out, and cut again.
    const cuttable = widths.reduce((sum, w, i) => sum + (fit.shrink.some((c) => c.column === i) ? Math.max(0, w - MIN_CUT_WIDTH) : 0), 0);
    for (const column of fit.drop ?? []) {
      if (total() - cuttable <= fit.width) break;
      dropped.add(column);
    }
    let excess = total() - fit.width;
    while (excess > 0) {
      // The widest column that may still give room.
      let pick = -1;
      for (const { column } of fit.shrink) {
        const w = widths[column] ?? 0;
        if (w > MIN_CUT_WIDTH && (pick === -1 || w > (widths[pick] ?? 0))) pick = column;
      }
      if (pick === -1) break;
      const give = Math.min(excess, (widths[pick] ?? 0) - MIN_CUT_WIDTH);
      widths[pick] = (widths[pick] ?? 0) - give;
      excess -= give;
      cut.set(pick, fit.shrink.find((s) => s.column === pick)?.from ?? 'end');
    }
  }
  const fitted = (text: string, i: number): string => {
    const from = cut.get(i);
    const w = widths[i] ?? 0;
    if (from === undefined || width(text) <= w) return text;
    return from === 'end' ? truncate(text, w) : `…${[...text].slice(-(w - 1)).join('')}`;
  };
  const shown = header.map((_, i) => i).filter((i) => !dropped.has(i));
  const line = (all: readonly Cell[]): string => {
    const parts: string[] = [];
    const cells = shown.map((i) => all[i] ?? { text: '' });
    cells.forEach((cell, j) => {
      const i = shown[j]!;
      const text = fitted(cell.text, i);
      // The last left-aligned column needs no padding (lines are not padded to the right).
      const last = j === cells.length - 1 && align[i] !== 'right';
      const pad = last ? '' : ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(text)));
      const padded = align[i] === 'right' ? pad + text : text + pad;
      parts.push(paint(padded, cell.style ?? 'plain', color));
    });
    return (indent + parts.join('  ')).trimEnd();
  };
  const out = [line(header.map((text) => ({ text, style: 'bold' as const })))];
  for (const row of rows) out.push(line(row));
  if (dropped.size > 0) {
    const names = [...dropped].sort((a, b) => a - b).map((i) => header[i]).join(', ');
    out.push(paint(`${indent}(${names} left out to fit ${fit?.width} columns; --format json has every field)`, 'dim', color));
  }
  return out;
}
