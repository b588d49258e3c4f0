// stream-json record by record (issue 5: "near 12k records/s"): read → gunzip → parser → pick Records →
// streamArray, evaluating the CIS condition on each assembled record. Slow, so it is normally run on a
// subset (--subset 0.05) and the rate extrapolated.
// Usage: node bench/stream-json.js --corpus DIR --truth FILE [--subset FRACTION]
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { cisRootUsage, report, scenarioInput } from './lib/scenario.js';

const { files, subset } = scenarioInput();
let bytes = 0;
let records = 0;
let matches = 0;
const t0 = performance.now();
for (const f of files) {
  // Node-stream substrate, as a Node user would wire it: parser+pick, then streamArray.
  const items = createReadStream(f.path).pipe(createGunzip()).pipe(pick.withParserAsStream({ filter: 'Records' })).pipe(streamArray.asStream());
  for await (const { value } of items) {
    records++;
    if (cisRootUsage(value)) matches++;
  }
  bytes += f.bytesUncompressed;
}
const seconds = (performance.now() - t0) / 1000;
report({ records, bytes, seconds, files: files.length, subset, matches });
