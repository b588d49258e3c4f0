/**
 * Decompression: from the bytes of one file or object as stored to its decoded bytes.
 *
 * Brief overview: `inflate` (streaming) and `inflateSync` (a whole buffer) detect gzip by its magic
 * bytes, decode every member, and pass anything else through. A truncated or corrupt `.gz` yields every
 * byte decoded before the damage and then a `Damage` (compressed byte offset and zlib's reason); both
 * readers locate it the same way (`damage.ts`), so they give identical results. `node:zlib` only.
 *
 * ```ts
 * const stream = inflate(createReadStream('x.json.gz'));
 * for await (const bytes of stream) handle(bytes);
 * if (stream.damage) report(`${stream.damage.reason} at compressed byte ${stream.damage.offset}`);
 * ```
 */
export type { Damage } from './damage.js';
export { detectCompression, type Compression } from './detect-compression.js';
export { inflate, type InflatedStream, type InflateOptions } from './inflate-stream.js';
export { inflateSync, type InflatedBuffer, type InflateTarget } from './inflate-sync.js';
