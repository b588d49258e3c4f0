/**
 * Where a pattern sits in its rule file, and how a pattern error becomes a diagnostic in file
 * coordinates. Every loader turns each metric filter it finds into a `FilterEntry`, then `compileEntry`
 * parses and compiles it.
 */
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import { diagnosticAt, type PatternSite } from '../../carriers/site.js';
import type { CompileResult, DetectionFile, DetectionMeta } from '../../types.js';
import { CwlCode } from '../codes.js';
import { compileFilterPattern } from '../compile.js';
import { FilterPatternError } from '../errors.js';
import { parseFilterPattern } from '../pattern.js';

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

export { diagnosticAt, mappedSite, verbatimSite, type PatternSite } from '../../carriers/site.js';
