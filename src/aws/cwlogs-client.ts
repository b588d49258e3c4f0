/**
 * Builds the CloudWatch Logs client used by the `cwlogs://` source, `pull metric-filters` and
 * `verify-filter --aws`.
 */
import { CloudWatchLogsClient, type CloudWatchLogsClientConfig } from '@aws-sdk/client-cloudwatch-logs';
import { chainRegion } from './chain-region.js';
import { endpointRegion, FALLBACK_REGION, requestHandlerOptions, type AwsClientOptions } from './client-options.js';

/** Said when no region can be found: names both ways to give one. */
export const NO_REGION_MESSAGE = 'no AWS region for CloudWatch Logs: give --aws-region REGION or set AWS_REGION (a single --region, which selects records, is used too)';

/**
 * Creates a CloudWatch Logs client from the shared options. Unlike S3, a log group lives in one region, so
 * without an endpoint the region must come from the options or the SDK chain (the SDK reports
 * "Region is missing" otherwise); with an endpoint the region only signs requests and falls back to
 * {@link FALLBACK_REGION}. Connection and read timeouts as for S3 (`requestHandlerOptions`). Throttling, timeouts and dropped connections are retried by the SDK's standard retry mode (`maxAttempts`).
 */
export function createCwLogsClient(options: AwsClientOptions = {}): CloudWatchLogsClient {
  const config: CloudWatchLogsClientConfig = {
    requestHandler: requestHandlerOptions(options),
  };
  if (options.region !== undefined) config.region = options.region;
  else if (options.endpointUrl !== undefined) config.region = endpointRegion();
  else {
    // The chain's region, else the records' one region, else a clear error instead of the SDK's
    // "Region is missing".
    const recordRegion = options.recordRegion;
    config.region = chainRegion(
      () => new CloudWatchLogsClient(options.profile === undefined ? {} : { profile: options.profile }),
      () => {
        if (recordRegion === undefined) throw new Error(NO_REGION_MESSAGE);
        return recordRegion;
      },
    );
  }
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.credentials !== undefined) config.credentials = options.credentials;
  if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
  if (options.endpointUrl !== undefined) config.endpoint = options.endpointUrl;
  return new CloudWatchLogsClient(config);
}
