/**
 * verifyIntegrity over a local copy of a synthetic trail signed with our own RSA key: a clean trail is
 * ok, and each tampering is reported with the right kind and key.
 *
 * Follows the AWS guides "CloudTrail digest file structure"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html)
 * and "Custom implementations of CloudTrail log file integrity validation"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html),
 * and the scenario list in docs/integrity.md.
 */
import t, { type Test } from 'tap';
import { rmSync, writeFileSync, appendFileSync, cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  LocalFolderStore,
  StaticPublicKeyProvider,
  renderIntegrityReport,
  verifyIntegrity,
  type IntegrityReport,
  type PublicKeyProvider,
  type VerifyIntegrityOptions,
} from '../../src/integrity/index.js';
import { addBackfill, buildTrail, compact, iso, makeKey, makeLogBody, signDigest, writeArchive, type BuiltTrail, type TrailSpec } from './trail-builder.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 10, 0, 0, 0);
const KEY = makeKey();
const OTHER_KEY = makeKey();
const keys = new StaticPublicKeyProvider([{ region: 'us-east-1', key: { fingerprint: KEY.fingerprint, der: KEY.der, validityStart: null, validityEnd: null } }]);

/** Six hourly digests from T0+91s, digest 2 empty; the window covers them all. */
const SPEC: TrailSpec = { key: KEY, start: T0 + 91_000, hours: 6, empty: [2] };

function options(dir: string, extra: Partial<VerifyIntegrityOptions> = {}): VerifyIntegrityOptions {
  return {
    store: new LocalFolderStore(dir),
    prefix: '',
    since: new Date(T0 + 30 * 60_000),
    until: new Date(T0 + 5.5 * HOUR),
    keys,
    now: new Date(T0 + 48 * HOUR),
    ...extra,
  };
}

function setup(t: Test, spec: TrailSpec = SPEC, sidecars = true): { dir: string; trail: BuiltTrail } {
  const dir = t.testdir({});
  const trail = buildTrail(spec);
  writeArchive(dir, trail.archive, sidecars);
  return { dir, trail };
}

const path = (dir: string, key: string): string => join(dir, ...key.split('/'));
/** `kind key` of every problem, sorted, so expectations need not follow the report's scope order. */
const kinds = (r: IntegrityReport): string[] => r.problems.map((p) => `${p.kind} ${p.key}`).sort();

t.test('clean trail verifies', async (t) => {
  const { dir } = setup(t);
  const r = await verifyIntegrity(options(dir));
  t.same(r.problems, [], renderIntegrityReport(r));
  t.equal(r.ok, true);
  t.equal(r.digestsChecked, 6);
  t.equal(r.digestsValid, 6);
  t.equal(r.logFilesChecked, 10);
  t.equal(r.logFilesValid, 10);
  t.equal(r.streams.length, 1);
  t.match(r.streams[0], { id: '111122223333/us-east-1/main_trail', digests: 6, validDigests: 6, emptyDigests: 1 });
  t.match(renderIntegrityReport(r), /^integrity: OK for /);
});

t.test('modified log file: hash mismatch', async (t) => {
  const { dir, trail } = setup(t);
  const victim = trail.logs[3] as string;
  writeFileSync(path(dir, victim), makeLogBody([{ eventName: 'Forged' }]).gz);
  const r = await verifyIntegrity(options(dir));
  t.equal(r.ok, false);
  t.same(kinds(r), [`modified-log-file ${victim}`]);
  t.match(r.problems[0]?.detail, /SHA-256 of the uncompressed file is [0-9a-f]{64}/);
  t.equal(r.logFilesValid, 9);
});

t.test('awscli-10326: appended gzip member and trailing zeros are modifications', async (t) => {
  // https://github.com/aws/aws-cli/pull/10326 (log files with data after the gzip stream)
  const { dir, trail } = setup(t);
  const [a, b] = trail.logs as [string, string];
  appendFileSync(path(dir, a), gzipSync(Buffer.from('{"Records":[{"eventName":"Forged"}]}')));
  appendFileSync(path(dir, b), Buffer.alloc(4));
  const r = await verifyIntegrity(options(dir));
  t.same(kinds(r), [`modified-log-file ${a}`, `modified-log-file ${b}`].sort());
  const byKey = new Map(r.problems.map((p) => [p.key, p.detail]));
  t.match(byKey.get(a), /after end of compressed stream.*second gzip member/);
  t.match(byKey.get(b), /after end of compressed stream \(4 bytes\)/);
});

