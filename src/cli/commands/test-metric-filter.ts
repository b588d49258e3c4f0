/**
 * `trailproof test-metric-filter`: an offline drop-in for `aws logs test-metric-filter`. Same flags
 * (`--filter-pattern`, `--log-event-messages`, `--output json|text|table`; `--region` and `--profile`
 * are accepted and ignored), same response, rendered as the aws CLI renders it. `--events FILE` is
 * trailproof's own: one message per line, from a file, a `.gz` file or `-` (standard input).
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { FilterPatternError, testMetricFilter } from '../../dialects/cwl/index.js';
import { detectCompression } from '../../engine/decompress/detect-compression.js';
import type { JsonValue } from '../../record/view.js';
import { sourceError } from '../../sources/local/read.js';
import { formatAwsTable } from '../aws-output/table.js';
import { formatAwsText } from '../aws-output/text.js';
import { EXIT, UsageError } from '../exit-codes.js';
import type { CliIO } from '../output.js';

/** The aws CLI's output formats. */
export const AWS_OUTPUT_FORMATS = ['json', 'text', 'table'] as const;

/** Flags of `test-metric-filter`. */
export interface TestMetricFilterFlags {
  readonly filterPattern: string;
  readonly logEventMessages?: string[];
  readonly events?: string;
  readonly output?: string;
  readonly region?: string;
  readonly profile?: string;
}

/** Where `-` reads from (injectable for tests). */
export type StdinReader = () => Promise<Uint8Array>;

/** Reads all of standard input. */
export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Runs `test-metric-filter`; returns the exit code. */
export async function runTestMetricFilter(flags: TestMetricFilterFlags, io: CliIO, stdin: StdinReader = readStdin): Promise<number> {
  const output = flags.output ?? 'json';
  if (!(AWS_OUTPUT_FORMATS as readonly string[]).includes(output)) {
    throw new UsageError(`invalid --output '${output}': expected one of ${AWS_OUTPUT_FORMATS.join(', ')} (as in the aws CLI)`);
  }
  const ignored = [flags.region !== undefined ? '--region' : null, flags.profile !== undefined ? '--profile' : null].filter((f) => f !== null);
  if (ignored.length > 0) io.stderr.write(`note: ${ignored.join(' and ')} ignored: test-metric-filter runs offline\n`);
  let messages: string[];
  if (flags.events !== undefined) {
    if (flags.logEventMessages !== undefined) throw new UsageError('give either --log-event-messages or --events, not both');
    messages = await readMessages(flags.events, stdin);
  } else if (flags.logEventMessages !== undefined) {
    messages = flags.logEventMessages;
  } else {
    throw new UsageError('one of --log-event-messages or --events is required');
  }
  let response: JsonValue;
  try {
    response = testMetricFilter(flags.filterPattern, messages) as unknown as JsonValue;
  } catch (e) {
    if (e instanceof FilterPatternError) {
      io.stderr.write(`error: invalid filter pattern: ${e.message}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
  io.stdout.write(render(response, output, io));
  return EXIT.OK;
}

function render(response: JsonValue, output: string, io: CliIO): string {
  if (output === 'text') return formatAwsText(response);
  if (output === 'table') {
    const columns = (io.stdout as { columns?: number }).columns;
    return formatAwsTable('TestMetricFilter', response, io.stdout.isTTY === true && columns !== undefined ? columns : 80);
  }
  // The aws CLI's JSON: four-space indent, non-ASCII kept.
  return `${JSON.stringify(response, null, 4)}\n`;
}

/** One log event message per line (CloudWatch Logs stores one per event), gzip decoded when it is gzip. */
async function readMessages(path: string, stdin: StdinReader): Promise<string[]> {
  let bytes: Uint8Array;
  try {
    bytes = path === '-' ? await stdin() : await readFile(path);
  } catch (e) {
    throw new UsageError(sourceError(e, path, 'cannot read').message);
  }
  if (detectCompression(bytes) === 'gzip') {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new UsageError(`${path === '-' ? 'standard input' : path}: corrupt gzip data: ${(e as Error).message}`);
    }
  }
  return new TextDecoder().decode(bytes).split(/\r?\n/).filter((l) => l.length > 0);
}
