// The Lambda function code (scripts/lambda-zip.mjs, docs/scale-out.md "Deploy"): the zip holds the
// package and its production dependencies at its root, so that its handlers load and its CLI replays
// from the unzipped folder alone (no node_modules above it); its entries carry no build time.
// Python's zipfile reads it (an independent reader: it checks every entry's CRC-32 as it extracts).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { REPO } from '../helpers/cli.js';

const run = promisify(execFile);
const LIST = `import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps([[i.filename, list(i.date_time), i.external_attr >> 16] for i in z.infolist()]))
z.extractall(sys.argv[2])`;

t.test('the Lambda zip: package and dependencies at its root, handlers load, no build time inside', async (t) => {
  const dir = t.testdir({});
  const zip = join(dir, 'code.zip');
  const made = await run(process.execPath, ['scripts/lambda-zip.mjs', '--output', zip], { cwd: REPO });
  t.match(made.stdout, /code\.zip: \d+ files, [\d.]+ MB zipped, [\d.]+ MB unzipped/);

  const root = join(dir, 'unzipped');
  const listed = await run('python3', ['-c', LIST, zip, root], { maxBuffer: 64 * 1024 * 1024 });
  const entries = JSON.parse(listed.stdout) as [string, number[], number][];
  const names = entries.map(([name]) => name);
  t.same(names, [...names].sort(), 'entries in path order');
  t.ok(entries.every(([, time]) => time.join() === '1980,1,1,0,0,0'), 'one fixed timestamp');
  t.ok(entries.every(([, , mode]) => mode === 0o100644 || mode === 0o100755), 'regular files with fixed permissions');
  for (const name of ['package.json', 'LICENSE', 'dist/scale/lambda.js', 'node_modules/@aws-sdk/client-s3/package.json', 'node_modules/stream-json/package.json']) {
    t.ok(names.includes(name), name);
  }
  t.notOk(names.some((n) => n.startsWith('node_modules/tap/') || n.startsWith('node_modules/typescript/')), 'no dev dependencies');
  t.notOk(names.some((n) => n.startsWith('src/') || n.startsWith('test/')), 'no sources or tests');

  // Both handlers load from the unzipped folder alone, as Lambda loads `dist/scale/lambda.replayHandler`.
  const handlers = await run(process.execPath, ['--input-type=module', '-e', 'const m = await import("./dist/scale/lambda.js"); console.log(typeof m.replayHandler, typeof m.reduceHandler)'], { cwd: root });
  t.equal(handlers.stdout.trim(), 'function function');
  // The engine with its runtime dependencies: the CLI replays the fixture trail from the unzipped folder.
  const replay = await run(process.execPath, ['dist/cli/bin.js', 'replay', join(REPO, 'fixtures/AWSLogs'), '-d', 'detections/cis-root-usage.pattern', '-f', 'json'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  t.equal((JSON.parse(replay.stdout) as { stats: { records: { total: number } } }).stats.records.total, 26);
});
