/**
 * `.pattern` and `.cwl` files: the whole file is one filter pattern (a UTF-8 byte order mark and the
 * final line breaks are not part of it).
 */
import { basename, extname } from 'node:path';
import type { DetectionFile } from '../../types.js';
import { verbatimSite, type FilterEntry, type IdAllocator } from './pattern-site.js';
import { stripBom } from './structured.js';

/** The single entry of a pattern file. */
export function patternFileEntry(file: DetectionFile, ids: IdAllocator): FilterEntry {
  const { text, offset } = stripBom(file.text);
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  const title = basename(file.path, extname(file.path));
  return { id: ids.take('1'), title, meta: { ruleId: title }, site: verbatimSite(text.slice(0, end), offset) };
}
