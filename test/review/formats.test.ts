// Review formats (docs/review.md "Formats"): CSV per RFC 4180 with OWASP's CSV-injection guard, the
// terminal table, JSON (the model as is), and the self-contained HTML page (CSP, no network, escaped).
import { createHash } from 'node:crypto';
import t from 'tap';
import { buildReview } from '../../src/review/build-review.js';
import { csvField, renderReviewCsv } from '../../src/review/format/csv.js';
import { renderReviewHtml } from '../../src/review/format/html.js';
import { renderReviewJson } from '../../src/review/format/json.js';
import { renderReviewTable } from '../../src/review/format/table.js';
import { makeReport, rootEvent } from '../suite/make-report.js';

const HOSTILE_UA = '=HYPERLINK("http://evil.example")<script>alert(1)</script>"\u001b[31m';

function review() {
  const events = [
    rootEvent('login', 'console-login-success', { eventTime: '2024-06-03T09:00:00Z', eventName: 'ConsoleLogin', mfaUsed: false, userAgent: 'Mozilla/5.0, "quoted"' }),
    rootEvent('api', 'root-api-call', { eventTime: '2024-06-03T09:10:00Z', eventName: 'CreateAccessKey', userAgent: HOSTILE_UA, source: { uri: '/data/lines.jsonl', record: 4, line: 5 } }),
    rootEvent('svc', 'service-on-behalf-of-root', { eventTime: '2024-06-03T10:00:00Z', accountId: '444455556666', sourceIPAddress: null, userAgent: null }),
  ];
  return buildReview(makeReport(events, [{ id: 'cis', title: 'CIS <root>', fired: ['login'] }]));
}

t.test('CSV: header, quoting, formula guard, control characters', async (t) => {
  t.equal(csvField('plain'), 'plain');
  t.equal(csvField('a,b'), '"a,b"');
  t.equal(csvField('say "hi"'), '"say ""hi"""');
  t.equal(csvField('=1+1'), "'=1+1");
  t.equal(csvField('-2'), "'-2");
  t.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  t.equal(csvField('line\nbreak'), '"line\nbreak"');
  t.equal(csvField('bell\u0007'), 'bell\ufffd');
  const csv = renderReviewCsv(review());
  const rows = csv.split('\r\n');
  t.equal(rows[0], 'eventTime,accountId,awsRegion,eventSource,eventName,category,rootUsage,outcome,mfaUsed,sourceIPAddress,userAgent,session,detections,eventID,source');
  t.equal(rows[1], '2024-06-03T09:00:00Z,111122223333,us-east-1,signin.amazonaws.com,ConsoleLogin,console-login-success,true,success,false,203.0.113.45,"Mozilla/5.0, ""quoted""",1,CIS <root>,login,/data/a.json#0');
  t.equal(rows[2], `2024-06-03T09:10:00Z,111122223333,us-east-1,s3.amazonaws.com,CreateAccessKey,root-api-call,true,success,,203.0.113.45,"'=HYPERLINK(""http://evil.example"")<script>alert(1)</script>""\ufffd[31m",1,,api,/data/lines.jsonl:5`);
  t.equal(rows[3], '2024-06-03T10:00:00Z,444455556666,us-east-1,s3.amazonaws.com,ListBuckets,service-on-behalf-of-root,false,success,,,,2,,svc,/data/a.json#0');
  t.equal(rows[4], '');
  t.equal(rows.length, 5);
});

t.test('JSON: the review object, every event of the window', async (t) => {
  const r = review();
  const parsed = JSON.parse(renderReviewJson(r)) as typeof r;
  t.same(parsed, r);
  t.equal(parsed.events.length, 3);
  t.same(parsed.events.map((e) => e.category), ['console-login-success', 'root-api-call', 'service-on-behalf-of-root']);
});

