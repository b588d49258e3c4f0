/**
 * A small HTTP proxy for S3 tests: forwards path-style S3 requests to the emulator and injects faults
 * the way S3 and networks produce them (S3 error XML with a status and code, a connection dropped
 * mid-body, a server or a body that stalls or trickles, a body corrupted or cut short in transit), while logging every request so tests can assert what was listed and fetched.
 *
 * Error shape: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (`<Error><Code>…`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What to do instead of (or while) forwarding a request. */
export type Fault =
  /** Answer with an S3 error document (`503 SlowDown`, `500 InternalError`, `403 AccessDenied`...). */
  | { readonly type: 'status'; readonly status: number; readonly code: string }
  /** Forward, but cut the connection after this many body bytes. */
  | { readonly type: 'reset-body'; readonly afterBytes: number }
  /** Forward without the `Range` header, as a store that ignores ranges would answer (200, whole body). */
  | { readonly type: 'ignore-range' }
  /** Run an action (change the object behind the proxy's back...), then forward. */
  | { readonly type: 'before'; readonly label: string; readonly action: () => Promise<void> }
  /** Accept the request and never answer (a hung server). */
  | { readonly type: 'stall' }
  /** Send the status, the headers and this many body bytes, then nothing more (a stalled body). */
  | { readonly type: 'stall-body'; readonly afterBytes: number }
  /** Send the body one byte every `intervalMs` (a link that all but stopped). */
  | { readonly type: 'trickle'; readonly intervalMs: number }
  /** Invert the body byte at `at` (corruption in transit that TCP's checksum missed). */
  | { readonly type: 'flip-byte'; readonly at: number }
  /** Send only the first `length` bytes, with a `Content-Length` announcing just those. */
  | { readonly type: 'truncate'; readonly length: number };

/** Faults that forward the request and reshape the response body. */
type BodyFault = Extract<Fault, { type: 'stall-body' | 'trickle' | 'flip-byte' | 'truncate' }>;

/** Which requests a rule applies to, and how many times. */
export interface FaultRule {
  /** `get` for GetObject, `list` for ListObjectsV2. */
  readonly operation: 'get' | 'list';
  /** Exact key (get) or prefix (list); any when absent. */
  readonly key?: string;
  /** Only GETs with (true) or without (false) a `Range` header; either when absent. */
  readonly ranged?: boolean;
  /** How many matching requests get the fault (default: all). */
  times?: number;
  readonly fault: Fault;
}

