/**
 * Step 1 of a check: fetch each listed digest, parse it, and apply the checks that need no key: the
 * digest sits where it says it was delivered, in its account's folder, with supported algorithms and
 * (backfill) its generation time.
 */
import { parseDigest, SIGNATURE_ALGORITHM, type DigestFields } from './digest.js';
import type { ListedDigest } from './discover.js';
import type { DigestName } from './layout.js';
import type { LocationMapper } from './locations.js';
import type { ObjectStore } from './object-store.js';
import { mapBounded } from './pool.js';
import type { ProblemList } from './report.js';
import { SourceError } from '../sources/types.js';

/**
 * Where a digest stands: `pending` (read and consistent, signature not yet checked), `valid`
 * (signature verified), `unsigned` (no signature anywhere; its log hashes are still checked), or
 * `invalid` (unreadable, malformed, relocated, unsupported, unverifiable or a bad signature; its logs
 * are not vouched for).
 */
export type DigestStatus = 'pending' | 'valid' | 'unsigned' | 'invalid';

/** A digest as the later steps see it. */
export interface DigestRecord {
  readonly key: string;
  readonly name: DigestName;
  /** Stream id, `[o-id/]account/region/trail`. */
  readonly scope: string;
  /** `null` when the digest could not be read or parsed. */
  readonly fields: DigestFields | null;
  /** Hex SHA-256 of the uncompressed digest, `null` when unread. */
  readonly sha256: string | null;
  /** S3 user metadata (or sidecar) of the digest. */
  readonly metadata: Readonly<Record<string, string>>;
  status: DigestStatus;
  /** True when it is not where it records being delivered: it then takes no part in the chain walk. */
  relocated: boolean;
}

/** What `readDigests` needs to know about the account folder being read. */
export interface DigestContext {
  readonly store: ObjectStore;
  readonly mapper: LocationMapper;
  readonly account: string;
  readonly concurrency: number;
  readonly problems: ProblemList;
}

/** Reads the listed digests of one stream (bounded concurrency), in listing order. */
export async function readDigests(ctx: DigestContext, scope: string, listed: readonly ListedDigest[]): Promise<DigestRecord[]> {
  return mapBounded(listed, ctx.concurrency, (d) => readOne(ctx, scope, d));
}

async function readOne(ctx: DigestContext, scope: string, listed: ListedDigest): Promise<DigestRecord> {
  const { store, problems } = ctx;
  const { key, name } = listed;
  const report = (kind: 'malformed-digest' | 'relocated-digest' | 'unsupported-algorithm' | 'unreadable-object', detail: string): void =>
    problems.add({ kind, severity: 'error', key, location: store.uri(key), scope, detail });
  const broken = (metadata: Readonly<Record<string, string>>): DigestRecord => ({ key, name, scope, fields: null, sha256: null, metadata, status: 'invalid', relocated: false });

  let object;
  try {
    object = await store.get(key);
  } catch (err) {
    // A digest listed a moment ago and gone now counts as unreadable, not as a chain gap.
    const e = err instanceof SourceError ? err : null;
    report('unreadable-object', `digest could not be read (${e?.kind ?? 'other'}): ${(err as Error).message}`);
    return broken({});
  }
  const parsed = parseDigest(object.body);
  if (!parsed.ok) {
    report('malformed-digest', `digest is unreadable: ${parsed.reason}`);
    return broken(object.metadata);
  }
  const f = parsed.fields;
  const record: DigestRecord = { key, name, scope, fields: f, sha256: parsed.sha256, metadata: object.metadata, status: 'pending', relocated: false };

  const recorded = ctx.mapper.resolve(f.digestS3Bucket, f.digestS3Object);
  if (recorded !== key) {
    report('relocated-digest', `digest records its location as s3://${f.digestS3Bucket}/${f.digestS3Object} but was read from ${store.uri(key)}`);
    record.status = 'invalid';
    record.relocated = true;
  }
  if (f.awsAccountId !== ctx.account || name.account !== ctx.account) {
    report('relocated-digest', `digest of account ${f.awsAccountId} (file name: ${name.account}) sits in the folder of account ${ctx.account}`);
    record.status = 'invalid';
    record.relocated = true;
  }
  // Every published sample names a standard digest after its end time; backfill names are unverified.
  if (!name.backfill && Math.abs(f.end - name.end) >= 1000) {
    report('malformed-digest', `digestEndTime ${f.digestEndTime} differs from the time in the file name`);
    record.status = 'invalid';
  }
  const metaAlgorithm = object.metadata['signature-algorithm'];
  for (const [what, value] of [
    ['signature-algorithm metadata', metaAlgorithm],
    ['digestSignatureAlgorithm', f.digestSignatureAlgorithm],
  ] as const) {
    if (value !== undefined && value !== null && value !== SIGNATURE_ALGORITHM) {
      report('unsupported-algorithm', `${what} is "${value}", expected "${SIGNATURE_ALGORITHM}"`);
      record.status = 'invalid';
    }
  }
  if (name.backfill && store.carriesMetadata && object.metadata['backfill-generation-timestamp'] === undefined) {
    report('malformed-digest', 'backfill digest has no backfill-generation-timestamp metadata');
    record.status = 'invalid';
  }
  return record;
}
