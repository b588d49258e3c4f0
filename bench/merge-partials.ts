// Scale-out reduce cost (docs/benchmarks.md "Scale-out merge"): a generated corpus of 1,000 log files
// planned into 1,000 shards, each replayed into its partial report in-process; then the time to merge
// the 1,000 partials into the report, and their total size. Run: node --import=tsx bench/merge-partials.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDetections } from '../src/dialects/index.js';
import { replay } from '../src/engine/replay.js';
import { canonicalJson } from '../src/scale/canonical-json.js';
import { mergePartials } from '../src/scale/merge.js';
import { planShards } from '../src/scale/plan-shards.js';
import { replayShard } from '../src/scale/replay-shard.js';
import { specFileOf } from '../src/scale/spec-file.js';
import { resolveSource } from '../src/sources/index.js';
import { generateCorpus } from '../src/synth/index.js';

const SHARDS = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'tp-merge-'));
try {
  await generateCorpus({ outDir: dir, records: SHARDS * 40, files: SHARDS, seed: 1, start: new Date('2026-01-01T00:00:00Z'), days: 10, rootEvents: { rate: 0.005 } });
  const loc = join(dir, 'AWSLogs');
  const resolve = (l: string) => resolveSource(l, {});
  const detections = await loadDetections(['detections']);
  const { items, run } = await planShards({ locations: [loc], resolveSource: resolve, filter: {}, shards: SHARDS });
  const spec = specFileOf({ detections, filter: {} });
  const t0 = performance.now();
  const partials = [];
  for (const item of items) partials.push(await replayShard({ item, run, spec, resolveSource: resolve, workers: 0 }));
  const shardMs = performance.now() - t0;
  const sizes = partials.map((p) => canonicalJson(p).length);
  const gz = partials.slice(0, 50).map((p) => gzipSync(canonicalJson(p)).length);
  const times: number[] = [];
  let report;
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    report = mergePartials([...partials].reverse());
    times.push(performance.now() - s);
  }
  const single = await replay({ locations: [loc], resolveSource: resolve, detections, workers: 0, filter: {}, now: new Date(report!.generatedAt) });
  console.log(JSON.stringify({
    shards: SHARDS,
    records: report!.stats.records.total,
    rootEvents: report!.rootEvents.length,
    shardReplaysMs: Math.round(shardMs),
    mergeMs: times.map((x) => Math.round(x)),
    partialBytesMean: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
    partialGzipBytesMean: Math.round(gz.reduce((a, b) => a + b, 0) / gz.length),
    specBytes: canonicalJson(spec).length,
    equalsSingle: JSON.stringify(report) === JSON.stringify(single),
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
