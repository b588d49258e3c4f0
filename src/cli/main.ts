/**
 * The `trailproof` command line. Each command lives in `commands/`; this file only declares flags
 * (commander drives parsing and `--help` from the same table) and maps failures to exit codes.
 * A command's module is imported when it runs: importing all of them cost every run ~50 ms more than
 * importing `replay` alone.
 */
import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MIN_THROUGHPUT, DEFAULT_READ_TIMEOUT_MS } from '../aws/client-options.js';
import { VERSION } from '../version.js';
import type { VerifyFilterFlags } from './commands/aws.js';
import type { VerifyPatternFlags } from './commands/eventbridge.js';
import type { InitFlags } from './commands/init.js';
import type { MergeFlags } from './commands/merge.js';
import type { PlanFlags } from './commands/plan.js';
import type { ReplayFlags } from './commands/replay.js';
import type { ReviewFlags } from './commands/review.js';
import type { SynthFlags } from './commands/synth.js';
import type { TestFlags } from './commands/test.js';
import { prestartWorkers } from '../engine/workers/pool.js';
import { EXIT, UsageError } from './exit-codes.js';
import { processIO, type CliIO } from './output.js';
import { SourceError } from '../sources/types.js';

/**
 * Commands that replay start their worker threads before importing their module: a thread's start-up
 * then overlaps that import and the loading of detections (src/engine/workers/pool.ts). A `--workers`
 * the command will refuse starts none.
 */
