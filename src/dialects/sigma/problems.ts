/**
 * Problems: collects the diagnostics of one Sigma file, turning offsets into 1-based line/column.
 *
 * Every parser stage reports through one of these instead of throwing, so a broken rule becomes a
 * diagnostic and the other rules of the file still load.
 */
import type { LineCounter } from 'yaml';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import type { SigmaCodeValue } from './codes.js';

/** The diagnostics of one file, with the counters the loader needs. */
export class Problems {
  /** Every diagnostic reported so far, in report order. */
  readonly list: Diagnostic[] = [];
  private errors = 0;

  /** `file` names the file in diagnostics; `lines` is the LineCounter the YAML parser filled for it. */
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  /** Number of errors reported so far (a stage compares it before/after to know whether it failed). */
  get errorCount(): number {
    return this.errors;
  }

  /** Reports an error at `offset` (0-based, in the file) for the rule titled `rule`. */
  error(code: SigmaCodeValue, message: string, offset: number | undefined, rule?: string): void {
    this.add('error', code, message, offset, rule);
  }

  /** Reports a warning: the rule still loads. */
  warning(code: SigmaCodeValue, message: string, offset: number | undefined, rule?: string): void {
    this.add('warning', code, message, offset, rule);
  }

  private add(severity: Severity, code: SigmaCodeValue, message: string, offset: number | undefined, rule?: string): void {
    if (severity === 'error') this.errors++;
    const base = { code, severity, message, file: this.file };
    let at = {};
    if (offset !== undefined) {
      const pos = this.lines.linePos(offset);
      at = { line: pos.line, column: pos.col };
    }
    this.list.push(rule === undefined ? { ...base, ...at } : { ...base, ...at, rule });
  }
}
