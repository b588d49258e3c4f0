// The HTML review renders in a real browser (issue: "Check it renders in headless Chromium"): Debian's
// `chromium` package, run headless on the file. `--dump-dom` prints the DOM after the page's script has
// run (https://developer.chrome.com/docs/chromium/headless), so the assertions below see the sorted and
// filtered table, the view restored from the URL fragment, and the chart's series.
// .ci/run installs the browser, and in CI (CI=true) its absence fails the test; elsewhere (a developer's
// fresh clone, per README.md) the test is skipped with a message saying how to run it.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { buildReview } from '../../src/review/build-review.js';
import { renderReviewHtml } from '../../src/review/format/html.js';
import { makeReport, rootEvent } from '../suite/make-report.js';

const CHROMIUM = '/usr/bin/chromium';
const run = promisify(execFile);

if (!existsSync(CHROMIUM)) {
  const hint = `${CHROMIUM} is not installed: install Debian's chromium package (apt-get install chromium) to run the HTML rendering test`;
  if (process.env.CI === 'true') t.fail(hint);
  else t.plan(0, hint); // a plan of 0 with a reason reports the file as skipped
} else {
  const HOSTILE = `<img src=x onerror="document.title='pwned'">`;
  // Long free text, as real archives hold: the layout at 1280 px must keep Session and Detections on screen.
  const LONG_UA = `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 ${'x'.repeat(600)}`;
  const events = [
    rootEvent('e1', 'console-login-failure', { eventTime: '2024-06-03T09:00:00Z', eventName: 'ConsoleLogin', outcome: 'failure', userAgent: 'Mozilla/5.0' }),
    rootEvent('e2', 'console-login-success', { eventTime: '2024-06-03T09:01:00Z', eventName: 'ConsoleLogin', mfaUsed: false, userAgent: 'Mozilla/5.0' }),
    rootEvent('e3', 'root-console-action', { eventTime: '2024-06-03T09:06:00Z', eventName: 'StopLogging', userAgent: HOSTILE }),
    rootEvent('e4', 'root-api-call', { eventTime: '2024-06-03T13:00:00Z', eventName: 'CreateAccessKey', accountId: '444455556666', sourceIPAddress: '198.51.100.7', userAgent: LONG_UA, awsRegion: 'ap-southeast-2' }),
    rootEvent('e5', 'service-on-behalf-of-root', {
      eventTime: '2024-06-03T14:00:00Z',
      eventName: 'GetBucketPublicAccessBlockConfiguration',
      accountId: '444455556666',
      sourceIPAddress: '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
      userAgent: 'arn:aws:iam::444455556666:role/aws-service-role/organizations.amazonaws.com/AWSServiceRoleForOrganizations',
    }),
    rootEvent('e6', 'root-api-call', { eventTime: '2024-06-04T08:00:00Z', eventName: 'ListBuckets', accountId: '777788889999', sourceIPAddress: '192.0.2.9' }),
  ];
  const review = buildReview(makeReport(events, [{ id: 'cis', title: 'CIS 1.7 Eliminate use of the root user for administrative and daily tasks', fired: ['e1', 'e2', 'e4', 'e6'] }]));
  const dir = t.testdir({});
  const file = join(dir, 'review.html');
  // A measuring script records the layout in the DOM (read back through --dump-dom); the page's CSP
  // admits only its own script, so the measuring script's hash is added to it.
  const measure = `document.body.setAttribute('data-layout', JSON.stringify({ viewport: window.innerWidth, visible: document.documentElement.clientWidth, right: ['session', 'detections', 'ua'].map(function (k) { return document.querySelector('#events-table th[data-key=' + k + ']').getBoundingClientRect().right; }), ua: document.querySelector('#events-table tr[data-event=e4] td.ua').getBoundingClientRect().width }));`;
  const measureHash = createHash('sha256').update(measure).digest('base64');
  const page = renderReviewHtml(review)
    .replace(/script-src &#39;sha256-[^&]+&#39;/, (m) => `${m} &#39;sha256-${measureHash}&#39;`)
    .replace('</body>', `<script>${measure}</script>\n</body>`);
  t.not(page.indexOf(measureHash), -1, 'the measuring script is admitted by the CSP');
  writeFileSync(file, page);

  /** The DOM after the page's script ran, for the page (`file` by default) opened with `hash`. */
  const dom = async (hash: string, profile: string, extra: readonly string[] = []): Promise<string> => {
    const { stdout } = await run(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(dir, profile)}`,
        ...extra,
        '--dump-dom',
        `${pathToFileURL(file).href}${hash}`,
      ],
      { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
    );
    return stdout;
  };
  /** Event IDs of the visible rows of the events table, in DOM order. */
  const visible = (html: string): string[] =>
    [...html.matchAll(/<tr data-event="([^"]+)"[^>]*>/g)].filter((m) => !/\shidden(=|\s|>)/.test(m[0])).map((m) => m[1]!);

  t.test('the page renders and its script runs; at 1280 px Session and Detections stay on screen', async (t) => {
    const html = await dom('', 'p1', ['--window-size=1280,800']);
    t.match(html, /<html lang="en" data-ready="true">/, 'the script ran to the end (the CSP admitted it)');
    t.same(visible(html), ['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    t.match(html, /<span id="shown">6 of 6 events<\/span>/);
    // The chart: one series per account, each with its events' dots.
    const series = [...html.matchAll(/<g class="series" data-account="(\d+)" data-count="(\d+)">/g)].map((m) => `${m[1]}:${m[2]}`);
    t.same(series, ['111122223333:3', '444455556666:2', '777788889999:1']);
    t.equal(html.match(/<circle class="dot"/g)!.length, 6);
    // The hostile user agent stayed text.
    t.notMatch(html, /<img/);
    t.notMatch(html, /<title>pwned<\/title>/);
    t.match(html, /&lt;img src=x onerror="document.title='pwned'"&gt;/);

    // The layout at 1280 × 800, measured in the page.
    const layout = JSON.parse(/data-layout="([^"]+)"/.exec(html)![1]!.replace(/&quot;/g, '"')) as { viewport: number; visible: number; right: number[]; ua: number };
    t.equal(layout.viewport, 1280, 'the window is 1280 px wide');
    const [session, detections, ua] = layout.right as [number, number, number];
    t.ok(session <= 1280 && session <= layout.visible, `the Session header ends on screen (${session} <= ${layout.visible})`);
    t.ok(detections <= 1280 && detections <= layout.visible, `the Detections header ends on screen (${detections} <= ${layout.visible})`);
    t.ok(session < detections && detections < ua, 'the user-agent column comes after them');
    t.ok(layout.ua < 600, `the ${LONG_UA.length}-character user agent wraps inside its cell (${layout.ua} px wide)`);
  });

  t.test('filter and sort restored from the URL fragment', async (t) => {
    const html = await dom('#q=consolelogin&sort=-time', 'p2');
    t.same(visible(html), ['e2', 'e1'], 'text filter (case-insensitive), newest first');
    t.match(html, /<th data-key="time" scope="col" tabindex="0" aria-sort="descending">/);
    t.match(html, /<table id="events-table" class="sortable" data-shown="2" data-sorted="time:desc">/);
    t.match(html, /<input id="f-text" type="search"[^>]*>/);
    // Dots of hidden events are faded in the chart.
    t.equal(html.match(/<circle class="dot faded"/g)!.length, 4);
  });

  t.test('category, account, session and root-usage filters; numeric sort', async (t) => {
    const byAccount = await dom('#category=root-api-call&account=444455556666', 'p3');
    t.same(visible(byAccount), ['e4']);
    t.match(byAccount, /<span id="shown">1 of 6 events<\/span>/);
    const usage = await dom('#usage=1&sort=-session', 'p4');
    // Sessions (account and source IP): e1,e2,e3 → 1; e4 → 2; e5 → 3; e6 → 4. Root usage only drops e5;
    // descending by session, ties in time order.
    t.same(visible(usage), ['e6', 'e4', 'e1', 'e2', 'e3']);
  });
}
