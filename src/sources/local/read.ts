/**
 * Reading one local file: whole in one synchronous call when small, streamed otherwise. The local
 * source's `open()` and replay workers (for objects with a `localPath`) both read through here, so
 * both see the same bytes and the same errors.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { SourceError } from '../types.js';

/**
 * Files up to this size are read in one synchronous call; larger ones are streamed. A CloudTrail log
 * file is ~100 KB: reading 900 of them with `fs.promises.readFile` cost 230 ms of CPU (thread-pool
 * hand-offs for open, fstat, read and close), with `readFileSync` 33 ms (docs/benchmarks.md), and the
 * event loop is blocked for tens of microseconds per file.
 */
const WHOLE_FILE_LIMIT = 4 * 1024 * 1024;
const STREAM_CHUNK = 1024 * 1024;

/** Yields the bytes of the local file at `path` (`size`: as listed). Errors are `SourceError`s. */
export async function* readLocalFile(path: string, size: number | null): AsyncGenerator<Uint8Array> {
  try {
    if (size !== null && size <= WHOLE_FILE_LIMIT) {
      yield readFileSync(path);
      return;
    }
    for await (const chunk of createReadStream(path, { highWaterMark: STREAM_CHUNK })) yield chunk as Buffer;
  } catch (err) {
    throw sourceError(err, path, 'cannot read');
  }
}

/** A filesystem error as a `SourceError` naming `location` and what was being done. */
export function sourceError(err: unknown, location: string, doing: string): SourceError {
  if (err instanceof SourceError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new SourceError('not-found', location, `no such file or folder: ${location}`, { cause: err });
  if (code === 'EACCES' || code === 'EPERM') return new SourceError('access-denied', location, `${doing} ${location}: permission denied`, { cause: err });
  return new SourceError('other', location, `${doing} ${location}: ${message}`, { cause: err });
}
