/**
 * The aws CLI's `--output table` rendering of a response, for commands that stand in for an aws CLI
 * command (`test-metric-filter`). It follows aws-cli's `TableFormatter` (awscli/formatter.py) and
 * `MultiTable` (awscli/table.py):
 * - the response becomes sections: the operation name titles the first; each dict prints its scalar
 *   keys (sorted) as one header row and one value row (a lone scalar as `key | value`); each list of
 *   dicts becomes a section titled by its key, one row per element (a new section per element when
 *   the elements hold lists or dicts, which follow one indentation level deeper);
 * - every section is as wide as the widest, columns are scaled to that width (Python's
 *   round-half-even, then corrected one column at a time), titles and headers are centred, cells
 *   left-aligned with two spaces;
 * - wider than the terminal (80 columns when stdout is not one), single-row sections turn vertical.
 * Differences: no colour (the aws CLI colours cells on a terminal); East Asian "ambiguous" characters
 * count as one column, wide and full-width ones as two.
 */
import type { JsonValue } from '../../record/view.js';
import { scalarText } from './scalar.js';

type Json = JsonValue;
type Dict = { [k: string]: Json };

interface Section {
  title: string;
  headers: string[];
  rows: string[][];
  indent: number;
  maxWidths: number[];
}

/** Renders `response` of operation `operation` as the aws CLI's table output. */
export function formatAwsTable(operation: string, response: Json, terminalWidth = 80): string {
  const sections: Section[] = [];
  build(sections, operation, response, 0);
  if (sections.length === 0) return '';
  let width = maxWidth(sections);
  if (width > terminalWidth) {
    for (let i = 0; i < sections.length; i++) sections[i] = vertical(sections[i]!);
    width = maxWidth(sections);
  }
  const out: string[] = [`${'-'.repeat(width)}\n`];
  for (const s of sections) renderSection(s, width, out);
  return out.join('');
}

function isDict(v: Json | undefined): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: Json | undefined): boolean {
  return typeof v !== 'object' || v === null;
}

/** Python's truthiness of a JSON value (the formatter skips falsy values). */
function truthy(v: Json): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return v !== null && v !== false && v !== 0 && v !== '';
}

function newSection(sections: Section[], title: string, indent: number): void {
  sections.push({ title, headers: [], rows: [], indent, maxWidths: [] });
}

function current(sections: Section[]): Section {
  return sections[sections.length - 1]!;
}

function updateWidths(s: Section, cells: readonly string[]): void {
  if (s.maxWidths.length === 0) s.maxWidths = cells.map(textWidth);
  else cells.forEach((c, i) => (s.maxWidths[i] = Math.max(textWidth(c), s.maxWidths[i] ?? 0)));
}

function addHeader(s: Section, headers: string[]): void {
  updateWidths(s, headers);
  s.headers = headers;
}

function addRow(s: Section, row: readonly Json[]): void {
  const cells = row.map(scalarText);
  s.rows.push(cells);
  updateWidths(s, cells);
}

function build(sections: Section[], title: string | null, value: Json, indent: number): void {
  if (!truthy(value)) return;
  if (title !== null) newSection(sections, title, indent);
  if (sections.length === 0) newSection(sections, '', indent);
  if (Array.isArray(value)) {
    if (isDict(value[0])) buildFromList(sections, value, indent, title);
    else
      for (const item of value) {
        if (isScalar(item)) addRow(current(sections), [item]);
        else if (Array.isArray(item) && item.every(isScalar)) addRow(current(sections), item);
        else build(sections, null, item, indent);
      }
  }
  if (isDict(value)) buildFromDict(sections, value, indent);
}

function splitKeys(d: Dict): { headers: string[]; more: string[] } {
  const headers: string[] = [];
  const more: string[] = [];
  for (const k of Object.keys(d)) (isScalar(d[k]) ? headers : more).push(k);
  return { headers: headers.sort(), more: more.sort() };
}

function buildFromDict(sections: Section[], d: Dict, indent: number): void {
  const { headers, more } = splitKeys(d);
  const s = current(sections);
  if (headers.length === 1) addRow(s, [headers[0]!, d[headers[0]!]!]);
  else if (headers.length > 1) {
    addHeader(s, headers);
    addRow(s, headers.map((h) => d[h]!));
  }
  for (const k of more) build(sections, k, d[k]!, indent + 1);
}

