// The naive baseline (issue 5): gunzipSync + JSON.parse of the whole file + the CIS root-usage condition
// evaluated on every record in plain JavaScript. No prefilter, no workers.
// Usage: node bench/naive-json-parse.js --corpus DIR --truth FILE
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { cisRootUsage, report, scenarioInput } from './lib/scenario.js';

const { files, subset, truth } = scenarioInput();
let bytes = 0;
let records = 0;
let matches = 0;
const t0 = performance.now();
for (const f of files) {
  const text = gunzipSync(readFileSync(f.path));
  bytes += text.length;
  const list = JSON.parse(text.toString('utf8')).Records;
  for (let i = 0; i < list.length; i++) if (cisRootUsage(list[i])) matches++;
  records += list.length;
}
const seconds = (performance.now() - t0) / 1000;
report({ records, bytes, seconds, files: files.length, subset, matches, expectedMatches: subset ? null : truth.totals.cisRootUsageRecords });
