// `trailproof match` and `trailproof test-metric-filter`, end to end through the built binary.
import t from 'tap';
import { runCli } from '../helpers/cli.js';

t.test('match prints one JSON line per record with the detections that fired', async (t) => {
  const r = await runCli(['match', 'detections', '--events', 'fixtures/formats/records.jsonl']);
  t.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { index: number; eventID: string | null; matched: string[] });
  t.ok(lines.length > 3);
  t.same(lines.map((l) => l.index), lines.map((_, i) => i), 'every record, in order');
  t.ok(lines.some((l) => l.matched.includes('detections/cis-root-usage.pattern#1')), 'the CIS pattern fires on something');
  t.ok(lines.some((l) => l.matched.length === 0), 'and not on everything');
});

t.test('test-metric-filter prints the aws logs test-metric-filter shape', async (t) => {
  // Shape from https://docs.aws.amazon.com/cli/latest/reference/logs/test-metric-filter.html
  const r = await runCli(['test-metric-filter', '--filter-pattern', '[ip, user, status = 404]', '--log-event-messages', '127.0.0.1 bob 404', '127.0.0.1 ann 200']);
  t.equal(r.code, 0, r.stderr);
  t.same(JSON.parse(r.stdout), {
    matches: [{ eventNumber: 1, eventMessage: '127.0.0.1 bob 404', extractedValues: { $ip: '127.0.0.1', $user: 'bob', $status: '404' } }],
  });
});

t.test('test-metric-filter rejects a bad pattern with its position', async (t) => {
  const r = await runCli(['test-metric-filter', '--filter-pattern', '{ $.a = ', '--log-event-messages', 'x']);
  t.equal(r.code, 2);
  t.match(r.stderr, /line 1, col \d+/);
});
