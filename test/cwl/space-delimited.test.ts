// Space-delimited filter patterns.
// Sources: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html ("Match terms in
// space-delimited log events"), https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntaxForMetricFilters.html
// and the 2021 revision ("Using metric filters to extract values from space-delimited log events"):
// https://github.com/awsdocs/amazon-cloudwatch-logs-user-guide/blob/5ae5c9aeccbdc909d7549b9260291ce7ed2a92f3/doc_source/FilterAndPatternSyntax.md
import t from 'tap';
import { parseFilterPattern } from '../../src/dialects/cwl/index.js';
import { matches } from './helpers.js';

const apache = [
  '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
  '127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324',
  '127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] "GET /index.html HTTP/1.0" 404 4355',
];

t.test('brackets and double quotes make one field; values drop them', async (t) => {
  const p = parseFilterPattern('[ip, user, username, timestamp, request, status_code, bytes]');
  t.equal(p.kind, 'space-delimited');
  t.same(p.extract(apache[0] as string), {
    $ip: '127.0.0.1',
    $user: '-',
    $username: 'frank',
    $timestamp: '10/Oct/2000:13:25:15 -0700',
    $request: 'GET /apache_pb.gif HTTP/1.0',
    $status_code: '200',
    $bytes: '1534',
  });
});

t.test('conditions on fields: numbers, wildcards, strings', async (t) => {
  const count = (p: string): number => apache.filter((m) => matches(p, m)).length;
  t.equal(count('[ip, user, username, timestamp, request, status_code, bytes > 1000]'), 3);
  t.equal(count('[ip, user, username, timestamp, request, status_code, bytes > 5000]'), 1);
  t.equal(count('[ip, user, username, timestamp, request, status_code = 200, bytes]'), 1);
  t.equal(count('[ip, user, username, timestamp, request, status_code = 4*, bytes]'), 1);
  t.equal(count('[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]'), 1);
  t.equal(count('[ip, user, username, timestamp, request = "GET /index.html HTTP/1.0", status_code, bytes]'), 1);
  t.equal(count('[ip, user, username, timestamp, request, status_code != 200, bytes]'), 2);
  t.equal(count('[ip, user, username = Frank, timestamp, request, status_code, bytes]'), 0, 'case-sensitive');
  t.equal(count('[ip=%127\\.0\\.0\\.[1-9]%, user, username, timestamp, request, status_code, bytes]'), 3);
  t.equal(count('[ip, user, username, timestamp, request, status_code >= 404 && status_code < 500, bytes]'), 1);
});

t.test('&& and || inside one field; every condition names that field', async (t) => {
  // FPS: status_code = 404 || status_code = 410; DOC2021: [w1=ERROR || w1=WARN, w2], [w1!=ERROR&&w1!=WARN, w2].
  t.equal(matches('[ip, user, username, timestamp, request, status_code = 404 || status_code = 410, bytes]', apache[2]), true);
  t.equal(matches('[w1=ERROR || w1=WARN, w2]', 'WARN message'), true);
  t.equal(matches('[w1=ERROR || w1=WARN, w2]', 'INFO message'), false);
  t.equal(matches('[w1!=ERROR&&w1!=WARN, w2]', 'INFO message'), true);
  t.equal(matches('[w1!=ERROR&&w1!=WARN, w2]', 'ERROR message'), false);
  t.equal(matches('[a = 1 || a = 2 && a = 3, b]', '1 x'), true, '&& binds tighter than ||');
  t.equal(matches('[a = 1 || a = 2 && a = 3, b]', '2 x'), false);
});

