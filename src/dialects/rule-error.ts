/**
 * The one error class the library's rule parsers throw (`parseRule`, and the dialect-specific
 * `parseFilterPattern`, `parseSigmaRule`, which throw subclasses of it).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** A rule the dialect rejects, with the code and position of the first problem. */
export class RuleError extends Error {
  /** Diagnostic code (docs/diagnostics.md). */
  readonly code: string;
  /** 1-based line of the problem in the rule text, when it has a position. */
  readonly line: number | undefined;
  /** 1-based column, when it has a position. */
  readonly column: number | undefined;

  constructor(code: string, message: string, line?: number, column?: number) {
    super(message);
    this.name = 'RuleError';
    this.code = code;
    this.line = line;
    this.column = column;
  }

  /** The error for a diagnostic: its message with `line L, col C: ` in front when it has a position. */
  static of(d: Diagnostic): RuleError {
    const where = d.line !== undefined ? `line ${d.line}${d.column !== undefined ? `, col ${d.column}` : ''}: ` : '';
    return new RuleError(d.code, `${where}${d.message}`, d.line, d.column);
  }
}
