/**
 * A small local CloudWatch Logs endpoint for tests. No local CloudWatch Logs server exists; this endpoint
 * implements the documented JSON protocol (awsJson1_1: `POST /`, `X-Amz-Target: Logs_20140328.<Operation>`,
 * `Content-Type: application/x-amz-json-1.1`, errors as `{"__type": …, "message": …}` with status 400)
 * for the operations trailproof calls, so tests can run the real `@aws-sdk/client-cloudwatch-logs`
 * client against it:
 *
 * - FilterLogEvents (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html):
 *   `logStreamNames` or `logStreamNamePrefix` (not both), `startTime`/`endTime` inclusive, `limit`,
 *   `nextToken`; events in timestamp order. `filterPattern` is not implemented (rejected).
 * - DescribeLogStreams (API_DescribeLogStreams.html): `logStreamNamePrefix`, `limit` (default 50),
 *   `nextToken`, name order.
 * - DescribeMetricFilters (API_DescribeMetricFilters.html): `logGroupName`, `filterNamePrefix`, `limit`
 *   (default 50), `nextToken`.
 * - TestMetricFilter (API_TestMetricFilter.html): 1-50 messages of at least one character; matches come
 *   from a matcher the test supplies (this endpoint does not implement the pattern language), reported
 *   with a 1-based `eventNumber`. A pattern opening `{` without closing `}` is rejected, as the service
 *   does.
 *
 * Page sizes are configurable so that tests exercise pagination with little data.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Fake static credentials (AWS's documented example keys): with explicit credentials the SDK never
 * consults the provider chain, so no instance-metadata lookup leaves loopback.
 */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** A stored log event. */
export interface StoredEvent {
  readonly timestamp: number;
  readonly message: string;
}

/** A metric filter as DescribeMetricFilters returns it (wire member names). */
export interface StoredMetricFilter {
  readonly filterName: string;
  readonly filterPattern: string;
  readonly metricTransformations: readonly {
    readonly metricName: string;
    readonly metricNamespace: string;
    readonly metricValue: string;
  }[];
  readonly creationTime: number;
}

/** An error to answer with instead of handling a request. */
export interface InjectedError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/** A running endpoint. */
export interface CwLogsEndpoint {
  /** `http://127.0.0.1:<port>`: pass as the endpoint URL. */
  readonly endpoint: string;
  /** Every request: operation name and decoded JSON body. */
  readonly log: { readonly operation: string; readonly body: Record<string, unknown> }[];
  /** Items per page for each paginated operation. */
  readonly pageSize: { events: number; streams: number; filters: number };
  /** Decides TestMetricFilter matches. */
  testMatcher: (pattern: string, message: string) => boolean;
  addLogStream(group: string, stream: string, events: readonly StoredEvent[]): void;
  addMetricFilter(group: string, filter: StoredMetricFilter): void;
  /** Answers the next `count` calls of `operation` with `error`. */
  failNext(operation: string, count: number, error: InjectedError): void;
  /**
   * Leaves the next `count` calls of `operation` (those `match` accepts) unanswered, the connection
   * open: a hung endpoint. `Infinity` stalls every call.
   */
  stallNext(operation: string, count: number, match?: (body: Record<string, unknown>) => boolean): void;
  close(): Promise<void>;
}

