// The truth file lists exactly the planted root events, with the category rules of issue 2 §3 and
// docs/root-usage.md (R1–R8, "Fields reported with each root event"): console-login-success/failure with mfaUsed from additionalEventData.MFAUsed,
// root-api-call (no invokedBy), root-console-action (invokedBy signin.amazonaws.com),
// assume-root-session (sessionContext.assumedRoot "true"), service-on-behalf-of-root (invokedBy an AWS
// service), root-service-event (AwsServiceEvent), and root-sign-in-other; cisRootUsage = type Root, no
// invokedBy, eventType not AwsServiceEvent.
import t from 'tap';
import { generateCorpus, type TruthRootEvent } from '../../src/synth/index.js';
import type { JsonObject } from '../../src/record/view.js';
import { classifyRoot } from '../../src/record/root.js';
import { readCorpus, recordTexts } from './read-corpus.js';

// Independent restatement of docs/root-usage.md R1–R8 for the shapes the generator plants.
function isRoot(r: JsonObject): boolean {
  const id = r['userIdentity'] as JsonObject;
  const ctx = id['sessionContext'] as JsonObject | undefined;
  return id['type'] === 'Root' || ctx?.['assumedRoot'] === 'true' || (r['eventName'] === 'AssumeRoot' && r['eventSource'] === 'sts.amazonaws.com');
}

function category(r: JsonObject): string {
  const id = r['userIdentity'] as JsonObject;
  const ctx = id['sessionContext'] as JsonObject | undefined;
  if (r['eventType'] === 'AwsServiceEvent') return 'root-service-event';
  if (ctx?.['assumedRoot'] === 'true' || r['eventName'] === 'AssumeRoot') return 'assume-root-session';
  if (typeof id['invokedBy'] === 'string' && id['invokedBy'] !== 'signin.amazonaws.com') return 'service-on-behalf-of-root';
  if (r['eventName'] === 'ConsoleLogin') {
    return (r['responseElements'] as JsonObject)['ConsoleLogin'] === 'Success' ? 'console-login-success' : 'console-login-failure';
  }
  if (r['eventSource'] === 'signin.amazonaws.com') return 'root-sign-in-other';
  if (id['invokedBy'] === 'signin.amazonaws.com') return 'root-console-action';
  return 'root-api-call';
}

