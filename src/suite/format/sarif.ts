/**
 * SARIF 2.1.0 output for `trailproof test --sarif FILE`, so code-scanning UIs (GitHub code scanning and
 * others) show each failed check on the rule file's line: a Sigma rule's `detection:` line, line 1 of a
 * pattern file. Checks not tied to a rule (a label, an unknown detection) point at the suite file.
 *
 * Shape per the OASIS SARIF 2.1.0 standard (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html):
 * one run whose `tool.driver.rules` describe the kinds of failure (§3.49 reportingDescriptor) and whose
 * `results` (§3.27) carry `ruleId`, `ruleIndex`, `level`, `message.text` and one `physicalLocation`
 * with an `artifactLocation.uri` relative to `%SRCROOT%` and a `region.startLine`. `%SRCROOT%` is left
 * undefined (§3.14.14 lets the consumer resolve it; code scanning uses the checkout), so the log holds no
 * machine-specific path. A
 * `partialFingerprints` entry (§3.27.17) keeps a result's identity stable across runs. Only failed
 * checks become results.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckKind, CheckResult, SuiteResult } from '../results.js';

/** Where paths in the result are relative to, and where SARIF URIs should be relative to. */
export interface SarifOptions {
  /** Folder the suite's paths are relative to (absolute). */
  readonly baseDir: string;
  /** Folder the SARIF URIs are made relative to (`%SRCROOT%`), normally the repository root (the cwd). */
  readonly root: string;
  /** Information URL of the tool. */
  readonly informationUri?: string;
}

interface RuleDescriptor {
  readonly id: string;
  readonly name: string;
  readonly text: string;
}

const RULES: Readonly<Record<CheckKind, RuleDescriptor>> = {
  catches: { id: 'TP-missed-category', name: 'MissedRootCategory', text: 'A detection missed root-usage events of a category the suite says it must catch.' },
  'catches-events': { id: 'TP-missed-event', name: 'MissedEvent', text: 'A detection did not fire on an event the suite says it must catch.' },
  'max-false-alarms': { id: 'TP-false-alarms', name: 'TooManyFalseAlarms', text: 'A detection raised more false alarms than the suite allows.' },
  'never-fires-on': { id: 'TP-fires-on-excluded-event', name: 'FiresOnExcludedEvent', text: 'A detection fired on an event the suite says it must not fire on.' },
  baseline: { id: 'TP-baseline-regression', name: 'BaselineRegression', text: 'A detection regressed against the committed baseline (newly missed events or new false alarms).' },
  'rule-file': { id: 'TP-rule-file-error', name: 'RuleFileError', text: 'A rule file did not load.' },
  detection: { id: 'TP-unknown-detection', name: 'UnknownDetection', text: 'An expectation names no single loaded detection.' },
  label: { id: 'TP-label-not-found', name: 'LabelNotFound', text: 'A label names an event that is not in the sources.' },
  inputs: { id: 'TP-input-errors', name: 'InputErrors', text: 'The suite sources could not be read without errors.' },
};
const KINDS = Object.keys(RULES) as CheckKind[];

function uriOf(path: string, root: string): string {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(path).href;
  return (sep === '/' ? rel : rel.split(sep).join('/')).split('/').map(encodeURIComponent).join('/');
}

function message(c: CheckResult): string {
  const who = c.rule !== null && c.kind !== 'rule-file' ? `${c.rule.key} (${c.rule.title})` : c.group;
  const details = c.details.length > 0 ? `\n${c.details.join('\n')}` : '';
  return `${who}: ${c.name}: ${c.summary}${details}`;
}

/** Renders the failed checks of a suite result as a SARIF 2.1.0 log (JSON text ending with a newline). */
export function renderSuiteSarif(result: SuiteResult, options: SarifOptions): string {
  const suitePath = resolve(options.baseDir, result.suiteFile);
  const results = result.checks
    .filter((c) => !c.passed)
    .map((c) => {
      const rule = RULES[c.kind];
      const onRule = c.rule !== null;
      const path = onRule ? resolve(options.baseDir, c.rule!.file) : suitePath;
      const region = onRule ? { startLine: c.rule!.line } : c.suiteAt !== null ? { startLine: c.suiteAt.line, startColumn: c.suiteAt.column } : { startLine: 1 };
      const uri = uriOf(path, options.root);
      const fingerprint = createHash('sha256').update(`${c.kind}\u0000${c.group}\u0000${c.name}`).digest('hex').slice(0, 32);
      return {
        ruleId: rule.id,
        ruleIndex: KINDS.indexOf(c.kind),
        level: 'error',
        message: { text: message(c) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: uri.startsWith('file:') ? { uri } : { uri, uriBaseId: '%SRCROOT%' },
              region,
            },
          },
        ],
        partialFingerprints: { 'trailproofCheck/v1': fingerprint },
      };
    });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'trailproof',
            version: result.toolVersion,
            ...(options.informationUri !== undefined ? { informationUri: options.informationUri } : {}),
            rules: KINDS.map((k) => ({
              id: RULES[k].id,
              name: RULES[k].name,
              shortDescription: { text: RULES[k].text },
              defaultConfiguration: { level: 'error' },
            })),
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
