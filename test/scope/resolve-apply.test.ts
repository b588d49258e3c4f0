// Where a scope comes from (suite > --scope > declaration > inference, `--scope all` over everything)
// and what it does to a report: misses outside the scope move to outOfScope, and a rule about
// something else is not a root detection.
import t from 'tap';
import { scopeOptionsOf } from '../../src/cli/commands/replay.js';
import { UsageError } from '../../src/cli/exit-codes.js';
import { loadDetectionFiles } from '../../src/dialects/index.js';
import { applyScopes } from '../../src/engine/scope/apply-scope.js';
import { resolveScopes, type ResolvedScope } from '../../src/engine/scope/resolve-scope.js';
import { ROOT_USAGE_CATEGORIES } from '../../src/report/model.js';
import { parseSuite } from '../../src/suite/parse-suite.js';
import { suiteScopes } from '../../src/suite/run-suite.js';
import { makeReport, rootEvent } from '../suite/make-report.js';

const LOGIN_RULE = `title: Root Sign-In
id: 0b0e6b5e-52c4-4f4a-9d51-3a7e3c0f6d11
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName: ConsoleLogin
    userIdentity.type: Root
  condition: selection
trailproof:
  scope: [console-login-success]
`;
const BUCKET_RULE = 'title: Bucket Deleted\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n  selection:\n    eventName: DeleteBucket\n  condition: selection\n';