t.test('deleted log file: missing', async (t) => {
  const { dir, trail } = setup(t);
  const victim = trail.logs[0] as string;
  rmSync(path(dir, victim));
  const r = await verifyIntegrity(options(dir));
  t.equal(r.ok, false);
  t.same(kinds(r), [`missing-log-file ${victim}`]);
  const text = renderIntegrityReport(r);
  t.match(text, /^integrity: FAILED for 2024-03-10T00:30:00.000Z to 2024-03-10T05:30:00.000Z: 1 error, 0 warnings\n/);
  t.match(text, /  log files: +9\/9 valid\n/);
  t.match(text, `errors:\n  missing-log-file: ${path(dir, victim)}\n      listed in `);
});

t.test('added log file inside coverage: unlisted', async (t) => {
  const { dir, trail } = setup(t);
  const when = T0 + 91_000 + 3 * HOUR + 20 * 60_000;
  const day = new Date(when).toISOString().slice(0, 10).replaceAll('-', '/');
  const extra = `${trail.accountPrefix}CloudTrail/us-east-1/${day}/111122223333_CloudTrail_us-east-1_${compact(when, false)}_Zz00000000000099.json.gz`;
  mkdirSync(dirname(path(dir, extra)), { recursive: true });
  writeFileSync(path(dir, extra), makeLogBody([{ eventName: 'Planted' }]).gz);
  const r = await verifyIntegrity(options(dir));
  t.equal(r.ok, false);
  t.same(kinds(r), [`unlisted-log-file ${extra}`]);
});

t.test('broken signature metadata on a digest', async (t) => {
  const { dir, trail } = setup(t);
  const newest = trail.digests[5]?.key as string;
  const sig = trail.digests[5]?.signature as string;
  const flipped = (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1);
  writeFileSync(`${path(dir, newest)}.metadata.json`, JSON.stringify({ signature: flipped, 'signature-algorithm': 'SHA256withRSA' }));
  const r = await verifyIntegrity(options(dir));
  t.equal(r.ok, false);
  t.same(kinds(r), [`invalid-digest-signature ${newest}`, ...(trail.digests[5]?.logKeys ?? []).map((k) => `unvouched-log-file ${k}`)].sort());
});

t.test('digest content rewritten to match a forged log: signature fails, logs unvouched', async (t) => {
  const { dir, trail } = setup(t);
  const d = trail.digests[1];
  if (d === undefined) throw new Error('fixture');
  const forged = makeLogBody([{ eventName: 'Forged' }]);
  const victim = d.logKeys[0] as string;
  writeFileSync(path(dir, victim), forged.gz);
  const fields = structuredClone(d.fields) as { logFiles: { hashValue: string }[] };
  (fields.logFiles[0] as { hashValue: string }).hashValue = forged.sha256;
  writeFileSync(path(dir, d.key), gzipSync(Buffer.from(JSON.stringify(fields))));
  const r = await verifyIntegrity(options(dir));
  t.equal(r.ok, false);
  const k = kinds(r);
  t.ok(k.includes(`invalid-digest-signature ${d.key}`), k.join('\n'));
  // Its successor's recorded hash no longer matches either.
  t.ok(k.includes(`chain-broken ${d.key}`));
  t.ok(k.includes(`unvouched-log-file ${victim}`));
  t.notOk(k.some((x) => x.startsWith('modified-log-file')), 'no log is judged against an untrusted digest');
});

