/**
 * A real S3-compatible server on loopback for tests: the `fauxqs` emulator (in-memory), embedded in the
 * test process and bound to 127.0.0.1 on an ephemeral port.
 *
 * Why fauxqs and not s3rver (issue 4, checked on Node 20): fauxqs@1.9 answers ListObjectsV2 with correct
 * `CommonPrefixes` for nested keys and pages with continuation tokens past 1,000 keys; s3rver@3.7
 * returns no `CommonPrefixes` for nested keys (so delimiter discovery of accounts/regions/days cannot be
 * tested) and needs `--openssl-legacy-provider` to page past 1,000 keys.
 *
 * `startFauxqs()` listens on 0.0.0.0; tests must stay on loopback, so the app is built with `buildApp()`
 * and bound to 127.0.0.1 here.
 *
 * Caveat (fauxqs 1.9 `s3Store.listObjects`): keys are ordered with `localeCompare`, not S3's byte order,
 * so fixture keys should differ only in digits at the same positions (CloudTrail keys do) to keep
 * continuation tokens consistent.
 */
import http from 'node:http';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { buildApp } from 'fauxqs';

/** Fake static credentials: the SDK never consults the provider chain (no instance-metadata lookups). */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** A running emulator and a client pointed straight at it (for fixture setup). */
export interface S3TestServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Path-style client on the emulator, for putting and deleting fixture objects. */
  readonly client: S3Client;
  /**
   * Creates a bucket and puts objects (`key → body`). Objects go in as plain path-style PUTs (the
   * emulator checks no signatures): fixture setup is not under test, and it is several times faster than
   * signing a thousand SDK requests.
   */
  seed(bucket: string, objects: ReadonlyMap<string, Uint8Array | string>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts fauxqs on 127.0.0.1 with an ephemeral port. */
export async function startS3Server(): Promise<S3TestServer> {
  const app = buildApp({ logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const endpoint = address.replace('localhost', '127.0.0.1');
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
  });
  return {
    endpoint,
    client,
    async seed(bucket, objects) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
      try {
        await Promise.all([...objects].map(([key, body]) => put(agent, `${endpoint}/${bucket}/${encodeKey(key)}`, body)));
      } finally {
        agent.destroy();
      }
    },
    async stop() {
      client.destroy();
      await app.close();
    },
  };
}

/** One PUT of a body, resolved when the emulator has answered 200. */
function put(agent: http.Agent, url: string, body: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', agent, headers: { 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`PUT ${url}: ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Percent-encodes each path segment of a key, keeping the slashes. */
function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
