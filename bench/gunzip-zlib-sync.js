// Decompression only with zlib-sync (a synchronous N-API binding over its own bundled zlib), the
// alternative to node:zlib suggested in issue 5. Same files, same whole-file input as gunzip-node-sync.
// Usage: node bench/gunzip-zlib-sync.js --corpus DIR --truth FILE [--chunk BYTES]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { report, scenarioInput } from './lib/scenario.js';

const ZlibSync = createRequire(import.meta.url)('zlib-sync');
const { args, files, subset } = scenarioInput();
// zlib-sync grows its output vector by chunkSize (default 16 KiB) each time it fills.
const chunkSize = typeof args.chunk === 'string' ? Number(args.chunk) : 16 * 1024;
let bytes = 0;
let records = 0;
let mismatched = 0;
const t0 = performance.now();
for (const f of files) {
  // windowBits 15 + 16: gzip wrapper (the default, 15, expects a zlib header).
  const inflate = new ZlibSync.Inflate({ chunkSize, windowBits: 31 });
  inflate.push(readFileSync(f.path), ZlibSync.Z_FINISH);
  if (inflate.err < 0) throw new Error(`zlib-sync failed on ${f.path}: ${inflate.msg}`);
  const out = inflate.result;
  bytes += out.length;
  records += f.records;
  // zlib-sync stops when its input is consumed, which can leave output behind: check every file.
  if (out.length !== f.bytesUncompressed) mismatched++;
}
const seconds = (performance.now() - t0) / 1000;
report({ records, bytes, seconds, files: files.length, subset, mismatched, zlib: ZlibSync.ZLIB_VERSION });
