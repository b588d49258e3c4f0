/**
 * Builds small synthetic CloudTrail trails for the integrity tests: hourly digests signed with a test
 * RSA key by the recipe in the custom-validation guide, and gzipped log files whose SHA-256 (of the
 * uncompressed bytes) the digests record. Everything is generated here; nothing is copied from AWS.
 *
 * Signing recipe: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html §D, §E.
 * Digest fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */
import { constants, createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A test key pair and how `ListPublicKeys` would describe its public half. */
export interface TestKey {
  readonly privateKey: KeyObject;
  /** PKCS#1 DER of the public key, as ListPublicKeys documents `Value`. */
  readonly der: Buffer;
  /** SPKI DER of the same public key. */
  readonly spki: Buffer;
  /** MD5 of the PKCS#1 DER, the rule the published samples follow. */
  readonly fingerprint: string;
}

/** Makes a 2048-bit RSA key (the size CloudTrail uses; aws-cli raised its test keys to it). */
export function makeKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ format: 'der', type: 'pkcs1' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, der, spki, fingerprint: createHash('md5').update(der).digest('hex') };
}

/** An object of the archive: body as stored and S3 user metadata (names without `x-amz-meta-`). */
export interface FakeObject {
  body: Buffer;
  metadata: Record<string, string>;
}

/** Archive objects by key. */
export type Archive = Map<string, FakeObject>;

/** How a trail is laid out. */
export interface TrailSpec {
  readonly key: TestKey;
  readonly bucket?: string;
  /** Folder above `AWSLogs/` (`''` or ending with `/`). */
  readonly prefix?: string;
  readonly org?: string;
  readonly account?: string;
  readonly region?: string;
  readonly homeRegion?: string;
  readonly trail?: string;
  /** Start of the first digest, epoch ms. */
  readonly start: number;
  readonly hours: number;
  /** Digest indexes with `logFiles: []`. */
  readonly empty?: readonly number[];
  /** Digest indexes that start a new chain (all previous* null); the hours before them get no digest. */
  readonly restartAt?: readonly number[];
  /** Hours whose log files are delivered but get no digest (validation off); the next digest starts a chain. */
  readonly skip?: readonly number[];
  /** Extra delay (ms) before digest i starts, shifting it and every later digest. */
  readonly delays?: Readonly<Record<number, number>>;
}

/** A built digest, kept so tests can re-sign or rewrite it. */
export interface BuiltDigest {
  readonly key: string;
  readonly fields: Record<string, unknown>;
  readonly raw: Buffer;
  readonly signature: string;
  readonly logKeys: readonly string[];
}

/** The result of `buildTrail`. */
export interface BuiltTrail {
  readonly archive: Archive;
  readonly digests: BuiltDigest[];
  readonly logs: string[];
  readonly bucket: string;
  readonly accountPrefix: string;
}

const HOUR = 3_600_000;

/** `YYYYMMDDTHHMMSSZ` or `YYYYMMDDTHHmmZ`. */
export function compact(ms: number, seconds: boolean): string {
  const iso = new Date(ms).toISOString();
  const s = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + 'T' + iso.slice(11, 13) + iso.slice(14, 16);
  return seconds ? `${s}${iso.slice(17, 19)}Z` : `${s}Z`;
}

/** ISO 8601 without milliseconds, as CloudTrail writes times. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function datePath(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/`;
}

/** A gzipped log file body for records; returns the body and the hex SHA-256 of the uncompressed JSON. */
export function makeLogBody(records: readonly object[]): { gz: Buffer; sha256: string } {
  const raw = Buffer.from(JSON.stringify({ Records: records }), 'utf8');
  return { gz: gzipSync(raw), sha256: createHash('sha256').update(raw).digest('hex') };
}

/** Signs `toSign` (SHA256withRSA, PKCS#1 v1.5) and returns lowercase hex. */
export function signHex(key: TestKey, toSign: string): string {
  return sign('sha256', Buffer.from(toSign, 'utf8'), { key: key.privateKey, padding: constants.RSA_PKCS1_PADDING }).toString('hex');
}

/** Serialises digest fields, signs them for `bucket/key` and returns the raw bytes and signature. */
export function signDigest(key: TestKey, fields: Record<string, unknown>): { raw: Buffer; signature: string } {
  const raw = Buffer.from(JSON.stringify(fields), 'utf8');
  const sha = createHash('sha256').update(raw).digest('hex');
  const toSign = `${String(fields.digestEndTime)}\n${String(fields.digestS3Bucket)}/${String(fields.digestS3Object)}\n${sha}\n${fields.previousDigestSignature === null ? 'null' : String(fields.previousDigestSignature)}`;
  return { raw, signature: signHex(key, toSign) };
}