function loaded(): ReturnType<typeof loadDetectionFiles> {
  const l = loadDetectionFiles([
    { path: '/repo/detections/cis.pattern', text: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' },
    { path: '/repo/detections/login.yml', text: LOGIN_RULE },
    { path: '/repo/detections/bucket.yml', text: BUCKET_RULE },
  ]);
  if (l.diagnostics.length > 0) throw new Error(JSON.stringify(l.diagnostics));
  return l;
}

t.test('precedence: override (suite or cli) > declared > inferred; all > everything', async (t) => {
  const { detections, correlations } = loaded();
  const [cis, login, bucket] = detections as [(typeof detections)[number], (typeof detections)[number], (typeof detections)[number]];
  const plain = resolveScopes(detections, correlations);
  t.same(plain.get(cis.id)?.scope, { categories: ['console-login-success', 'console-login-failure', 'root-api-call'], source: 'inferred', partial: ['root-console-action', 'assume-root-session'] });
  t.same(plain.get(login.id)?.scope, { categories: ['console-login-success'], source: 'declared', partial: [] }, 'the declaration, not the inferred sign-ins');
  t.same(plain.get(bucket.id), { scope: { categories: [], source: 'inferred', partial: [] }, firesOnExample: false });

  const overrides = new Map([
    [login.id, { categories: ['root-api-call'] as const, source: 'cli' as const }],
    [cis.id, { categories: ['root-console-action'] as const, source: 'suite' as const }],
  ]);
  const over = resolveScopes(detections, correlations, { overrides });
  t.same(over.get(login.id)?.scope.categories, ['root-api-call'], '--scope beats the declaration');
  t.equal(over.get(login.id)?.scope.source, 'cli');
  t.same(over.get(cis.id)?.scope, { categories: ['root-console-action'], source: 'suite', partial: ['root-console-action', 'assume-root-session'] }, 'a suite beats inference');

  const all = resolveScopes(detections, correlations, { all: true, overrides });
  for (const d of detections) t.same(all.get(d.id)?.scope.categories, ROOT_USAGE_CATEGORIES, `${d.title}: --scope all`);
});

t.test("a suite's catches: become scopes, by the suite's own detection selectors", async (t) => {
  const { detections } = loaded();
  const { suite } = parseSuite(
    'sources: samples\ndetections: detections\nexpect:\n  - detection: detections/login.yml\n    catches: root-usage\n  - detection: Bucket Deleted\n    never_fires_on: [x]\n  - detection: nope.yml\n    catches: root-api-call\n',
    '/repo/trailproof.yml',
  );
  const scopes = suiteScopes(suite!, '/repo', detections);
  t.same([...scopes.keys()], [detections[1]!.id], 'only expectations with catches, and only selectors that name one detection');
  t.same(scopes.get(detections[1]!.id), { categories: ROOT_USAGE_CATEGORIES, source: 'suite' });
});

t.test('--scope flags: selectors, words and usage errors', async (t) => {
  const { detections, correlations } = loaded();
  const all = [...detections, ...correlations];
  t.same(scopeOptionsOf([], all), {});
  t.same(scopeOptionsOf(['all'], all), { all: true });
  const byTitle = scopeOptionsOf(['Root Sign-In=console-login-success,console-login-failure'], all);
  t.same(byTitle.overrides?.get(detections[1]!.id), { categories: ['console-login-success', 'console-login-failure'], source: 'cli' });
  t.same([...(scopeOptionsOf(['/repo/detections/cis.pattern=none'], all).overrides?.keys() ?? [])], [detections[0]!.id], 'by rule file');
  t.ok(scopeOptionsOf([`${detections[0]!.id}=root-usage`], all).overrides?.has(detections[0]!.id), 'by id');
  t.ok(scopeOptionsOf(['0b0e6b5e-52c4-4f4a-9d51-3a7e3c0f6d11=none'], all).overrides?.has(detections[1]!.id), 'by Sigma id');
  t.throws(() => scopeOptionsOf(['all', 'Root Sign-In=none'], all), new UsageError('--scope all cannot be combined with per-detection scopes'));
  t.throws(() => scopeOptionsOf(['Nope=none'], all), { message: /no loaded detection has the id, file, rule id or title 'Nope'/ });
  t.throws(() => scopeOptionsOf(['Root Sign-In=sign-ins'], all), { message: /unknown root category 'sign-ins'/ });
  t.throws(() => scopeOptionsOf(['console-login-success'], all), { message: /expected DETECTION=CATEGORY/ });
});

t.test('applying scopes: misses outside move to outOfScope; not a root detection; idempotent', async (t) => {
  const events = [
    rootEvent('login-1', 'console-login-success'),
    rootEvent('fail-1', 'console-login-failure'),
    rootEvent('api-1', 'root-api-call'),
    rootEvent('console-1', 'root-console-action'),
    rootEvent('svc-1', 'service-on-behalf-of-root'),
  ];
  const report = makeReport(events, [
    { id: 'signin', fired: ['login-1'] },
    { id: 'bucket', fired: [], nonRoot: ['n1', 'n2'] },
    { id: 'keys', fired: ['api-1'] },
  ]);
  const [signin, bucket, keys] = report.detections.map((d) => d.id) as [string, string, string];
  const scopes = new Map<string, ResolvedScope>([
    [signin, { scope: { categories: ['console-login-success', 'console-login-failure'], source: 'inferred', partial: [] }, firesOnExample: true }],
    [bucket, { scope: { categories: [], source: 'inferred', partial: [] }, firesOnExample: false }],
    [keys, { scope: { categories: [], source: 'declared', partial: ['root-api-call'] }, firesOnExample: true }],
  ]);
  const scoped = applyScopes(report, scopes);
  const [s, b, k] = scoped.detections as [(typeof scoped.detections)[number], (typeof scoped.detections)[number], (typeof scoped.detections)[number]];
  t.same([s.caught, s.missed, s.outOfScope, s.rootDetection], [['login-1'], ['fail-1'], ['api-1', 'console-1'], true], 'the failed sign-in is a miss; API call and console action are outside');
  t.same([b.missed, b.outOfScope.length, b.rootDetection, b.falseAlarms.count], [[], 4, false, 2], 'fires on nothing root: not a root detection, its hits still counted');
  t.same([k.missed, k.outOfScope, k.rootDetection], [[], ['login-1', 'fail-1', 'console-1'], true], 'scope none: nothing to miss, still a root detection (it caught one)');
  t.same(applyScopes(scoped, scopes), scoped, 'applying twice changes nothing');

  const strict = new Map([...scopes].map(([id, r]) => [id, { ...r, scope: { categories: ROOT_USAGE_CATEGORIES, source: 'all' as const, partial: r.scope.partial } }]));
  const back = applyScopes(scoped, strict);
  t.same(back.detections.map((d) => [d.missed.length, d.outOfScope.length, d.rootDetection]), [[3, 0, true], [4, 0, true], [3, 0, true]], '--scope all: every root-usage event not fired on is missed again');
});
