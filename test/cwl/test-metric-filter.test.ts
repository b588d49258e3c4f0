// testMetricFilter: the response shape of TestMetricFilter
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TestMetricFilter.html) and the AWS CLI
// example (https://docs.aws.amazon.com/cli/latest/reference/logs/test-metric-filter.html).
import t from 'tap';
import { FilterPatternError, testMetricFilter } from '../../src/dialects/cwl/index.js';

t.test('the AWS CLI example', async (t) => {
  const out = testMetricFilter('ERROR', ['[ERROR] 400 BAD REQUEST', '[ERROR] 400 BAD REQUEST', '[INFO] 200 OK']);
  t.same(out, {
    matches: [
      { eventNumber: 1, eventMessage: '[ERROR] 400 BAD REQUEST', extractedValues: {} },
      { eventNumber: 2, eventMessage: '[ERROR] 400 BAD REQUEST', extractedValues: {} },
    ],
  });
  t.same(Object.keys(out.matches[0] ?? {}), ['eventNumber', 'eventMessage', 'extractedValues']);
});

t.test('space-delimited values are keyed $name and $N', async (t) => {
  const out = testMetricFilter('[..., status_code = 4*, bytes]', ['1.2.3.4 - - 200 10', '1.2.3.4 - - 404 99']);
  t.same(out, {
    matches: [{ eventNumber: 2, eventMessage: '1.2.3.4 - - 404 99', extractedValues: { $1: '1.2.3.4', $2: '-', $3: '-', $status_code: '404', $bytes: '99' } }],
  });
});

t.test('JSON values are keyed by selector', async (t) => {
  const out = testMetricFilter('{ $.latency > 100 }', ['{"latency":250}', '{"latency":50}', 'not json']);
  t.same(out, { matches: [{ eventNumber: 1, eventMessage: '{"latency":250}', extractedValues: { '$.latency': '250' } }] });
});

t.test('no match gives an empty list; a bad pattern throws FilterPatternError', async (t) => {
  t.same(testMetricFilter('nothing', ['a', 'b']), { matches: [] });
  t.throws(() => testMetricFilter('{ $.a = }', ['x']), FilterPatternError);
});

t.test('strict mode enforces the request limits (1–50 messages, each non-empty)', async (t) => {
  t.throws(() => testMetricFilter('x', [], { strict: true }), RangeError);
  t.throws(() => testMetricFilter('x', Array(51).fill('x'), { strict: true }), RangeError);
  t.throws(() => testMetricFilter('x', ['a', ''], { strict: true }), RangeError);
  t.equal(testMetricFilter('x', Array(50).fill('x'), { strict: true }).matches.length, 50);
  t.equal(testMetricFilter('x', Array(60).fill('x')).matches.length, 60, 'not strict by default');
});
