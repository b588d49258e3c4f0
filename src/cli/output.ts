/**
 * Where command output goes and how it looks: --output, --format defaults, colour (TTY and NO_COLOR),
 * and the stderr progress line.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from '../report/render.js';
import { UsageError } from './exit-codes.js';

/** The streams and environment a command runs with (injectable for tests). */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** The process's own streams. */
export const processIO: CliIO = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/**
 * The report format: --format when given; else from --output's extension (.json, .md, .xml); else
 * `table` on a terminal and `json` when stdout is a pipe or file.
 */
export function chooseFormat(format: string | undefined, output: string | undefined, io: CliIO): ReportFormat {
  if (format !== undefined) {
    if (!isReportFormat(format)) throw new UsageError(`invalid --format '${format}': expected one of ${REPORT_FORMATS.join(', ')}`);
    return format;
  }
  if (output !== undefined) {
    const ext = extname(output).toLowerCase();
    if (ext === '.json') return 'json';
    if (ext === '.md') return 'markdown';
    if (ext === '.xml') return 'junit';
    if (ext === '.html' || ext === '.htm') {
      throw new UsageError(`cannot write ${output}: HTML is a format of \`trailproof review\`, not of this command (formats: ${REPORT_FORMATS.join(', ')}); give --format to write another one under that name`);
    }
    return 'table';
  }
  return io.stdout.isTTY === true ? 'table' : 'json';
}

/**
 * The width tables are fitted into: COLUMNS when it is set to a number (a shell exports it on request,
 * and a user can set it), else the terminal's own width; none for a file or a pipe.
 */
export function terminalWidth(io: CliIO, toFile: boolean): number | undefined {
  const columns = Number(io.env.COLUMNS);
  if (io.env.COLUMNS !== undefined && Number.isInteger(columns) && columns > 0) return columns;
  if (toFile || io.stdout.isTTY !== true) return undefined;
  return (io.stdout as { columns?: number }).columns;
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIO, toFile: boolean): boolean {
  const noColor = io.env.NO_COLOR;
  return !toFile && io.stdout.isTTY === true && (noColor === undefined || noColor === '');
}

/** Writes a command's output to --output or stdout. */
export async function emit(text: string, output: string | undefined, io: CliIO): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (output !== undefined && output !== '-') await writeFile(output, body);
  else io.stdout.write(body);
}

/** A one-line progress display on stderr, redrawn in place; a no-op unless stderr is a TTY. */
export class ProgressLine {
  private readonly enabled: boolean;
  private last = 0;
  private readonly started = Date.now();
  private shown = false;

  constructor(private readonly io: CliIO, quiet: boolean) {
    this.enabled = !quiet && io.stderr.isTTY === true;
  }

  update(p: { objectsDone: number; objectsListed: number; bytesDone: number; bytesListed: number; records: number; listingDone: boolean }): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const secs = Math.max((now - this.started) / 1000, 0.001);
    const rate = p.records / secs;
    const frac = p.bytesListed > 0 ? p.bytesDone / p.bytesListed : p.objectsListed > 0 ? p.objectsDone / p.objectsListed : 0;
    const eta = p.listingDone && frac > 0 && frac < 1 ? ` ETA ${Math.ceil((secs / frac) * (1 - frac))}s` : '';
    const mb = (n: number): string => (n / 1e6).toFixed(1);
    const line = `objects ${p.objectsDone}/${p.objectsListed}${p.listingDone ? '' : '+'}  ${mb(p.bytesDone)}/${mb(p.bytesListed)} MB  ${Math.round(rate)} records/s${eta}`;
    this.io.stderr.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.io.stderr.write('\r\x1b[2K');
  }
}
