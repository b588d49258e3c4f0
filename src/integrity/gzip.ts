/**
 * Strict gunzip for integrity checks: exactly one gzip member, a correct trailer, nothing after it.
 *
 * Node's `gunzipSync` decompresses a second member and silently ignores trailing zero bytes, and the
 * AWS CLI inflated only the first member until May 2026 (aws/aws-cli#10324, #10326): a forged second
 * member then passed the hash check while readers that inflate every member saw its records. We hash
 * exactly what CloudTrail wrote, so anything after the first member is a modification (RFC 1952 §2.3).
 */
import { crc32, inflateRawSync } from 'node:zlib';

/** Result of `gunzipStrict`: the uncompressed bytes, or why the input is not one clean gzip member. */
export type GunzipResult = { readonly ok: true; readonly data: Buffer } | { readonly ok: false; readonly reason: string };

/** The shape `inflateRawSync(buf, { info: true })` returns; not in @types/node. */
interface InflateInfo {
  readonly buffer: Buffer;
  readonly engine: { readonly bytesWritten: number };
}

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const FRESERVED = 0xe0;

/** Decompresses one gzip member (RFC 1952) and rejects trailing data, a bad CRC-32 or a bad length. */
export function gunzipStrict(gz: Uint8Array): GunzipResult {
  const buf = Buffer.from(gz.buffer, gz.byteOffset, gz.byteLength);
  const header = headerLength(buf);
  if (typeof header === 'string') return { ok: false, reason: header };
  let inflated: InflateInfo;
  try {
    inflated = inflateRawSync(buf.subarray(header), { info: true } as object) as unknown as InflateInfo;
  } catch (err) {
    return { ok: false, reason: `corrupt deflate data: ${(err as Error).message}` };
  }
  const trailer = header + inflated.engine.bytesWritten;
  if (buf.length < trailer + 8) return { ok: false, reason: 'gzip trailer is truncated' };
  const data = inflated.buffer;
  if (buf.readUInt32LE(trailer) !== crc32(data)) return { ok: false, reason: 'gzip CRC-32 does not match the data' };
  if (buf.readUInt32LE(trailer + 4) !== data.length % 0x1_0000_0000) {
    return { ok: false, reason: 'gzip length field does not match the data' };
  }
  const extra = buf.length - trailer - 8;
  if (extra > 0) {
    const member = buf[trailer + 8] === 0x1f && buf[trailer + 9] === 0x8b;
    return {
      ok: false,
      reason: `unexpected data after end of compressed stream (${extra} bytes${member ? ', a second gzip member' : ''})`,
    };
  }
  return { ok: true, data };
}

/** Length of the gzip member header, or why it is not a gzip header. */
function headerLength(buf: Buffer): number | string {
  if (buf.length < 18) return buf.length === 0 ? 'empty file, expected gzip' : 'too short for gzip';
  if (buf[0] !== 0x1f || buf[1] !== 0x8b) return 'not gzip (no 1f 8b magic bytes)';
  if (buf[2] !== 8) return `unsupported gzip compression method ${buf[2]}`;
  const flags = buf[3] as number;
  if ((flags & FRESERVED) !== 0) return 'reserved gzip header flags are set';
  let at = 10;
  if ((flags & FEXTRA) !== 0) {
    if (buf.length < at + 2) return 'gzip header is truncated';
    at += 2 + buf.readUInt16LE(at);
  }
  if ((flags & FNAME) !== 0) at = skipZeroTerminated(buf, at);
  if ((flags & FCOMMENT) !== 0) at = skipZeroTerminated(buf, at);
  if ((flags & FHCRC) !== 0) at += 2;
  return at < buf.length ? at : 'gzip header is truncated';
}

function skipZeroTerminated(buf: Buffer, at: number): number {
  const end = buf.indexOf(0, at);
  return end < 0 ? buf.length : end + 1;
}
