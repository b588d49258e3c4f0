/**
 * The building blocks of the check: the data-signing string, strict gunzip, signature decoding, key
 * import, and the CloudTrail key layout.
 *
 * Signing string: "Custom implementations of CloudTrail log file integrity validation" §D
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html);
 * the golden vector is the one in aws/aws-cli `tests/unit/customizations/cloudtrail/test_validation.py`
 * (`test_properly_signs_when_no_previous_signature`). Gzip members: RFC 1952 §2.2-2.3.
 * Key names: "CloudTrail digest file structure"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { parseDigest, stringToSign, type DigestFields } from '../../src/integrity/digest.js';
import { gunzipStrict } from '../../src/integrity/gzip.js';
import { dayFolders, parseCompactTime, parseDigestName, parseLogName } from '../../src/integrity/layout.js';
import { LocationMapper, rootOf } from '../../src/integrity/locations.js';
import { jsonErrorPosition } from '../../src/integrity/json-position.js';
import { importPublicKey } from '../../src/integrity/public-keys.js';
import { isHex, verifySignature } from '../../src/integrity/signature.js';
import { LocalFolderStore } from '../../src/integrity/local-store.js';
import { makeKey, signHex } from './trail-builder.js';

const KEY = makeKey();

t.test('signing string: aws-cli golden vector', async (t) => {
  const fields = { digestEndTime: 'a', digestS3Bucket: 'b', digestS3Object: 'c', previousDigestSignature: null } as unknown as DigestFields;
  const sha = createHash('sha256').update('abc').digest('hex');
  t.equal(stringToSign(fields, sha), 'a\nb/c\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\nnull');
  const withPrev = { ...fields, previousDigestSignature: '00ff' } as DigestFields;
  t.equal(stringToSign(withPrev, sha).split('\n')[3], '00ff');
});

t.test('parseDigest hashes the delivered bytes, not a re-serialisation', async (t) => {
  const text = '{ "awsAccountId": "111122223333", "digestStartTime": "2024-03-10T00:01:31Z", "digestEndTime": "2024-03-10T01:01:31Z",\n'
    + ' "digestS3Bucket": "b", "digestS3Object": "k", "digestPublicKeyFingerprint": "ABCD", "digestSignatureAlgorithm": "SHA256withRSA",\n'
    + ' "previousDigestSignature": null, "logFiles": [] }';
  const parsed = parseDigest(gzipSync(Buffer.from(text)));
  if (!parsed.ok) throw new Error(parsed.reason);
  t.equal(parsed.sha256, createHash('sha256').update(text).digest('hex'));
  t.equal(parsed.fields.digestPublicKeyFingerprint, 'abcd');
  t.equal(parsed.fields.previousDigestS3Object, null);
  t.same(parsed.fields.logFiles, []);

  const missing = parseDigest(gzipSync(Buffer.from('{"awsAccountId": 1, "logFiles": {}}')));
  t.match(missing, { ok: false, reason: /"previousDigestSignature" is missing.*"awsAccountId": expected a string, found number.*"logFiles": expected an array/ });
  t.match(parseDigest(gzipSync(Buffer.from('{\n  "a": tru\n}'))), { ok: false, reason: 'invalid JSON at line 2, col 8' });
  t.match(parseDigest(Buffer.from('{"Records": [], "x": 1}')), { ok: false, reason: /not gzip/ });
});

t.test('jsonErrorPosition: first offending offset (RFC 8259 grammar)', async (t) => {
  const cases: [string, number | null][] = [
    ['{"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"], "b": {}}', null],
    ['  []  ', null],
    ['{"a": tru}', 6],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['[01]', 2],
    ['[1.]', 3],
    ['"abc', 4],
    ['"a\\qb"', 3],
    ['{"a": [1, 2}', 11],
    ['[1] x', 4],
    ['', 0],
    ['[[[[', 4],
  ];
  for (const [text, want] of cases) t.equal(jsonErrorPosition(text), want, text);
  for (const [text, want] of cases) t.equal(want === null, (() => { try { JSON.parse(text); return true; } catch { return false; } })(), `agrees with JSON.parse: ${text}`);
});

t.test('gunzipStrict: one member, correct trailer, nothing after it', async (t) => {
  const body = Buffer.from('{"Records":[]}');
  const gz = gzipSync(body);
  t.same(gunzipStrict(gz), { ok: true, data: body });
  t.match(gunzipStrict(Buffer.concat([gz, gzipSync(Buffer.from('x'))])), { ok: false, reason: /second gzip member/ });
  t.match(gunzipStrict(Buffer.concat([gz, Buffer.alloc(4)])), { ok: false, reason: 'unexpected data after end of compressed stream (4 bytes)' });
  t.match(gunzipStrict(gz.subarray(0, gz.length - 3)), { ok: false, reason: /truncated/ });
  const badCrc = Buffer.from(gz);
  badCrc.writeUInt8(badCrc.readUInt8(gz.length - 8) ^ 0xff, gz.length - 8);
  t.match(gunzipStrict(badCrc), { ok: false, reason: /CRC-32/ });
  t.match(gunzipStrict(body), { ok: false, reason: /not gzip|too short/ });
  t.match(gunzipStrict(Buffer.alloc(0)), { ok: false, reason: /empty/ });
  // A header with FNAME set (as `gzip file` writes) is skipped correctly.
  const named = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3]), Buffer.from('x.json\0'), gz.subarray(10)]);
  t.same(gunzipStrict(named), { ok: true, data: body });
});

t.test('signature: hex checked before decoding, SHA256withRSA verified once', async (t) => {
  const key = importPublicKey(KEY.der);
  if (key === null) throw new Error('key');
  const sig = signHex(KEY, 'message');
  t.equal(verifySignature('message', sig, key), 'valid');
  t.equal(verifySignature('message', sig.toUpperCase(), key), 'valid');
  t.equal(verifySignature('messagE', sig, key), 'mismatch');
  // Buffer.from(s, 'hex') would silently stop at the "z"; we refuse instead.
  t.equal(verifySignature('message', `${sig.slice(0, 10)}zz${sig.slice(12)}`, key), 'malformed');
  t.equal(verifySignature('message', sig.slice(1), key), 'malformed');
  t.equal(isHex(''), false);
  // Pre-hashing the string would be a second hash: it must not verify.
  t.equal(verifySignature(createHash('sha256').update('message').digest('hex'), sig, key), 'mismatch');
});

t.test('importPublicKey: PKCS#1, then SPKI, else null', async (t) => {
  t.not(importPublicKey(KEY.der), null);
  t.not(importPublicKey(KEY.spki), null);
  t.equal(importPublicKey(Buffer.from('not a key')), null);
});

t.test('digest and log names', async (t) => {
  t.same(parseDigestName('111122223333_CloudTrail-Digest_eu-west-1_my_trail_v2_us-east-1_20150817T150131Z.json.gz'), {
    account: '111122223333', region: 'eu-west-1', trail: 'my_trail_v2', homeRegion: 'us-east-1', end: Date.UTC(2015, 7, 17, 15, 1, 31), backfill: false,
  });
  t.match(parseDigestName('111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20250901T230550Z_backfill.json.gz'), { backfill: true, end: Date.UTC(2025, 8, 1, 23, 5, 50) });
  t.equal(parseDigestName('111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20150230T150131Z.json.gz'), null, 'February 30th');
  t.equal(parseDigestName('111122223333_CloudTrail-Digest_us-east-1_20150817T150131Z.json.gz'), null);
  t.equal(parseDigestName('11112222333_CloudTrail-Digest_us-east-1_t_us-east-1_20150817T150131Z.json.gz'), null, '11-digit account');
  t.same(parseLogName('111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz'), {
    account: '111122223333', region: 'us-east-2', time: Date.UTC(2015, 7, 1, 2, 10),
  });
  t.equal(parseLogName('111122223333_CloudTrail-Insight_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz'), null);
  t.equal(parseCompactTime('20150801T0260Z', false), null);
  t.same(dayFolders(Date.UTC(2024, 1, 28, 23), Date.UTC(2024, 2, 1, 0, 30)), ['2024/02/28/', '2024/02/29/', '2024/03/01/']);
});

t.test('recorded locations map onto the store', async (t) => {
  t.equal(rootOf(''), '');
  t.equal(rootOf('logs'), 'logs/');
  t.equal(rootOf('/logs/AWSLogs/'), 'logs/');
  const local = new LocationMapper(new LocalFolderStore(t.testdir({})), 'copy/');
  t.equal(local.resolve('b', 'p/AWSLogs/1/CloudTrail/x.json.gz'), 'copy/AWSLogs/1/CloudTrail/x.json.gz');
  t.equal(local.resolve('b', 'AWSLogs/AWSLogs/1/x'), 'copy/AWSLogs/1/x', 'a user prefix named AWSLogs');
  t.equal(local.resolve('b', 'no-anchor/x'), null);
});

t.test('local store: sidecar metadata, listing order, no escape from the root', async (t) => {
  const dir = t.testdir({
    a: {
      '2.json.gz': 'two',
      '1.json.gz': 'one',
      '1.json.gz.metadata.json': JSON.stringify({ 'x-amz-meta-Signature': 'ab', 'signature-algorithm': 'SHA256withRSA', n: 1 }),
      b: { '3.json.gz': 'three' },
    },
  });
  const store = new LocalFolderStore(dir);
  const keys: string[] = [];
  for await (const o of store.list('a/')) keys.push(`${o.key}:${o.size}`);
  t.same(keys, ['a/1.json.gz:3', 'a/2.json.gz:3', 'a/b/3.json.gz:5']);
  const folders: string[] = [];
  for await (const f of store.folders('a/')) folders.push(f);
  t.same(folders, ['a/b/']);
  t.same((await store.get('a/1.json.gz')).metadata, { signature: 'ab', 'signature-algorithm': 'SHA256withRSA' });
  t.same((await store.get('a/2.json.gz')).metadata, {});
  await t.rejects(store.get('a/none'), { name: 'SourceError', kind: 'not-found' });
  await t.rejects(store.get('../outside'), { name: 'SourceError', kind: 'invalid-location' });
});
