// Fast paths change nothing for EventBridge patterns: prefilter on ≡ off, workers 0 ≡ 2 (workers load
// the same rule files again), on the shipped fixtures (every source format) with one pattern per operator.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadDetections } from '../../src/dialects/index.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';
import { PATTERNS } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'trailproof-eventbridge-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const rules = PATTERNS.map((p, i) => ({ Name: `rule-${i + 1}`, EventPattern: p, State: 'ENABLED', EventBusName: 'default' }));
writeFileSync(join(dir, 'rules.json'), JSON.stringify({ Rules: rules }, null, 2));

async function run(extra: Partial<ReplayOptions>): Promise<Report> {
  const detections = await loadDetections([dir]);
  return replay({
    locations: ['fixtures/AWSLogs', 'fixtures/formats'],
    resolveSource: (l) => resolveSource(l, {}),
    detections,
    version: 'test',
    now: new Date('2026-11-27T00:00:00Z'),
    ...extra,
  });
}

t.test('identical reports with and without the fast paths', async (t) => {
  const plain = await run({ prefilter: 'off', workers: 0 });
  t.equal(plain.detections.length, PATTERNS.length, 'every pattern loaded');
  t.ok(plain.detections.filter((d) => d.caught.length > 0).length >= 5, 'several patterns catch root events');
  t.ok(plain.detections.filter((d) => d.fired > d.caught.length).length >= 2, 'some fire on other records too');
  t.ok(plain.detections.some((d) => d.undelivered.length > 0), 'some matches are undelivered (read-only root calls, ENABLED rules)');
  t.same(await run({ prefilter: 'on', workers: 0 }), plain, 'prefilter on');
  t.same(await run({ prefilter: 'on', workers: 2 }), plain, 'prefilter on, 2 workers');
});
