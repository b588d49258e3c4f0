/**
 * Where a pattern sits in its rule file, and how a pattern error becomes a diagnostic in file
 * coordinates. Every loader turns each metric filter it finds into a `FilterEntry`, then `compileEntry`
 * parses and compiles it.
 */
import { lineColumn, type Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { CompileResult, DetectionFile, DetectionMeta } from '../../types.js';
import { CwlCode } from '../codes.js';
import { compileFilterPattern } from '../compile.js';
import { FilterPatternError } from '../errors.js';
import { parseFilterPattern } from '../pattern.js';

/** A pattern and the map from its offsets to offsets in the file text. */
export interface PatternSite {
  readonly pattern: string;
  /** File offset of the pattern character at `offset` (offsets past the end map after the last one). */
  toFileOffset(offset: number): number;
}

/** A site for a pattern stored verbatim at `start` in the file. */
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

/** What a loader found about one metric filter. */
export interface FilterEntry {
  /** Its name in the file (the registry makes the detection id of it). */
  readonly name: string;
  readonly title: string;
  readonly meta: DetectionMeta;
  readonly site: PatternSite;
}

/**
 * Parses and compiles one metric filter. A pattern the service would reject becomes a `TP1001`
 * diagnostic positioned in the file (the other filters of the file still load).
 */
export function compileEntry(file: DetectionFile, entry: FilterEntry): CompileResult {
  const { site } = entry;
  const diagnostics: Diagnostic[] = [];
  try {
    const pattern = parseFilterPattern(site.pattern);
    if (pattern.kind === 'all' && site.pattern.trim() === '') {
      diagnostics.push(
        diagnosticAt(file, site.toFileOffset(0), CwlCode.matchesEverything, 'warning', 'the filter pattern is empty: it matches every event', entry.title),
      );
    }
    return { rule: compileFilterPattern(pattern), diagnostics };
  } catch (e) {
    if (!(e instanceof FilterPatternError)) throw e;
    diagnostics.push(
      diagnosticAt(file, site.toFileOffset(e.offset), CwlCode.invalidPattern, 'error', `invalid filter pattern: ${e.reason}`, entry.title),
    );
    return { rule: null, diagnostics };
  }
}
