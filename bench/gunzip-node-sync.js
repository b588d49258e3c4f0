// Baseline: decompression only, node:zlib gunzipSync on each whole file (issue 5: "gunzip alone").
// Usage: node bench/gunzip-node-sync.js --corpus DIR --truth FILE [--chunk BYTES]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { report, scenarioInput } from './lib/scenario.js';

const { args, files, subset } = scenarioInput();
// chunkSize is zlib's output-buffer step; the default is 16 KiB, a larger one means fewer grow steps.
const options = typeof args.chunk === 'string' ? { chunkSize: Number(args.chunk) } : {};
let bytes = 0;
let records = 0;
let mismatched = 0;
const t0 = performance.now();
for (const f of files) {
  const out = gunzipSync(readFileSync(f.path), options);
  bytes += out.length;
  records += f.records;
  if (out.length !== f.bytesUncompressed) mismatched++;
}
const seconds = (performance.now() - t0) / 1000;
report({ records, bytes, seconds, files: files.length, subset, mismatched });