t.test('truth matches the planted records, and lists every Root record', async (t) => {
  const dir = t.testdir();
  const s = await generateCorpus({
    outDir: dir, records: 6000, files: 14, seed: 99, start: new Date('2024-07-01T00:00:00Z'), days: 3,
    rootEvents: { rate: 0.01, duplicateRate: 0.3, escapedFraction: 0.25 },
  });
  const truth = s.truth;
  const byId = new Map<string, TruthRootEvent>(truth.rootEvents.map((e) => [e.eventID, e]));
  t.equal(byId.size, truth.rootEvents.length, 'eventIDs are unique');
  const planted = truth.rootEvents.filter((e) => e.variant !== 'assume-root-call');
  t.equal(planted.length, 60, '1% of 6000 records');
  t.ok(truth.rootEvents.some((e) => e.variant === 'assume-root-call'), 'AssumeRoot calls planted with their sessions');
  for (const c of ['console-login-success', 'console-login-failure', 'root-api-call', 'root-console-action', 'assume-root-session', 'service-on-behalf-of-root', 'root-service-event', 'root-sign-in-other']) {
    t.ok(truth.totals.byCategory[c as keyof typeof truth.totals.byCategory] > 0, `planted ${c}`);
  }
  for (const v of ['mfa-yes', 'mfa-no', 'mfa-absent']) t.ok(truth.rootEvents.some((e) => e.variant === v), `sign-in variant ${v}`);
  t.ok(truth.totals.duplicateDeliveries > 0, 'some duplicate deliveries');
  t.ok(truth.rootEvents.some((e) => e.escaped), 'some escaped');

  const seen = new Map<string, { file: string; index: number }[]>();
  const files = readCorpus(dir);
  for (const f of files) {
    const texts = recordTexts(f.text);
    f.records.forEach((r, index) => {
      const id = r['userIdentity'] as JsonObject;
      const verdict = classifyRoot(r);
      if (!isRoot(r)) {
        if (verdict !== null) t.fail(`classifyRoot calls a background record root: ${r['eventName'] as string}`);
        return;
      }
      const eventID = r['eventID'] as string;
      const list = seen.get(eventID) ?? [];
      list.push({ file: f.path, index });
      seen.set(eventID, list);
      const e = byId.get(eventID);
      if (e === undefined) {
        t.fail(`Root record ${eventID} missing from truth`);
        return;
      }
      const cis = id['type'] === 'Root' && id['invokedBy'] === undefined && r['eventType'] !== 'AwsServiceEvent';
      const mfa = (r['additionalEventData'] as JsonObject | undefined)?.['MFAUsed'];
      t.same(
        { category: category(r), cis, mfa: r['eventName'] === 'ConsoleLogin' ? (mfa === 'Yes' ? true : mfa === 'No' ? false : null) : null, eventName: r['eventName'], eventTime: r['eventTime'], account: r['recipientAccountId'], region: r['awsRegion'] },
        { category: e.category, cis: e.cisRootUsage, mfa: e.mfaUsed, eventName: e.eventName, eventTime: e.eventTime, account: e.accountId, region: e.awsRegion },
        `fields of ${e.category} ${eventID}`,
      );
      // The engine's classifier (src/record/root.ts) must agree with the truth file on every planted record.
      t.same(verdict, { category: e.category, rootUsage: e.rootUsage, cisRootUsage: e.cisRootUsage, mfaUsed: e.mfaUsed, outcome: e.outcome }, `classifyRoot agrees on ${e.variant} ${eventID}`);
      const text = texts[index] as string;
      t.equal(text.includes('"type":"\\u0052oot"'), e.escaped, 'escape flag matches the raw text');
      if (e.category === 'root-console-action') t.equal(id['invokedBy'], 'signin.amazonaws.com');
      if (e.variant === 'privileged-task') t.equal((id['sessionContext'] as JsonObject)['assumedRoot'], 'true');
      if (e.category.startsWith('console-login') || e.category === 'root-sign-in-other') t.equal(r['awsRegion'], 'us-east-1', 'sign-ins are recorded in us-east-1');
    });
  }
  t.equal(seen.size, truth.rootEvents.length, 'every truth event is in the corpus');
  for (const e of truth.rootEvents) {
    const where = seen.get(e.eventID) ?? [];
    t.same(where.slice().sort((a, b) => (a.file + a.index < b.file + b.index ? -1 : 1)), [{ file: e.file, index: e.index }, ...e.duplicates].sort((a, b) => (a.file + a.index < b.file + b.index ? -1 : 1)), `deliveries of ${e.eventID}`);
  }
  const calls = truth.rootEvents.filter((e) => e.variant === 'assume-root-call');
  t.ok(calls.every((e) => e.eventName === 'AssumeRoot' && !e.cisRootUsage && e.accountId === truth.accounts[0]?.id), 'AssumeRoot calls come from the management account');
  t.equal(truth.totals.cisRootUsageRecords, [...seen].filter(([id]) => byId.get(id)?.cisRootUsage).reduce((n, [, w]) => n + w.length, 0));
});

t.test('categories can be restricted; root planting can be turned off', async (t) => {
  const dir = t.testdir({ a: {}, b: {} });
  const only = await generateCorpus({ outDir: `${dir}/a`, records: 1500, files: 4, seed: 3, start: new Date('2024-01-01T00:00:00Z'), days: 1, rootEvents: { categories: ['console-login-failure'], rate: 0.005 } });
  t.ok(only.truth.rootEvents.length >= 7);
  t.ok(only.truth.rootEvents.every((e) => e.category === 'console-login-failure'));
  const none = await generateCorpus({ outDir: `${dir}/b`, records: 1500, files: 4, seed: 3, start: new Date('2024-01-01T00:00:00Z'), days: 1, rootEvents: { categories: [] } });
  t.equal(none.truth.rootEvents.length, 0);
  t.notOk(readCorpus(`${dir}/b`).some((f) => f.records.some((r) => classifyRoot(r) !== null)), 'no root records without planting');
});
