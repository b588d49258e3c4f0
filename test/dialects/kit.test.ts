// The dialect test kit (test/helpers/dialect-kit.ts) on every registered dialect and the reference one.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { cwlDialect } from '../../src/dialects/cwl/index.js';
import { eventBridgeDialect } from '../../src/dialects/eventbridge/index.js';
import { sigmaDialect } from '../../src/dialects/sigma/index.js';
import { splunkDialect } from '../../src/dialects/splunk/index.js';
import { checkDialect } from '../helpers/dialect-kit.js';
import { referenceDialect } from '../helpers/reference-dialect.js';

const shipped = (path: string) => ({ path, text: readFileSync(path, 'utf8') });

await checkDialect(t, { dialect: cwlDialect, files: [shipped('detections/cis-root-usage.pattern')] });
await checkDialect(t, { dialect: sigmaDialect, files: [{ path: 'root.yml', text: 'title: Root activity\nlogsource: { product: aws, service: cloudtrail }\ndetection:\n  root: { userIdentity.type: Root }\n  service: { eventType: AwsServiceEvent }\n  condition: root and not service\n' }] });
await checkDialect(t, { dialect: eventBridgeDialect, files: [shipped('detections/eventbridge/root-usage.json')] });
await checkDialect(t, {
  dialect: splunkDialect,
  files: [
    shipped('detections/splunk/root-usage.yml'),
    { path: 'savedsearches.conf', text: '[Root API call]\nsearch = `cloudtrail` userIdentity.type=Root eventType=AwsApiCall NOT eventName=Describe*\n\n[Root sign-ins by source]\nsearch = eventName=ConsoleLogin user_type=Root | stats count by src | where count >= 1\n' },
    { path: 'root-errors.spl', text: 'userIdentity.arn="arn:aws:iam::*:root" | eval e=coalesce(errorCode, "none") | where e!="none" OR readOnly="false"\n' },
  ],
});
await checkDialect(t, { dialect: referenceDialect, files: [{ path: 'root.ref', text: 'userIdentity.type = Root\n' }] });
