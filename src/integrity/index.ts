/**
 * Log-file integrity: checks CloudTrail digest files for a replayed window and reports missing,
 * modified or unlisted log files, broken digest chains and delivery gaps.
 *
 * Brief overview: a caller picks an `ObjectStore` (an S3 bucket through `S3ObjectStore`, or a local
 * copy through `LocalFolderStore`, whose digest signatures may sit in `<digest>.metadata.json`
 * sidecars) and a `PublicKeyProvider` (`CloudTrailPublicKeyProvider` calls `ListPublicKeys` per region;
 * `StaticPublicKeyProvider` / `loadPublicKeyFiles` serve saved keys). `verifyIntegrity` returns an
 * `IntegrityReport` (data; `ok` is false when any problem is an error) and `renderIntegrityReport`
 * prints it. The recipe and its sources are in docs/integrity.md.
 *
 * @example
 * ```ts
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { CloudTrailPublicKeyProvider, S3ObjectStore, renderIntegrityReport, verifyIntegrity } from './integrity/index.js';
 *
 * const report = await verifyIntegrity({
 *   store: new S3ObjectStore({ client: new S3Client({ region: 'us-east-1' }), bucket: 'my-trail-bucket' }),
 *   prefix: '',
 *   since: new Date('2024-05-01T00:00:00Z'),
 *   until: new Date('2024-05-02T00:00:00Z'),
 *   keys: new CloudTrailPublicKeyProvider(),
 * });
 * process.stdout.write(renderIntegrityReport(report));
 * ```
 */
export type { ObjectStore, StoredObject, StoredObjectInfo } from './object-store.js';
export { LocalFolderStore, METADATA_SIDECAR_SUFFIX } from './local-store.js';
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3-store.js';
export { derFingerprint, importPublicKey, type PublicKeyProvider, type PublicKeyRecord } from './public-keys.js';
export { CloudTrailPublicKeyProvider, type CloudTrailPublicKeyProviderOptions } from './cloudtrail-keys.js';
export { StaticPublicKeyProvider, loadPublicKeyFiles, parsePublicKeyFile, type KeyFile, type RegionalKey } from './file-keys.js';
export { parseDigest, stringToSign, type DigestFields, type DigestLogFile, type ParsedDigest } from './digest.js';
export { IntegrityError } from './errors.js';
export { verifyIntegrity, type VerifyIntegrityOptions } from './verify.js';
export type { GapCause, IntegrityProblem, IntegrityProblemKind, IntegrityReport, StreamSummary } from './report.js';
export { renderIntegrityReport } from './render.js';
