/**
 * `verify-filter --aws`: checks trailproof's filter-pattern evaluator against CloudWatch Logs' own, by
 * sending a sample of records with each pattern to TestMetricFilter and comparing verdicts.
 *
 * TestMetricFilter takes 1-50 messages of at least one character per call and returns the matching ones
 * by 1-based `eventNumber`
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html).
 * The local evaluator is passed in (`localMatch`), so this module does not depend on the `cwl` dialect.
 */
import { TestMetricFilterCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClientOptions } from './client-options.js';
import { createCwLogsClient } from './cwlogs-client.js';
import { AwsCallError, classifyFailure } from './errors.js';
import type { DrawnSample, SampleDescription, SampledRecord } from './record-reservoir.js';

/** Messages per TestMetricFilter call: the API's maximum. */
export const TEST_METRIC_FILTER_BATCH = 50;
/**
 * Bytes of messages per call: CloudWatch Logs caps request bodies (1 MB for PutLogEvents; TestMetricFilter's
 * cap is not documented, unverified), so a batch of large records is split below that.
 */
const MAX_BATCH_BYTES = 512 * 1024;

/** A pattern to check: its detection id (for the report) and text. */
export interface FilterToVerify {
  readonly id: string;
  readonly pattern: string;
}

/** Options of {@link verifyFilters}. */
export interface VerifyFiltersOptions extends AwsClientOptions {
  /** trailproof's evaluator: true when `pattern` matches the log event `message`. Must not throw. */
  readonly localMatch: (pattern: string, message: string) => boolean;
  /** An existing client to use instead of building one from the options. */
  readonly client?: CloudWatchLogsClient;
}

/** One record on which AWS and trailproof disagree. */
export interface FilterDisagreement {
  /** Position of the record among the records read (its {@link SampledRecord.index}). */
  readonly recordIndex: number;
  /** AWS's verdict (TestMetricFilter listed the record as a match). */
  readonly aws: boolean;
  /** trailproof's verdict. */
  readonly local: boolean;
}

/** The outcome for one pattern. */
export interface FilterVerification {
  readonly id: string;
  readonly pattern: string;
  /** Records compared (0 when the pattern could not be checked). */
  readonly checked: number;
  readonly awsMatches: number;
  readonly localMatches: number;
  readonly disagreements: readonly FilterDisagreement[];
  /** Why the pattern was not checked (AWS rejected it, or the local evaluator failed), else null. */
  readonly error: string | null;
}

/** The outcome of {@link verifyFilters}. */
export interface VerifyFiltersResult {
  /** How the sample was drawn. */
  readonly sample: SampleDescription;
  /** Positions of the sampled records among the records read, in order. */
  readonly sampled: readonly number[];
  readonly filters: readonly FilterVerification[];
  /** Total disagreements over all patterns. */
  readonly disagreementCount: number;
}

/**
 * Sends the sampled records with each pattern to TestMetricFilter and compares AWS's matches with
 * `localMatch`. A pattern AWS rejects (InvalidParameterException) is reported on its own and the others go
 * on; any other failure (access denied, throttling after the SDK's retries) stops the check.
 *
 * @param sample Raw CloudTrail record JSON texts, as drawn by a `RecordReservoir`.
 * @throws AwsCallError when TestMetricFilter fails for a reason other than the pattern.
 */
export async function verifyFilters(
  patterns: readonly FilterToVerify[],
  sample: DrawnSample,
  options: VerifyFiltersOptions,
): Promise<VerifyFiltersResult> {
  const batches = batchRecords(sample.records);
  const client = options.client ?? createCwLogsClient(options);
  const filters: FilterVerification[] = [];
  try {
    for (const { id, pattern } of patterns) filters.push(await verifyOne(client, id, pattern, batches, options.localMatch));
  } finally {
    if (options.client === undefined) client.destroy();
  }
  const disagreementCount = filters.reduce((sum, f) => sum + f.disagreements.length, 0);
  return { sample: sample.description, sampled: sample.records.map((r) => r.index), filters, disagreementCount };
}

async function verifyOne(
  client: CloudWatchLogsClient,
  id: string,
  pattern: string,
  batches: readonly (readonly SampledRecord[])[],
  localMatch: (pattern: string, message: string) => boolean,
): Promise<FilterVerification> {
  const disagreements: FilterDisagreement[] = [];
  let checked = 0;
  let awsMatches = 0;
  let localMatches = 0;
  for (const batch of batches) {
    const messages = batch.map((record) => record.text);
    let matched: Set<number>;
    try {
      const output = await client.send(new TestMetricFilterCommand({ filterPattern: pattern, logEventMessages: messages }));
      matched = new Set((output.matches ?? []).map((m) => m.eventNumber ?? 0));
    } catch (error) {
      const failure = classifyFailure(error);
      if (failure.code === 'InvalidParameterException') return failed(id, pattern, `aws rejected the pattern (${failure.detail})`);
      throw new AwsCallError('TestMetricFilter', failure, `pattern '${id}'`, { cause: error });
    }
    let local: boolean[];
    try {
      local = messages.map((message) => localMatch(pattern, message));
    } catch (error) {
      return failed(id, pattern, `the local evaluator failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    for (const [position, { index }] of batch.entries()) {
      const aws = matched.has(position + 1);
      const mine = local[position] === true;
      if (aws) awsMatches++;
      if (mine) localMatches++;
      if (aws !== mine) disagreements.push({ recordIndex: index, aws, local: mine });
    }
    checked += batch.length;
  }
  return { id, pattern, checked, awsMatches, localMatches, disagreements, error: null };
}

function failed(id: string, pattern: string, error: string): FilterVerification {
  return { id, pattern, checked: 0, awsMatches: 0, localMatches: 0, disagreements: [], error };
}

/** Splits records into TestMetricFilter calls: at most 50 messages and {@link MAX_BATCH_BYTES} each. */
function batchRecords(records: readonly SampledRecord[]): SampledRecord[][] {
  const batches: SampledRecord[][] = [];
  let current: SampledRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = Buffer.byteLength(record.text, 'utf8');
    if (current.length === TEST_METRIC_FILTER_BATCH || (current.length > 0 && bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
