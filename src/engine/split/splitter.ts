/**
 * The splitter for one file: picks the scanner set-up and item handler for a format and feeds it text.
 */
import { DEFAULT_MAX_RECORD_LENGTH, type InputFormat } from './formats.js';
import { EventBridgeItems, LookupItems, RecordItems } from './item-handlers.js';
import { skipSpace } from './json-text.js';
import { LineReader } from './line-reader.js';
import { Scanner, type ScanHandler } from './scanner.js';
import type { RecordSink } from './sink.js';

/** Options of a splitter. */
export interface SplitOptions {
  /** Records longer than this (UTF-16 code units) are skipped as `too-large`. */
  readonly maxRecordLength?: number;
}

/** Splits one file's decoded text into records. */
export interface Splitter {
  /** The next chunk of decoded text (any size, split anywhere). */
  push(text: string): void;
  /** The text ends; `damaged` when it ends early because the file is damaged (reported by the caller). */
  end(damaged: boolean): void;
  /** True once a fatal structure problem made the splitter stop; later text is ignored. */
  readonly stopped: boolean;
}

/**
 * Makes the splitter for `format`. `head` is the file's first characters: for lookup-events and
 * EventBridge it tells a JSON array (`[`) from pages or lines.
 */
export function createSplitter(format: InputFormat, head: string, sink: RecordSink, options: SplitOptions = {}): Splitter {
  const max = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
  const array = head.charCodeAt(skipSpace(head, 0)) === 0x5b; /* [ */
  switch (format) {
    case 'cloudtrail':
      return containerSplitter(['Records', null], false, new RecordItems(sink, false, false), max);
    case 'json-array':
      return containerSplitter([null], true, new RecordItems(sink, false, true), max);
    case 'jsonl':
      return lineSplitter(false, true, new RecordItems(sink, true, true), max);
    case 'cwl-export':
      return lineSplitter(true, true, new RecordItems(sink, true, true), max);
    case 'lookup-events':
      return containerSplitter(array ? [null, 'Events', null] : ['Events', null], false, new LookupItems(sink, false), max);
    case 'eventbridge':
      return array
        ? containerSplitter([null], false, new EventBridgeItems(sink, false), max)
        : lineSplitter(false, false, new EventBridgeItems(sink, true), max);
  }
}

function containerSplitter(path: (string | null)[], shape: boolean, handler: ScanHandler, max: number): Splitter {
  const scanner = new Scanner({ path, shape, lineMode: false, maxItemLength: max }, handler);
  return {
    push: (text) => scanner.scan(text),
    end: (damaged) => scanner.end(damaged),
    get stopped() {
      return scanner.stopped;
    },
  };
}

function lineSplitter(timestampPrefix: boolean, shape: boolean, handler: ScanHandler, max: number): Splitter {
  const scanner = new Scanner({ path: [], shape, lineMode: true, maxItemLength: max }, handler);
  const lines = new LineReader(scanner, handler, timestampPrefix, max);
  return {
    push: (text) => lines.push(text),
    end: (damaged) => {
      lines.end();
      scanner.end(damaged);
    },
    stopped: false,
  };
}
