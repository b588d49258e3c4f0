/**
 * The one error the filter-pattern parser throws: a pattern CloudWatch Logs would reject.
 */
import { lineColumn } from '../../diagnostics/diagnostic.js';
import { RuleError } from '../rule-error.js';
import { CwlCode } from './codes.js';

/**
 * A syntax or quota error in a filter pattern, with the position of the offending character.
 *
 * `line` and `column` are 1-based, `offset` is the 0-based UTF-16 offset into the pattern text. The
 * message reads `line 1, col 37: expected value after '='`; `reason` is the same text without the
 * position, for callers (the rule-file loaders) that report the position in their own coordinates.
 */
export class FilterPatternError extends RuleError {
  /** 1-based line in the pattern text. */
  override readonly line: number;
  /** 1-based column in the pattern text. */
  override readonly column: number;
  /** 0-based offset in the pattern text. */
  readonly offset: number;
  /** The message without its `line L, col C: ` prefix. */
  readonly reason: string;

  /** Makes an error for `reason` at `offset` in `pattern`. */
  constructor(reason: string, pattern: string, offset: number) {
    const { line, column } = lineColumn(pattern, offset);
    super(CwlCode.invalidPattern, `line ${line}, col ${column}: ${reason}`, line, column);
    this.name = 'FilterPatternError';
    this.line = line;
    this.column = column;
    this.offset = offset;
    this.reason = reason;
  }
}
