/**
 * How trailproof reaches AWS: the options every AWS-facing command shares, resolved once into SDK client
 * configuration.
 *
 * Credentials come from the SDK's default provider chain (environment, shared config and credentials
 * files, SSO, web identity, container and instance metadata) unless a profile or explicit credentials are
 * given. An endpoint URL (MinIO, LocalStack, a test server) switches S3 to path-style addressing, because
 * such stores rarely resolve `bucket.host` names.
 */
import type { S3ClientConfig } from '@aws-sdk/client-s3';

/** Static or provided credentials, in the shape the SDK clients accept. */
export type AwsCredentialsInput = NonNullable<S3ClientConfig['credentials']>;

/** Options shared by every AWS client trailproof builds (`--profile`, `--region`, `--endpoint-url`). */
export interface AwsClientOptions {
  /** Named profile from the shared config/credentials files (`--profile`); default: the SDK chain. */
  readonly profile?: string;
  /** Region (`--aws-region`); default: the SDK chain (`AWS_REGION`, profile), then `recordRegion`. */
  readonly region?: string;
  /**
   * The one region the replay selects records of (a single `--region`), used for the client only when
   * neither `region` nor the SDK chain names one: a log group is read in the region it lives in.
   */
  readonly recordRegion?: string;
  /** Custom endpoint (`--endpoint-url`); S3 then uses path-style addressing. */
  readonly endpointUrl?: string;
  /**
   * Explicit credentials, bypassing the provider chain. Tests pass fake static keys so that the SDK never
   * looks for instance metadata.
   */
  readonly credentials?: AwsCredentialsInput;
  /** Attempts the SDK itself makes per request (its standard retry mode); default 3. */
  readonly maxAttempts?: number;
  /** Upper bound on sockets per client; default 50 (the SDK's). */
  readonly maxSockets?: number;
  /** Longest wait for a connection to be established, in ms (`--connect-timeout`). */
  readonly connectTimeoutMs?: number;
  /** Longest a connection may stay silent while a request or its response is under way, in ms (`--read-timeout`). */
  readonly readTimeoutMs?: number;
  /**
   * Least bytes per second an object body must average over each read-timeout window in which bytes
   * arrive (`--min-throughput`); 0 turns the rule off. A complete stall is the read timeout's to catch.
   */
  readonly minThroughput?: number;
}

/** Default `--connect-timeout`: 10 s (a connection on a working network takes milliseconds). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Default `--read-timeout`: 30 s of silence (S3 and CloudWatch Logs answer within a few seconds). */
export const DEFAULT_READ_TIMEOUT_MS = 30_000;
/** Default `--min-throughput`: 1 KiB/s (a 1 MB log file in under 17 minutes). */
export const DEFAULT_MIN_THROUGHPUT = 1024;

/** The network timeouts of a client, defaults filled in. */
export interface NetworkLimits {
  readonly connectTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly minThroughput: number;
}

/** The options' timeouts and throughput rule, with the defaults for those not given. */
export function networkLimits(options: AwsClientOptions): NetworkLimits {
  return {
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    readTimeoutMs: options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS,
    minThroughput: options.minThroughput ?? DEFAULT_MIN_THROUGHPUT,
  };
}

/**
 * The SDK HTTP handler settings every client gets: keep-alive sockets, a connection timeout and a
 * socket idle timeout (`socketTimeout`, which also covers a response body that stops arriving; the
 * SDK's `requestTimeout` only warns). Both fail the request with a `TimeoutError`, which is retried
 * like a dropped connection.
 */
export function requestHandlerOptions(
  options: AwsClientOptions,
  maxSockets?: number,
): { connectionTimeout: number; socketTimeout: number; httpAgent: AgentOptions; httpsAgent: AgentOptions } {
  const limits = networkLimits(options);
  const agent: AgentOptions = maxSockets === undefined ? { keepAlive: true } : { keepAlive: true, maxSockets };
  return { connectionTimeout: limits.connectTimeoutMs, socketTimeout: limits.readTimeoutMs, httpAgent: agent, httpsAgent: agent };
}

/** The agent settings passed to the SDK's HTTP handler. */
interface AgentOptions {
  readonly keepAlive: boolean;
  readonly maxSockets?: number;
}

/** Region used for S3 when neither the options nor the SDK chain name one (S3 follows region redirects). */
export const FALLBACK_REGION = 'us-east-1';

/**
 * The signing region for a custom endpoint when none is given: `AWS_REGION` / `AWS_DEFAULT_REGION`, else
 * {@link FALLBACK_REGION}. The SDK's own chain is not consulted, because it ends with an instance-metadata
 * lookup that has no business leaving the machine when the store is local.
 */
export function endpointRegion(): string {
  return process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? FALLBACK_REGION;
}

/** Checks an `--endpoint-url` value; returns an error message, or null when it is usable. */
export function checkEndpointUrl(endpointUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(endpointUrl);
  } catch {
    return `invalid endpoint url '${endpointUrl}': expected an absolute http:// or https:// url`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `invalid endpoint url '${endpointUrl}': expected http:// or https://, found '${url.protocol}'`;
  }
  return null;
}
