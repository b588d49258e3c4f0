/**
 * RSA signature check of a digest's data-signing string: RSASSA-PKCS1-v1_5 with SHA-256
 * ("SHA256withRSA"). The verifier hashes the UTF-8 string once; the custom-validation guide's "pass
 * the SHA-256 hash of the string" describes that same single hash, not a second one
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html §E).
 */
import { constants, verify, type KeyObject } from 'node:crypto';

/** Outcome of a signature check. */
export type SignatureVerdict = 'valid' | 'mismatch' | 'malformed';

/**
 * Checks `sigHex` over `toSign` with `key`. `malformed` when the signature is not even-length hex:
 * `Buffer.from(s, 'hex')` would silently stop at the first bad character.
 */
export function verifySignature(toSign: string, sigHex: string, key: KeyObject): SignatureVerdict {
  if (!isHex(sigHex)) return 'malformed';
  const ok = verify('sha256', Buffer.from(toSign, 'utf8'), { key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(sigHex, 'hex'));
  return ok ? 'valid' : 'mismatch';
}

/** True for a non-empty, even-length string of hex digits. */
export function isHex(s: string): boolean {
  if (s.length === 0 || s.length % 2 !== 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const digit = c >= 48 && c <= 57; // 0-9
    const lower = c >= 97 && c <= 102; // a-f
    const upper = c >= 65 && c <= 70; // A-F
    if (!digit && !lower && !upper) return false;
  }
  return true;
}
