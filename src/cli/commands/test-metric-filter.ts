/**
 * `trailproof test-metric-filter`: an offline drop-in for `aws logs test-metric-filter`, printing the
 * same JSON shape.
 */
import { readFile } from 'node:fs/promises';
import { FilterPatternError, testMetricFilter } from '../../dialects/cwl/index.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { emit, type CliIO } from '../output.js';

/** Flags of `test-metric-filter`. */
export interface TestMetricFilterFlags {
  readonly filterPattern: string;
  readonly logEventMessages?: string[];
  readonly events?: string;
  readonly output?: string;
}

/** Runs `test-metric-filter`; returns the exit code. */
export async function runTestMetricFilter(flags: TestMetricFilterFlags, io: CliIO): Promise<number> {
  let messages: string[];
  if (flags.events !== undefined) {
    if (flags.logEventMessages !== undefined) throw new UsageError('give either --log-event-messages or --events, not both');
    // One log event message per line, as CloudWatch Logs stores them.
    messages = (await readFile(flags.events, 'utf8')).split(/\r?\n/).filter((l) => l.length > 0);
  } else if (flags.logEventMessages !== undefined) {
    messages = flags.logEventMessages;
  } else {
    throw new UsageError('one of --log-event-messages or --events is required');
  }
  try {
    await emit(JSON.stringify(testMetricFilter(flags.filterPattern, messages), null, 4), flags.output, io);
  } catch (e) {
    if (e instanceof FilterPatternError) {
      io.stderr.write(`error: invalid filter pattern: ${e.message}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
  return EXIT.OK;
}
