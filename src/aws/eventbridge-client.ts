/**
 * Builds the EventBridge client used by `pull event-rules` and `verify-pattern --aws`. Rules live in one
 * Region, so, as for CloudWatch Logs, without an endpoint the region must come from the options or the
 * SDK chain; with an endpoint it only signs requests.
 */
import { EventBridgeClient, type EventBridgeClientConfig } from '@aws-sdk/client-eventbridge';
import { chainRegion } from './chain-region.js';
import { endpointRegion, requestHandlerOptions, type AwsClientOptions } from './client-options.js';

/** Said when no region can be found. */
export const NO_EVENTBRIDGE_REGION_MESSAGE = 'no AWS region for EventBridge: give --aws-region REGION or set AWS_REGION (rules live in one region)';

/** Creates an EventBridge client from the shared options (timeouts, retries, profile, endpoint). */
export function createEventBridgeClient(options: AwsClientOptions = {}): EventBridgeClient {
  const config: EventBridgeClientConfig = { requestHandler: requestHandlerOptions(options) };
  if (options.region !== undefined) config.region = options.region;
  else if (options.endpointUrl !== undefined) config.region = endpointRegion();
  else {
    config.region = chainRegion(
      () => new EventBridgeClient(options.profile === undefined ? {} : { profile: options.profile }),
      () => {
        throw new Error(NO_EVENTBRIDGE_REGION_MESSAGE);
      },
    );
  }
  if (options.profile !== undefined) config.profile = options.profile;
  if (options.credentials !== undefined) config.credentials = options.credentials;
  if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
  if (options.endpointUrl !== undefined) config.endpoint = options.endpointUrl;
  return new EventBridgeClient(config);
}