function prestart(flags: { readonly workers?: string }): void {
  prestartWorkers(flags.workers === undefined ? availableParallelism() : Number(flags.workers));
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** How long to wait on AWS: every command that calls it takes these. */
function withNetwork(command: Command): Command {
  return command
    .option('--connect-timeout <duration>', `AWS: longest wait to connect (500ms, 10s, 2m; default ${DEFAULT_CONNECT_TIMEOUT_MS / 1000}s)`)
    .option('--read-timeout <duration>', `AWS: longest silence from a connection during a request or response (default ${DEFAULT_READ_TIMEOUT_MS / 1000}s)`)
    .option('--min-throughput <bytes/s>', `AWS: slowest object body accepted, averaged over each read-timeout window (64k, 1m; 0: no minimum; default ${DEFAULT_MIN_THROUGHPUT})`);
}

/** The options of every command that replays sources: record selection and how to reach AWS. */
function withSources(command: Command): Command {
  return withNetwork(command)
    .option('--since <time>', 'only records at or after this eventTime (ISO 8601 or 30d, 12h, ...)')
    .option('--until <time>', 'only records before this eventTime')
    .option('--account <id>', 'only records of this account (repeatable)', collect)
    .option('--region <region>', 'only records of this region (repeatable)', collect)
    .option('--profile <name>', 'AWS profile for s3:// and cwlogs:// sources')
    .option('--aws-region <region>', 'AWS region of the S3 bucket / CloudWatch Logs client')
    .option('--endpoint-url <url>', 'S3 / CloudWatch Logs endpoint (MinIO, LocalStack, ...; S3 uses path-style addressing)')
    .option('--concurrency <n>', 'S3 objects fetched concurrently')
    .option('--log-stream-prefix <prefix>', 'cwlogs:// only: read streams starting with this prefix');
}

/** Builds the command tree; `io` receives output, `setExit` the exit code of the command that ran. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('trailproof')
    .description('Replay CloudTrail archives through root-usage detections and report what each caught and missed.')
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  withSources(
    program
      .command('replay')
      .description('replay CloudTrail records (local files/folders, s3://bucket/prefix, cwlogs://log-group) through detections')
      .argument('[source...]', 'files, folders, s3://bucket[/prefix] or cwlogs://log-group'),
  )
    .option('-d, --detections <path...>', 'detection files or folders', ['./detections'])
    .addOption(new Option('-f, --format <format>', 'report format (default: table on a terminal, else json)').choices(['table', 'json', 'markdown', 'junit']))
    .option('--plan <plan.json>', 'scale-out: replay one shard of this plan (its run.json and spec.json beside it give sources and rules)')
    .option('--shard <k>', 'with --plan: the shard to replay')
    .option('--partial-output <file>', 'with --plan: write the partial report (trailproof/partial@1) here (.gz: gzip)')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--fail-on-miss', 'exit 1 when a detection missed a root-usage event of its scope')
    .option('--scope <detection=categories>', "root categories a detection is meant to catch, e.g. 'cis-root-usage=root-usage' (repeatable); 'all' judges every detection on every root-usage category", collect)
    .option('--input-format <format>', 'force the input format instead of detecting it per file')
    .option('--field-mapping <file>', 'Sigma field-name mapping (pipeline) file (repeatable)', collect)
    .option('--splunk-macros <file...>', 'Splunk macros.conf or ESCU macro YAML files for SPL searches')
    .option('--splunk-props <file...>', 'props.conf-style files with FIELDALIAS-/EVAL- definitions for aws:cloudtrail')
    .option('--splunk-index <name>', 'the Splunk index replayed records are searched as (for macros such as `index=aws sourcetype=aws:cloudtrail`)')
    .option('--no-splunk-addon', 'SPL searches see raw CloudTrail fields only, without the Splunk Add-on for AWS aliases')
    .option('--workers <n>', 'worker threads (0: evaluate in the main thread; default: one per core)')
    .option('--no-prefilter', 'parse and evaluate every record (the plain path; same results, slower)')
    .option('--no-byte-scan', 'split and prefilter records as decoded text, not as bytes (same results, slower)')
    .option('--verify-integrity', 'check the CloudTrail digest files of the window (missing, modified, unlisted log files; gaps)')
    .option('--public-keys <file>', 'with --verify-integrity: saved `list-public-keys` JSON, PEM or DER keys instead of calling ListPublicKeys (repeatable)', collect)
    .option('--fail-on-gaps', 'with --verify-integrity: treat delivery gaps as errors')
    .option('-q, --quiet', 'no progress, warnings or error lines on stderr')
    .action(async (sources: string[], flags: ReplayFlags) => {
      prestart(flags);
      setExit(await (await import('./commands/replay.js')).runReplay(sources, flags, io));
    });

  withSources(
    program
      .command('plan')
      .description('scale-out: cut the listing of local folders or s3:// prefixes into shards (plan.json, run.json, spec.json)')
      .argument('<source...>', 'folders or s3://bucket[/prefix]'),
  )
    .option('-d, --detections <path...>', 'detection files or folders (pinned in spec.json)', ['./detections'])
    .option('-o, --output <plan.json>', 'where to write the plan; run.json and spec.json go beside it')
    .option('--shards <n>', 'exactly this many byte-balanced shards (cuts may fall inside a day)')
    .option('--target-shard-mb <mb>', 'about this many stored MB per shard (whole days packed, big days split)')
    .option('--max-concurrency <n>', 'concurrency the default sizing fills (default 1000)')
    .option('--scope <detection=categories>', 'as for replay (repeatable)', collect)
    .option('--field-mapping <file>', 'Sigma field-name mapping (pipeline) file (repeatable)', collect)
    .option('--splunk-macros <file...>', 'as for replay (pinned in spec.json)')
    .option('--splunk-props <file...>', 'as for replay (pinned in spec.json)')
    .option('--splunk-index <name>', 'as for replay')
    .option('--no-splunk-addon', 'as for replay')
    .option('--no-prefilter', 'shards parse and evaluate every record')
    .option('--no-byte-scan', 'shards split and prefilter records as text')
    .option('-q, --quiet', 'no summary on stderr')
    .action(async (sources: string[], flags: PlanFlags) => setExit(await (await import('./commands/plan.js')).runPlan(sources, flags, io)));

  program
    .command('merge')
    .description('scale-out: merge the partial reports of every shard of a plan into the replay\'s report')
    .argument('<partial...>', 'partial report files (.json, .json.gz) or folders of them')
    .addOption(new Option('-f, --format <format>', 'report format (default: table on a terminal, else json)').choices(['table', 'json', 'markdown', 'junit']))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--fail-on-miss', 'exit 1 when a detection missed a root-usage event of its scope')
    .option('--allow-incomplete', 'report even when shards are missing (named in stats.errors; exit 3)')
    .option('-q, --quiet', 'no warning or error lines on stderr')
    .action(async (partials: string[], flags: MergeFlags) => setExit(await (await import('./commands/merge.js')).runMerge(partials, flags, io)));

  program
    .command('match')
    .description('print, per record of --events, the detections that fire on it (one JSON line per record)')
    .argument('<detection-file...>', 'detection files or folders')
    .requiredOption('-e, --events <file>', 'records in any supported input format')
    .option('--input-format <format>', 'force the input format')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('-q, --quiet', 'no skip notes on stderr')
    .action(async (files: string[], flags) => setExit(await (await import('./commands/match.js')).runMatch(files, flags, io)));

  program
    .command('test-metric-filter')
    .description('offline drop-in for `aws logs test-metric-filter`: test a filter pattern on log event messages')
    .requiredOption('--filter-pattern <pattern>', 'the CloudWatch Logs filter pattern')
    .option('--log-event-messages <message...>', 'log event messages to test')
    .option('--events <file>', 'a file with one log event message per line (.gz read as gzip; - for standard input)')
    .addOption(new Option('--output <format>', 'output format, as in the aws CLI').choices(['json', 'text', 'table']).default('json'))
    .option('--region <region>', 'accepted for compatibility with the aws CLI; ignored (offline)')
    .option('--profile <name>', 'accepted for compatibility with the aws CLI; ignored (offline)')
    .action(async (flags) => setExit(await (await import('./commands/test-metric-filter.js')).runTestMetricFilter(flags, io)));

  program
    .command('panther-test')
    .description("run the Tests: of Panther rule YAML files (with Mocks:) like panther_analysis_tool test")
    .argument('<paths...>', 'rule files or folders (a panther-analysis checkout)')
    .option('--python <interpreter>', 'the Python to run the rules with (default: $TRAILPROOF_PYTHON, else python3)')
    .action(async (paths: string[], flags) => setExit(await (await import('./commands/panther-test.js')).runPantherTestCommand(paths, flags, io)));

  withNetwork(program.command('test'))
    .description('run a regression suite (trailproof.yml): one line per expectation, exit 1 on a failure')
    .argument('[suite-file]', 'the suite file (default: trailproof.yml)')
    .option('--junit <file>', 'also write JUnit XML')
    .option('--markdown <file>', 'also write a Markdown summary (pull-request comment, job summary)')
    .option('--sarif <file>', 'also write SARIF 2.1.0 (code scanning: failures on the rule file line)')
    .option('--update-baseline', 'record the caught / missed / false-alarm sets to the baseline file')
    .option('--baseline <file>', "baseline file (default: the suite's baseline, else trailproof.baseline.json beside it)")
    .option('--workers <n>', 'worker threads (0: evaluate in the main thread; default: one per core)')
    .option('--profile <name>', 'AWS profile for s3:// sources')
    .option('--aws-region <region>', 'AWS region of the S3 bucket')
    .option('--endpoint-url <url>', 'S3 endpoint (MinIO, LocalStack, ...)')
    .option('-q, --quiet', 'no rule warnings on stderr')
    .action(async (suite: string | undefined, flags: TestFlags) => {
      prestart(flags);
      setExit(await (await import('./commands/test.js')).runTest(suite !== undefined ? [suite] : [], flags, io));
    });

  withSources(
    program
      .command('review')
      .description('incident review: every root event in the window as a timeline, sessions, counts per account and source IP')
      .argument('<source...>', 'files, folders, s3://bucket[/prefix] or cwlogs://log-group'),
  )
    .option('-d, --detections <path...>', 'detection files or folders (default: ./detections when it exists)')
    .addOption(new Option('-f, --format <format>', 'output format (default: from --output extension; table on a terminal, else json)').choices(['table', 'json', 'csv', 'html']))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--session-gap <duration>', 'longest pause within a session (30m, 90s, 2h)', '30m')
    .option('--input-format <format>', 'force the input format instead of detecting it per file')
    .option('--workers <n>', 'worker threads (0: evaluate in the main thread; default: one per core)')
    .option('-q, --quiet', 'no progress, warnings or error lines on stderr')
    .action(async (sources: string[], flags: ReviewFlags) => {
      prestart(flags);
      setExit(await (await import('./commands/review.js')).runReview(sources, flags, io));
    });

  program
    .command('init')
    .description('scaffold a suite, detections/ with the CIS pattern, sample CloudTrail records and a GitHub Actions workflow')
    .argument('[dir]', 'folder to write into (default: the current folder)')
    .option('--force', 'overwrite files that already exist')
    .option('--install <spec>', 'npm package spec the workflow installs trailproof from (default: this version from the registry, or, run from a checkout, this trailproof packed into .trailproof/)')
    .action(async (dir: string | undefined, flags: InitFlags) => setExit(await (await import('./commands/init.js')).runInit(dir !== undefined ? [dir] : [], flags, io)));

  const pull = program.command('pull').description('fetch deployed detections from AWS as detection files');
  withNetwork(pull.command('metric-filters'))
    .description('write the metric filters of a log group (DescribeMetricFilters) as a detection file')
    .requiredOption('--log-group <name>', 'the CloudWatch Logs log group (the trail\'s)')
    .option('-o, --output <dir>', 'folder to write <log-group>.metric-filters.json into', '.')
    .option('--profile <name>', 'AWS profile')
    .option('--aws-region <region>', 'AWS region')
    .option('--endpoint-url <url>', 'CloudWatch Logs endpoint')
    // The AWS commands load the SDK only when they run (it takes a third of a second to import).
    .action(async (flags) => setExit(await (await import('./commands/aws.js')).runPullMetricFilters(flags, io)));

  withNetwork(pull.command('event-rules'))
    .description('write the EventBridge rules of an event bus (ListRules, DescribeRule) as a detection file')
    .option('--event-bus <name>', 'event bus name or ARN (default: the default bus)')
    .option('--name-prefix <prefix>', 'only rules whose name starts with this')
    .option('-o, --output <file>', 'file to write (default: ./<event-bus>.event-rules.json)')
    .option('--profile <name>', 'AWS profile')
    .option('--aws-region <region>', 'AWS region (rules live in one region)')
    .option('--endpoint-url <url>', 'EventBridge endpoint')
    .action(async (flags) => setExit(await (await import('./commands/eventbridge.js')).runPullEventRules(flags, io)));

  withNetwork(program.command('verify-pattern'))
    .description('check trailproof\'s event-pattern matcher against EventBridge TestEventPattern on a sample of records')
    .argument('<source...>', 'files, folders, s3://bucket[/prefix] or cwlogs://log-group to sample records from')
    .option('--aws', 'call TestEventPattern (required: this command talks to AWS)')
    .option('-d, --detections <path...>', 'detection files or folders with event patterns', ['./detections'])
    .option('--sample <n>', 'records to send with each pattern (one TestEventPattern call each): a uniform random sample of all records read', '100')
    .option('--seed <n>', 'seed of the random sample (same sources and seed, same sample)', '1')
    .option('-o, --output <file>', 'write the JSON result to a file')
    .option('--profile <name>', 'AWS profile')
    .option('--aws-region <region>', 'AWS region')
    .option('--endpoint-url <url>', 'EventBridge endpoint (S3 and CloudWatch Logs sources use it too)')
    .action(async (sources: string[], flags: VerifyPatternFlags) => setExit(await (await import('./commands/eventbridge.js')).runVerifyPattern(sources, flags, io)));

  withNetwork(program.command('verify-filter'))
    .description('check trailproof\'s filter-pattern evaluator against CloudWatch Logs TestMetricFilter on a sample of records')
    .argument('<source...>', 'files, folders, s3://bucket[/prefix] or cwlogs://log-group to sample records from')
    .option('--aws', 'call TestMetricFilter (required: this command talks to AWS)')
    .option('-d, --detections <path...>', 'detection files or folders with filter patterns', ['./detections'])
    .option('--sample <n>', 'records to send with each pattern (in batches of 50): a uniform random sample of all records read', '200')
    .option('--seed <n>', 'seed of the random sample (same sources and seed, same sample)', '1')
    .option('-o, --output <file>', 'write the JSON result to a file')
    .option('--profile <name>', 'AWS profile')
    .option('--aws-region <region>', 'AWS region')
    .option('--endpoint-url <url>', 'CloudWatch Logs endpoint')
    .action(async (sources: string[], flags: VerifyFilterFlags) => setExit(await (await import('./commands/aws.js')).runVerifyFilter(sources, flags, io)));

  program
    .command('synth')
    .description('write a deterministic, realistic CloudTrail tree with planted root events and a truth file')
    .argument('<out-dir>', 'folder to write AWSLogs/... and truth.json into')
    .option('--records <n>', 'records to write', '10000')
    .option('--files <n>', 'log files to write', '24')
    .option('--seed <n>', 'random seed (same seed, same bytes)', '1')
    .option('--start <time>', 'first instant covered (ISO 8601)', '2026-01-01T00:00:00Z')
    .option('--days <n>', 'days covered', '1')
    .option('--accounts <n>', 'number of accounts')
    .option('--region <region>', 'a region with a trail (repeatable)', collect)
    .option('--org <o-id>', 'write the organization-trail layout with this organization ID')
    .option('--large-fraction <f>', 'fraction of 10-50 KB records (default 0.01)')
    .option('--root-rate <f>', 'fraction of planted root events')
    .option('-q, --quiet', 'no summary on stderr')
    .action(async (outDir: string, flags: SynthFlags) => setExit(await (await import('./commands/synth.js')).runSynth(outDir, flags, io)));

  return program;
}

/** Runs the CLI with the given arguments (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  // The AWS SDK warns on stderr, in 9 lines, that its 2027 releases will need Node 22: that is
  // trailproof's concern (README: supported Node versions), not the user's, and `--quiet` means quiet.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is bad usage.
      return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`error: ${e.message}\n`);
      return EXIT.USAGE;
    }
    if (e instanceof SourceError) {
      io.stderr.write(`error: ${e.message}\n`);
      return EXIT.INPUT;
    }
    // Anything else is unexpected: one line, the stack only on request.
    const debug = io.env.TRAILPROOF_DEBUG !== undefined && io.env.TRAILPROOF_DEBUG !== '';
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(debug ? `error: ${err.stack ?? err.message}\n` : `error: ${err.message} (TRAILPROOF_DEBUG=1 shows the stack)\n`);
    return EXIT.INPUT;
  }
  return code;
}
