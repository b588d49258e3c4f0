/**
 * The dialect test kit: what every dialect must do, checked in one call per dialect (`checkDialect`):
 * - parse and compile never throw, on a corpus of broken inputs (each claimed extension) and on
 *   truncations of the dialect's own good files;
 * - a rule that matches a record has a prefilter that admits the record's text (the contract in
 *   src/dialects/types.ts: no false negatives);
 * - the engine's fast paths change no report: prefilter off ≡ text path ≡ byte path ≡ 2 workers, which
 *   hand candidates back to the main thread or load the rules themselves.
 * Plus small helpers to load rule files with one dialect as the registry does.
 */
import type { Test } from 'tap';
import { claimOf, DIALECTS, loadDetectionFiles, loadWithDialect } from '../../src/dialects/index.js';
import type { DetectionFile, Dialect, LoadOptions, LoadResult } from '../../src/dialects/types.js';
import { compilePrefilter } from '../../src/engine/prefilter/compile.js';
import { replay, type ReplayOptions } from '../../src/engine/replay.js';
import { viewOfRecord, type CloudTrailRecord } from '../../src/record/view.js';
import type { Report } from '../../src/report/model.js';
import { resolveSource } from '../../src/sources/index.js';

/** True when `dialect` claims `file` (yes or maybe). */
export function recognises(dialect: Dialect, file: DetectionFile): boolean {
  return claimOf(dialect, file) !== 'no';
}

/** Loads one file with one dialect, as the registry does. */
export function loadOne(dialect: Dialect, file: DetectionFile, options: LoadOptions = {}): LoadResult {
  return loadWithDialect(dialect, [file], options);
}

export { loadWithDialect };

/** What `checkDialect` needs of a dialect. */
export interface DialectKitSpec {
  readonly dialect: Dialect;
  /** Rule files of the dialect that load, at least one rule firing on root records. */
  readonly files: readonly DetectionFile[];
  /** More broken inputs than the kit's own. */
  readonly broken?: readonly string[];
  /** More records than the kit's own to try `match ⇒ prefilter admits` on. */
  readonly records?: readonly CloudTrailRecord[];
  /** What the engine checks replay (default: the repo's fixtures/AWSLogs/111122223333/CloudTrail). */
  readonly locations?: readonly string[];
}

/** Inputs that break parsers: empty, cut, deep, odd bytes. */
const BROKEN = ['', '\ufeff', '\u0000', '{', '[', '}', 'null', '"', '{"a":', '---\n- a: [', 'a: *b\n', '\\', '#', '%YAML 9\n', '[['.repeat(1000), '{"a":'.repeat(1000), '('.repeat(1000), '\ud800', 'x'.repeat(20_000)];

