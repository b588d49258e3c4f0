/**
 * Brief overview: the `cwlogs://<log-group>` source.
 *
 * Takes a log group that a trail delivers to and a `SelectionFilter`; gives one `SourceObject` per log
 * stream whose `open()` yields JSON Lines (one CloudTrail record per line) for the time window, read with
 * FilterLogEvents. The engine parses them like any JSON Lines file. Credentials and endpoint come from the
 * shared AWS options (`src/aws/client-options.ts`).
 *
 * ```ts
 * const source = createCwLogsSource({ region: 'us-east-1', logStreamPrefix: '111111111111_CloudTrail_' });
 * for await (const object of source.list('cwlogs://aws-cloudtrail-logs', { since: new Date('2024-03-05T00:00:00Z') })) {
 *   for await (const chunk of object.open()) consume(object.uri, chunk);
 * }
 * ```
 */
export { createCwLogsSource, cwLogsSource, DEFAULT_TIME_PADDING_MS } from './source.js';
export type { CwLogsSource, CwLogsSourceOptions, CwLogsSourceStats } from './source.js';
export { parseCwLogsLocation, isCwLogsLocation, parseCloudTrailStreamName } from './location.js';
export type { LogGroupRef } from './location.js';
