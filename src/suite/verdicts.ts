/**
 * Verdicts: what each detection caught, missed and falsely fired on, once a suite's labels have
 * overridden the built-in root classification.
 *
 * Inputs are the replay report and, for event IDs the suite names that are not root events, what the
 * probe (`probe.ts`) found. Pure: no I/O.
 *
 * Relabelling follows from the report's own definitions (docs/report-schema.md): a detection's false
 * alarms are every record it fired on that is not root usage. So a root-usage event relabelled as context
 * or `not-root` moves from caught to the false alarms (or drops out of missed), and a context or non-root
 * record relabelled as root usage moves from the false alarms to caught (or joins missed).
 */
import { ROOT_USAGE_CATEGORIES, type Report, type RootCategory } from '../report/model.js';
import type { KeyedDetection } from './detection-key.js';
import type { EventLabel } from './model.js';

const USAGE: ReadonlySet<string> = new Set(ROOT_USAGE_CATEGORIES);

/** What the probe found about one event ID that is not among the report's root events. */
export interface ProbedEvent {
  readonly eventID: string;
  readonly eventName: string | null;
  readonly eventTime: string | null;
  /** `DetectionReport.id`s of the per-record rules that fired on the record. */
  readonly firedBy: ReadonlySet<string>;
}

/** One event the suite knows about, with its category after labels. */
export interface EventFacts {
  /** The root event's key (its eventID unless distinct records share that), or a probed eventID. */
  readonly eventID: string;
  readonly eventName: string | null;
  readonly eventTime: string | null;
  /** After labels. */
  readonly category: EventLabel;
  /** What trailproof's classification said (`not-root` for records that are not root events). */
  readonly builtIn: EventLabel;
  readonly rootUsage: boolean;
}

/** One detection's results after labels. */
export interface DetectionVerdict {
  readonly detection: KeyedDetection;
  /** Root-usage event IDs it fired on, in report order. */
  readonly caught: readonly string[];
  /** Root-usage event IDs it did not fire on, in report order. */
  readonly missed: readonly string[];
  readonly falseAlarms: {
    readonly count: number;
    /** The false alarms known by event ID (sorted); all of them when `complete`. */
    readonly eventIDs: readonly string[];
    readonly complete: boolean;
  };
  /** IDs of the events (root or probed) it fired on. */
  readonly fired: ReadonlySet<string>;
}

/** Every detection's verdict plus the facts about every event they refer to. */
export interface Verdicts {
  /** By root event key (or probed eventID). */
  readonly events: ReadonlyMap<string, EventFacts>;
  /** An eventID shared by several distinct root events → their keys: a suite naming it names them all. */
  readonly sharedIDs: ReadonlyMap<string, readonly string[]>;
  readonly detections: readonly DetectionVerdict[];
}

function isUsage(category: EventLabel): boolean {
  return USAGE.has(category);
}

/**
 * Computes the verdicts. `labels` maps event IDs to what the suite says they are; `probed` holds the
 * labelled or named event IDs the report has no root event for (those the probe did not find are
 * simply absent: they were not in the sources).
 */
export function computeVerdicts(
  report: Report,
  detections: readonly KeyedDetection[],
  labels: ReadonlyMap<string, EventLabel>,
  probed: ReadonlyMap<string, ProbedEvent>,
): Verdicts {
  const events = new Map<string, EventFacts>();
  const sharedIDs = new Map<string, string[]>();
  const order: string[] = [];
  for (const e of report.rootEvents) {
    // A label names the event by key, or by an eventID it shares with others (then it labels them all).
    const category = labels.get(e.key) ?? labels.get(e.eventID) ?? e.category;
    events.set(e.key, { eventID: e.key, eventName: e.eventName, eventTime: e.eventTime, category, builtIn: e.category, rootUsage: isUsage(category) });
    order.push(e.key);
    if (e.key !== e.eventID) sharedIDs.set(e.eventID, [...(sharedIDs.get(e.eventID) ?? []), e.key]);
  }
  for (const p of probed.values()) {
    if (events.has(p.eventID) || sharedIDs.has(p.eventID)) continue;
    const category = labels.get(p.eventID) ?? 'not-root';
    events.set(p.eventID, { eventID: p.eventID, eventName: p.eventName, eventTime: p.eventTime, category, builtIn: 'not-root', rootUsage: isUsage(category) });
    order.push(p.eventID);
  }

  const verdicts = detections.map((d): DetectionVerdict => {
    const r = d.report;
    const fired = new Set<string>([...r.caught, ...r.contextHits]);
    const sampleIDs = new Set(r.falseAlarms.sample.map((s) => s.eventID).filter((id): id is string => id !== null));
    for (const p of probed.values()) {
      if (events.get(p.eventID)?.builtIn !== 'not-root') continue;
      // Correlations fire on windows, so the probe cannot evaluate them per record: their sample is all we know.
      if (r.kind === 'rule' ? p.firedBy.has(r.id) : sampleIDs.has(p.eventID)) fired.add(p.eventID);
    }
    const caught: string[] = [];
    const missed: string[] = [];
    const falseAlarmIDs = new Set<string>();
    let count = r.falseAlarms.count;
    for (const id of order) {
      const e = events.get(id)!;
      const hit = fired.has(id);
      // The report counted this record as a false alarm when it fired and was not root usage by the built-in rules.
      const countedBefore = hit && !isUsage(e.builtIn);
      const countsNow = hit && !e.rootUsage;
      count += (countsNow ? 1 : 0) - (countedBefore ? 1 : 0);
      if (e.rootUsage) (hit ? caught : missed).push(id);
      else if (hit) falseAlarmIDs.add(id);
    }
    for (const id of sampleIDs) if (!events.has(id)) falseAlarmIDs.add(id);
    const eventIDs = [...falseAlarmIDs].sort();
    return { detection: d, caught, missed, falseAlarms: { count, eventIDs, complete: eventIDs.length >= count }, fired };
  });
  return { events, sharedIDs, detections: verdicts };
}

/** The keys of the events a suite means by `id`: the event with that key, else every event sharing that eventID. */
export function namedEvents(verdicts: Verdicts, id: string): readonly string[] {
  return verdicts.events.has(id) ? [id] : (verdicts.sharedIDs.get(id) ?? []);
}

/** The events of `category` (after labels), in report order. */
export function eventsOfCategory(verdicts: Verdicts, category: RootCategory): EventFacts[] {
  return [...verdicts.events.values()].filter((e) => e.category === category);
}
