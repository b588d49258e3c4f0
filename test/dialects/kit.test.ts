// The dialect test kit (test/helpers/dialect-kit.ts) on every registered dialect and the reference one.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { cwlDialect } from '../../src/dialects/cwl/index.js';
import { elasticEqlDialect, elasticKueryDialect, elasticLuceneDialect } from '../../src/dialects/elastic/index.js';
import { eventBridgeDialect } from '../../src/dialects/eventbridge/index.js';
import { pantherDialect } from '../../src/dialects/panther/index.js';
import { sentinelDialect } from '../../src/dialects/sentinel/index.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { splunkDialect } from '../../src/dialects/splunk/index.js';
import { checkDialect } from '../helpers/dialect-kit.js';
import { referenceDialect } from '../helpers/reference-dialect.js';

const shipped = (path: string) => ({ path, text: readFileSync(path, 'utf8') });

await checkDialect(t, { dialect: cwlDialect, files: [shipped('detections/cis-root-usage.pattern')] });
await checkDialect(t, { dialect: sigmaDialect, files: [{ path: 'root.yml', text: 'title: Root activity\nlogsource: { product: aws, service: cloudtrail }\ndetection:\n  root: { userIdentity.type: Root }\n  service: { eventType: AwsServiceEvent }\n  condition: root and not service\n' }] });
await checkDialect(t, { dialect: eventBridgeDialect, files: [shipped('detections/eventbridge/root-usage.json')] });
const elastic = (name: string, type: string, language: string, query: string): { path: string; text: string } => ({
  path: `${name}.toml`,
  text: `[rule]\nrule_id = "${name}"\nname = "${name}"\ntype = "${type}"\nlanguage = "${language}"\nquery = '''\n${query}\n'''\n`,
});
await checkDialect(t, { dialect: elasticKueryDialect, files: [shipped('detections/elastic/root-usage.toml')] });
await checkDialect(t, { dialect: elasticLuceneDialect, files: [elastic('root-lucene', 'query', 'lucene', 'aws.cloudtrail.user_identity.type:Root AND NOT aws.cloudtrail.event_type:AwsServiceEvent')] });
await checkDialect(t, {
  dialect: elasticEqlDialect,
  files: [
    shipped('detections/elastic/root-usage-eql.toml'),
    elastic('root-then-more', 'eql', 'eql', 'sequence by cloud.account.id with maxspan=1d\n  [any where aws.cloudtrail.user_identity.type == "Root" and event.action == "ConsoleLogin"]\n  [any where aws.cloudtrail.user_identity.type == "Root" and event.action != "ConsoleLogin"]'),
  ],
});
await checkDialect(t, {
  dialect: sentinelDialect,
  files: [
    shipped('detections/sentinel/root-usage.yaml'),
    { path: 'no-mfa.kql', text: 'AWSCloudTrail\n| where EventName =~ "ConsoleLogin" and UserIdentityType == "Root"\n| where tostring(parse_json(AdditionalEventData).MFAUsed) !~ "Yes"\n' },
    { path: 'busy-root.yaml', text: 'name: Busy root\nqueryFrequency: 1d\nqueryPeriod: 1d\ntriggerOperator: gt\ntriggerThreshold: 0\nkind: Scheduled\nquery: |\n  AWSCloudTrail\n  | where UserIdentityType == "Root"\n  | summarize actions = dcount(EventName) by RecipientAccountId, bin(TimeGenerated, 1d)\n  | where actions > 1\n' },
  ],
});
await checkDialect(t, {
  dialect: splunkDialect,
  files: [
    shipped('detections/splunk/root-usage.yml'),
    { path: 'savedsearches.conf', text: '[Root API call]\nsearch = `cloudtrail` userIdentity.type=Root eventType=AwsApiCall NOT eventName=Describe*\n\n[Root sign-ins by source]\nsearch = eventName=ConsoleLogin user_type=Root | stats count by src | where count >= 1\n' },
    { path: 'root-errors.spl', text: 'userIdentity.arn="arn:aws:iam::*:root" | eval e=coalesce(errorCode, "none") | where e!="none" OR readOnly="false"\n' },
  ],
});
// Panther rules name their `.py` relative to the YAML, so the kit gets them at their real paths.
await checkDialect(t, { dialect: pantherDialect, files: [shipped('detections/panther/root_usage.yml'), shipped('fixtures/panther/rules/root_console_login.yml'), shipped('fixtures/panther/rules/root_activity.yml')] });
await checkDialect(t, { dialect: referenceDialect, files: [{ path: 'root.ref', text: 'userIdentity.type = Root\n' }] });