t.test('field count: fewer fields than the pattern never match; the last field takes the rest', async (t) => {
  // C404 (Counting404Responses): the pattern must cover the whole message; FPS writes [w1=ERROR, w2].
  t.equal(matches('[a, b, c]', 'x y'), false);
  t.same(parseFilterPattern('[w1=ERROR, w2]').extract('ERROR disk is full'), { $w1: 'ERROR', $w2: 'disk is full' });
  t.equal(matches('[w1=ERROR]', 'ERROR disk'), false, 'a single field holds the whole message');
  t.equal(matches('[w1=ERROR]', 'ERROR'), true);
  // Lambda logs: [timestamp=*Z, request_id="*-*", event] with tab-separated fields.
  const lambda = '2024-05-01T10:00:00.000Z\t4d3a7f8e-1111-2222-3333-444455556666\tINFO\tuser signed in';
  t.same(parseFilterPattern('[timestamp=*Z, request_id="*-*", event]').extract(lambda), {
    $timestamp: '2024-05-01T10:00:00.000Z',
    $request_id: '4d3a7f8e-1111-2222-3333-444455556666',
    $event: 'INFO\tuser signed in',
  });
});

t.test('... stands for any number of fields', async (t) => {
  t.same(parseFilterPattern('[..., status_code, bytes]').extract(apache[1] as string), {
    $1: '127.0.0.1',
    $2: '-',
    $3: 'frank',
    $4: '10/Oct/2000:13:35:22 -0700',
    $5: 'GET /apache_pb.gif HTTP/1.0',
    $status_code: '500',
    $bytes: '5324',
  });
  t.same(parseFilterPattern('[ip, user, ...]').extract('1.2.3.4 bob a b'), { $ip: '1.2.3.4', $user: 'bob', $3: 'a', $4: 'b' });
  t.same(parseFilterPattern('[ip, ..., bytes]').extract('1.2.3.4 x 99'), { $ip: '1.2.3.4', $2: 'x', $bytes: '99' });
  t.equal(matches('[ip, user, ...]', '1.2.3.4'), false);
  t.equal(matches('[ip, user, ...]', '1.2.3.4 bob'), true, '... may cover no field');
  t.equal(matches('[...]', ''), true);
  t.equal(matches('[..., status_code = 5*, bytes]', apache[1]), true);
  t.equal(matches('[..., status_code = 5*, bytes]', apache[0]), false);
});

t.test('the documented extraction example (empty trailing field, $N for positions)', async (t) => {
  // DOC2021: [..., request=*.html*, status_code=4*,] extracts $1..$4, $request, $status_code and $7.
  const p = parseFilterPattern('[..., request=*.html*, status_code=4*,]');
  t.same(p.extract('127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534'), {
    $1: '127.0.0.1',
    $2: '-',
    $3: 'frank',
    $4: '10/Oct/2000:13:25:15 -0700',
    $request: 'GET /index.html HTTP/1.0',
    $status_code: '404',
    $7: '1534',
  });
  t.equal(p.extract(apache[0] as string), null);
  t.same(parseFilterPattern('[a,,c]').extract('x y z'), { $a: 'x', $2: 'y', $c: 'z' });
});

t.test('numbers against field text; non-numbers fail numeric comparisons', async (t) => {
  t.equal(matches('[n > 10]', '11'), true);
  t.equal(matches('[n > 10]', '1.1e1'), true);
  t.equal(matches('[n > 10]', 'eleven'), false);
  t.equal(matches('[n = 10]', '10.0'), true);
  t.equal(matches('[n != 10]', 'ten'), true);
  t.equal(matches('[n = -3]', '-3'), true);
});

t.test('whitespace runs, tabs and unbalanced quotes in events (docs silent)', async (t) => {
  t.same(parseFilterPattern('[a, b]').extract('  x    y  '), { $a: 'x', $b: 'y' });
  t.same(parseFilterPattern('[a, b]').extract('x\ty'), { $a: 'x', $b: 'y' });
  t.same(parseFilterPattern('[a, b, c]').extract('"unclosed x y'), { $a: '"unclosed', $b: 'x', $c: 'y' });
  t.same(parseFilterPattern('[a, b]').extract('[x y] "p q"'), { $a: 'x y', $b: 'p q' });
  t.same(parseFilterPattern('[a, b]').extract('"" x'), { $a: '', $b: 'x' });
});

t.test('a CloudTrail record (one JSON text) seen as a space-delimited event', async (t) => {
  const record = JSON.stringify({ eventVersion: '1.08', userIdentity: { type: 'Root' } });
  t.equal(matches('[first, ...]', record), true);
  t.equal(matches('[first = *Root*]', record), true, 'no spaces: one field');
});
