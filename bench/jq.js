// jq filtering the CIS root condition (issue 5: "about 46k records/s"): `gzip -dc files | jq`, with jq's
// peak RSS taken by GNU time when available. Skipped (exit 3) when jq or gzip is not installed.
// Usage: node bench/jq.js --corpus DIR --truth FILE [--subset FRACTION]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report, scenarioInput } from './lib/scenario.js';

const FILTER = '.Records[] | select(.userIdentity.type == "Root" and (.userIdentity | has("invokedBy") | not) and .eventType != "AwsServiceEvent") | .eventID';

if (spawnSync('jq', ['--version']).status !== 0 || spawnSync('gzip', ['--version']).status !== 0) {
  process.stderr.write('jq or gzip not installed\n');
  process.exit(3);
}
const { files, subset } = scenarioInput();
const tmp = mkdtempSync(join(tmpdir(), 'trailproof-jq-'));
const rssFile = join(tmp, 'rss');
const timed = existsSync('/usr/bin/time') ? `/usr/bin/time -f %M -o '${rssFile}' ` : '';
const script = `gzip -dc -- "$@" | ${timed}jq -r '${FILTER}'`;
const t0 = performance.now();
const child = spawn('sh', ['-c', script, 'sh', ...files.map((f) => f.path)], { stdio: ['ignore', 'pipe', 'inherit'] });
let matches = 0;
child.stdout.on('data', (d) => {
  for (let i = 0; i < d.length; i++) if (d[i] === 10) matches++;
});
const code = await new Promise((resolve) => child.on('close', resolve));
const seconds = (performance.now() - t0) / 1000;
const rss = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : null;
rmSync(tmp, { recursive: true, force: true });
if (code !== 0) process.exit(1);
report({
  records: files.reduce((n, f) => n + f.records, 0),
  bytes: files.reduce((n, f) => n + f.bytesUncompressed, 0),
  seconds,
  files: files.length,
  subset,
  matches,
  // The wrapper's own RSS is meaningless here; report jq's.
  childMaxRssKiB: rss,
});
