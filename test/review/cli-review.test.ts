// `trailproof review <source...>` end to end with the real engine on the `trailproof init` sample
// (docs/review.md): every root event of the window, sessions, formats chosen by flag or file extension.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runReview } from '../../src/cli/commands/review.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import type { Review } from '../../src/review/model.js';
import { SAMPLE_EVENT_IDS, writeScaffold } from '../../src/scaffold/index.js';
import { captureIO } from '../suite/capture-io.js';

const ids = SAMPLE_EVENT_IDS;

t.test('review of the sample', async (t) => {
  const dir = t.testdir({});
  await writeScaffold(dir, { install: 'trailproof@0.1.0' });
  const samples = join(dir, 'samples');
  const base = { detections: [join(dir, 'detections')], workers: '0', quiet: true };

  const json = captureIO();
  t.equal(await runReview([samples], { ...base, format: 'json' }, json.io), 0);
  const review = JSON.parse(json.stdout()) as Review;
  t.equal(review.schema, 'trailproof/review@2');
  // Every root event, all categories, in time order, each with its session and the detections that fired.
  t.same(
    review.events.map((e) => [e.eventID, e.category, e.session, e.detections.length]),
    [
      [ids.rootLoginFailed, 'console-login-failure', 1, 1],
      [ids.rootLoginMfa, 'console-login-success', 1, 1],
      // The console action after the sign-in, from the same IP (user agent signin.amazonaws.com): one session.
      [ids.rootConsoleStopLogging, 'root-console-action', 1, 0],
      [ids.rootCreateAccessKey, 'root-api-call', 2, 1],
      [ids.rootListBuckets, 'root-api-call', 2, 1],
      [ids.serviceForRoot, 'service-on-behalf-of-root', 3, 0],
      [ids.rootLoginNoMfa, 'console-login-success', 4, 1],
    ],
  );
  t.match(review.summary, { events: 7, rootUsage: 6, context: 1, accounts: 1, sourceIPs: 4, sessions: 4, firstSeen: '2024-06-03T09:12:07Z', lastSeen: '2024-06-04T22:05:18Z', failedSignIns: 1, signInsWithoutMfa: 1, undetected: 1 });
  t.same(review.sessions[0]!.userAgents.slice(1), ['signin.amazonaws.com'], 'the browser, then the console');
  t.same(review.sessions[1]!.eventNames, ['CreateAccessKey', 'ListBuckets']);
  t.equal(review.sessions[1]!.durationSeconds, 35);
  t.same(review.input, { files: 1, records: 9, errors: 0, problems: [], moreProblems: 0 });

  // A shorter gap splits the sign-in pair (94 s apart) and the console action but not the CLI calls (35 s apart).
  const gap = captureIO();
  t.equal(await runReview([samples], { ...base, format: 'json', sessionGap: '60s' }, gap.io), 0);
  t.same((JSON.parse(gap.stdout()) as Review).events.map((e) => e.session), [1, 2, 3, 4, 4, 5, 6]);

  // The window applies as in replay.
  const since = captureIO();
  t.equal(await runReview([samples], { ...base, format: 'json', since: '2024-06-04' }, since.io), 0);
  t.same((JSON.parse(since.stdout()) as Review).events.map((e) => e.eventID), [ids.rootLoginNoMfa]);

  // Formats from the output file's extension.
  const csvFile = join(dir, 'review.csv');
  t.equal(await runReview([samples], { ...base, output: csvFile }, captureIO().io), 0);
  const csv = readFileSync(csvFile, 'utf8').split('\r\n');
  t.equal(csv.length, 9, 'header, 7 events, final empty line');
  t.match(csv[1], new RegExp(`^2024-06-03T09:12:07Z,111122223333,us-east-1,signin\\.amazonaws\\.com,ConsoleLogin,console-login-failure,true,failure,false,203\\.0\\.113\\.45,`));
  const htmlFile = join(dir, 'review.html');
  t.equal(await runReview([samples], { ...base, output: htmlFile }, captureIO().io), 0);
  const html = readFileSync(htmlFile, 'utf8');
  t.equal(html.match(/<g class="series"/g)!.length, 1);
  t.equal(html.match(/<tr data-event=/g)!.length, 7);

  const table = captureIO();
  t.equal(await runReview([samples], { ...base, format: 'table' }, table.io), 0);
  t.match(table.stdout(), /^Root activity review\n {2}7 root events \(6 root usage, 1 context\) · 1 account · 4 source IPs · 4 sessions\n/);
  t.match(table.stdout(), /StopLogging +root-console-action +success +none/);
});

t.test('usage errors', async (t) => {
  const io = captureIO().io;
  await t.rejects(runReview(['x'], { sessionGap: 'soon' }, io), UsageError);
  await t.rejects(runReview(['x'], { format: 'pdf' }, io), new UsageError("invalid --format 'pdf': expected one of table, json, csv, html"));
  await t.rejects(runReview(['x'], { since: 'yesterday' }, io), UsageError);
});

t.test('input problems are listed in the review, with file and position', async (t) => {
  const dir = t.testdir({
    'bad.jsonl': '{"eventVersion":"1.08","eventID":"a","eventTime":"2024-06-03T09:00:00Z","eventName":"ListBuckets","eventSource":"s3.amazonaws.com","userIdentity":{"type":"Root"}}\n{"eventID": "b", \n',
  });
  const json = captureIO();
  await runReview([dir], { workers: '0', quiet: true, format: 'json' }, json.io);
  const review = JSON.parse(json.stdout()) as Review;
  t.equal(review.input.errors, 1);
  t.equal(review.input.problems.length, 1);
  // The position as fields too (docs/report-schema.md, "Problem objects"): the record starts at line 2, column 1.
  t.match(review.input.problems[0], { file: join(dir, 'bad.jsonl'), line: 2, column: 1, message: /line 2/ });
  const table = captureIO();
  await runReview([dir], { workers: '0', quiet: true, format: 'table' }, table.io);
  t.match(table.stdout(), /1 input problem: the timeline may be incomplete \(listed at the end\)/);
  t.match(table.stdout(), new RegExp(`\\nInput problems \\(1\\)\\n {2}${join(dir, 'bad.jsonl').replace(/[.\\/]/g, '\\$&')}:2:1: .*line 2`));
  t.notMatch(table.stdout(), /replay --format json/);
});
