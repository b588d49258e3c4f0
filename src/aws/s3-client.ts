/**
 * Builds the S3 client every S3-reading part of trailproof shares (replay, integrity checks).
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { chainRegion } from './chain-region.js';
import { endpointRegion, FALLBACK_REGION, requestHandlerOptions, type AwsClientOptions } from './client-options.js';

/**
 * Creates an S3 client from the shared options.
 *
 * - Credentials: `options.credentials`, else the default provider chain (with `options.profile`).
 * - Region: `options.region`, else the chain's (environment, profile, instance metadata), else
 *   {@link FALLBACK_REGION}; `followRegionRedirects` lets a bucket in another region still answer. With
 *   an endpoint the region only signs requests: the environment's or the fallback, and no metadata
 *   lookup leaves the machine.
 * - Endpoint: `options.endpointUrl` with path-style addressing (S3-compatible stores, tests).
 * - Timeouts: `options.connectTimeoutMs` and `options.readTimeoutMs` (see `requestHandlerOptions`).
 * - Response checksums are validated only when a request asks for them: CloudTrail's own digests are the
 *   integrity check, and CRC-ing every byte of months of logs in JavaScript costs throughput.
 */
export function createS3Client(options: AwsClientOptions = {}): S3Client {
  const config: S3ClientConfig = {
    region:
      options.region ??
      (options.endpointUrl === undefined
        ? // Without a region from the chain: the records' one region, else the fallback; the bucket
          // answers in its own region whatever this is (followRegionRedirects).
          chainRegion(() => new S3Client(options.profile === undefined ? {} : { profile: options.profile }), () => options.recordRegion ?? FALLBACK_REGION)
        : endpointRegion()),
    followRegionRedirects: true,
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestChecksumCalculation: 'WHEN_REQUIRED',
    requestHandler: requestHandlerOptions(options, options.maxSockets ?? 50),
  };
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.credentials !== undefined) config.credentials = options.credentials;
  if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
  if (options.endpointUrl !== undefined) {
    config.endpoint = options.endpointUrl;
    config.forcePathStyle = true;
  }
  return new S3Client(config);
}
