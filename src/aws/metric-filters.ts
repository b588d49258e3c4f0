/**
 * `pull metric-filters`: the metric filters deployed on a log group, written as a detection file.
 *
 * Format: the JSON `aws logs describe-metric-filters` prints, `{ "metricFilters": [ … ] }` with the API's
 * member names (`filterName`, `filterPattern`, `metricTransformations`, `creationTime`, `logGroupName`),
 * which the `cwl` dialect loads with each metric filter as one detection (title = `filterName`). One
 * JSON file per log group keeps the names, metric and namespace that `.pattern` files would lose, and
 * the file can be diffed against a later pull.
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeMetricFilters.html)
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeMetricFiltersCommand, type CloudWatchLogsClient, type MetricFilter } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClientOptions } from './client-options.js';
import { createCwLogsClient } from './cwlogs-client.js';
import { AwsCallError, classifyFailure } from './errors.js';

/** Options of {@link pullMetricFilters}. */
export interface PullMetricFiltersOptions extends AwsClientOptions {
  /** Log group whose filters to pull (`--log-group`). */
  readonly logGroup: string;
  /** Folder to write into (`--output`); created if missing. */
  readonly outputDir: string;
  /** An existing client to use instead of building one from the options. */
  readonly client?: CloudWatchLogsClient;
}

/** What {@link pullMetricFilters} found and wrote. */
export interface PullMetricFiltersResult {
  /** Path of the file written, or null when the group has no metric filters (nothing is written). */
  readonly file: string | null;
  /** The filters, in the order the API listed them. */
  readonly filters: readonly MetricFilter[];
}

/**
 * Lists every metric filter of a log group (DescribeMetricFilters, following `nextToken`) and writes
 * them to `<outputDir>/<log-group>.metric-filters.json` (characters other than letters, digits, `.`,
 * `_`, `-` in the group name become `_`). The file is replaced atomically.
 *
 * @throws AwsCallError when the API call fails (`not-found` for a missing log group, `access-denied`...).
 */
export async function pullMetricFilters(options: PullMetricFiltersOptions): Promise<PullMetricFiltersResult> {
  const client = options.client ?? createCwLogsClient(options);
  const filters: MetricFilter[] = [];
  try {
    let nextToken: string | undefined;
    do {
      const output = await client.send(new DescribeMetricFiltersCommand({ logGroupName: options.logGroup, nextToken }));
      filters.push(...(output.metricFilters ?? []));
      nextToken = output.nextToken;
    } while (nextToken !== undefined);
  } catch (error) {
    throw new AwsCallError('DescribeMetricFilters', classifyFailure(error), `log group '${options.logGroup}'`, { cause: error });
  } finally {
    if (options.client === undefined) client.destroy();
  }
  if (filters.length === 0) return { file: null, filters };
  await mkdir(options.outputDir, { recursive: true });
  const file = join(options.outputDir, metricFiltersFileName(options.logGroup));
  const partial = `${file}.${process.pid}.tmp`;
  // Four-space indentation, as the AWS CLI prints it.
  await writeFile(partial, `${JSON.stringify({ metricFilters: filters }, null, 4)}\n`, 'utf8');
  await rename(partial, file);
  return { file, filters };
}

/** The file name used for a log group's metric filters. */
export function metricFiltersFileName(logGroup: string): string {
  const safe = logGroup.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+/, '');
  return `${safe === '' ? 'log-group' : safe}.metric-filters.json`;
}