t.test('table: summary, counts, sessions with their events; no raw escape sequences', async (t) => {
  const text = renderReviewTable(review(), { color: false });
  t.match(text, /^Root activity review\n {2}3 root events \(2 root usage, 1 context\) · 2 accounts · 2 source IPs · 2 sessions\n {2}first seen 2024-06-03T09:00:00Z · last seen 2024-06-03T10:00:00Z\n/);
  t.match(text, /1 sign-in without MFA · 1 root-usage event no detection fired on/);
  t.match(text, /By account\n {2}account +events +root usage +sessions +first seen +last seen\n {2}111122223333 +2 +2 +1 /);
  t.match(text, /\[1\] CIS <root> +\/repo\/detections\/cis\.pattern +fired on 1/);
  // One session (same account and IP): its heading lists both user agents.
  t.match(text, /#1 203\.0\.113\.45 +Mozilla\/5\.0, "quoted" · =HYPERLINK/);
  t.match(text, /CreateAccessKey +root-api-call +success +none\n/);
  t.match(text, /#2 \(no source IP\) +\(no user agent\)/);
  t.notMatch(text, /Input problems/);
  t.notMatch(text, /\u001b/);
  t.match(renderReviewTable(review(), { color: true }), /\u001b\[1mRoot activity review\u001b\[0m/);
});

t.test('HTML: one self-contained file whose CSP admits only its own style and script', async (t) => {
  const html = renderReviewHtml(review());
  t.match(html, /^<!doctype html>\n<html lang="en">/);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
  t.match(csp, /^default-src 'none'; /);
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  const sha = (s: string) => createHash('sha256').update(s).digest('base64');
  t.ok(csp.includes(`style-src 'sha256-${sha(style)}'`), 'the style hash matches the inline style');
  t.ok(csp.includes(`script-src 'sha256-${sha(script)}'`), 'the script hash matches the inline script');
  // Nothing fetched: no external script, stylesheet, image, font or frame; the only URL is the SVG namespace.
  t.notMatch(html, /<(link|img|iframe|object|embed)\b/i);
  t.notMatch(html, /\bsrc=/i);
  const urls = new Set([...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]));
  t.same([...urls], ['http://www.w3.org/2000/svg', 'http://evil.example&quot;'], 'the SVG namespace and the (escaped, inert) user-agent text');
  t.equal(html.match(/<script/g)!.length, 1, 'the only script is ours: the hostile user agent is escaped');
  t.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  t.notMatch(html, /\u001b/);
  // Chart: one series per account, one dot per event.
  t.equal(html.match(/<g class="series"/g)!.length, 2);
  t.equal(html.match(/<circle class="dot"/g)!.length, 3);
  t.match(html, /<g class="series" data-account="111122223333" data-count="2">/);
  t.equal(html.match(/<tr data-event=/g)!.length, 3);
});

t.test('HTML: an empty window still renders', async (t) => {
  const html = renderReviewHtml(buildReview(makeReport([], [])));
  t.match(html, /No root events in the window/);
  t.match(html, /<tbody><\/tbody>/);
});

t.test('input problems: listed with file and position in the table and the HTML page', async (t) => {
  const base = makeReport([rootEvent('api', 'root-api-call')], []);
  const errors = [
    { file: '/data/<b>bad</b>.jsonl', message: 'line 2: skipped (malformed-json): unexpected end', line: 2, column: 17 },
    { file: 's3://bucket/key.json.gz', message: 'read failed: \u001b[2Jtruncated gzip' },
  ];
  const r = buildReview({ ...base, stats: { ...base.stats, errors } });
  const text = renderReviewTable(r, { color: false });
  t.match(text, /2 input problems: the timeline may be incomplete \(listed at the end\)/);
  t.match(text, /\nInput problems \(2\)\n {2}\/data\/<b>bad<\/b>\.jsonl:2:17: line 2: skipped \(malformed-json\): unexpected end\n {2}s3:\/\/bucket\/key\.json\.gz: read failed: .\[2Jtruncated gzip\n$/);
  t.notMatch(text, /\u001b/);
  const html = renderReviewHtml(r);
  t.match(html, /2 input problems: the timeline may be incomplete \(listed under Input problems below\)/);
  t.match(html, /<section id="problems"><h2>Input problems <span class="meta">\(2\)<\/span><\/h2>/);
  t.match(html, /<td class="mono file">\/data\/&lt;b&gt;bad&lt;\/b&gt;\.jsonl:2:17<\/td><td>line 2: skipped/);
  t.match(html, /<td class="mono file">s3:\/\/bucket\/key\.json\.gz<\/td>/);
  t.notMatch(html, /replay --format json/);

  // More problems than the review lists: the rest are counted.
  const many = buildReview({ ...base, stats: { ...base.stats, errors: Array.from({ length: 105 }, (_, i) => ({ file: `/data/f${i}.json`, message: 'read failed' })) } });
  t.match(renderReviewTable(many, { color: false }), /Input problems \(105\)\n(  .*\n){100}  … and 5 more/);
  t.match(renderReviewHtml(many), /… and 5 more: trailproof replay --format json lists every one\./);
});
