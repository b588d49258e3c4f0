/**
 * Sources: where records come from. Brief overview: the CLI hands each location the user typed to
 * `resolveSource`, which picks the source that accepts it (`s3://`, `cwlogs://`, `-` for standard input,
 * else a local path).
 * A source lists `SourceObject`s (named byte streams), pruned by the replay's time window, accounts and
 * regions where the CloudTrail layout allows; the engine reads and evaluates them. A new source is one
 * folder exporting a `Source` plus one line in `resolveSource`.
 *
 * ```ts
 * const source = resolveSource('fixtures/AWSLogs', {});
 * for await (const obj of source.list('fixtures/AWSLogs', { regions: ['us-east-1'] })) console.log(obj.uri);
 * ```
 */
import type { AwsClientOptions } from '../aws/client-options.js';
import { localSource } from './local/index.js';
import { createStdinSource } from './stdin/index.js';
import type { SelectionFilter, Source, SourceObject } from './types.js';

/** Options for sources that talk to AWS. */
export interface SourceOptions extends AwsClientOptions {
  /** Objects fetched concurrently from S3. */
  readonly concurrency?: number;
  /** CloudWatch Logs: only streams whose name starts with this. */
  readonly logStreamPrefix?: string;
}

/**
 * A source whose module is imported on first use: the AWS SDK clients take a third of a second to
 * load, which a replay of local files should not pay.
 */
function lazySource(id: string, scheme: string, load: () => Promise<Source>): Source {
  let loaded: Promise<Source> | null = null;
  return {
    id,
    accepts: (location) => location.startsWith(scheme),
    async *list(location: string, filter: SelectionFilter): AsyncIterable<SourceObject> {
      loaded ??= load();
      yield* (await loaded).list(location, filter);
    },
  };
}

let stdinSource: Source | null = null;

/** Picks the source for a location. */
export function resolveSource(location: string, options: SourceOptions): Source {
  if (location === '-') return (stdinSource ??= createStdinSource());
  if (location.startsWith('s3://')) return lazySource('s3', 's3://', async () => (await import('./s3/index.js')).createS3Source(options));
  if (location.startsWith('cwlogs://')) return lazySource('cwlogs', 'cwlogs://', async () => (await import('./cwlogs/index.js')).createCwLogsSource(options));
  return localSource;
}

export type { SelectionFilter, Source, SourceObject } from './types.js';
export { SourceError } from './types.js';