t.test('digest removed from the middle of the chain', async (t) => {
  const { dir, trail } = setup(t);
  const gone = trail.digests[3]?.key as string;
  rmSync(path(dir, gone));
  rmSync(`${path(dir, gone)}.metadata.json`);
  const r = await verifyIntegrity(options(dir));
  t.equal(r.ok, false);
  t.same(kinds(r), [`missing-digest ${gone}`, `delivery-gap ${trail.digests[4]?.key}`].sort());
  const gap = r.problems.find((p) => p.kind === 'delivery-gap');
  t.match(gap, { severity: 'warning', gap: { cause: 'missing-digests', start: '2024-03-10T03:01:31Z', end: '2024-03-10T04:01:31Z' } });
  t.match(gap?.detail, /about 1 hourly digest missing; 2 log files delivered in this interval cannot be verified/);
  // Its log files are not called unlisted: they fall in the gap.
  t.notOk(kinds(r).some((k) => k.startsWith('unlisted-log-file')));
});

t.test('awscli-7054: two consecutive digests deleted are one gap of two hours', async (t) => {
  // https://github.com/aws/aws-cli/issues/7054 (only one of two deleted digests reported)
  const { dir, trail } = setup(t);
  for (const i of [2, 3]) {
    const key = trail.digests[i]?.key as string;
    rmSync(path(dir, key));
    rmSync(`${path(dir, key)}.metadata.json`);
  }
  const r = await verifyIntegrity(options(dir));
  const gap = r.problems.find((p) => p.kind === 'delivery-gap');
  t.match(gap, { gap: { cause: 'missing-digests', start: '2024-03-10T02:01:31Z', end: '2024-03-10T04:01:31Z' } });
  t.match(gap?.detail, /about 2 hourly digests missing/);
  t.same(r.problems.filter((p) => p.kind === 'missing-digest').map((p) => p.key), [trail.digests[3]?.key]);
  t.notOk(kinds(r).some((k) => k.startsWith('unlinked-digest')));
});

t.test('newest digests deleted: coverage ends early', async (t) => {
  const { dir, trail } = setup(t);
  for (const i of [4, 5]) rmSync(path(dir, trail.digests[i]?.key as string));
  const r = await verifyIntegrity(options(dir));
  const gap = r.problems.find((p) => p.kind === 'delivery-gap');
  t.match(gap, { key: trail.digests[3]?.key, severity: 'warning', gap: { cause: 'coverage-ends', start: '2024-03-10T04:01:31Z' } });
  // 04:05, 04:35 and 05:05; 05:35 is past the window end (05:30).
  t.match(gap?.detail, /3 log files delivered in this interval cannot be verified/);
  t.equal(r.ok, true, 'gaps alone are warnings, as validate-logs');
  const strict = await verifyIntegrity(options(dir, { failOnGaps: true }));
  t.equal(strict.ok, false);
});

t.test('validation off for two hours: chain restart, never "no logs delivered"', async (t) => {
  const { dir, trail } = setup(t, { ...SPEC, skip: [2, 3] });
  const r = await verifyIntegrity(options(dir));
  t.equal(r.ok, true, renderIntegrityReport(r));
  t.same(kinds(r), [`delivery-gap ${trail.digests[2]?.key}`]);
  const gap = r.problems[0];
  t.match(gap, { severity: 'warning', gap: { cause: 'chain-restart', start: '2024-03-10T02:01:31Z', end: '2024-03-10T04:01:31Z' } });
  t.match(gap?.detail, /logging was off/);
  // Hour 2 is empty in SPEC; hour 3's two log files were delivered without a digest.
  t.match(gap?.detail, /2 log files delivered in this interval cannot be verified/);
  t.notMatch(gap?.detail, /no log files were delivered/i);
});

t.test('empty digest is not a gap', async (t) => {
  const { dir } = setup(t, { ...SPEC, empty: [1, 2, 3] });
  const r = await verifyIntegrity(options(dir));
  t.same(r.problems, []);
  t.equal(r.streams[0]?.emptyDigests, 3);
});

t.test('local copy without sidecars: every digest but the newest verifies through its successor', async (t) => {
  const { dir, trail } = setup(t, SPEC, false);
  const r = await verifyIntegrity(options(dir));
  t.equal(r.ok, true);
  t.equal(r.digestsValid, 5);
  t.same(kinds(r), [`unsigned-digest ${trail.digests[5]?.key}`]);
  t.equal(r.problems[0]?.severity, 'warning');
  t.equal(r.logFilesChecked, 10, 'the unsigned digest still has its log hashes checked');
});

