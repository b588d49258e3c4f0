/**
 * Step 2: signatures. For each digest still `pending`, find its signature (S3 metadata, or the
 * `previousDigestSignature` of the digest that follows it, which is how local copies verify), find the
 * public key by fingerprint among the keys of the region that delivered it, and verify.
 *
 * Keys are asked for once per region over `[earliest start, latest end + 2 h]`; the 2 h margin is the
 * AWS CLI's fix for "public key not found" just after a key rotation (aws/aws-cli#10072). A backfill
 * digest is signed when it is generated, so a key missing from that range is looked up again around its
 * `backfill-generation-timestamp` (± 1 h), as the CLI does.
 */
import type { KeyObject } from 'node:crypto';
import { stringToSign } from './digest.js';
import { isoSeconds } from './layout.js';
import type { ObjectStore } from './object-store.js';
import { importPublicKey, type PublicKeyProvider, type PublicKeyRecord } from './public-keys.js';
import type { DigestRecord } from './read-digests.js';
import type { IntegrityProblemKind, ProblemList } from './report.js';
import { verifySignature } from './signature.js';

const HOUR = 3_600_000;

/** What signature checking needs. */
export interface SignatureContext {
  readonly store: ObjectStore;
  readonly keys: PublicKeyProvider;
  readonly problems: ProblemList;
}

/** A key found for a fingerprint, imported once. */
interface LoadedKey {
  readonly record: PublicKeyRecord;
  readonly key: KeyObject | null;
}

/**
 * Verifies every `pending` digest and sets its status. `successorSignatures` maps a digest key to the
 * `previousDigestSignature` its successor recorded.
 */
export async function verifyDigestSignatures(
  ctx: SignatureContext,
  digests: readonly DigestRecord[],
  successorSignatures: ReadonlyMap<string, string>,
): Promise<void> {
  const byRegion = new Map<string, { digest: DigestRecord; signature: string }[]>();
  for (const d of digests) {
    if (d.status !== 'pending' || d.fields === null) continue;
    const own = d.metadata.signature;
    const signature = own ?? successorSignatures.get(d.key);
    if (own === undefined) {
      if (signature === undefined) {
        d.status = 'unsigned';
        add(ctx, d, 'unsigned-digest', ctx.store.carriesMetadata ? 'error' : 'warning',
          ctx.store.carriesMetadata
            ? 'digest has no signature metadata and no later digest records its signature (metadata stripped or object rewritten?)'
            : 'no signature for the newest digest of this copy: save its S3 metadata in a .metadata.json sidecar to verify it; its log hashes are checked but unauthenticated');
        continue;
      }
      if (ctx.store.carriesMetadata) {
        add(ctx, d, 'unsigned-digest', 'warning', 'digest has no signature metadata (object rewritten?); verified with the signature its successor records');
      }
    }
    const list = byRegion.get(d.name.region) ?? [];
    list.push({ digest: d, signature: signature as string });
    byRegion.set(d.name.region, list);
  }

  for (const [region, list] of [...byRegion].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    let start = Infinity;
    let end = -Infinity;
    for (const { digest } of list) {
      const f = digest.fields;
      if (f === null) continue;
      start = Math.min(start, f.start);
      end = Math.max(end, f.end);
    }
    const found = new Map<string, LoadedKey>();
    const failure = await fetchKeys(ctx.keys, region, start, end + 2 * HOUR, found);
    if (failure !== null) {
      for (const { digest } of list) {
        digest.status = 'invalid';
        add(ctx, digest, 'public-key-lookup-failed', 'error', `public keys for ${region} could not be fetched: ${failure}`);
      }
      continue;
    }
    for (const { digest, signature } of list) await verifyOne(ctx, region, digest, signature, found);
  }
}

async function verifyOne(ctx: SignatureContext, region: string, d: DigestRecord, signature: string, found: Map<string, LoadedKey>): Promise<void> {
  const f = d.fields;
  if (f === null || d.sha256 === null) return;
  const fingerprint = f.digestPublicKeyFingerprint;
  const generated = d.name.backfill ? Date.parse(d.metadata['backfill-generation-timestamp'] ?? '') : Number.NaN;
  if (!found.has(fingerprint) && !Number.isNaN(generated)) {
    await fetchKeys(ctx.keys, region, generated - HOUR, generated + HOUR, found);
  }
  const loaded = found.get(fingerprint);
  if (loaded === undefined || loaded.key === null) {
    d.status = 'invalid';
    add(ctx, d, 'unknown-public-key', 'error',
      loaded === undefined
        ? `no public key with fingerprint ${fingerprint} among the keys of ${region}`
        : `public key ${fingerprint} of ${region} is neither PKCS#1 nor SPKI DER`);
    return;
  }
  const verdict = verifySignature(stringToSign(f, d.sha256), signature, loaded.key);
  if (verdict !== 'valid') {
    d.status = 'invalid';
    add(ctx, d, 'invalid-digest-signature', 'error',
      verdict === 'malformed'
        ? 'signature is not even-length hex'
        : `signature does not verify with key ${fingerprint} (digest content, end time, location or previous signature changed)`);
    return;
  }
  d.status = 'valid';
  const signedAt = Number.isNaN(generated) ? f.end : generated;
  const { validityStart, validityEnd } = loaded.record;
  if ((validityStart !== null && signedAt < validityStart.getTime()) || (validityEnd !== null && signedAt > validityEnd.getTime())) {
    add(ctx, d, 'public-key-validity', 'warning',
      `signed at ${isoSeconds(signedAt)}, outside the validity of key ${fingerprint} (${validityStart?.toISOString() ?? '?'} to ${validityEnd?.toISOString() ?? '?'})`);
  }
}

/** Adds the region's keys for a range to `found`; returns an error message on failure. */
async function fetchKeys(provider: PublicKeyProvider, region: string, start: number, end: number, found: Map<string, LoadedKey>): Promise<string | null> {
  let records: readonly PublicKeyRecord[];
  try {
    records = await provider.listKeys(region, new Date(start), new Date(end));
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  for (const record of records) {
    const fp = record.fingerprint.toLowerCase();
    if (!found.has(fp)) found.set(fp, { record, key: importPublicKey(record.der) });
  }
  return null;
}

function add(ctx: SignatureContext, d: DigestRecord, kind: IntegrityProblemKind, severity: 'error' | 'warning', detail: string): void {
  ctx.problems.add({ kind, severity, key: d.key, location: ctx.store.uri(d.key), scope: d.scope, detail });
}
