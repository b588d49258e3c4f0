/**
 * Offline public keys: the JSON `aws cloudtrail list-public-keys` prints, PEM and DER files, and
 * per-region scoping.
 *
 * Formats: "Custom implementations of CloudTrail log file integrity validation" §B (sample
 * `list-public-keys` output with epoch-second strings) and "Validating digest and log files offline"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html);
 * PublicKey shape: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PublicKey.html.
 */
import t from 'tap';
import { join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { loadPublicKeyFiles, parsePublicKeyFile, type PublicKeyProvider } from '../../src/integrity/index.js';
import { makeKey } from './trail-builder.js';

const KEY = makeKey();
const SECOND = makeKey();

t.test('list-public-keys JSON: epoch-second strings, ISO times, fingerprints kept', async (t) => {
  const json = JSON.stringify({
    PublicKeyList: [
      { ValidityStartTime: '1436317441.0', ValidityEndTime: '1438909441.0', Value: KEY.der.toString('base64'), Fingerprint: KEY.fingerprint.toUpperCase() },
      { ValidityStartTime: '2015-07-08T01:04:01+00:00', ValidityEndTime: 1438909441, Value: SECOND.spki.toString('base64'), Fingerprint: 'f00d' },
    ],
  }, null, 2);
  const keys = parsePublicKeyFile(Buffer.from(json), 'keys.json');
  t.equal(keys.length, 2);
  t.equal(keys[0]?.fingerprint, KEY.fingerprint);
  t.same(keys[0]?.validityStart, new Date(1436317441000));
  t.same(keys[1]?.validityStart, new Date('2015-07-08T01:04:01Z'));
  t.equal(keys[1]?.fingerprint, 'f00d', 'the file fingerprint is used as given, never recomputed');
  t.same(Buffer.from(keys[1]?.der ?? []), SECOND.spki);
});

// CloudTrail's fingerprint is the MD5 of the PKCS#1 DER (what ListPublicKeys returns as Value), so an
// SPKI "PUBLIC KEY" block or DER file must fingerprint as its PKCS#1 form to match any digest.
t.test('PEM (PKCS#1 and SPKI) and DER: fingerprint is MD5 of the PKCS#1 DER', async (t) => {
  const pkcs1 = createPublicKey({ key: KEY.der, format: 'der', type: 'pkcs1' }).export({ format: 'pem', type: 'pkcs1' }) as string;
  const spki = createPublicKey({ key: SECOND.spki, format: 'der', type: 'spki' }).export({ format: 'pem', type: 'spki' }) as string;
  const keys = parsePublicKeyFile(Buffer.from(`${pkcs1}\n${spki}`), 'keys.pem');
  t.same(keys.map((k) => k.fingerprint), [KEY.fingerprint, SECOND.fingerprint]);
  const der = parsePublicKeyFile(KEY.der, 'key.der');
  t.equal(der[0]?.fingerprint, KEY.fingerprint);
  t.equal(parsePublicKeyFile(SECOND.spki, 'key-spki.der')[0]?.fingerprint, SECOND.fingerprint);
});

t.test('errors name the file and, for JSON, the line and column', async (t) => {
  t.throws(() => parsePublicKeyFile(Buffer.from('{\n  "PublicKeyList": [\n    {"Value": "x",}\n  ]\n}'), 'k.json'), {
    name: 'IntegrityError', kind: 'invalid-key-file', message: 'k.json:3:19: invalid JSON',
  });
  t.throws(() => parsePublicKeyFile(Buffer.from('{"PublicKeyList": [{"Value": "bm90IGEga2V5", "Fingerprint": "a"}]}'), 'k.json'), {
    message: 'k.json: PublicKeyList[0]: "Value" is not a base64 DER RSA public key',
  });
  t.throws(() => parsePublicKeyFile(Buffer.from('{"Keys": []}'), 'k.json'), { message: 'k.json: expected {"PublicKeyList": [...]}' });
  t.throws(() => parsePublicKeyFile(Buffer.from('x\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'c.pem'), {
    message: 'c.pem:2:1: expected an "RSA PUBLIC KEY" or "PUBLIC KEY" block, found "CERTIFICATE"',
  });
  t.throws(() => parsePublicKeyFile(Buffer.from('-----BEGIN PUBLIC KEY-----\nAAAA\n'), 'u.pem'), { message: 'u.pem:1:1: unterminated "PUBLIC KEY" block' });
  t.throws(() => parsePublicKeyFile(Buffer.from([1, 2, 3]), 'junk'), { message: 'junk: not a PEM, DER or list-public-keys JSON key file' });
  await t.rejects(loadPublicKeyFiles([{ path: '/nonexistent/keys.json' }]), { kind: 'invalid-key-file', message: /cannot read key file \/nonexistent\/keys.json/ });
});

t.test('loadPublicKeyFiles scopes keys to their region', async (t) => {
  const dir = t.testdir({
    'us.json': JSON.stringify({ PublicKeyList: [{ Value: KEY.der.toString('base64'), Fingerprint: KEY.fingerprint }] }),
    'any.der': SECOND.der,
  });
  const provider: PublicKeyProvider = await loadPublicKeyFiles([{ path: join(dir, 'us.json'), region: 'us-east-1' }, { path: join(dir, 'any.der') }]);
  const us = await provider.listKeys('us-east-1', new Date(0), new Date(0));
  const eu = await provider.listKeys('eu-west-1', new Date(0), new Date(0));
  t.same(us.map((k) => k.fingerprint), [KEY.fingerprint, SECOND.fingerprint]);
  t.same(eu.map((k) => k.fingerprint), [SECOND.fingerprint]);
});
