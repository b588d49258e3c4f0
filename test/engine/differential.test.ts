// Every fast path has a plain twin: the prefilter (on/off) and worker threads (0/2) must never change a
// report. Runs the shipped detections over the shipped fixtures (every source format, bad inputs
// included) in all four combinations and compares whole reports.
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';

const now = new Date('2026-11-27T00:00:00Z');

async function run(locations: string[], extra: Partial<ReplayOptions>): Promise<Report> {
  const detections = await loadDetections(['detections']);
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
