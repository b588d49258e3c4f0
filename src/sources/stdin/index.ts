/**
 * The standard-input source: the location `-` is one object, the bytes piped in (any supported
 * format, gzip included, as for files). As with `cat`, `-` may be given once per run.
 */
import type { Source, SourceObject } from '../types.js';

/** How reports name standard input. */
export const STDIN_URI = '<stdin>';

/** Yields standard input's bytes (or the given stream's). */
export async function* readStream(stream: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
}

/** Reads `-` from `stream` (default: the process's standard input). */
export function createStdinSource(stream: AsyncIterable<unknown> = process.stdin): Source {
  let opened = false;
  return {
    id: 'stdin',
    accepts: (location) => location === '-',
    async *list(): AsyncIterable<SourceObject> {
      yield {
        uri: STDIN_URI,
        size: null,
        open() {
          // A pipe can be read once: a second `-` would silently read nothing.
          if (opened) throw new Error('standard input can be read only once; give - once');
          opened = true;
          return readStream(stream);
        },
      };
    },
  };
}
