/**
 * `replay --verify-integrity`: checks the CloudTrail digest files of each replayed location for the
 * replay window, so a replay of tampered or incomplete history says so.
 */
import { existsSync } from 'node:fs';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { basename, dirname, resolve, sep } from 'node:path';
import { createS3Client } from '../aws/s3-client.js';
import { networkLimits, requestHandlerOptions, type AwsClientOptions } from '../aws/client-options.js';
import {
  CloudTrailPublicKeyProvider,
  LocalFolderStore,
  loadPublicKeyFiles,
  renderIntegrityReport,
  S3ObjectStore,
  verifyIntegrity,
  type IntegrityReport,
  type ObjectStore,
  type PublicKeyProvider,
} from '../integrity/index.js';
import type { IntegrityResult } from '../report/model.js';
import { parseS3Location } from '../sources/s3/index.js';
import type { SelectionFilter } from '../sources/types.js';
import { UsageError } from './exit-codes.js';

/** The store and key prefix (above `AWSLogs/`) of one location. */
function storeOf(location: string, aws: AwsClientOptions): { store: ObjectStore; prefix: string } {
  if (location.startsWith('s3://')) {
    const { bucket, prefix } = parseS3Location(location);
    const at = prefix.indexOf('AWSLogs/');
    const { minThroughput, readTimeoutMs } = networkLimits(aws);
    const throughput = { minBytesPerSecond: minThroughput, windowMs: readTimeoutMs };
    return { store: new S3ObjectStore({ client: createS3Client(aws), bucket, throughput }), prefix: at === -1 ? prefix : prefix.slice(0, at) };
  }
  if (location.startsWith('cwlogs://')) throw new UsageError('--verify-integrity needs the trail\'s S3 archive (or a copy of it); CloudWatch Logs has no digest files');
  // A local copy: the store's root is the folder holding AWSLogs/.
  const full = resolve(location);
  const parts = full.split(sep);
  const at = parts.lastIndexOf('AWSLogs');
  const root = at !== -1 ? parts.slice(0, at).join(sep) || sep : basename(full) === 'AWSLogs' ? dirname(full) : full;
  if (!existsSync(resolve(root, 'AWSLogs'))) throw new UsageError(`--verify-integrity: no AWSLogs/ folder at or above ${location}`);
  return { store: new LocalFolderStore(root), prefix: '' };
}

/** Summarises an integrity report for the replay report. */
function toResult(location: string, r: IntegrityReport): IntegrityResult {
  return {
    location,
    ok: r.ok,
    digestsChecked: r.digestsChecked,
    logFilesChecked: r.logFilesChecked,
    findings: r.problems
      .filter((p) => p.severity !== 'info')
      .map((p) => ({ kind: p.kind, severity: p.severity === 'error' ? 'error' : 'warning', location: p.location, detail: p.detail })),
  };
}

/** Verifies every location; returns the results and their plain-text rendering. */
export async function checkIntegrity(
  locations: readonly string[],
  filter: SelectionFilter,
  publicKeyFiles: readonly string[] | undefined,
  aws: AwsClientOptions,
  failOnGaps: boolean,
): Promise<{ results: IntegrityResult[]; text: string }> {
  if (filter.since === undefined) throw new UsageError('--verify-integrity needs --since (the window whose digests are checked)');
  let keys: PublicKeyProvider;
  if (publicKeyFiles !== undefined && publicKeyFiles.length > 0) {
    keys = await loadPublicKeyFiles(publicKeyFiles.map((path) => ({ path })));
  } else {
    keys = new CloudTrailPublicKeyProvider({
      clientForRegion: (region) =>
        new CloudTrailClient({
          region,
          requestHandler: requestHandlerOptions(aws),
          ...(aws.profile !== undefined ? { profile: aws.profile } : {}),
          ...(aws.credentials !== undefined ? { credentials: aws.credentials } : {}),
        }),
    });
  }
  const results: IntegrityResult[] = [];
  const texts: string[] = [];
  for (const location of locations) {
    const { store, prefix } = storeOf(location, aws);
    const report = await verifyIntegrity({
      store,
      prefix,
      ...(filter.accounts !== undefined ? { accounts: filter.accounts } : {}),
      ...(filter.regions !== undefined ? { regions: filter.regions } : {}),
      since: filter.since,
      until: filter.until ?? new Date(),
      keys,
      failOnGaps,
    });
    results.push(toResult(location, report));
    texts.push(`integrity of ${location}\n${renderIntegrityReport(report)}`);
  }
  return { results, text: texts.join('\n') };
}
