/**
 * Digest files: reading their fields and rebuilding the string CloudTrail signed.
 *
 * Fields: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 * Signing string: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html §D
 * (and `_create_string_to_sign` in aws/aws-cli `awscli/customizations/cloudtrail/validation.py`).
 */
import { createHash } from 'node:crypto';
import { lineColumn } from '../diagnostics/diagnostic.js';
import { jsonErrorPosition } from './json-position.js';
import { gunzipStrict } from './gzip.js';

/** One entry of a digest's `logFiles`. */
export interface DigestLogFile {
  readonly s3Bucket: string;
  readonly s3Object: string;
  /** Lowercase hex SHA-256 of the log's uncompressed bytes. */
  readonly hashValue: string;
  readonly hashAlgorithm: string;
}

/** The digest fields the checker reads. Times are kept verbatim: `digestEndTime` is signed as written. */
export interface DigestFields {
  readonly awsAccountId: string;
  readonly digestStartTime: string;
  readonly digestEndTime: string;
  readonly digestS3Bucket: string;
  readonly digestS3Object: string;
  readonly digestPublicKeyFingerprint: string;
  /** `SHA256withRSA`; `null` when absent. */
  readonly digestSignatureAlgorithm: string | null;
  readonly previousDigestS3Bucket: string | null;
  readonly previousDigestS3Object: string | null;
  /** Hex SHA-256 of the previous digest's uncompressed bytes. */
  readonly previousDigestHashValue: string | null;
  readonly previousDigestHashAlgorithm: string | null;
  /** Hex signature of the previous digest; `null` in a starting digest. */
  readonly previousDigestSignature: string | null;
  readonly logFiles: readonly DigestLogFile[];
  /** `digestStartTime` / `digestEndTime` as epoch ms. */
  readonly start: number;
  readonly end: number;
}

/** A parsed digest: its fields and the hex SHA-256 of its uncompressed bytes, or why it is unreadable. */
export type ParsedDigest =
  | { readonly ok: true; readonly fields: DigestFields; readonly sha256: string }
  | { readonly ok: false; readonly reason: string };

/** The algorithm every signature must use; anything else is reported as unsupported. */
export const SIGNATURE_ALGORITHM = 'SHA256withRSA';
/** The hash algorithm every hash must use. */
export const HASH_ALGORITHM = 'SHA-256';

/**
 * Gunzips (strictly, one member) and parses a digest. The hash is taken over the uncompressed bytes
 * exactly as delivered; re-serialising the JSON would change them.
 */
export function parseDigest(gz: Uint8Array): ParsedDigest {
  const raw = gunzipStrict(gz);
  if (!raw.ok) return raw;
  const text = raw.data.toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const offset = jsonErrorPosition(text);
    const at = offset === null ? '' : (({ line, column }) => ` at line ${line}, col ${column}`)(lineColumn(text, offset));
    return { ok: false, reason: `invalid JSON${at}` };
  }
  const fields = readFields(doc);
  if (typeof fields === 'string') return { ok: false, reason: fields };
  return { ok: true, fields, sha256: createHash('sha256').update(raw.data).digest('hex') };
}

/**
 * The data-signing string: `digestEndTime`, `bucket/object`, hex SHA-256 of the uncompressed digest and
 * the previous signature (`null` when there is none), joined by `\n` with no trailing newline.
 */
export function stringToSign(fields: DigestFields, sha256Hex: string): string {
  return `${fields.digestEndTime}\n${fields.digestS3Bucket}/${fields.digestS3Object}\n${sha256Hex}\n${fields.previousDigestSignature ?? 'null'}`;
}

function readFields(doc: unknown): DigestFields | string {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'expected a JSON object';
  const o = doc as Record<string, unknown>;
  const problems: string[] = [];
  const str = (name: string): string => {
    const v = o[name];
    if (typeof v === 'string') return v;
    problems.push(`"${name}": expected a string, found ${describe(v)}`);
    return '';
  };
  const optional = (name: string): string | null => {
    const v = o[name];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    problems.push(`"${name}": expected a string or null, found ${describe(v)}`);
    return null;
  };
  // `previousDigestSignature` must be present (the CLI requires it), but may be null.
  if (!('previousDigestSignature' in o)) problems.push('"previousDigestSignature" is missing');
  const fields = {
    awsAccountId: str('awsAccountId'),
    digestStartTime: str('digestStartTime'),
    digestEndTime: str('digestEndTime'),
    digestS3Bucket: str('digestS3Bucket'),
    digestS3Object: str('digestS3Object'),
    digestPublicKeyFingerprint: str('digestPublicKeyFingerprint').toLowerCase(),
    digestSignatureAlgorithm: optional('digestSignatureAlgorithm'),
    previousDigestS3Bucket: optional('previousDigestS3Bucket'),
    previousDigestS3Object: optional('previousDigestS3Object'),
    previousDigestHashValue: optional('previousDigestHashValue'),
    previousDigestHashAlgorithm: optional('previousDigestHashAlgorithm'),
    previousDigestSignature: optional('previousDigestSignature'),
    logFiles: readLogFiles(o.logFiles, problems),
    start: Date.parse(typeof o.digestStartTime === 'string' ? o.digestStartTime : ''),
    end: Date.parse(typeof o.digestEndTime === 'string' ? o.digestEndTime : ''),
  };
  if (problems.length === 0 && Number.isNaN(fields.start)) problems.push('"digestStartTime" is not a time');
  if (problems.length === 0 && Number.isNaN(fields.end)) problems.push('"digestEndTime" is not a time');
  return problems.length > 0 ? problems.join('; ') : fields;
}

function readLogFiles(v: unknown, problems: string[]): DigestLogFile[] {
  if (!Array.isArray(v)) {
    problems.push(`"logFiles": expected an array, found ${describe(v)}`);
    return [];
  }
  const out: DigestLogFile[] = [];
  for (let i = 0; i < v.length; i++) {
    const e = v[i] as Record<string, unknown> | null;
    const s3Bucket = e?.s3Bucket;
    const s3Object = e?.s3Object;
    const hashValue = e?.hashValue;
    const hashAlgorithm = e?.hashAlgorithm ?? HASH_ALGORITHM;
    if (typeof s3Bucket !== 'string' || typeof s3Object !== 'string' || typeof hashValue !== 'string' || typeof hashAlgorithm !== 'string') {
      problems.push(`"logFiles[${i}]": expected string s3Bucket, s3Object, hashValue and hashAlgorithm`);
      continue;
    }
    out.push({ s3Bucket, s3Object, hashValue: hashValue.toLowerCase(), hashAlgorithm });
  }
  return out;
}

function describe(v: unknown): string {
  return v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
