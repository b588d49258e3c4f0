// `--connect-timeout`, `--read-timeout`, `--min-throughput`: parsing, and bad values as usage errors.
// (test/s3/stalls.solo.test.ts runs the CLI with them against a stalled endpoint.)
import t from 'tap';
import { networkOptionsOf, parseDurationMs, parseThroughput } from '../../src/cli/network-flags.js';

t.test('durations: ms, s, m, or bare seconds', async (t) => {
  t.equal(parseDurationMs('500ms', '--read-timeout'), 500);
  t.equal(parseDurationMs('10s', '--read-timeout'), 10_000);
  t.equal(parseDurationMs('2m', '--read-timeout'), 120_000);
  t.equal(parseDurationMs('2.5', '--read-timeout'), 2_500);
  for (const bad of ['0', '0ms', 'soon', '-1s', '10h', '']) {
    t.throws(() => parseDurationMs(bad, '--connect-timeout'), { name: 'UsageError', message: `invalid --connect-timeout '${bad}': expected a duration such as 500ms, 10s or 2m` });
  }
});

t.test('throughput: bytes/s, k, m; 0 turns it off', async (t) => {
  t.equal(parseThroughput('1024'), 1024);
  t.equal(parseThroughput('64k'), 65_536);
  t.equal(parseThroughput('1M'), 1_048_576);
  t.equal(parseThroughput('0'), 0);
  t.throws(() => parseThroughput('fast'), { name: 'UsageError', message: /^invalid --min-throughput 'fast'/ });
  t.same(networkOptionsOf({}), {}, 'absent flags keep the library defaults');
  t.same(networkOptionsOf({ connectTimeout: '1s', readTimeout: '300ms', minThroughput: '2k' }), { connectTimeoutMs: 1000, readTimeoutMs: 300, minThroughput: 2048 });
});
