/** Where an input problem is, for people: `file:line:column`, with only the parts the replay knew. */
import type { ReportProblem } from '../../report/model.js';

/** `file`, `file:line` or `file:line:column`. */
export function problemWhere(p: ReportProblem): string {
  return p.line !== undefined ? `${p.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : p.file;
}
