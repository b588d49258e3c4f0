// Issue 11.3: every skipped file is named with its reason: in the JSON report
// (`stats.files.skippedFiles`), under the table's stats, and on stderr unless --quiet. The replay runs
// in-process (runReplay with a captured CliIO); gzip is RFC 1952 (magic bytes 1f 8b).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { runReplay } from '../../src/cli/commands/replay.js';
import type { Report } from '../../src/report/model.js';
import { captureIO } from '../suite/capture-io.js';

const RECORD = '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser"},"eventTime":"2026-03-10T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","eventID":"e1"}';

t.test('each skipped file is named with its reason in the report, the table and on stderr', async (t) => {
  const dir = t.testdir({
    'ok.jsonl': `${RECORD}\n`,
    // JSON Lines whose records sit under a `log` key (a log shipper's envelope).
    'shipper.jsonl': `{"log":${RECORD}}\n`,
    'empty.json': '',
    'not-gzip.json.gz': 'hello, not gzip\n',
    'notes.md': '# notes\n',
  });
  // A gzip bomb whose output is not JSON: 17 MiB of one letter, past the size read whole, so streamed.
  writeFileSync(join(dir, 'bomb.json.gz'), gzipSync(Buffer.alloc(17 << 20, 0x41)));
  writeFileSync(join(dir, 'empty-inside.json.gz'), gzipSync(Buffer.alloc(0)));

  const io = captureIO();
  const code = await runReplay([dir], { detections: ['detections'], format: 'json', workers: '0' }, io.io);
  t.equal(code, 0, 'skipped files are not errors');
  const report = JSON.parse(io.stdout()) as Report;
  const named = Object.fromEntries(report.stats.files.skippedFiles.map((f) => [f.file.slice(dir.length + 1), [f.reason, f.message]]));
  t.same(named, {
    'bomb.json.gz': ['not-cloudtrail', 'not JSON, JSON Lines or a CloudWatch Logs export (after gzip decompression)'],
    'empty-inside.json.gz': ['empty', 'the file is empty (after gzip decompression)'],
    'empty.json': ['empty', 'the file is empty'],
    'not-gzip.json.gz': ['not-cloudtrail', 'named .gz but not gzip-compressed: not JSON, JSON Lines or a CloudWatch Logs export'],
    'notes.md': ['not-a-log-file', 'not read: a folder walk reads .json, .jsonl, .ndjson, .log, .txt and .gz files (name the file to read it anyway)'],
    'shipper.jsonl': ['not-cloudtrail', 'a JSON object that is not CloudTrail (keys "log")'],
  });
  t.equal(report.stats.files.skippedFilesNotListed, 0);
  t.same(report.stats.files.skipped, { empty: 2, 'not-a-log-file': 1, 'not-cloudtrail': 3 }, 'the counts agree with the list');
  t.equal(report.stats.records.evaluated, 1, 'the readable file is evaluated');
  const stderr = io.stderr().split('\n');
  t.ok(stderr.includes(`skipped: ${join(dir, 'shipper.jsonl')}: a JSON object that is not CloudTrail (keys "log") (not-cloudtrail)`), 'stderr names the file and why');
  t.equal(stderr.filter((l) => l.startsWith('skipped: ')).length, 6, 'one line per skipped file');

  const quiet = captureIO();
  await runReplay([join(dir, 'shipper.jsonl')], { detections: ['detections'], format: 'table', quiet: true, workers: '0' }, quiet.io);
  t.equal(quiet.stderr(), '', '--quiet: nothing on stderr');
  t.match(quiet.stdout(), `    skipped ${join(dir, 'shipper.jsonl')}: not-cloudtrail: a JSON object that is not CloudTrail (keys "log")`, 'a single file named on the command line is named in the table');
});

t.test('digest and Insights files are counted in one stderr line; the table names the other files first', async (t) => {
  const digests = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_2026031${i}T0000Z.json.gz`, 'x']));
  const dir = t.testdir({ ...digests, 'a.json': '{"Version":"2012-10-17","Statement":[]}' });
  const io = captureIO();
  await runReplay([dir], { detections: ['detections'], format: 'table', workers: '0' }, io.io);
  const stderr = io.stderr().split('\n').filter((l) => l.startsWith('skipped: '));
  t.same(stderr, [`skipped: ${join(dir, 'a.json')}: a JSON object that is not CloudTrail (keys "Version", "Statement") (not-cloudtrail)`, 'skipped: 7 file(s) as cloudtrail-digest']);
  const table = io.stdout().split('\n');
  const first = table.findIndex((l) => l.startsWith('    skipped '));
  t.match(table[first], 'a.json: not-cloudtrail', 'the unexpected skip comes first');
  t.equal(table[first + 5], '    … and 3 more (see --format json)', 'five named, the rest counted');
});
