/**
 * Sorting AWS SDK and socket failures into what a replay should do with them: retry, or give up and
 * report a `SourceError` of a given kind.
 */
import type { SourceError } from '../sources/types.js';

/** What a failed request means to the caller. */
export interface FailureInfo {
  /** The `SourceError` kind to report when giving up. */
  readonly kind: SourceError['kind'];
  /** True when trying again can help (throttling, 5xx, dropped connections). */
  readonly retryable: boolean;
  /** HTTP status, when the server answered. */
  readonly status: number | null;
  /** Error code (`SlowDown`, `NoSuchKey`, `ECONNRESET`...) or the error's name. */
  readonly code: string;
  /** A short lowercase description for messages. */
  readonly detail: string;
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket', 'ResourceNotFoundException']);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'AllAccessDisabled',
]);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'LimitExceededException',
]);
/** Socket-level codes (Node and the SDK's HTTP handler) after which a new connection may succeed. */
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TruncatedBody',
  'SlowBody',
]);
/** A response that does not match what the listing said (`SizeMismatch`): a second request may. */
const MISMATCHED = new Set(['SizeMismatch']);

/** What a missing-credentials failure says. */
export const NO_CREDENTIALS = 'no AWS credentials found: give --profile NAME or set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';

/** How each kind of final failure reads in a message (`<uri>: access denied while listing (…)`). */
export const FAILURE_WORDS: Readonly<Record<SourceError['kind'], string>> = {
  'not-found': 'not found',
  'access-denied': 'access denied',
  throttled: 'still throttled',
  network: 'connection failed',
  'invalid-location': 'invalid location',
  other: 'request failed',
};

/** Classifies any thrown value from an SDK call or a response body stream. */
export function classifyFailure(error: unknown): FailureInfo {
  const record = isRecord(error) ? error : {};
  const metadata = isRecord(record['$metadata']) ? record['$metadata'] : {};
  const status = typeof metadata['httpStatusCode'] === 'number' ? metadata['httpStatusCode'] : null;
  const code = firstString(record['Code'], record['code'], record['name']) ?? 'Error';
  const message = typeof record['message'] === 'string' ? record['message'] : String(error);

  // The SDK found no credentials anywhere in its chain: say where they come from, not its internals.
  if (code === 'CredentialsProviderError') {
    return { kind: 'access-denied', retryable: false, status, code, detail: NO_CREDENTIALS };
  }
  if (NOT_FOUND.has(code) || status === 404) return info('not-found', false, status, code, message);
  if (ACCESS_DENIED.has(code) || status === 403) return info('access-denied', false, status, code, message);
  if (THROTTLED.has(code) || status === 503 || status === 429) {
    return info('throttled', true, status, code, message);
  }
  if (status !== null && status >= 500) return info('other', true, status, code, message);
  if (MISMATCHED.has(code)) return info('other', true, status, code, message);
  if (NETWORK.has(code) || (status === null && isSocketMessage(message))) {
    return info('network', true, status, code, message);
  }
  return info('other', false, status, code, message);
}

function info(
  kind: SourceError['kind'],
  retryable: boolean,
  status: number | null,
  code: string,
  message: string,
): FailureInfo {
  const prefix = status === null ? code : `${status} ${code}`;
  const detail = message === '' || message === code ? prefix : `${prefix}: ${message}`;
  return { kind, retryable, status, code, detail };
}

/** Node reports a body cut short as `aborted` / `socket hang up` with varying codes. */
function isSocketMessage(message: string): boolean {
  return message === 'aborted' || message.includes('socket hang up') || message.includes('premature close');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

/**
 * A failed AWS call outside a replay source (`pull metric-filters`, `verify-filter --aws`), with the
 * same kinds as `SourceError` so the CLI maps both to the same messages and exit codes.
 */
export class AwsCallError extends Error {
  readonly kind: FailureInfo['kind'];
  /** The API operation that failed (`DescribeMetricFilters`...). */
  readonly operation: string;
  constructor(operation: string, failure: FailureInfo, context: string, options?: { cause?: unknown }) {
    super(`${operation} failed for ${context} (${failure.detail})`, options);
    this.name = 'AwsCallError';
    this.kind = failure.kind;
    this.operation = operation;
  }
}
