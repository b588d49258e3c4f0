/**
 * The probe: a second, narrow pass over a suite's sources for the event IDs a suite names (in labels,
 * `catches_events`, `never_fires_on`) that the replay report has no root event for.
 *
 * The report lists every root event with the detections that fired on it, but for other records it keeps
 * only a count and a sample of false alarms. A suite that labels an ordinary record as root usage, or
 * says a rule must not fire on one, needs that record's verdict, so the probe reads the sources again,
 * parses only records whose text contains one of the wanted IDs, and runs the per-record rules on them.
 * It runs only when a suite names such IDs, and it applies the suite's window like the replay does.
 */
import type { Detection } from '../dialects/types.js';
import { readObject } from '../engine/read-object.js';
import type { InputFormat } from '../engine/split/index.js';
import { eventTimeMs } from '../record/event-time.js';
import { recordAccountId, stringField } from '../record/summary.js';
import { makeRecordView, type JsonObject } from '../record/view.js';
import type { SelectionFilter, Source } from '../sources/types.js';
import type { ProbedEvent } from './verdicts.js';

/** What to probe. */
export interface ProbeOptions {
  readonly locations: readonly string[];
  readonly resolveSource: (location: string) => Source;
  readonly filter: SelectionFilter;
  readonly format?: InputFormat;
  /** The per-record detections (as loaded for the replay: same ids). */
  readonly detections: readonly Detection[];
  readonly eventIDs: ReadonlySet<string>;
}

function inWindow(record: JsonObject, filter: SelectionFilter): boolean {
  if (filter.since !== undefined || filter.until !== undefined) {
    // As the replay: a record without a valid eventTime is not in any window (it is skipped there).
    const time = eventTimeMs(stringField(record, 'eventTime'));
    if (Number.isNaN(time)) return false;
    if (filter.since !== undefined && time < filter.since.getTime()) return false;
    if (filter.until !== undefined && time >= filter.until.getTime()) return false;
  }
  if (filter.accounts !== undefined && filter.accounts.length > 0) {
    const account = recordAccountId(record);
    if (account === null || !filter.accounts.includes(account)) return false;
  }
  if (filter.regions !== undefined && filter.regions.length > 0) {
    const region = stringField(record, 'awsRegion');
    if (region === null || !filter.regions.includes(region)) return false;
  }
  return true;
}

/**
 * Reads the sources and returns, for each wanted event ID found in the window, the detections that
 * fired on it (the first delivery wins, as in the report). Unreadable objects are passed over: the
 * replay already reported them.
 */
export async function probeEvents(options: ProbeOptions): Promise<Map<string, ProbedEvent>> {
  const found = new Map<string, ProbedEvent>();
  const wanted = [...options.eventIDs];
  if (wanted.length === 0) return found;
  const onRecord = (text: string): void => {
    // Cheap containment test first: almost every record names none of the wanted IDs, and only the
    // few that do are parsed (so the try/catch below runs for a handful of records, not every one).
    let candidate = false;
    for (let i = 0; i < wanted.length && !candidate; i++) candidate = text.includes(wanted[i]!);
    if (!candidate) return;
    let value: JsonObject;
    try {
      value = JSON.parse(text) as JsonObject;
    } catch {
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const eventID = stringField(value, 'eventID');
    if (eventID === null || !options.eventIDs.has(eventID) || found.has(eventID) || !inWindow(value, options.filter)) return;
    const view = makeRecordView(text, value);
    const firedBy = new Set<string>();
    // A match the deployed rule would not have received (EventBridge delivery) did not fire.
    for (const d of options.detections) if (d.rule.match(view) && (d.rule.undelivered?.(view) ?? null) === null) firedBy.add(d.id);
    found.set(eventID, { eventID, eventName: stringField(value, 'eventName'), eventTime: stringField(value, 'eventTime'), firedBy });
  };
  const ignore = (): void => undefined;
  for (const location of options.locations) {
    let source: Source;
    try {
      source = options.resolveSource(location);
      for await (const obj of source.list(location, options.filter)) {
        // Listing problems were reported by the replay.
        if (obj.skip !== undefined || obj.problem !== undefined) continue;
        try {
          await readObject(obj.open(), obj.uri, options.format !== undefined ? { format: options.format } : {}, {
            record: (rec) => onRecord(rec.text),
            skip: ignore,
            fileSkipped: ignore,
            error: ignore,
            bytes: ignore,
          });
        } catch {
          // A read failure was reported by the replay; the probe keeps what it found.
        }
        if (found.size === options.eventIDs.size) return found;
      }
    } catch {
      // Listing failures were reported by the replay.
    }
  }
  return found;
}
