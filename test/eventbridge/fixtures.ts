// Shared inputs of the EventBridge tests: every CloudTrail record of the project's canonical fixture
// (fixtures/canonical/trail.json), and patterns covering each operator.
import { readFileSync } from 'node:fs';
import type { CloudTrailRecord } from '../../src/record/view.js';

const canonical = JSON.parse(readFileSync('fixtures/canonical/trail.json', 'utf8')) as { trailFiles: Record<string, CloudTrailRecord[]> };

export const fixtureRecords: readonly CloudTrailRecord[] = Object.values(canonical.trailFiles).flat();

/** One pattern per operator and envelope field, several of them matching fixture records. */
export const PATTERNS = [
  '{"detail":{"userIdentity":{"type":["Root"]}}}',
  '{"source":["aws.signin"],"detail-type":["AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}',
  '{"detail-type":["AWS API Call via CloudTrail","AWS Console Sign In via CloudTrail"],"detail":{"userIdentity":{"type":["Root"]}}}',
  '{"account":["444455556666"],"region":["us-east-1"]}',
  '{"detail":{"eventName":[{"prefix":"Console"}],"readOnly":[false]}}',
  '{"detail":{"eventName":[{"suffix":"Policy"},"ConsoleLogin"]}}',
  '{"detail":{"$or":[{"eventName":["ConsoleLogin"]},{"errorCode":["AccessDenied"]}]}}',
  '{"detail":{"$or":[{"eventName":["ConsoleLogin"]},{"errorCode":[{"exists":true}]}]}}',
  '{"detail":{"userIdentity":{"type":[{"equals-ignore-case":"root"}]}}}',
  '{"detail":{"sourceIPAddress":[{"cidr":"203.0.113.0/24"}]}}',
  '{"detail":{"userIdentity":{"arn":[{"wildcard":"arn:aws:iam::*:root"}]}}}',
  '{"detail":{"userIdentity":{"type":["Root"],"invokedBy":[{"exists":false}]},"eventType":[{"anything-but":"AwsServiceEvent"}]}}',
  '{"detail":{"additionalEventData":{"MFAUsed":[{"anything-but":{"equals-ignore-case":"yes"}}]}}}',
  '{"detail":{"resources":{"type":["AWS::S3::Bucket"]}}}',
];