t.test('link mismatch: a middle digest replaced by another validly signed one', async (t) => {
  const { dir, trail } = setup(t);
  const d = trail.digests[2];
  if (d === undefined) throw new Error('fixture');
  // Same key, different content, signed with the right key: its own signature passes.
  const fields = { ...d.fields, newestEventTime: '2024-03-10T02:40:00Z' };
  const { raw, signature } = signDigest(KEY, fields);
  writeFileSync(path(dir, d.key), gzipSync(raw));
  writeFileSync(`${path(dir, d.key)}.metadata.json`, JSON.stringify({ signature, 'signature-algorithm': 'SHA256withRSA' }));
  const r = await verifyIntegrity(options(dir));
  t.equal(r.digestsValid, 6, 'every signature verifies');
  t.equal(r.ok, false);
  const broken = r.problems.filter((p) => p.kind === 'chain-broken');
  t.same(broken.map((p) => p.key), [d.key, d.key]);
  t.match(broken.map((p) => p.detail).join('\n'), /SHA-256 of this digest is/);
  t.match(broken.map((p) => p.detail).join('\n'), /signature metadata of this digest differs/);
});

t.test('a digest no successor points to: unlinked', async (t) => {
  const { dir, trail } = setup(t);
  const d2 = trail.digests[2];
  const d3 = trail.digests[3];
  if (d2 === undefined || d3 === undefined) throw new Error('fixture');
  // A validly signed digest slipped in after d2 and pointing at it; d3 still names d2.
  const end = Date.parse(String(d2.fields.digestEndTime)) + 30 * 60_000;
  const key = d2.key.replace(/_\d{8}T\d{6}Z\.json\.gz$/, `_${compact(end, true)}.json.gz`);
  const fields = { ...d3.fields, digestStartTime: d2.fields.digestEndTime, digestEndTime: iso(end), digestS3Object: key, logFiles: [] };
  const { raw, signature } = signDigest(KEY, fields);
  writeFileSync(path(dir, key), gzipSync(raw));
  writeFileSync(`${path(dir, key)}.metadata.json`, JSON.stringify({ signature }));
  const r = await verifyIntegrity(options(dir));
  t.equal(r.digestsValid, 7);
  t.same(kinds(r), [`unlinked-digest ${key}`]);
  t.equal(r.problems[0]?.severity, 'warning');
});

t.test('digests that do not abut: discontinuity', async (t) => {
  const { dir, trail } = setup(t, { ...SPEC, delays: { 3: 120_000 } });
  const r = await verifyIntegrity(options(dir));
  t.same(kinds(r), [`delivery-gap ${trail.digests[3]?.key}`]);
  t.match(r.problems[0], { gap: { cause: 'discontinuity', start: '2024-03-10T03:01:31Z', end: '2024-03-10T03:03:31Z' } });
});

t.test('backfill digests: verified with the generation-time key, their logs count as listed', async (t) => {
  const dir = t.testdir({});
  const trail = buildTrail(SPEC);
  // A late log the standard digests missed, in hour 3.
  const when = T0 + 91_000 + 3 * HOUR + 50 * 60_000;
  const late = `${trail.accountPrefix}CloudTrail/us-east-1/2024/03/10/111122223333_CloudTrail_us-east-1_${compact(when, false)}_Late000000000001.json.gz`;
  const body = makeLogBody([{ eventName: 'Late' }]);
  trail.archive.set(late, { body: body.gz, metadata: {} });
  const later = makeKey();
  const generated = T0 + 40 * 24 * HOUR;
  const backfill = addBackfill(trail, later, T0 + 91_000 + 4 * HOUR, generated, [{ s3Object: late, sha256: body.sha256 }]);
  writeArchive(dir, trail.archive, true);
  const calls: string[] = [];
  const rotating: PublicKeyProvider = {
    async listKeys(region, start, end) {
      calls.push(`${region} ${start.toISOString()} ${end.toISOString()}`);
      // The later key is only returned around the backfill's generation time.
      const k = start.getTime() <= generated && generated <= end.getTime() ? later : KEY;
      return [{ fingerprint: k.fingerprint, der: k.der, validityStart: null, validityEnd: null }];
    },
  };
  const r = await verifyIntegrity(options(dir, { keys: rotating }));
  t.same(r.problems, [], renderIntegrityReport(r));
  t.equal(r.digestsValid, 7);
  t.equal(r.logFilesValid, 11);
  t.match(r.streams[0], { digests: 6, backfillDigests: 1 });
  t.same(calls[1], `us-east-1 ${new Date(generated - HOUR).toISOString()} ${new Date(generated + HOUR).toISOString()}`);

  // Without the backfill digest the late log is unlisted.
  rmSync(path(dir, backfill));
  const without = await verifyIntegrity(options(dir));
  t.same(kinds(without), [`unlisted-log-file ${late}`]);
});

