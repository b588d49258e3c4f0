// Sigma correlations through the whole engine: inputs collected per record (in workers too), evaluated
// in event-time order after the replay, and `generate` deciding whether the referenced rule is reported
// on its own (Sigma correlation rules specification: "generate", default false).
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { replay } from '../../src/engine/replay.js';
import { resolveSource } from '../../src/sources/index.js';

const failure = (id: string, time: string, ip: string): string =>
  JSON.stringify({
    eventVersion: '1.08',
    userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
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
    recipientAccountId: '111122223333',
  });

const records = [
  failure('f1', '2026-03-01T10:00:00Z', '203.0.113.5'),
  failure('f2', '2026-03-01T10:02:00Z', '203.0.113.5'),
  failure('f3', '2026-03-01T10:04:00Z', '203.0.113.5'),
  failure('f4', '2026-03-01T10:03:00Z', '198.51.100.9'),
  failure('f5', '2026-03-01T12:00:00Z', '203.0.113.5'),
].join('\n');

const rules = (generate: boolean): string => `title: Root sign-in failure
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
  generate: ${generate}
`;

for (const generate of [false, true]) {
  for (const workers of [0, 2]) {
    t.test(`event_count over the replay (generate ${generate}, ${workers} workers)`, async (t) => {
      const dir = t.testdir({ 'events.jsonl': records, 'rules.yml': rules(generate) });
      const detections = await loadDetections([`${dir}/rules.yml`]);
      t.same(detections.diagnostics.filter((d) => d.severity === 'error'), []);
      const report = await replay({
        locations: [`${dir}/events.jsonl`],
        resolveSource: (l) => resolveSource(l, {}),
        detections,
        workers,
        version: 'test',
      });
      const corr = report.detections.find((d) => d.kind === 'correlation');
      t.ok(corr, 'the correlation is reported');
      // Three failures from 203.0.113.5 within 10 minutes; f4 is another address, f5 two hours later.
      t.same([...corr!.caught].sort(), ['f1', 'f2', 'f3']);
      // A correlation's scope cannot be inferred from single records: nothing is expected of it unless
      // declared, so the failures outside its windows are outside its scope, not misses (docs/scope.md).
      t.same([...corr!.outOfScope].sort(), ['f4', 'f5']);
      t.same([corr!.missed, corr!.scope.source, corr!.rootDetection], [[], 'inferred', true]);
      const base = report.detections.find((d) => d.title === 'Root sign-in failure');
      if (generate) t.same(base?.caught.length, 5, 'generate: true reports the referenced rule too');
      else t.equal(base, undefined, 'generate: false hides the referenced rule');
    });
  }
}