/** One request as the proxy saw it. */
export interface ProxyLogEntry {
  readonly operation: 'get' | 'list' | 'other';
  /** Object key (get) or `prefix` parameter (list). */
  readonly key: string;
  readonly delimiter: string | null;
  readonly continuationToken: string | null;
  /** The `Range` header, when sent. */
  readonly range: string | null;
  readonly ifMatch: string | null;
  /** The injected fault's description, or null when forwarded untouched. */
  readonly fault: string | null;
}

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: pass as the endpoint URL. */
  readonly endpoint: string;
  readonly log: ProxyLogEntry[];
  readonly rules: FaultRule[];
  /** Highest number of GetObject responses open at once. */
  readonly maxConcurrentGets: number;
  /** Holds every GetObject until this many are waiting at once (or `releaseAfterMs` passes), then lets all through. */
  holdGetsUntil(count: number, releaseAfterMs: number): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 in front of `target` (`http://127.0.0.1:<port>`). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const log: ProxyLogEntry[] = [];
  const rules: FaultRule[] = [];
  let openGets = 0;
  let maxConcurrentGets = 0;
  let hold: { count: number; waiting: (() => void)[]; timer: NodeJS.Timeout } | null = null;

  function releaseHeld(): void {
    if (hold === null) return;
    clearTimeout(hold.timer);
    for (const go of hold.waiting) go();
    hold = null;
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const [, , ...rest] = url.pathname.split('/');
    const objectKey = decodeURIComponent(rest.join('/'));
    const isList = req.method === 'GET' && objectKey === '' && url.searchParams.get('list-type') === '2';
    const operation = isList ? 'list' : req.method === 'GET' && objectKey !== '' ? 'get' : 'other';
    const key = operation === 'list' ? (url.searchParams.get('prefix') ?? '') : objectKey;
    const rule = rules.find(
      (r) =>
        r.operation === operation &&
        (r.times === undefined || r.times > 0) &&
        (r.key === undefined || (operation === 'list' ? key.startsWith(r.key) : key === r.key)) &&
        (r.ranged === undefined || r.ranged === (header(req, 'range') !== null)),
    );
    if (rule?.times !== undefined) rule.times--;
    log.push({
      operation,
      key,
      delimiter: url.searchParams.get('delimiter'),
      continuationToken: url.searchParams.get('continuation-token'),
      range: header(req, 'range'),
      ifMatch: header(req, 'if-match'),
      fault: rule === undefined ? null : describe(rule.fault),
    });
    if (rule?.fault.type === 'status') {
      req.resume();
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${rule.fault.code}</Code><Message>injected by the test proxy</Message><RequestId>FAULT</RequestId></Error>`;
      res.writeHead(rule.fault.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    if (rule?.fault.type === 'stall') {
      // Read the request, answer nothing; the connection is closed by the client or by close().
      req.resume();
      return;
    }
    const cutAfter = rule?.fault.type === 'reset-body' ? rule.fault.afterBytes : null;
    const reshape = rule !== undefined && isBodyFault(rule.fault) ? rule.fault : null;
    const forward = (): void => {
      if (operation === 'get') {
        openGets++;
        maxConcurrentGets = Math.max(maxConcurrentGets, openGets);
        // 'finish' (last byte handed to the OS) comes before the client can see the end and ask for
        // the next object; 'close' covers responses that never finish.
        let open = true;
        const done = (): void => {
          if (open) openGets--;
          open = false;
        };
        res.on('finish', done);
        res.on('close', done);
      }
      const headers = { ...req.headers };
      if (rule?.fault.type === 'ignore-range') delete headers['range'];
      const proxied = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (up) => {
          if (reshape !== null) {
            reshapeBody(up, res, reshape);
            return;
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          if (cutAfter === null) {
            up.pipe(res);
            return;
          }
          // Deliver the partial body, then end the connection before the announced length.
          const cut = (): void => {
            up.destroy();
            res.socket?.end();
          };
          if (cutAfter === 0) {
            res.flushHeaders();
            cut();
            return;
          }
          let sent = 0;
          up.on('data', (chunk: Buffer) => {
            if (sent >= cutAfter) return;
            const part = chunk.subarray(0, cutAfter - sent);
            sent += part.length;
            res.write(part);
            if (sent >= cutAfter) cut();
          });
          up.on('end', () => res.end());
        },
      );
      proxied.on('error', () => res.destroy());
      req.pipe(proxied);
    };
    if (rule?.fault.type === 'before') {
      rule.fault.action().then(forward, () => res.destroy());
      return;
    }
    if (operation === 'get' && hold !== null) {
      hold.waiting.push(forward);
      if (hold.waiting.length >= hold.count) releaseHeld();
      return;
    }
    forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    rules,
    get maxConcurrentGets() {
      return maxConcurrentGets;
    },
    holdGetsUntil(count, releaseAfterMs) {
      releaseHeld();
      hold = { count, waiting: [], timer: setTimeout(releaseHeld, releaseAfterMs) };
    },
    async close() {
      releaseHeld();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isBodyFault(fault: Fault): fault is BodyFault {
  return fault.type === 'stall-body' || fault.type === 'trickle' || fault.type === 'flip-byte' || fault.type === 'truncate';
}

/** Reads the upstream body whole (test objects are small), then answers with it as `fault` says. */
function reshapeBody(up: http.IncomingMessage, res: http.ServerResponse, fault: BodyFault): void {
  const chunks: Buffer[] = [];
  up.on('data', (chunk: Buffer) => chunks.push(chunk));
  up.on('end', () => {
    let body = Buffer.concat(chunks);
    const headers = { ...up.headers };
    if (fault.type === 'flip-byte' && fault.at < body.length) {
      body = Buffer.from(body);
      body[fault.at] = (body[fault.at] as number) ^ 0xff;
    }
    if (fault.type === 'truncate') {
      body = body.subarray(0, fault.length);
      headers['content-length'] = String(body.length);
    }
    res.writeHead(up.statusCode ?? 502, headers);
    if (fault.type === 'stall-body') {
      res.flushHeaders();
      if (fault.afterBytes > 0) res.write(body.subarray(0, fault.afterBytes));
      return;
    }
    if (fault.type === 'trickle') {
      res.flushHeaders();
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= body.length) {
          clearInterval(timer);
          res.end();
          return;
        }
        res.write(body.subarray(sent, sent + 1));
        sent++;
      }, fault.intervalMs);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.end(body);
  });
}

function header(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

function describe(fault: Fault): string {
  switch (fault.type) {
    case 'status':
      return `${fault.status} ${fault.code}`;
    case 'reset-body':
      return `reset after ${fault.afterBytes} bytes`;
    case 'ignore-range':
      return 'range ignored';
    case 'before':
      return fault.label;
    case 'stall':
      return 'stalled';
    case 'stall-body':
      return `body stalled after ${fault.afterBytes} bytes`;
    case 'trickle':
      return `trickled 1 byte per ${fault.intervalMs} ms`;
    case 'flip-byte':
      return `byte ${fault.at} flipped`;
    case 'truncate':
      return `truncated to ${fault.length} bytes`;
  }
}
