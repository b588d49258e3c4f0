// cisRootUsage must agree with the CIS root-usage metric filter as the cwl dialect evaluates it, on the
// record serialised as one log event (Security Hub CloudWatch.1,
// https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1;
// docs/filter-patterns.md for missing fields, null and NOT EXISTS).
import t from 'tap';
import { parseFilterPattern } from '../../src/dialects/cwl/pattern.js';
import { classifyRoot } from '../../src/record/root.js';
import { generate, rng } from './generate.js';
import { assumeRootCall, assumedRootDeleteBucketPolicy, rootConsoleLogin, rootConsoleStartLogging, rootServiceEvent, rootViaCloudFormation } from './records.js';

const CIS = parseFilterPattern('{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }');

t.test('documented shapes', async (t) => {
  for (const [name, rec] of Object.entries({ rootConsoleLogin, rootConsoleStartLogging, rootServiceEvent, rootViaCloudFormation, assumedRootDeleteBucketPolicy, assumeRootCall })) {
    const r = rec();
    t.equal(classifyRoot(r)?.cisRootUsage ?? false, CIS.matches(JSON.stringify(r)), name);
  }
});

t.test('generated records', async (t) => {
  const r = rng(4_3);
  let disagree = 0;
  let matched = 0;
  for (let i = 0; i < 4000; i++) {
    const rec = generate(r);
    const text = JSON.stringify(rec);
    const cis = CIS.matches(text);
    if (cis) matched++;
    if ((classifyRoot(rec)?.cisRootUsage ?? false) !== cis) {
      disagree++;
      if (disagree <= 3) t.fail(`cisRootUsage disagrees with the CIS pattern (${cis}): ${text}`);
    }
  }
  t.equal(disagree, 0, 'cisRootUsage ⇔ CIS pattern matches');
  t.ok(matched > 40, `both outcomes exercised (${matched} matches)`);
});
