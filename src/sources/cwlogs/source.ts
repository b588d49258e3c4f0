/**
 * The `cwlogs://<log-group>` source: reads a CloudTrail log group through FilterLogEvents.
 *
 * One `SourceObject` per log stream (listed with DescribeLogStreams, in name order): CloudTrail names its
 * streams `<account>_CloudTrail_<region>[_n]`, so `--account` / `--region` prune whole streams, streams
 * can be read concurrently, and reports name `cwlogs://<group>/<stream>`. An object's `open()` pages
 * FilterLogEvents for that stream over the time window and yields JSON Lines: one log event message (one
 * CloudTrail record) per line, one chunk per page, so memory holds one page (at most 1 MB of events).
 */
import {
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  type CloudWatchLogsClient,
  type DescribeLogStreamsCommandInput,
  type FilterLogEventsCommandInput,
  type FilteredLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AwsClientOptions } from '../../aws/client-options.js';
import { createCwLogsClient } from '../../aws/cwlogs-client.js';
import { classifyFailure, FAILURE_WORDS } from '../../aws/errors.js';
import { SourceError, type SelectionFilter, type Source, type SourceObject } from '../types.js';
import { cwLogsUri, isCwLogsLocation, parseCloudTrailStreamName, parseCwLogsLocation, type LogGroupRef } from './location.js';

/** Default widening of the time window on each side: 1 hour. */
export const DEFAULT_TIME_PADDING_MS = 3_600_000;

/** Options of {@link createCwLogsSource}; the AWS ones map to `--profile`, `--region`, `--endpoint-url`. */
export interface CwLogsSourceOptions extends AwsClientOptions {
  /** Only streams whose name starts with this (`--log-stream-prefix`). */
  readonly logStreamPrefix?: string;
  /**
   * Widening of `since/until` on each side before it becomes FilterLogEvents' `startTime/endTime`
   * (default {@link DEFAULT_TIME_PADDING_MS}). Whether CloudTrail stamps log events with the event time
   * or the delivery time is not documented (unverified), and delivery takes minutes, so the window is
   * padded; the engine filters records by `eventTime` anyway.
   */
  readonly timePaddingMs?: number;
  /** Events per FilterLogEvents page (`limit`); default: the service's (up to 10,000 or 1 MB). */
  readonly pageLimit?: number;
  /** An existing client to use instead of building one from the options. */
  readonly client?: CloudWatchLogsClient;
}

/** Running totals of a CloudWatch Logs source. */
export interface CwLogsSourceStats {
  /** DescribeLogStreams pages received. */
  describeRequests: number;
  /** FilterLogEvents pages received. */
  filterRequests: number;
  /** Streams yielded as objects. */
  streamsListed: number;
  /** Streams left out by account, region or time. */
  streamsPruned: number;
  /** Log events delivered as lines. */
  events: number;
  /** Bytes of JSON Lines delivered. */
  bytesDelivered: number;
}

/** A CloudWatch Logs source with its counters. */
export interface CwLogsSource extends Source {
  readonly stats: Readonly<CwLogsSourceStats>;
  /** Closes the client's sockets (when the source built the client). */
  close(): void;
}

/** The FilterLogEvents time window, in ms since the epoch (both ends inclusive, as the API treats them). */
interface TimeWindow {
  readonly startTime: number | undefined;
  readonly endTime: number | undefined;
}

/**
 * Creates a CloudWatch Logs source. No AWS call is made until `list()` runs. Throttling is retried by
 * the SDK (`maxAttempts`); what still fails becomes a `SourceError` (`not-found` for a missing group,
 * `access-denied`, `throttled`, `network`), thrown by `list()` or by the stream's `open()`.
 */
