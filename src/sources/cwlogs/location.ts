/**
 * Parsing `cwlogs://<log-group>` locations and naming the objects listed from them.
 */
import { SourceError } from '../types.js';

/** True for `cwlogs://…` locations (scheme case-insensitive). */
export function isCwLogsLocation(location: string): boolean {
  return location.length > 9 && location.slice(0, 9).toLowerCase() === 'cwlogs://';
}

/** The log group a location names: a name, or an ARN (passed as `logGroupIdentifier`). */
export interface LogGroupRef {
  readonly name: string;
  readonly isArn: boolean;
}

/** Log group names: 1-512 of `[A-Za-z0-9_/.#-]` (PutLogGroup / CreateLogGroup API reference). */
const LOG_GROUP_NAME = /^[A-Za-z0-9_/.#-]{1,512}$/;

/**
 * Parses `cwlogs://<log-group>`; everything after the scheme is the group name (names may contain `/`),
 * or an `arn:…:log-group:<name>` ARN.
 *
 * @throws SourceError of kind `invalid-location` when the name is empty or has characters log group
 * names cannot have.
 */
export function parseCwLogsLocation(location: string): LogGroupRef {
  if (!isCwLogsLocation(location)) {
    throw new SourceError('invalid-location', location, `expected a cwlogs://<log-group> location, found '${location}'`);
  }
  const name = location.slice(9);
  if (name.startsWith('arn:')) return { name: name.endsWith(':*') ? name.slice(0, -2) : name, isArn: true };
  if (!LOG_GROUP_NAME.test(name)) {
    const found = name === '' ? 'nothing' : `'${name}'`;
    throw new SourceError(
      'invalid-location',
      location,
      `expected a log group name (letters, digits, '_', '-', '/', '.', '#') after cwlogs://, found ${found}`,
    );
  }
  return { name, isArn: false };
}

/** The URI shown in reports for one log stream. */
export function cwLogsUri(group: LogGroupRef, stream: string): string {
  return `cwlogs://${group.name}/${stream}`;
}

/** CloudTrail's stream names: `<account>_CloudTrail_<region>`, plus `_<n>` for busy streams. */
const CLOUDTRAIL_STREAM = /^(\d{12})_CloudTrail_([a-z]{2}(?:-[a-z]+)+-\d+)(?:_\d+)?$/;

/**
 * Account and region read from a CloudTrail stream name
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-log-group-log-stream-naming-for-cloudtrail.html),
 * or null for other names.
 */
export function parseCloudTrailStreamName(stream: string): { readonly account: string; readonly region: string } | null {
  const match = CLOUDTRAIL_STREAM.exec(stream);
  return match === null ? null : { account: match[1] as string, region: match[2] as string };
}
