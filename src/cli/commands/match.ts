/**
 * `trailproof match <detection-file...> --events FILE`: one JSON line per record with the detections
 * that fired on it, for every dialect, so a rule author sees at a glance what a rule fires on.
 */
import { loadDetections } from '../../dialects/index.js';
import { formatDiagnostic } from '../../diagnostics/diagnostic.js';
import { readObject } from '../../engine/read-object.js';
import { INPUT_FORMATS, type InputFormat } from '../../engine/split/index.js';
import { makeRecordView, type JsonObject } from '../../record/view.js';
import { readLocalFile } from '../../sources/local/read.js';
import { readStream, STDIN_URI } from '../../sources/stdin/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { emit, type CliIO } from '../output.js';

/** Flags of `match`. */
export interface MatchFlags {
  readonly events: string;
  readonly inputFormat?: string;
  readonly output?: string;
  readonly quiet?: boolean;
}

/** Runs `match`; returns the exit code. */
export async function runMatch(files: string[], flags: MatchFlags, io: CliIO): Promise<number> {
  if (flags.inputFormat !== undefined && !(INPUT_FORMATS as readonly string[]).includes(flags.inputFormat)) {
    throw new UsageError(`invalid --input-format '${flags.inputFormat}': expected one of ${INPUT_FORMATS.join(', ')}`);
  }
  const loaded = await loadDetections(files);
  for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
  const lines: string[] = [];
  let inputError = false;
  const fromStdin = flags.events === '-';
  const name = fromStdin ? STDIN_URI : flags.events;
  await readObject(
    fromStdin ? readStream(process.stdin) : readLocalFile(flags.events, null),
    name,
    flags.inputFormat !== undefined ? { format: flags.inputFormat as InputFormat } : {},
    {
      record: (rec) => {
        let value: JsonObject;
        try {
          value = JSON.parse(rec.text) as JsonObject;
        } catch {
          io.stderr.write(`${name}: record index ${rec.index}: skipped (malformed-json)\n`);
          return;
        }
        const view = makeRecordView(rec.text, value);
        const matched = loaded.detections.filter((d) => d.rule.match(view)).map((d) => d.id);
        const eventID = typeof value.eventID === 'string' ? value.eventID : null;
        lines.push(JSON.stringify({ index: rec.index, eventID, matched }));
      },
      skip: (reason, where, message) => {
        if (!flags.quiet) io.stderr.write(`${name}: ${where.line !== undefined ? `line ${where.line}` : `record index ${where.index ?? '?'}`}: skipped (${reason}): ${message}\n`);
      },
      fileSkipped: (reason, message) => {
        io.stderr.write(`${name}: skipped (${reason}): ${message}\n`);
      },
      error: (message) => {
        inputError = true;
        io.stderr.write(`${name}: error: ${message}\n`);
      },
      bytes: () => undefined,
    },
  );
  await emit(lines.join('\n'), flags.output, io);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return EXIT.USAGE;
  return inputError ? EXIT.INPUT : EXIT.OK;
}
