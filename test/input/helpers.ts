/**
 * Test helpers for the input layer: a sink that records every call, and readers over in-memory bytes
 * with any chunking.
 */
import { readObject, readObjectSync, type ObjectSink, type ReadOptions } from '../../src/engine/read-object.js';
import { createSplitter, type InputFormat, type InputPosition, type RawRecord } from '../../src/engine/split/index.js';

/** One call on a sink, as data. */
export type SinkEvent =
  | ['record', RawRecord]
  | ['skip', string, InputPosition, string]
  | ['error', string, InputPosition]
  | ['warning', string, InputPosition]
  | ['fileSkipped', string, string];

/** A sink that logs every call (bytes are summed apart: they may differ between readers). */
export function recorder(): ObjectSink & { events: SinkEvent[]; byteCount: number } {
  const events: SinkEvent[] = [];
  const sink = {
    events,
    byteCount: 0,
    record: (rec: RawRecord) => void events.push(['record', rec]),
    skip: (reason: string, where: InputPosition, message: string) => void events.push(['skip', reason, where, message]),
    error: (message: string, where: InputPosition) => void events.push(['error', message, where]),
    warning: (message: string, where: InputPosition) => void events.push(['warning', message, where]),
    fileSkipped: (reason: string, message: string) => void events.push(['fileSkipped', reason, message]),
    bytes: (n: number) => {
      sink.byteCount += n;
    },
  };
  return sink;
}

/** Yields `bytes` in chunks of `size` (the last one shorter). */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

/** readObjectSync's events. */
export function readSync(bytes: Uint8Array, uri: string, options: ReadOptions = {}): SinkEvent[] {
  const sink = recorder();
  readObjectSync(bytes, uri, options, sink);
  return sink.events;
}

/** readObject's events with the bytes cut in chunks of `size`. */
export async function readStream(bytes: Uint8Array, uri: string, size: number, options: ReadOptions = {}): Promise<SinkEvent[]> {
  const sink = recorder();
  await readObject(chunked(bytes, size), uri, options, sink);
  return sink.events;
}

/** The splitter's events for decoded `text` pushed in pieces of `size` characters. */
export function splitText(format: InputFormat, text: string, size = text.length, damaged = false): SinkEvent[] {
  const sink = recorder();
  const splitter = createSplitter(format, text.slice(0, 64), sink);
  for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size));
  splitter.end(damaged);
  return sink.events;
}

/** The texts of the records among `events`. */
export function texts(events: readonly SinkEvent[]): string[] {
  return events.flatMap((e) => (e[0] === 'record' ? [e[1].text] : []));
}

/** Everything but records, compactly: `[kind, reason or message, where]`. */
export function problems(events: readonly SinkEvent[]): unknown[] {
  return events.filter((e) => e[0] !== 'record');
}
