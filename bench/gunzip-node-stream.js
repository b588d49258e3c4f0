// Baseline: decompression only, node:zlib streaming (createReadStream → createGunzip), one file at a time.
// Usage: node bench/gunzip-node-stream.js --corpus DIR --truth FILE [--chunk BYTES]
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { report, scenarioInput } from './lib/scenario.js';

const { args, files, subset } = scenarioInput();
const chunkSize = typeof args.chunk === 'string' ? Number(args.chunk) : 64 * 1024;
let bytes = 0;
let records = 0;
let mismatched = 0;
const t0 = performance.now();
for (const f of files) {
  const gunzip = createReadStream(f.path, { highWaterMark: 64 * 1024 }).pipe(createGunzip({ chunkSize }));
  let n = 0;
  for await (const chunk of gunzip) n += chunk.length;
  bytes += n;
  records += f.records;
  if (n !== f.bytesUncompressed) mismatched++;
}
const seconds = (performance.now() - t0) / 1000;
report({ records, bytes, seconds, files: files.length, subset, mismatched, chunkSize });
