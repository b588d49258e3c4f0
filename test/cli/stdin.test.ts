// `-` is standard input for replay, review and match --events (issue 12, item 1), gzip included,
// through the built bin; a missing file is one line naming it, no stack.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { runCli } from '../helpers/cli.js';

const GZ = 'fixtures/AWSLogs/o-a1b2c3d4e5/777788889999/CloudTrail/us-east-1/2026/03/10/777788889999_CloudTrail_us-east-1_20260310T1405Z_Jh4gF7dS2aQw9eRt.json.gz';

interface Counts {
  stats: { records: { total: number; evaluated: number }; errors: unknown[] };
  rootEvents: { source: { uri: string } }[];
}

t.test('replay - reads a gzip log file from standard input like the file itself', async (t) => {
  const piped = await runCli(['replay', '-', '--format', 'json', '--workers', '0'], { stdin: readFileSync(GZ) });
  t.equal(piped.code, 0, piped.stderr);
  const fromFile = await runCli(['replay', GZ, '--format', 'json', '--workers', '0']);
  const a = JSON.parse(piped.stdout) as Counts;
  const b = JSON.parse(fromFile.stdout) as Counts;
  t.same(a.stats.records, b.stats.records);
  t.ok(a.stats.records.evaluated > 0);
  t.same(a.rootEvents.map((e) => e.source.uri), b.rootEvents.map(() => '<stdin>'), 'named <stdin>');
});

t.test('review - and match --events - read standard input', async (t) => {
  const review = await runCli(['review', '-', '--format', 'json'], { stdin: readFileSync(GZ) });
  t.equal(review.code, 0, review.stderr);
  t.match(review.stdout, /"rootEvents"|"events"/);
  const match = await runCli(['match', 'detections', '--events', '-'], { stdin: readFileSync(GZ) });
  t.equal(match.code, 0, match.stderr);
  t.ok(match.stdout.trim().split('\n').length > 0);
  t.match(match.stdout, /"matched":\["detections\/cis-root-usage\.pattern#1"/);
});

t.test('a missing events file is one line naming it', async (t) => {
  const r = await runCli(['match', 'detections', '--events', 'no/such.json']);
  t.equal(r.code, 3);
  t.equal(r.stderr, 'error: no such file or folder: no/such.json\n');
});
