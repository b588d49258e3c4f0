/**
 * Line mode: cuts decoded text into lines for the scanner, strips the CloudWatch Logs export timestamp,
 * and skips lines over the record size limit without holding them.
 */
import type { ScanHandler, Scanner } from './scanner.js';

// "2026-03-09T10:15:02.000Z " before the record in a CloudWatch Logs export line.
const TIMESTAMP_PREFIX = /\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:?\d\d)? +/y;

/** Feeds a line-mode scanner one line at a time. */
export class LineReader {
  private partial: string[] = [];
  private partialLength = 0;
  private lineNo = 0;

  constructor(
    private readonly scanner: Scanner,
    private readonly handler: ScanHandler,
    /** Strip a leading ISO timestamp and spaces (CloudWatch Logs export lines). */
    private readonly timestampPrefix: boolean,
    private readonly maxLine: number,
  ) {}

  /** The next chunk of text. */
  push(text: string): void {
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl === -1) {
        if (from < text.length) {
          this.partialLength += text.length - from;
          if (this.partialLength <= this.maxLine) this.partial.push(text.slice(from));
          else this.partial = [];
        }
        return;
      }
      const length = this.partialLength + nl - from;
      if (length > this.maxLine) this.overlong(length);
      else {
        const piece = text.slice(from, nl);
        const line = this.partial.length === 0 ? piece : this.partial.join('') + piece;
        this.emit(line, false);
      }
      this.partial = [];
      this.partialLength = 0;
      from = nl + 1;
    }
  }

  /** The input ends: the last line, when it has no line terminator. */
  end(): void {
    if (this.partialLength === 0) return;
    if (this.partialLength > this.maxLine) this.overlong(this.partialLength);
    else this.emit(this.partial.join(''), true);
    this.partial = [];
    this.partialLength = 0;
  }

  private emit(line: string, last: boolean): void {
    const lineNo = ++this.lineNo;
    let column0 = 0;
    if (this.timestampPrefix) {
      TIMESTAMP_PREFIX.lastIndex = 0;
      if (TIMESTAMP_PREFIX.test(line)) {
        column0 = TIMESTAMP_PREFIX.lastIndex;
        line = line.slice(column0);
      }
    }
    this.scanner.scanLine(line, lineNo, column0, last);
  }

  private overlong(length: number): void {
    const lineNo = ++this.lineNo;
    this.handler.itemSkipped('too-large', lineNo, 1, `line is ${length} characters long, over the record limit of ${this.maxLine}`);
  }
}
