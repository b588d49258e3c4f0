/**
 * Public keys that verify digest signatures, and where they come from.
 *
 * CloudTrail signs digests with a private key per region; `ListPublicKeys` in that region returns the
 * public halves for a time range, each with a `Fingerprint` that a digest names in
 * `digestPublicKeyFingerprint` (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html
 * §B, §C; https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PublicKey.html).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** One public key as `ListPublicKeys` describes it. */
export interface PublicKeyRecord {
  /** Lowercase hex, compared with a digest's `digestPublicKeyFingerprint`. */
  readonly fingerprint: string;
  /** DER bytes: PKCS#1 `RSAPublicKey` as documented, or SPKI as one published sample is. */
  readonly der: Uint8Array;
  /** Start of the key's validity, when known. */
  readonly validityStart: Date | null;
  /** End of the key's validity, when known. */
  readonly validityEnd: Date | null;
}

/** Supplies the public keys that may have signed digests delivered by one region in a time range. */
export interface PublicKeyProvider {
  /**
   * Keys whose private halves signed digests delivered by `region` between `start` and `end`.
   * May return more keys than asked for (the verifier matches by fingerprint); rejects on failure.
   */
  listKeys(region: string, start: Date, end: Date): Promise<readonly PublicKeyRecord[]>;
}

/**
 * Imports DER key bytes: PKCS#1 first (what the API documents), SPKI second (one of the samples in the
 * custom-validation guide is SPKI-wrapped). `null` when neither loads.
 */
export function importPublicKey(der: Uint8Array): KeyObject | null {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  for (const type of ['pkcs1', 'spki'] as const) {
    try {
      return createPublicKey({ key, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  return null;
}

/**
 * MD5 of the DER bytes as lowercase hex. It matches every published `ListPublicKeys` sample, but AWS
 * does not document it, so it only names keys read from PEM/DER files and is never the matching rule
 * for keys that come with a fingerprint.
 */
export function derFingerprint(der: Uint8Array): string {
  return createHash('md5').update(der).digest('hex');
}
