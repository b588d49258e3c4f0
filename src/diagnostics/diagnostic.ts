/**
 * Diagnostics: problems found in user input (rules, archives), as data.
 *
 * Lines and columns are 1-based, as editors and the `yaml` package's LineCounter count them.
 */

/** How bad a diagnostic is: an `error` means the thing it names was not loaded or not read. */
export type Severity = 'error' | 'warning' | 'info';

/** One problem in a rule file or an input file. */
export interface Diagnostic {
  /** Stable code such as `TP1001`; listed in docs/diagnostics.md. */
  readonly code: string;
  readonly severity: Severity;
  /** Lowercase, specific: what was expected and what was found. */
  readonly message: string;
  /** The file (or URI) the problem is in. */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
  /** The rule (title or id) the problem concerns, when there is one. */
  readonly rule?: string;
}

/** Renders a diagnostic as one line: `file:line:col: error[TP1001]: message (rule "x")`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}${d.column !== undefined ? `:${d.column}` : ''}` : d.file;
  const rule = d.rule !== undefined ? ` (rule "${d.rule}")` : '';
  return `${where}: ${d.severity}[${d.code}]: ${d.message}${rule}`;
}

/** Maps a 0-based offset in `text` to a 1-based line and column. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10 /* \n */) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
