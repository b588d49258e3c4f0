/**
 * Compression detection by magic bytes, never by file name: CloudTrail objects are gzip whatever they
 * are called, and users rename and decompress files.
 */

/** How a file's bytes are encoded. */
export type Compression = 'gzip' | 'none';

/** Bytes needed to decide. */
export const MAGIC_LENGTH = 2;

/** `gzip` when the bytes start with the gzip magic number 1f 8b (RFC 1952 §2.3.1), else `none`. */
export function detectCompression(head: Uint8Array): Compression {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b ? 'gzip' : 'none';
}
