/**
 * NDJSON carriers (one JSON value per line: Kibana's rules export, `POST
 * /api/detection_engine/rules/_export`): each non-blank line parsed on its own, with where it starts,
 * so a diagnostic about one line points at it. What a line is (a rule, an exception item, the trailing
 * export summary) is the caller's to say by its keys. Lines are read lazily, so a sniff can stop at the
 * first line it recognises.
 */
import type { JsonValue } from '../../record/view.js';

/** One non-blank line: its value, or why it is not JSON. `offset` is where the line starts (line and column 1-based). */
export type NdjsonLine =
  | { readonly kind: 'value'; readonly value: JsonValue; readonly raw: string; readonly offset: number; readonly line: number; readonly column: 1 }
  | { readonly kind: 'error'; readonly message: string; readonly raw: string; readonly offset: number; readonly line: number; readonly column: 1 };

/** The non-blank lines of an NDJSON text, in order (`\r\n` line ends and surrounding blanks are allowed). */
export function* ndjsonLines(text: string): Generator<NdjsonLine> {
  let offset = 0;
  let line = 0;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    line++;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    try {
      yield { kind: 'value', value: JSON.parse(trimmed) as JsonValue, raw, offset: start, line, column: 1 };
    } catch (e) {
      yield { kind: 'error', message: (e as Error).message, raw, offset: start, line, column: 1 };
    }
  }
}