t.test('digest copied to another key: relocated', async (t) => {
  const { dir, trail } = setup(t);
  const d = trail.digests[5]?.key as string;
  const moved = d.replace('main_trail', 'main_trail2');
  cpSync(path(dir, d), path(dir, moved));
  const r = await verifyIntegrity(options(dir));
  // The copy takes no part in any chain walk (no missing-digest from its pointer); its log files are
  // still vouched for by the original digest.
  t.same(kinds(r), [`relocated-digest ${moved}`]);
  t.equal(r.digestsChecked, 7);
});

t.test('keys: unknown fingerprint, another region, SPKI encoding, validity window', async (t) => {
  const { dir, trail } = setup(t);
  const none = await verifyIntegrity(options(dir, { keys: new StaticPublicKeyProvider([{ key: { fingerprint: OTHER_KEY.fingerprint, der: OTHER_KEY.der, validityStart: null, validityEnd: null } }]) }));
  t.equal(none.ok, false);
  t.same(none.problems.filter((p) => p.kind === 'unknown-public-key').map((p) => p.key), trail.digests.map((d) => d.key));
  t.equal(none.problems.filter((p) => p.kind === 'unvouched-log-file').length, 10);

  const elsewhere = await verifyIntegrity(options(dir, { keys: new StaticPublicKeyProvider([{ region: 'eu-west-1', key: { fingerprint: KEY.fingerprint, der: KEY.der, validityStart: null, validityEnd: null } }]) }));
  t.equal(elsewhere.problems.filter((p) => p.kind === 'unknown-public-key').length, 6, 'keys are per region');

  const spki = await verifyIntegrity(options(dir, { keys: new StaticPublicKeyProvider([{ key: { fingerprint: KEY.fingerprint, der: KEY.spki, validityStart: null, validityEnd: null } }]) }));
  t.same(spki.problems, [], 'an SPKI-wrapped key is accepted');

  const expired = await verifyIntegrity(options(dir, {
    keys: new StaticPublicKeyProvider([{ key: { fingerprint: KEY.fingerprint, der: KEY.der, validityStart: new Date(T0 - 30 * 24 * HOUR), validityEnd: new Date(T0 + 3 * HOUR) } }]),
  }));
  t.equal(expired.ok, true);
  // Digests ending 03:01:31 to 06:01:31 were signed after the key's validity ended at 03:00.
  t.equal(expired.problems.filter((p) => p.kind === 'public-key-validity' && p.severity === 'warning').length, 4);

  const failing: PublicKeyProvider = { listKeys: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
  const down = await verifyIntegrity(options(dir, { keys: failing }));
  t.equal(down.ok, false);
  t.match(down.problems.find((p) => p.kind === 'public-key-lookup-failed'), { detail: /ECONNREFUSED/ });
});

t.test('organization trail under a user prefix, two regions', async (t) => {
  const dir = t.testdir({});
  const a = buildTrail({ ...SPEC, prefix: 'archive/', org: 'o-abc123defg', account: '444455556666' });
  const b = buildTrail({ ...SPEC, prefix: 'archive/', org: 'o-abc123defg', account: '444455556666', region: 'eu-west-1', homeRegion: 'us-east-1' });
  writeArchive(dir, a.archive, true);
  writeArchive(dir, b.archive, true);
  const both = new StaticPublicKeyProvider([{ key: { fingerprint: KEY.fingerprint, der: KEY.der, validityStart: null, validityEnd: null } }]);
  const r = await verifyIntegrity(options(dir, { prefix: 'archive', keys: both }));
  t.same(r.problems, [], renderIntegrityReport(r));
  t.same(r.streams.map((s) => s.id), ['o-abc123defg/444455556666/eu-west-1/main_trail (home us-east-1)', 'o-abc123defg/444455556666/us-east-1/main_trail']);
  const one = await verifyIntegrity(options(dir, { prefix: 'archive/AWSLogs/', keys: both, regions: ['eu-west-1'], accounts: ['444455556666'] }));
  t.equal(one.digestsChecked, 6);
  const none = await verifyIntegrity(options(dir, { prefix: 'archive', keys: both, accounts: ['999999999999'] }));
  t.equal(none.digestsChecked, 0);
});

t.test('log files without any digest: no-digests gap', async (t) => {
  const { dir, trail } = setup(t);
  rmSync(join(dir, ...`${trail.accountPrefix}CloudTrail-Digest`.split('/')), { recursive: true });
  const r = await verifyIntegrity(options(dir));
  t.same(r.problems.map((p) => p.gap?.cause), ['no-digests']);
  // The first log file (00:05) is older than the window start (00:30).
  t.match(r.problems[0]?.detail, /9 log files in the window but no digest file/);
});

t.test('malformed digest and unsupported algorithm', async (t) => {
  const { dir, trail } = setup(t);
  const a = trail.digests[5]?.key as string;
  writeFileSync(path(dir, a), gzipSync(Buffer.from('{"awsAccountId": "111122223333",')));
  const b = trail.digests[4]?.key as string;
  writeFileSync(`${path(dir, b)}.metadata.json`, JSON.stringify({ signature: trail.digests[4]?.signature, 'signature-algorithm': 'SHA1withRSA' }));
  const r = await verifyIntegrity(options(dir));
  const byKind = new Map(r.problems.map((p) => [`${p.kind} ${p.key}`, p.detail]));
  t.match(byKind.get(`malformed-digest ${a}`), /invalid JSON at line 1, col \d+/);
  t.match(byKind.get(`unsupported-algorithm ${b}`), /"SHA1withRSA"/);
});

t.test('unreadable middle digest: its hour is a gap, its predecessor is not called unlinked', async (t) => {
  const { dir, trail } = setup(t);
  const d = trail.digests[3]?.key as string;
  writeFileSync(path(dir, d), Buffer.from('not gzip at all'));
  const r = await verifyIntegrity(options(dir));
  t.same(kinds(r), [`delivery-gap ${d}`, `malformed-digest ${d}`]);
  t.match(r.problems.find((p) => p.kind === 'delivery-gap'), {
    gap: { cause: 'unreadable-digest', start: '2024-03-10T03:01:31Z', end: '2024-03-10T04:01:31Z' },
    detail: /2 log files delivered in this interval cannot be verified/,
  });
});

t.test('report does not depend on concurrency', async (t) => {
  const { dir, trail } = setup(t);
  rmSync(path(dir, trail.logs[1] as string));
  writeFileSync(path(dir, trail.logs[6] as string), makeLogBody([]).gz);
  const one = await verifyIntegrity(options(dir, { concurrency: 1 }));
  const many = await verifyIntegrity(options(dir, { concurrency: 16 }));
  t.same(many, one);
  t.equal(renderIntegrityReport(many), renderIntegrityReport(one));
});

t.test('invalid options throw before any work', async (t) => {
  const { dir } = setup(t);
  await t.rejects(verifyIntegrity(options(dir, { since: new Date(T0 + HOUR), until: new Date(T0) })), { name: 'IntegrityError', kind: 'invalid-options' });
  await t.rejects(verifyIntegrity(options(dir, { concurrency: 0 })), { name: 'IntegrityError', kind: 'invalid-options' });
});
