/**
 * A small local EventBridge endpoint for tests. No local EventBridge server exists; this endpoint
 * implements the documented JSON protocol (awsJson1_1: `POST /`, `X-Amz-Target: AWSEvents.<Operation>`,
 * `Content-Type: application/x-amz-json-1.1`, errors as `{"__type": …, "message": …}` with status 400)
 * for the operations trailproof calls, so tests can run the real `@aws-sdk/client-eventbridge` client
 * against it:
 *
 * - ListRules (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_ListRules.html):
 *   `EventBusName` (name or ARN; default `default`), `NamePrefix`, `Limit`, `NextToken`; rules in name
 *   order, `EventPattern` as a JSON string. A missing bus is `ResourceNotFoundException`.
 * - DescribeRule (API_DescribeRule.html): `Name`, `EventBusName`; the rule plus `CreatedBy`.
 * - TestEventPattern (API_TestEventPattern.html): the event must be a JSON object with `id`, `account`,
 *   `source`, `time`, `region`, `detail-type` (else `ValidationException: Parameter Event is not valid.`,
 *   digest P35); the pattern is validated with trailproof's own compiler (`InvalidEventPatternException`,
 *   `Event pattern is not valid. Reason: …`, P34) and `Result` comes from a matcher the test supplies
 *   (default: trailproof's matcher), so a test can plant a disagreement.
 *
 * `omitPatternFromList` names rules whose `EventPattern` ListRules leaves out, to exercise the
 * DescribeRule path; page sizes are configurable so tests exercise pagination with little data.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventPatternError, parseEventPattern } from '../../src/dialects/eventbridge/index.js';

export { TEST_CREDENTIALS } from './cwlogs-endpoint.js';

/** A rule as ListRules returns it (wire member names). */
export interface StoredRule {
  readonly Name: string;
  readonly EventPattern?: string;
  readonly ScheduleExpression?: string;
  readonly State: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  readonly Description?: string;
}

/** A running endpoint. */
export interface EventBridgeEndpoint {
  /** `http://127.0.0.1:<port>`: pass as the endpoint URL. */
  readonly endpoint: string;
  /** Every request: operation name and decoded JSON body. */
  readonly log: { readonly operation: string; readonly body: Record<string, unknown> }[];
  readonly pageSize: { rules: number };
  readonly omitPatternFromList: Set<string>;
  /** Decides TestEventPattern `Result`; `pattern` is the text sent, `event` the parsed event. */
  testMatcher: (pattern: string, event: object) => boolean;
  /** Adds a rule to a bus (created on first use), in account 111122223333, region us-east-1. */
  addRule(bus: string, rule: StoredRule): void;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const TARGET_PREFIX = 'AWSEvents.';
const ACCOUNT = '111122223333';
const REGION = 'us-east-1';
const REQUIRED = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/** The project's own matcher, as the default stand-in for EventBridge's. */
export function projectMatcher(pattern: string, event: object): boolean {
  return parseEventPattern(pattern).matches(event);
}

/** Starts the endpoint on 127.0.0.1 with an ephemeral port. */
export async function startEventBridgeEndpoint(): Promise<EventBridgeEndpoint> {
  const buses = new Map<string, StoredRule[]>([['default', []]]);
  const log: EventBridgeEndpoint['log'] = [];
  const state = { pageSize: { rules: 100 }, testMatcher: projectMatcher };
  const omit = new Set<string>();

  const busOf = (body: Record<string, unknown>): [string, StoredRule[]] => {
    const given = typeof body['EventBusName'] === 'string' ? body['EventBusName'] : 'default';
    const name = given.replace(/^arn:aws:events:[^:]*:\d{12}:event-bus\//, '');
    const rules = buses.get(name);
    if (rules === undefined) throw new ApiError('ResourceNotFoundException', `Event bus ${name} does not exist.`);
    return [name, rules];
  };
  const wire = (bus: string, r: StoredRule): Record<string, unknown> => ({
    Name: r.Name,
    Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${bus === 'default' ? '' : `${bus}/`}${r.Name}`,
    ...(r.EventPattern !== undefined ? { EventPattern: r.EventPattern } : {}),
    State: r.State,
    ...(r.Description !== undefined ? { Description: r.Description } : {}),
    ...(r.ScheduleExpression !== undefined ? { ScheduleExpression: r.ScheduleExpression } : {}),
    EventBusName: bus,
  });

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    ListRules(body) {
      const [bus, rules] = busOf(body);
      const prefix = typeof body['NamePrefix'] === 'string' ? body['NamePrefix'] : '';
      const listed = rules
        .filter((r) => r.Name.startsWith(prefix))
        .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
        .map((r) => {
          const { EventPattern, ...rest } = wire(bus, r);
          return omit.has(r.Name) ? rest : { EventPattern, ...rest };
        });
      const token = body['NextToken'];
      const offset = typeof token === 'string' ? Number(Buffer.from(token, 'base64').toString('utf8').slice('offset:'.length)) : 0;
      const limit = typeof body['Limit'] === 'number' ? Math.min(body['Limit'], state.pageSize.rules) : state.pageSize.rules;
      const next = offset + limit;
      return { Rules: listed.slice(offset, next), ...(next < listed.length ? { NextToken: Buffer.from(`offset:${next}`).toString('base64') } : {}) };
    },
    DescribeRule(body) {
      const [bus, rules] = busOf(body);
      const rule = rules.find((r) => r.Name === body['Name']);
      if (rule === undefined) throw new ApiError('ResourceNotFoundException', `Rule ${String(body['Name'])} does not exist on EventBus ${bus}.`);
      return { ...wire(bus, rule), CreatedBy: ACCOUNT };
    },
    TestEventPattern(body) {
      const pattern = body['EventPattern'];
      const text = body['Event'];
      if (typeof pattern !== 'string' || typeof text !== 'string') throw new ApiError('ValidationException', 'EventPattern and Event are required');
      let event: unknown;
      try {
        event = JSON.parse(text);
      } catch {
        throw new ApiError('ValidationException', 'Parameter Event is not valid.');
      }
      if (event === null || typeof event !== 'object' || Array.isArray(event) || !REQUIRED.every((k) => k in event)) {
        throw new ApiError('ValidationException', 'Parameter Event is not valid.');
      }
      try {
        parseEventPattern(pattern);
      } catch (e) {
        if (e instanceof EventPatternError) throw new ApiError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${e.reason}`);
        throw e;
      }
      return { Result: state.testMatcher(pattern, event) };
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
        if (req.method !== 'POST' || req.url !== '/') throw new ApiError('UnknownOperationException', 'expected POST /');
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        log.push({ operation, body });
        const handler = operations[operation];
        if (handler === undefined) throw new ApiError('UnknownOperationException', `unknown operation ${target}`);
        reply(200, handler(body));
      } catch (error) {
        if (error instanceof ApiError) reply(400, { __type: error.type, message: error.message });
        else reply(500, { __type: 'InternalException', message: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    pageSize: state.pageSize,
    omitPatternFromList: omit,
    get testMatcher() {
      return state.testMatcher;
    },
    set testMatcher(matcher) {
      state.testMatcher = matcher;
    },
    addRule(bus, rule) {
      let rules = buses.get(bus);
      if (rules === undefined) buses.set(bus, (rules = []));
      rules.push(rule);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
