// Every fast path has a plain twin: the prefilter (on/off) and worker threads (0/2) must never change a
// report. Runs the shipped detections over the shipped fixtures (every source format, bad inputs
// included) in all four combinations and compares whole reports.
import t from 'tap';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';
import { loadShippedDetections } from '../helpers/shipped-detections.js';

const now = new Date('2026-11-27T00:00:00Z');

async function run(locations: string[], extra: Partial<ReplayOptions>): Promise<Report> {
  const detections = await loadShippedDetections();
  return replay({
    locations,
    resolveSource: (l) => resolveSource(l, {}),
    detections,
    version: 'test',
    now,
    ...extra,
  });
}

for (const locations of [['fixtures/AWSLogs'], ['fixtures/formats'], ['fixtures/bad']]) {
  t.test(`identical reports for ${locations.join(' ')}`, async (t) => {
    const plain = await run(locations, { prefilter: 'off', workers: 0 });
    t.ok(plain.stats.records.total > 0, 'the input has records');
    for (const [prefilter, workers] of [['on', 0], ['on', 2], ['off', 2]] as const) {
      const fast = await run(locations, { prefilter, workers });
      t.same(fast, plain, `prefilter ${prefilter}, ${workers} workers`);
    }
  });
}

t.test('filters give identical reports on both paths', async (t) => {
  const filter = { since: new Date('2026-03-10T00:00:00Z'), until: new Date('2026-03-11T00:00:00Z'), regions: ['us-east-1'] };
  const plain = await run(['fixtures/AWSLogs'], { prefilter: 'off', workers: 0, filter });
  const fast = await run(['fixtures/AWSLogs'], { prefilter: 'on', workers: 2, filter });
  t.same(fast, plain);
  t.ok(plain.stats.records.filtered > 0, 'some records were filtered out');
  t.ok(plain.rootEvents.every((e) => e.eventTime?.startsWith('2026-03-10') === true && e.awsRegion === 'us-east-1'));
});

// RFC 8259 §7: a string holds no raw control character (U+0000-U+001F) and no escape but \" \\ \/ \b
// \f \n \r \t \uXXXX. A record that breaks this only inside a string is balanced, so the scanners hand
// it on; JSON.parse rejects it. Whichever path skips parsing (prefilter, byte scanner) must still count
// it as malformed, as the plain path does.
t.test('records invalid only inside a string count alike on every path', async (t) => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { gzipSync } = await import('node:zlib');
  const record = (id: string, userAgent: string): string =>
    `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accountId":"111122223333"},"eventTime":"2026-03-10T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","userAgent":"${userAgent}","eventID":"${id}","recipientAccountId":"111122223333"}`;
  const records = [
    record('ok-1', 'aws-cli/2.15.0'),
    record('bad-escape', 'aws-cli\\x2f2.15.0'),
    record('raw-tab', 'aws-cli\t2.15.0'),
    record('raw-nul', 'aws-cli\u00002.15.0'),
    record('bad-u', 'aws-cli\\u12z4'),
    record('ok-escapes', 'a\\\\x \\"q\\" \\/ \\t \\u0041'),
    record('root-bad-escape', 'x\\q').replace('"type":"IAMUser"', '"type":"Root"'),
  ];
  const dir = t.testdir();
  writeFileSync(join(dir, 'records.jsonl'), records.join('\n') + '\n');
  const logDir = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '03', '10');
  mkdirSync(logDir, { recursive: true });
  writeFileSync(join(logDir, '111122223333_CloudTrail_us-east-1_20260310T1000Z_abc.json.gz'), gzipSync(`{"Records":[${records.join(',')}]}`));
  const plain = await run([dir], { prefilter: 'off', workers: 0 });
  t.same(plain.stats.records, { total: 14, evaluated: 4, filtered: 0, skipped: 10, duplicateRootEvents: 0 }, 'two valid records per file');
  t.same(plain.stats.skipped, { 'malformed-json': 10 });
  for (const [prefilter, workers] of [['text', 0], ['on', 0], ['on', 2]] as const) {
    const fast = await run([dir], { prefilter, workers });
    t.same(fast.stats, plain.stats, `stats, prefilter ${prefilter}, ${workers} workers`);
    t.same(fast, plain, `the whole report, prefilter ${prefilter}, ${workers} workers`);
  }
});
