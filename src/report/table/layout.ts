/**
 * Column layout for the terminal table: pads plain text to column widths first and colours afterwards,
 * so escape codes never count towards a column's width.
 */
import { paint, width, type Style } from './style.js';

/** One table cell: already sanitised text and an optional style. */
export interface Cell {
  readonly text: string;
  readonly style?: Style;
}

/** Column alignment: left or right. */
export type Align = 'left' | 'right';

/**
 * Lays out `header` and `rows` as aligned columns separated by two spaces, each line prefixed with
 * `indent`. The header is bold. Lines carry no trailing spaces.
 */
export function layoutTable(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  align: readonly Align[],
  color: boolean,
  indent = '  ',
): string[] {
  const widths = header.map((h) => width(h));
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell.text));
    });
  }
  const line = (cells: readonly Cell[]): string => {
    const parts: string[] = [];
    cells.forEach((cell, i) => {
      // The last left-aligned column needs no padding (lines are not padded to the right).
      const last = i === cells.length - 1 && align[i] !== 'right';
      const pad = last ? '' : ' '.repeat((widths[i] ?? 0) - width(cell.text));
      const padded = align[i] === 'right' ? pad + cell.text : cell.text + pad;
      parts.push(paint(padded, cell.style ?? 'plain', color));
    });
    return (indent + parts.join('  ')).trimEnd();
  };
  const out = [line(header.map((text) => ({ text, style: 'bold' as const })))];
  for (const row of rows) out.push(line(row));
  return out;
}