function buildFromList(sections: Section[], list: readonly Json[], indent: number, title: string | null): void {
  const headerSet = new Set<string>();
  const moreSet = new Set<string>();
  for (const e of list) {
    if (!isDict(e)) continue;
    const { headers, more } = splitKeys(e);
    for (const h of headers) headerSet.add(h);
    for (const m of more) moreSet.add(m);
  }
  const headers = [...headerSet].sort();
  const more = [...moreSet].sort();
  addHeader(current(sections), headers);
  list.forEach((e, i) => {
    const d = isDict(e) ? e : {};
    if (i > 0 && more.length > 0) {
      newSection(sections, title ?? '', indent);
      addHeader(current(sections), headers);
    }
    addRow(current(sections), headers.map((h) => d[h] ?? ''));
    for (const k of more) if (k in d) build(sections, k, d[k]!, indent + 1);
  });
}

/** A single-row section with headers becomes `header | value` rows. */
function vertical(s: Section): Section {
  if (s.rows.length !== 1 || s.headers.length === 0) return s;
  const v: Section = { title: s.title, headers: [], rows: [], indent: s.indent, maxWidths: [] };
  s.headers.forEach((h, i) => addRow(v, [h, s.rows[0]![i] ?? '']));
  return v;
}

function totalWidth(s: Section): number {
  const columns = s.maxWidths.reduce((sum, w) => sum + w + 4, 0) + 2 + 2 * s.indent;
  return Math.max(textWidth(s.title) + 2 + 2 * s.indent, columns);
}

function maxWidth(sections: readonly Section[]): number {
  return Math.max(...sections.map(totalWidth));
}

/** Python 3's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function columnWidths(s: Section, width: number): number[] {
  const unscaled = s.maxWidths.map((w) => w + 4);
  if (unscaled.length === 0) return [];
  const factor = width / unscaled.reduce((a, b) => a + b, 0);
  const scaled = unscaled.map((w) => roundHalfEven(factor * w));
  let off = scaled.reduce((a, b) => a + b, 0) - width;
  while (off !== 0) {
    const order = scaled.map((_, i) => i);
    if (off < 0) order.reverse();
    for (const i of order) {
      if (off > 0) {
        scaled[i]!--;
        off--;
      } else {
        scaled[i]!++;
        off++;
      }
      if (off === 0) break;
    }
  }
  return scaled;
}

function center(text: string, length: number, left: string, right: string): string {
  // As aws-cli: a negative start adds no spaces but still counts in the right side's arithmetic.
  const start = Math.floor(length / 2) - Math.floor(textWidth(text) / 2) - 1;
  const sofar = left.length + start + textWidth(text);
  return `${left}${' '.repeat(Math.max(0, start))}${text}${' '.repeat(Math.max(0, length - right.length - sofar))}${right}`;
}

function alignLeft(text: string, length: number, left: string, right: string): string {
  const padding = length - (textWidth(text) + 2 + left.length + right.length) >= 0 ? 2 : 0;
  const sofar = left.length + padding + textWidth(text);
  return `${left}${' '.repeat(padding)}${text}${' '.repeat(Math.max(0, length - sofar - right.length))}${right}`;
}

function lineBreak(widths: readonly number[]): string {
  return `${widths.map((w, i) => (i === 0 ? `+${'-'.repeat(Math.max(0, w - 2))}+` : `${'-'.repeat(Math.max(0, w - 1))}+`)).join('')}\n`;
}

function renderSection(s: Section, total: number, out: string[]): void {
  const bar = '|'.repeat(s.indent);
  const line = (text: string): void => void out.push(`${bar}${text}${bar}\n`);
  const width = total - 2 * s.indent;
  if (s.title !== '') {
    line(center(s.title, width, '|', '|'));
    if (s.headers.length === 0 && s.rows.length === 0) line(`+${'-'.repeat(width - 2)}+`);
  }
  if (s.headers.length > 0) {
    const widths = columnWidths(s, width);
    line(lineBreak(widths).slice(0, -1));
    line(s.headers.map((h, i) => center(h, widths[i]!, i === 0 ? '|' : '', '|')).join(''));
  }
  if (s.rows.length > 0) {
    const widths = columnWidths(s, width);
    if (widths.length === 0) return;
    line(lineBreak(widths).slice(0, -1));
    for (const row of s.rows) line(widths.map((w, i) => alignLeft(row[i] ?? '', w, i === 0 ? '|' : '', '|')).join(''));
    line(lineBreak(widths).slice(0, -1));
  }
}

/** Display columns: wide and full-width characters take two (Unicode East Asian Width W and F). */
function textWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return n;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}
