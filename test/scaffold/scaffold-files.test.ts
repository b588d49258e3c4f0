// The scaffold's files (docs/suites.md "trailproof init"): the sample records are what their names say
// under trailproof's root classification (docs/root-usage.md), the CIS pattern (CIS AWS Foundations
// Benchmark root-usage metric filter, Security Hub CloudWatch.1) fires on exactly the root usage it is
// meant to, the suite parses, and the workflow is valid YAML running `trailproof test`.
import t from 'tap';
import { parse } from 'yaml';
import { parseFilterPattern } from '../../src/dialects/cwl/index.js';
import { classifyRoot } from '../../src/record/root.js';
import { CIS_ROOT_USAGE_PATTERN, SAMPLE_EVENT_IDS, SAMPLE_PATH, sampleRecords, scaffoldFiles } from '../../src/scaffold/index.js';
import { parseSuite } from '../../src/suite/parse-suite.js';

const records = sampleRecords();
const byId = new Map(records.map((r) => [r['eventID'] as string, r]));

t.test('every sample record is what its name says', async (t) => {
  const ids = SAMPLE_EVENT_IDS;
  const category = (id: string) => classifyRoot(byId.get(id)!)?.category ?? 'not-root';
  t.same(
    Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, category(id)])),
    {
      rootLoginMfa: 'console-login-success',
      rootLoginFailed: 'console-login-failure',
      rootLoginNoMfa: 'console-login-success',
      rootCreateAccessKey: 'root-api-call',
      rootListBuckets: 'root-api-call',
      rootConsoleStopLogging: 'root-console-action',
      serviceForRoot: 'service-on-behalf-of-root',
      iamUserLogin: 'not-root',
      assumedRoleCall: 'not-root',
    },
  );
  t.equal(classifyRoot(byId.get(ids.rootLoginMfa)!)!.mfaUsed, true);
  t.equal(classifyRoot(byId.get(ids.rootLoginNoMfa)!)!.mfaUsed, false);
  t.equal(new Set(records.map((r) => r['eventID'])).size, records.length, 'event IDs are unique');
});

t.test('the CIS pattern fires on root usage except console actions, and on nothing else', async (t) => {
  const cis = parseFilterPattern(CIS_ROOT_USAGE_PATTERN);
  const fired = records.filter((r) => cis.matches(JSON.stringify(r))).map((r) => r['eventID']);
  const ids = SAMPLE_EVENT_IDS;
  t.same(new Set(fired), new Set([ids.rootLoginMfa, ids.rootLoginFailed, ids.rootLoginNoMfa, ids.rootCreateAccessKey, ids.rootListBuckets]));
});

t.test('files: the suite parses, the workflow runs trailproof test, the sample is a CloudTrail log file', async (t) => {
  const files = new Map(scaffoldFiles('trailproof@9.9.9').map((f) => [f.path, f.content]));
  t.same([...files.keys()], ['trailproof.yml', 'detections/cis-root-usage.pattern', SAMPLE_PATH, '.github/workflows/trailproof.yml']);
  const { suite, diagnostics } = parseSuite(files.get('trailproof.yml')!, 'trailproof.yml');
  t.same(diagnostics, []);
  t.same(suite!.sources, ['samples']);
  t.same(suite!.expectations[0]!.neverFiresOn, [SAMPLE_EVENT_IDS.serviceForRoot, SAMPLE_EVENT_IDS.iamUserLogin]);
  t.equal(files.get('detections/cis-root-usage.pattern'), `${CIS_ROOT_USAGE_PATTERN}\n`);
  t.match(SAMPLE_PATH, /^samples\/AWSLogs\/111122223333\/CloudTrail\/us-east-1\/2024\/06\/04\/111122223333_CloudTrail_us-east-1_20240604T2210Z_[A-Za-z0-9]{16}\.json$/);
  t.same((JSON.parse(files.get(SAMPLE_PATH)!) as { Records: unknown[] }).Records, records);
  const workflow = parse(files.get('.github/workflows/trailproof.yml')!) as { jobs: { test: { steps: { run?: string; uses?: string }[] } }; permissions: Record<string, string> };
  const steps = workflow.jobs.test.steps;
  t.ok(steps.some((s) => s.run === 'npm install --no-save --no-package-lock --no-audit --no-fund trailproof@9.9.9'));
  t.ok(steps.some((s) => s.run?.startsWith('npx --no-install trailproof test --junit reports/trailproof.xml --markdown reports/trailproof.md --sarif reports/trailproof.sarif')));
  t.ok(steps.some((s) => s.uses === 'github/codeql-action/upload-sarif@v3'));
  t.equal(workflow.permissions['security-events'], 'write');
});