export function createCwLogsSource(options: CwLogsSourceOptions = {}): CwLogsSource {
  const stats: CwLogsSourceStats = { describeRequests: 0, filterRequests: 0, streamsListed: 0, streamsPruned: 0, events: 0, bytesDelivered: 0 };
  const padding = options.timePaddingMs ?? DEFAULT_TIME_PADDING_MS;
  let client: CloudWatchLogsClient | undefined = options.client;
  const ownsClient = client === undefined;
  const getClient = (): CloudWatchLogsClient => (client ??= createCwLogsClient(options));

  async function* readStream(group: LogGroupRef, stream: string, window: TimeWindow): AsyncGenerator<Uint8Array> {
    const uri = cwLogsUri(group, stream);
    const encoder = new TextEncoder();
    let nextToken: string | undefined;
    do {
      const input: FilterLogEventsCommandInput = {
        ...groupParam(group),
        logStreamNames: [stream],
        startTime: window.startTime,
        endTime: window.endTime,
        nextToken,
        limit: options.pageLimit,
      };
      const output = await send(uri, 'reading the log stream', () => getClient().send(new FilterLogEventsCommand(input)));
      stats.filterRequests++;
      const text = jsonLines(output.events ?? []);
      if (text !== '') {
        const bytes = encoder.encode(text);
        stats.events += output.events?.length ?? 0;
        stats.bytesDelivered += bytes.byteLength;
        yield bytes;
      }
      nextToken = output.nextToken;
    } while (nextToken !== undefined);
  }

  return {
    id: 'cwlogs',
    stats,
    accepts: isCwLogsLocation,
    async *list(location: string, filter: SelectionFilter): AsyncIterable<SourceObject> {
      const group = parseCwLogsLocation(location);
      const window: TimeWindow = {
        startTime: filter.since === undefined ? undefined : Math.max(0, filter.since.getTime() - padding),
        endTime: filter.until === undefined ? undefined : filter.until.getTime() - 1 + padding,
      };
      const accounts = nonEmptySet(filter.accounts);
      const regions = nonEmptySet(filter.regions);
      let nextToken: string | undefined;
      do {
        const input: DescribeLogStreamsCommandInput = {
          ...groupParam(group),
          logStreamNamePrefix: options.logStreamPrefix,
          nextToken,
        };
        const output = await send(location, 'listing log streams', () => getClient().send(new DescribeLogStreamsCommand(input)));
        stats.describeRequests++;
        for (const stream of output.logStreams ?? []) {
          const name = stream.logStreamName;
          if (name === undefined) continue;
          const trail = parseCloudTrailStreamName(name);
          const pruned =
            (trail !== null && accounts !== null && !accounts.has(trail.account)) ||
            (trail !== null && regions !== null && !regions.has(trail.region)) ||
            // A stream whose first event is after the window has nothing to read. (`lastEventTimestamp`
            // is updated lazily, "typically within an hour", so it does not prune.)
            (window.endTime !== undefined &&
              stream.firstEventTimestamp !== undefined &&
              stream.firstEventTimestamp > window.endTime);
          if (pruned) {
            stats.streamsPruned++;
            continue;
          }
          stats.streamsListed++;
          yield { uri: cwLogsUri(group, name), size: null, open: () => readStream(group, name, window) };
        }
        nextToken = output.nextToken;
      } while (nextToken !== undefined);
    },
    close(): void {
      if (!ownsClient) return;
      client?.destroy();
      client = undefined;
    },
  };
}

/** The `cwlogs://` source with default options (SDK credential chain and region). */
export const cwLogsSource: CwLogsSource = createCwLogsSource();

/** `logGroupName`, or `logGroupIdentifier` for an ARN. */
function groupParam(group: LogGroupRef): { logGroupName?: string; logGroupIdentifier?: string } {
  return group.isArn ? { logGroupIdentifier: group.name } : { logGroupName: group.name };
}

/**
 * One line per event message. A raw line break can only sit between JSON tokens (strings escape theirs),
 * so replacing it with a space keeps a pretty-printed record valid on one line.
 */
function jsonLines(events: readonly FilteredLogEvent[]): string {
  let text = '';
  for (const event of events) {
    const message = event.message;
    if (message === undefined || message === '') continue;
    const line = message.includes('\n') || message.includes('\r') ? message.replace(/[\r\n]/g, ' ') : message;
    text += `${line}\n`;
  }
  return text;
}

/** Runs an SDK call, turning its final failure into a `SourceError` on `uri`. */
async function send<T>(uri: string, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = classifyFailure(error);
    // The SDK has already retried throttling and dropped connections (`maxAttempts`).
    const retried = failure.retryable ? ' after retries' : '';
    throw new SourceError(failure.kind, uri, `${uri}: ${FAILURE_WORDS[failure.kind]}${retried} while ${action} (${failure.detail})`, { cause: error });
  }
}

function nonEmptySet(values: readonly string[] | undefined): ReadonlySet<string> | null {
  return values === undefined || values.length === 0 ? null : new Set(values);
}