/** Builds `hours` hourly digests, two log files each unless empty, chained and signed. */
export function buildTrail(spec: TrailSpec): BuiltTrail {
  const bucket = spec.bucket ?? 'trail-bucket';
  const account = spec.account ?? '111122223333';
  const region = spec.region ?? 'us-east-1';
  const home = spec.homeRegion ?? region;
  const trail = spec.trail ?? 'main_trail';
  const accountPrefix = `${spec.prefix ?? ''}AWSLogs/${spec.org !== undefined ? `${spec.org}/` : ''}${account}/`;
  const archive: Archive = new Map();
  const digests: BuiltDigest[] = [];
  const logs: string[] = [];
  let previous: BuiltDigest | null = null;
  let serial = 0;
  let shift = 0;
  for (let i = 0; i < spec.hours; i++) {
    shift += spec.delays?.[i] ?? 0;
    const start = spec.start + i * HOUR + shift;
    const end = start + HOUR;
    const logFiles: object[] = [];
    const logKeys: string[] = [];
    if (spec.empty?.includes(i) !== true) {
      for (const offset of [4, 34]) {
        const t = start + offset * 60_000;
        const unique = `Ab${String(serial++).padStart(14, '0')}`;
        const logKey = `${accountPrefix}CloudTrail/${region}/${datePath(t)}${account}_CloudTrail_${region}_${compact(t, false)}_${unique}.json.gz`;
        const { gz, sha256 } = makeLogBody([{ eventVersion: '1.08', eventTime: iso(t - 60_000), eventName: 'DescribeInstances', awsRegion: region, recipientAccountId: account }]);
        archive.set(logKey, { body: gz, metadata: {} });
        logs.push(logKey);
        logKeys.push(logKey);
        logFiles.push({ s3Bucket: bucket, s3Object: logKey, hashValue: sha256, hashAlgorithm: 'SHA-256', newestEventTime: iso(t - 60_000), oldestEventTime: iso(t - 60_000) });
      }
    }
    if (spec.skip?.includes(i) === true) {
      previous = null;
      continue;
    }
    const key = `${accountPrefix}CloudTrail-Digest/${region}/${datePath(end)}${account}_CloudTrail-Digest_${region}_${trail}_${home}_${compact(end, true)}.json.gz`;
    const starting = previous === null || spec.restartAt?.includes(i) === true;
    const prev = starting ? null : previous;
    const fields: Record<string, unknown> = {
      awsAccountId: account,
      digestStartTime: iso(start),
      digestEndTime: iso(end),
      digestS3Bucket: bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: spec.key.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: logFiles.length > 0 ? iso(start + 33 * 60_000) : null,
      oldestEventTime: logFiles.length > 0 ? iso(start + 3 * 60_000) : null,
      previousDigestS3Bucket: prev !== null ? bucket : null,
      previousDigestS3Object: prev !== null ? prev.key : null,
      previousDigestHashValue: prev !== null ? createHash('sha256').update(prev.raw).digest('hex') : null,
      previousDigestHashAlgorithm: prev !== null ? 'SHA-256' : null,
      previousDigestSignature: prev !== null ? prev.signature : null,
      logFiles,
    };
    const { raw, signature } = signDigest(spec.key, fields);
    archive.set(key, { body: gzipSync(raw), metadata: { signature, 'signature-algorithm': 'SHA256withRSA' } });
    const built: BuiltDigest = { key, fields, raw, signature, logKeys };
    digests.push(built);
    previous = built;
  }
  return { archive, digests, logs, bucket, accountPrefix };
}

/**
 * A backfill digest (`…_backfill.json.gz`) listing `logKeys` (already in the archive with their hashes),
 * for the hour ending at `end`, generated at `generatedAt`; added to the archive with its metadata.
 */
export function addBackfill(trail: BuiltTrail, key: TestKey, end: number, generatedAt: number, logFiles: readonly { s3Object: string; sha256: string }[]): string {
  const first = trail.digests[0];
  if (first === undefined) throw new Error('trail has no digest');
  const standard = first.key;
  const backfillKey = standard.slice(0, standard.lastIndexOf('/') + 1).replace(/\d{4}\/\d{2}\/\d{2}\/$/, datePath(end))
    + baseOf(standard).replace(/_\d{8}T\d{6}Z\.json\.gz$/, `_${compact(end, true)}_backfill.json.gz`);
  const fields: Record<string, unknown> = {
    ...first.fields,
    digestStartTime: iso(end - HOUR),
    digestEndTime: iso(end),
    digestS3Object: backfillKey,
    digestPublicKeyFingerprint: key.fingerprint,
    previousDigestS3Bucket: null,
    previousDigestS3Object: null,
    previousDigestHashValue: null,
    previousDigestHashAlgorithm: null,
    previousDigestSignature: null,
    logFiles: logFiles.map((l) => ({ s3Bucket: trail.bucket, s3Object: l.s3Object, hashValue: l.sha256, hashAlgorithm: 'SHA-256' })),
  };
  const { raw, signature } = signDigest(key, fields);
  trail.archive.set(backfillKey, {
    body: gzipSync(raw),
    metadata: { signature, 'signature-algorithm': 'SHA256withRSA', 'backfill-generation-timestamp': iso(generatedAt) },
  });
  return backfillKey;
}

function baseOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Writes an archive under `dir`; with `sidecars`, each object's metadata goes to `<file>.metadata.json`. */
export function writeArchive(dir: string, archive: Archive, sidecars: boolean): void {
  for (const [key, o] of archive) {
    const path = join(dir, ...key.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, o.body);
    if (sidecars && Object.keys(o.metadata).length > 0) writeFileSync(`${path}.metadata.json`, JSON.stringify(o.metadata));
  }
}
