/**
 * Where a rule embedded in a carrier file sits: its text and the map from its offsets to offsets in the
 * file, so that a problem found in the rule is reported at its place in the file.
 */
import { lineColumn, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { DetectionFile } from '../types.js';

/** A rule text and the map from its offsets to offsets in the file text. */
export interface PatternSite {
  readonly pattern: string;
  /** File offset of the rule character at `offset` (offsets past the end map after the last one). */
  toFileOffset(offset: number): number;
}

/** A site for a rule stored verbatim at `start` in the file. */
export function verbatimSite(pattern: string, start: number): PatternSite {
  return { pattern, toFileOffset: (offset) => start + offset };
}

/** A site whose decoded characters map to the file offsets listed in `offsets` (one per UTF-16 unit). */
export function mappedSite(pattern: string, offsets: readonly number[], fallback: number): PatternSite {
  return {
    pattern,
    toFileOffset(offset) {
      if (offsets.length === 0) return fallback;
      if (offset < offsets.length) return offsets[offset] as number;
      return (offsets[offsets.length - 1] as number) + 1;
    },
  };
}

/** A diagnostic at a file offset. */
export function diagnosticAt(
  file: DetectionFile,
  offset: number | null,
  code: string,
  severity: Diagnostic['severity'],
  message: string,
  rule?: string,
): Diagnostic {
  let where = {};
  if (offset !== null && offset >= 0) {
    const { line, column } = lineColumn(file.text, offset);
    // Editors do not count a byte order mark as a column.
    const bom = line === 1 && file.text.charCodeAt(0) === 0xfeff && offset > 0 ? 1 : 0;
    where = { line, column: column - bom };
  }
  return { code, severity, file: file.path, message, ...where, ...(rule !== undefined ? { rule } : {}) };
}