interface Group {
  readonly streams: Map<string, StoredEvent[]>;
  readonly filters: StoredMetricFilter[];
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const TARGET_PREFIX = 'Logs_20140328.';

/** Starts the endpoint on 127.0.0.1 with an ephemeral port. */
export async function startCwLogsEndpoint(): Promise<CwLogsEndpoint> {
  const groups = new Map<string, Group>();
  const failures = new Map<string, { count: number; error: InjectedError }>();
  const stalls = new Map<string, { count: number; match: (body: Record<string, unknown>) => boolean }>();
  const log: CwLogsEndpoint['log'] = [];
  const state = {
    pageSize: { events: 10_000, streams: 50, filters: 50 },
    testMatcher: (_pattern: string, _message: string): boolean => false,
  };

  const group = (body: Record<string, unknown>): Group => {
    const name = (body['logGroupName'] ?? body['logGroupIdentifier']) as string | undefined;
    const found = name === undefined ? undefined : groups.get(name);
    if (found === undefined) throw new ApiError(400, 'ResourceNotFoundException', 'The specified log group does not exist.');
    return found;
  };

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    FilterLogEvents(body) {
      const { streams } = group(body);
      const names = body['logStreamNames'] as string[] | undefined;
      const prefix = body['logStreamNamePrefix'] as string | undefined;
      if (names !== undefined && prefix !== undefined) {
        throw new ApiError(400, 'InvalidParameterException', 'Cannot specify both logStreamNames and logStreamNamePrefix');
      }
      if (body['filterPattern'] !== undefined) throw new ApiError(400, 'InvalidParameterException', 'filterPattern is not implemented by the test endpoint');
      const start = (body['startTime'] as number | undefined) ?? -Infinity;
      const end = (body['endTime'] as number | undefined) ?? Infinity;
      const matching: { logStreamName: string; timestamp: number; message: string; ingestionTime: number; eventId: string }[] = [];
      for (const [stream, events] of streams) {
        if (names !== undefined && !names.includes(stream)) continue;
        if (prefix !== undefined && !stream.startsWith(prefix)) continue;
        for (const [i, event] of events.entries()) {
          if (event.timestamp < start || event.timestamp > end) continue;
          matching.push({ logStreamName: stream, ...event, ingestionTime: event.timestamp + 1000, eventId: `${stream}-${i}` });
        }
      }
      matching.sort((a, b) => a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId));
      const { items, nextToken } = page(matching, body, state.pageSize.events);
      return { events: items, searchedLogStreams: [], ...(nextToken === undefined ? {} : { nextToken }) };
    },
    DescribeLogStreams(body) {
      const { streams } = group(body);
      const prefix = (body['logStreamNamePrefix'] as string | undefined) ?? '';
      const listed = [...streams]
        .filter(([name]) => name.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, events]) => ({
          logStreamName: name,
          creationTime: 0,
          ...(events.length === 0
            ? {}
            : {
                firstEventTimestamp: Math.min(...events.map((e) => e.timestamp)),
                lastEventTimestamp: Math.max(...events.map((e) => e.timestamp)),
              }),
          storedBytes: 0,
        }));
      const { items, nextToken } = page(listed, body, state.pageSize.streams);
      return { logStreams: items, ...(nextToken === undefined ? {} : { nextToken }) };
    },
    DescribeMetricFilters(body) {
      const name = body['logGroupName'] as string;
      const prefix = (body['filterNamePrefix'] as string | undefined) ?? '';
      const filters = group(body)
        .filters.filter((f) => f.filterName.startsWith(prefix))
        .map((f) => ({ ...f, logGroupName: name }));
      const { items, nextToken } = page(filters, body, state.pageSize.filters);
      return { metricFilters: items, ...(nextToken === undefined ? {} : { nextToken }) };
    },
    TestMetricFilter(body) {
      const pattern = body['filterPattern'];
      const messages = body['logEventMessages'];
      if (typeof pattern !== 'string') throw new ApiError(400, 'InvalidParameterException', 'filterPattern is required');
      // The one syntax check made here (error text seen from the service, aws/aws-cdk#16278).
      if (pattern.trimStart().startsWith('{') && !pattern.trimEnd().endsWith('}')) {
        throw new ApiError(400, 'InvalidParameterException', "Invalid metric filter pattern: If a filter pattern starts with '{' it must end with '}'");
      }
      if (!Array.isArray(messages) || messages.length < 1 || messages.length > 50) {
        throw new ApiError(400, 'InvalidParameterException', '1 validation error detected: logEventMessages must have length between 1 and 50');
      }
      const matches: { eventNumber: number; eventMessage: string; extractedValues: Record<string, string> }[] = [];
      for (const [i, message] of (messages as unknown[]).entries()) {
        if (typeof message !== 'string' || message.length < 1) {
          throw new ApiError(400, 'InvalidParameterException', 'log event messages must be at least 1 character');
        }
        if (state.testMatcher(pattern, message)) matches.push({ eventNumber: i + 1, eventMessage: message, extractedValues: {} });
      }
      return { matches };
    },
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, payload: unknown): void => {
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': 'test' });
        res.end(text);
      };
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      try {
        if (req.method !== 'POST' || req.url !== '/') throw new ApiError(404, 'UnknownOperationException', 'expected POST /');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        log.push({ operation, body });
        const stall = stalls.get(operation);
        if (stall !== undefined && stall.count > 0 && stall.match(body)) {
          stall.count--;
          return;
        }
        const failure = failures.get(operation);
        if (failure !== undefined && failure.count > 0) {
          failure.count--;
          throw new ApiError(failure.error.status, failure.error.type, failure.error.message);
        }
        const handler = operations[operation];
        if (handler === undefined) throw new ApiError(400, 'UnknownOperationException', `unknown operation ${target}`);
        reply(200, handler(body));
      } catch (error) {
        if (error instanceof ApiError) reply(error.status, { __type: error.type, message: error.message });
        else reply(500, { __type: 'ServiceUnavailableException', message: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    pageSize: state.pageSize,
    get testMatcher() {
      return state.testMatcher;
    },
    set testMatcher(matcher) {
      state.testMatcher = matcher;
    },
    addLogStream(name, stream, events) {
      let found = groups.get(name);
      if (found === undefined) groups.set(name, (found = { streams: new Map(), filters: [] }));
      found.streams.set(stream, [...events]);
    },
    addMetricFilter(name, filter) {
      let found = groups.get(name);
      if (found === undefined) groups.set(name, (found = { streams: new Map(), filters: [] }));
      found.filters.push(filter);
    },
    failNext(operation, count, error) {
      failures.set(operation, { count, error });
    },
    stallNext(operation, count, match = () => true) {
      stalls.set(operation, { count, match });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One page of items from the `nextToken` offset, `limit` (or the page size) long. */
function page<T>(all: readonly T[], body: Record<string, unknown>, pageSize: number): { items: T[]; nextToken: string | undefined } {
  const token = body['nextToken'];
  const offset = typeof token === 'string' ? Number(Buffer.from(token, 'base64').toString('utf8').slice('offset:'.length)) : 0;
  const limit = typeof body['limit'] === 'number' ? Math.min(body['limit'], pageSize) : pageSize;
  const items = all.slice(offset, offset + limit);
  const next = offset + limit;
  return { items, nextToken: next < all.length ? Buffer.from(`offset:${next}`).toString('base64') : undefined };
}
