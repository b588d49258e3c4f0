/**
 * Splitting: from the decoded text of one file to the compact JSON text of each CloudTrail record.
 *
 * Brief overview: `detectFormat` picks the input format from the file's name and first characters
 * (or the user forces one); `createSplitter` then runs the structural scanner (`scanner.ts`) over the
 * text as it arrives, chunk by chunk, and hands each record's text to a `RecordSink` without parsing it
 * (only records with whitespace outside strings, i.e. pretty-printed ones, are parsed and re-serialised
 * to the compact form CloudWatch Logs receives). Everything it cannot deliver is skipped with a reason
 * and a position; structure problems of the file are reported as errors. `engine/read-object.ts` ties
 * decompression, detection and splitting together.
 *
 * ```ts
 * const text = '{"Records":[{"eventVersion":"1.08","eventName":"ConsoleLogin"}]}';
 * const decision = detectFormat(text, 'a.json'); // { format: 'cloudtrail' }
 * if ('format' in decision) {
 *   const splitter = createSplitter(decision.format, text, {
 *     record: (r) => console.log(r.index, r.text),
 *     skip: (reason, where, message) => console.warn(reason, where, message),
 *     error: (message, where) => console.warn(message, where),
 *   });
 *   splitter.push(text); // any number of chunks, cut anywhere
 *   splitter.end(false);
 * }
 * ```
 */
export { detectFormat, HEAD_LENGTH, skipByName, type FormatDecision } from './detect-format.js';
export {
  DEFAULT_MAX_RECORD_LENGTH,
  INPUT_FORMATS,
  isInputFormat,
  type FileSkipReason,
  type InputFormat,
  type RecordSkipReason,
} from './formats.js';
export type { InputPosition, RawRecord, RecordSink } from './sink.js';
export { createSplitter, type SplitOptions, type Splitter } from './splitter.js';
