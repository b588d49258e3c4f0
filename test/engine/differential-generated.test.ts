// Issue 5's differential test: on generated corpora and on adversarial records, the fast path
// (prefilters, worker threads) and the plain path (every record parsed and evaluated, in-process) give
// identical reports, for both dialects (the shipped CIS pattern and Sigma rules).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';
import { generateCorpus } from '../../src/synth/index.js';
import { loadShippedDetections } from '../helpers/shipped-detections.js';

const now = new Date('2026-11-27T00:00:00Z');

async function run(location: string, extra: Partial<ReplayOptions>): Promise<Report> {
  return replay({ locations: [location], resolveSource: (l) => resolveSource(l, {}), detections: await loadShippedDetections(), version: 'test', now, ...extra });
}

async function allModesAgree(t: Test, location: string): Promise<Report> {
  const plain = await run(location, { prefilter: 'off', workers: 0 });
  for (const [prefilter, workers] of [['on', 0], ['on', 2]] as const) {
    t.same(await run(location, { prefilter, workers }), plain, `prefilter ${prefilter}, ${workers} workers`);
  }
  return plain;
}

t.test('a generated corpus with escaped root events', async (t) => {
  const dir = t.testdir();
  const { truth } = await generateCorpus({
    outDir: join(dir, 'corpus'),
    truthFile: join(dir, 'truth.json'),
    records: 4000,
    files: 8,
    seed: 42,
    start: new Date('2026-02-01T00:00:00Z'),
    days: 1,
    rootEvents: { rate: 0.01, escapedFraction: 0.5 },
  });
  const plain = await allModesAgree(t, join(dir, 'corpus'));
  t.equal(plain.rootEvents.length, new Set(truth.rootEvents.map((e) => e.eventID)).size, 'every planted root event, escaped ones included');
});

const root = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventVersion: '1.08',
  userIdentity: { type: 'Root', principalId: '111122223333', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' },
  eventTime: '2026-03-01T10:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateAccessKey',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.10',
  userAgent: 'aws-cli/2.15.0',
  eventID: id,
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
  ...extra,
});

t.test('adversarial records: escapes, repeated fields, deep nesting, huge strings', async (t) => {
  let deep: unknown = 'bottom';
  for (let i = 0; i < 400; i++) deep = { [`k${i}`]: [deep] };
  const lines = [
    // Every letter of "Root" escaped: no literal prefilter can see it.
    JSON.stringify(root('escaped')).replace('"type":"Root"', '"type":"\\u0052\\u006f\\u006f\\u0074"'),
    // A repeated key: JSON.parse keeps the last one, so this is not root.
    JSON.stringify(root('repeated-not-root')).replace('"type":"Root"', '"type":"Root","type":"IAMUser"'),
    JSON.stringify(root('repeated-root')).replace('"type":"Root"', '"type":"IAMUser","type":"Root"'),
    JSON.stringify(root('deep', { requestParameters: deep })),
    JSON.stringify(root('huge', { requestParameters: { policy: 'x\\"y'.repeat(200_000) } })),
    JSON.stringify(root('quotes', { userAgent: 'he said "Root" \\ and \u2028 left' })),
    JSON.stringify({ ...root('not-root'), userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/SecurityHub-RootActivityMonitor/x' } }),
    JSON.stringify(root('signin-mixed-case', { eventSource: 'SIGNIN.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' } })),
  ];
  const file = join(t.testdir(), 'adversarial.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const plain = await allModesAgree(t, file);
  const ids = plain.rootEvents.map((e) => e.eventID).sort();
  t.same(ids, ['deep', 'escaped', 'huge', 'quotes', 'repeated-root', 'signin-mixed-case']);
  const cis = plain.detections.find((d) => d.dialect === 'cwl');
  t.ok(cis?.caught.includes('escaped'), 'the CIS pattern sees the escaped record');
});
