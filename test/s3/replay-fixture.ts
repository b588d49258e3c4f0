/**
 * A small trail of root and non-root records for replaying S3 under network faults in-process: the
 * objects, and `replayS3`, which runs the real engine and S3 source (real SDK) against an endpoint.
 * Records are written here, shaped as CloudTrail documents them (see test/root/records.ts).
 */
import { gzipSync } from 'node:zlib';
import { exitCodeOf } from '../../src/cli/commands/replay.js';
import { loadDetections, type LoadedDetections } from '../../src/dialects/index.js';
import { replay } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { createS3Source, type S3Source, type S3SourceOptions } from '../../src/sources/s3/source.js';
import { TEST_CREDENTIALS } from '../helpers/s3-server.js';
import { logKey } from './trail-fixture.js';

/** A gzipped log file of `count` records; every third is a root API call. Ids are `<tag>-<i>`. */
export function rootLogBody(tag: string, count: number): Uint8Array {
  const records = Array.from({ length: count }, (_, i) => {
    const root = i % 3 === 0;
    return {
      eventVersion: '1.09',
      userIdentity: root
        ? { type: 'Root', principalId: '111111111111', arn: 'arn:aws:iam::111111111111:root', accountId: '111111111111' }
        : { type: 'IAMUser', principalId: `AIDA${i}`, arn: `arn:aws:iam::111111111111:user/u${i}`, accountId: '111111111111', userName: `u${i}` },
      eventTime: `2024-03-05T12:${String(i % 60).padStart(2, '0')}:00Z`,
      eventSource: 'iam.amazonaws.com',
      eventName: root ? 'CreateAccessKey' : 'ListUsers',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.23',
      userAgent: 'aws-cli/2.15.30',
      requestID: `${tag}-request-${i}-${'x'.repeat(i % 17)}`,
      eventID: `${tag}-${i}`,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111111111111',
    };
  });
  return gzipSync(JSON.stringify({ Records: records }));
}

/** Objects `a`… as keys of one day folder and their bodies. */
export function rootTrail<N extends string>(names: readonly N[], count: number): { keys: Record<N, string>; objects: Map<string, Uint8Array> } {
  const keys = {} as Record<N, string>;
  const objects = new Map<string, Uint8Array>();
  for (const [i, name] of names.entries()) {
    keys[name] = logKey({ account: '111111111111', region: 'us-east-1', day: '2024-03-05', minute: i, n: i });
    objects.set(keys[name], rootLogBody(name, count));
  }
  return { keys, objects };
}

let detections: Promise<LoadedDetections> | undefined;

/** Replays `location` through the shipped detections; the report, its exit code and the source's counters. */
export async function replayS3(
  location: string,
  options: S3SourceOptions & { workers?: number },
): Promise<{ report: Report; code: number; source: S3Source }> {
  detections ??= loadDetections(['detections']);
  const { workers = 0, ...sourceOptions } = options;
  const source = createS3Source({ credentials: TEST_CREDENTIALS, backoff: { baseDelayMs: 1, maxDelayMs: 4 }, ...sourceOptions });
  try {
    const report = await replay({
      locations: [location],
      resolveSource: () => source,
      detections: await detections,
      workers,
      readAhead: () => 3,
      version: 'test',
      now: new Date('2024-03-06T00:00:00Z'),
    });
    return { report, code: exitCodeOf(report, false), source };
  } finally {
    source.close();
  }
}
