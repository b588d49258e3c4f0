/**
 * `.pattern` and `.cwl` files: the whole file is one filter pattern (a UTF-8 byte order mark and the
 * final line breaks are not part of it), after an optional header of lines starting with `#`. A header
 * line `# scope: category, ...` declares the root categories the pattern is meant to catch
 * (docs/scope.md); other header lines are comments. No valid filter pattern starts with `#` (an
 * unquoted term holds only letters, digits and `_`: docs/filter-patterns.md T8), so the header never
 * takes a pattern's first line.
 */
import { basename, extname } from 'node:path';
import type { Diagnostic } from '../../../diagnostics/diagnostic.js';
import type { RootCategory } from '../../../report/model.js';
import { parseScopeText } from '../../scope-declaration.js';
import type { DetectionFile } from '../../types.js';
import { CwlCode } from '../codes.js';
import { diagnosticAt, verbatimSite, type FilterEntry } from './pattern-site.js';
import { stripBom } from '../../carriers/structured.js';

const SCOPE_LINE = /^#\s*scope\s*:(.*)$/i;

/** The single entry of a pattern file. */
export function patternFileEntry(file: DetectionFile, diagnostics: Diagnostic[]): FilterEntry {
  const { text, offset } = stripBom(file.text);
  const title = basename(file.path, extname(file.path));
  let start = 0;
  let scope: readonly RootCategory[] | undefined;
  while (text.charCodeAt(start) === 35 /* # */) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(start, lineEnd).replace(/\r$/, '');
    const m = SCOPE_LINE.exec(line);
    if (m !== null) {
      const parsed = parseScopeText(m[1]!);
      if ('error' in parsed) diagnostics.push(diagnosticAt(file, offset + start, CwlCode.badScope, 'warning', `scope header: ${parsed.error}; the scope will be inferred`, title));
      else if (scope !== undefined) diagnostics.push(diagnosticAt(file, offset + start, CwlCode.badScope, 'warning', 'a second scope header: the first one is used', title));
      else scope = parsed.categories;
    }
    start = newline === -1 ? text.length : newline + 1;
  }
  let end = text.length;
  while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return {
    name: '1',
    title,
    meta: { ruleId: title, ...(scope !== undefined ? { scope } : {}) },
    site: verbatimSite(text.slice(start, end), offset + start),
  };
}
