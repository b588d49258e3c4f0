/**
 * The text files `trailproof init` writes besides the sample records: the suite, the CIS root-usage
 * pattern, and a GitHub Actions workflow that runs the suite on every pull request.
 */
import { SAMPLE_EVENT_IDS } from './sample-records.js';

/**
 * The CIS AWS Foundations Benchmark root-usage metric filter (v1.2.0 3.3 onwards; Security Hub
 * CloudWatch.1), spaced as the benchmark's remediation text spaces it.
 */
export const CIS_ROOT_USAGE_PATTERN = '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';

/** The scaffolded suite (docs/suites.md documents every key). */
export function suiteTemplate(): string {
  const ids = SAMPLE_EVENT_IDS;
  return `# trailproof regression suite: run \`trailproof test\` in this folder.
# Format: docs/suites.md in the trailproof package.
name: root-usage detections

# CloudTrail records to replay (files, folders, s3://bucket/prefix), relative to this file.
sources:
  - samples

# Rule files or folders: CloudWatch Logs filter patterns (.pattern), metric-filter JSON,
# CloudFormation, Terraform, Sigma rules (.yml).
detections:
  - detections

# What each detection must do. Categories: console-login-success, console-login-failure,
# root-api-call, root-console-action, assume-root-session (root usage), and the context categories
# service-on-behalf-of-root, root-service-event, root-sign-in-other. \`root-usage\` means all five.
expect:
  - detection: detections/cis-root-usage.pattern
    catches:
      - console-login-success
      - console-login-failure
      - root-api-call
    # Known gap: the CIS pattern requires invokedBy NOT EXISTS, so root actions taken in the console
    # (invokedBy signin.amazonaws.com, like the StopLogging in the sample) are missed. Add
    # root-console-action above once your rules cover it.
    max_false_alarms: 0
    never_fires_on:
      - ${ids.serviceForRoot} # S3 calling KMS on root's behalf: not a person using root
      - ${ids.iamUserLogin} # an IAM user signing in

# Override trailproof's root classification for specific events (event ID: category or not-root).
# labels:
#   ${ids.rootListBuckets}: not-root

# Baseline of caught / missed / false alarms per detection, for reviewing rule changes:
# record it with \`trailproof test --update-baseline\` and commit the file.
# baseline: trailproof.baseline.json
`;
}

/**
 * The scaffolded GitHub Actions workflow. `install` is the npm package spec it installs trailproof
 * from: `trailproof@<version>` from the registry, or a tarball committed with the scaffold.
 */
export function workflowTemplate(install: string): string {
  return `# Runs the trailproof suite (trailproof.yml) on every change to the detections or the samples.
# Results: the job summary, JUnit XML, and SARIF in GitHub code scanning (a missed root category is
# shown on the rule file's line).
name: detections

on:
  pull_request:
    paths: ['detections/**', 'samples/**', 'trailproof.yml', 'trailproof.baseline.json', '.github/workflows/trailproof.yml']
  push:
    branches: [main]

permissions:
  contents: read
  security-events: write # upload SARIF to code scanning

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install trailproof
        run: npm install --no-save --no-package-lock --no-audit --no-fund ${install}
      - name: Replay the samples through the detections
        run: npx --no-install trailproof test --junit reports/trailproof.xml --markdown reports/trailproof.md --sarif reports/trailproof.sarif
      - name: Job summary
        if: \${{ !cancelled() }}
        run: cat reports/trailproof.md >> "$GITHUB_STEP_SUMMARY"
      - name: Upload SARIF to code scanning
        if: \${{ !cancelled() }}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: reports/trailproof.sarif
          category: trailproof
      - name: Keep the reports
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: trailproof-reports
          path: reports/
`;
}