const identity = { accountId: '111122223333', arn: 'arn:aws:iam::111122223333:root', principalId: '111122223333' };
const base = { eventVersion: '1.09', eventTime: '2026-03-09T08:10:02Z', awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.7', userAgent: 'aws-cli/2', recipientAccountId: '111122223333', eventCategory: 'Management' };

/** Root and non-root records of the shapes root detections look at. */
export const KIT_RECORDS: readonly CloudTrailRecord[] = [
  { ...base, eventID: 'k1', userIdentity: { type: 'Root', ...identity }, eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'No' } },
  { ...base, eventID: 'k2', userIdentity: { type: 'Root', ...identity }, eventSource: 'iam.amazonaws.com', eventName: 'CreateAccessKey', eventType: 'AwsApiCall', readOnly: false },
  { ...base, eventID: 'k3', userIdentity: { type: 'Root', ...identity, invokedBy: 'signin.amazonaws.com' }, eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', eventType: 'AwsApiCall', readOnly: true },
  { ...base, eventID: 'k4', userIdentity: { type: 'IAMUser', accountId: '111122223333', userName: 'root' }, eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', eventType: 'AwsApiCall' },
  { ...base, eventID: 'k5', userIdentity: { type: 'AssumedRole', accountId: '111122223333', arn: 'arn:aws:sts::111122223333:assumed-role/Root/x' }, eventSource: 'sts.amazonaws.com', eventName: 'AssumeRoot', eventType: 'AwsApiCall' },
  { ...base, eventID: 'k6', userIdentity: { type: 'Root', ...identity }, eventSource: 'kms.amazonaws.com', eventName: 'Decrypt', eventType: 'AwsServiceEvent' },
  { ...base, eventID: 'k7', userIdentity: { type: 'Root', ...identity }, eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', eventType: 'AwsConsoleSignIn', responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication' },
];

/** Parses and compiles `file` straight through the dialect (no registry to catch a throw). */
function parseAndCompile(dialect: Dialect, file: DetectionFile): void {
  const parsed = dialect.parse([file], {});
  for (const rule of parsed.rules) dialect.compile(rule, {});
}

function brokenCorpus(spec: DialectKitSpec): DetectionFile[] {
  const out: DetectionFile[] = [];
  const texts = [...BROKEN, ...(spec.broken ?? [])];
  for (const ext of spec.dialect.claims.extensions) texts.forEach((text, i) => out.push({ path: `broken/${i}${ext}`, text }));
  for (const f of spec.files) {
    for (const cut of [0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) out.push({ path: f.path, text: f.text.slice(0, Math.floor(f.text.length * cut)) });
  }
  return out;
}

async function replayWith(spec: DialectKitSpec, extra: Partial<ReplayOptions>): Promise<Report> {
  const dialects = DIALECTS.includes(spec.dialect) ? DIALECTS : [...DIALECTS, spec.dialect];
  const detections = loadDetectionFiles(spec.files, { dialects });
  const locations = [...(spec.locations ?? ['fixtures/AWSLogs/111122223333/CloudTrail'])];
  return replay({ locations, resolveSource: (l) => resolveSource(l, {}), detections, version: 'test', now: new Date(0), ...extra });
}

/** Runs every check of the kit on one dialect, as subtests of `t`. */
export async function checkDialect(t: Test, spec: DialectKitSpec): Promise<void> {
  const { dialect } = spec;
  await t.test(`${dialect.id}: parse and compile never throw on broken inputs`, async (t) => {
    const failures: string[] = [];
    for (const file of brokenCorpus(spec)) {
      try {
        parseAndCompile(dialect, file);
      } catch (e) {
        failures.push(`${file.path} (${file.text.length} chars): ${(e as Error).message.slice(0, 200)}`);
      }
    }
    t.same(failures, [], 'no throw');
  });

  await t.test(`${dialect.id}: a rule that matches a record has a prefilter that admits it`, async (t) => {
    const loaded = loadWithDialect(dialect, spec.files, {});
    t.ok(loaded.detections.length > 0, 'the good files load');
    t.same(loaded.diagnostics.filter((d) => d.severity === 'error'), [], 'without errors');
    let matched = 0;
    for (const d of loaded.detections) {
      const prefilter = d.rule.prefilter === null ? null : compilePrefilter(d.rule.prefilter);
      for (const record of [...KIT_RECORDS, ...(spec.records ?? [])]) {
        const view = viewOfRecord(record);
        if (!d.rule.match(view)) continue;
        matched++;
        if (prefilter !== null && !prefilter.test(view.text)) t.fail(`${d.id} matches ${String(record.eventID)} but its prefilter rejects it`);
      }
    }
    t.ok(matched > 0, 'some rule matched some record');
  });

  await t.test(`${dialect.id}: prefilter off ≡ text path ≡ byte path ≡ 2 workers (handing back, or with the rules)`, async (t) => {
    const plain = await replayWith(spec, { prefilter: 'off', workers: 0 });
    t.ok(plain.detections.some((d) => d.dialect === dialect.id && d.caught.length > 0), 'a rule of the dialect caught root events');
    for (const [prefilter, workers, rulesInWorkers] of [['text', 0, false], ['on', 0, false], ['on', 2, false], ['on', 2, true]] as const) {
      t.same(await replayWith(spec, { prefilter, workers, rulesInWorkers }), plain, `prefilter ${prefilter}, ${workers} workers${rulesInWorkers ? ', rules in workers' : ''}`);
    }
  });
}
