/**
 * A small CloudTrail trail for the scale-out tests, written here: root sign-in failures forming a
 * 3-in-10-minutes burst across three files (so most cuts split it), one event delivered again in the
 * next day's folder, non-root records for false-alarm samples, and a file that is not a log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A Sigma base rule and an event_count correlation over it (3 failures from one address in 10 minutes). */
export const CORRELATION = `title: Root sign-in failure
name: root_signin_failure
id: 0b5f5c7e-1d2a-4a55-9a43-0d5d1c1f9a01
logsource: {product: aws, service: cloudtrail}
detection:
  s:
    eventName: ConsoleLogin
    userIdentity.type: Root
    responseElements.ConsoleLogin: Failure
  condition: s
---
title: Repeated root sign-in failures from one address
id: 6f1e9d3c-5b7a-4e2f-8c1d-2a3b4c5d6e7f
correlation:
  type: event_count
  rules: [root_signin_failure]
  group-by: [sourceIPAddress]
  timespan: 10m
  condition: {gte: 3}
  generate: true
`;

export const ACCOUNT = '111122223333';
function record(id: string, time: string, root: boolean, ip = '203.0.113.5'): object {
  return {
    eventVersion: '1.08',
    userIdentity: root
      ? { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT }
      : { type: 'IAMUser', principalId: 'AIDAX', arn: `arn:aws:iam::${ACCOUNT}:user/u`, accountId: ACCOUNT, userName: 'u' },
    eventTime: time,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: ip,
    userAgent: 'Mozilla/5.0',
    errorMessage: 'Failed authentication',
    responseElements: { ConsoleLogin: 'Failure' },
    additionalEventData: { MFAUsed: 'No' },
    eventID: id,
    eventType: 'AwsConsoleSignIn',
    recipientAccountId: ACCOUNT,
  };
}

/** Writes the trail under `dir`; returns its `AWSLogs` folder. */
export function writeTrail(dir: string): string {
  const day = (d: string) => join(dir, 'AWSLogs', ACCOUNT, 'CloudTrail', 'us-east-1', '2026', '03', d);
  const file = (d: string, minute: number, records: object[]) => {
    mkdirSync(day(d), { recursive: true });
    const name = `${ACCOUNT}_CloudTrail_us-east-1_202603${d}T10${String(minute).padStart(2, '0')}Z_abc${minute}.json.gz`;
    writeFileSync(join(day(d), name), gzipSync(JSON.stringify({ Records: records })));
  };
  const noise = (tag: string, n: number) => Array.from({ length: n }, (_, i) => record(`${tag}-n${i}`, `2026-03-01T09:${String(i).padStart(2, '0')}:00Z`, false, `198.51.100.${i}`));
  file('01', 0, [...noise('a', 6), record('f1', '2026-03-01T10:00:00Z', true)]);
  file('01', 5, [record('f2', '2026-03-01T10:02:00Z', true), ...noise('b', 7)]);
  file('01', 10, [...noise('c', 5), record('f3', '2026-03-01T10:04:00Z', true), record('g1', '2026-03-01T10:03:00Z', true, '192.0.2.1')]);
  file('01', 15, noise('d', 9));
  file('02', 0, [record('f2', '2026-03-01T10:02:00Z', true), ...noise('e', 4)]);
  file('02', 20, [record('f5', '2026-03-01T12:00:00Z', true), ...noise('f', 3)]);
  writeFileSync(join(day('02'), 'notes.txt.md'), 'not a log');
  return join(dir, 'AWSLogs');
}

