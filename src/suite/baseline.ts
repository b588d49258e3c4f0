/**
 * Baselines: the caught / missed / false-alarm sets of every detection, recorded with
 * `trailproof test --update-baseline` and committed next to the rules, so that a later run shows what a
 * rule change did (newly missed, newly caught, new false alarms) and fails on regressions only.
 *
 * The file is JSON written for diffs: keys sorted, one event ID per line, no timestamps or versions that
 * would change on every run. docs/suites.md shows an example.
 */
import { ROOT_USAGE_CATEGORIES, type RootCategory } from '../report/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { lineColumn } from '../diagnostics/diagnostic.js';
import { SuiteCode } from './codes.js';
import type { Verdicts } from './verdicts.js';

/** Version tag of the baseline file. */
export const BASELINE_SCHEMA = 'trailproof/baseline@1';

/** One detection's recorded results. */
export interface BaselineEntry {
  /** Root-usage event IDs it fired on, by category (categories with none are left out). */
  readonly caught: Readonly<Partial<Record<RootCategory, readonly string[]>>>;
  /** Root-usage event IDs it did not fire on, by category. */
  readonly missed: Readonly<Partial<Record<RootCategory, readonly string[]>>>;
  readonly falseAlarms: { readonly count: number; readonly eventIDs: readonly string[] };
}

/** A baseline file's content. */
export interface Baseline {
  readonly schema: typeof BASELINE_SCHEMA;
  /** By detection key. */
  readonly detections: Readonly<Record<string, BaselineEntry>>;
}

function byCategory(ids: readonly string[], verdicts: Verdicts): Partial<Record<RootCategory, string[]>> {
  const out: Partial<Record<RootCategory, string[]>> = {};
  for (const id of ids) {
    const category = verdicts.events.get(id)?.category;
    if (category === undefined || category === 'not-root') continue;
    (out[category] ??= []).push(id);
  }
  const sorted: Partial<Record<RootCategory, string[]>> = {};
  for (const c of ROOT_USAGE_CATEGORIES) if (out[c] !== undefined) sorted[c] = out[c]!.sort();
  return sorted;
}

/** The baseline of the current verdicts. */
export function baselineOf(verdicts: Verdicts): Baseline {
  const entries = verdicts.detections
    .map((v): [string, BaselineEntry] => [
      v.detection.key,
      {
        caught: byCategory(v.caught, verdicts),
        missed: byCategory(v.missed, verdicts),
        falseAlarms: { count: v.falseAlarms.count, eventIDs: [...v.falseAlarms.eventIDs] },
      },
    ])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { schema: BASELINE_SCHEMA, detections: Object.fromEntries(entries) };
}

/** Serialises a baseline: stable key order (categories in report order), two-space indent, final newline. */
export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** A baseline read from a file, or the diagnostics that explain why it could not be. */
export interface ParsedBaseline {
  readonly baseline: Baseline | null;
  readonly diagnostics: readonly Diagnostic[];
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isCategoryMap(v: unknown): v is Partial<Record<RootCategory, string[]>> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.entries(v).every(([k, ids]) => (ROOT_USAGE_CATEGORIES as readonly string[]).includes(k) && isStringArray(ids));
}

/** Parses a baseline file's text. Never throws. */
export function parseBaseline(text: string, file: string): ParsedBaseline {
  const fail = (message: string, offset = 0): ParsedBaseline => {
    const { line, column } = lineColumn(text, offset);
    return { baseline: null, diagnostics: [{ code: SuiteCode.badBaseline, severity: 'error', file, line, column, message }] };
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // V8 says "... at position N" (Node 20); point there when it does.
    const at = /position (\d+)/.exec((e as Error).message);
    return fail(`not valid JSON: ${(e as Error).message.toLowerCase()}`, at !== null ? Number(at[1]) : 0);
  }
  if (typeof value !== 'object' || value === null || (value as { schema?: unknown }).schema !== BASELINE_SCHEMA) {
    return fail(`not a trailproof baseline: expected "schema": "${BASELINE_SCHEMA}" (re-create it with --update-baseline)`);
  }
  const detections = (value as { detections?: unknown }).detections;
  if (typeof detections !== 'object' || detections === null || Array.isArray(detections)) return fail('"detections" must be an object');
  for (const [key, entry] of Object.entries(detections)) {
    const e = entry as Partial<BaselineEntry> | null;
    const fa = e?.falseAlarms as { count?: unknown; eventIDs?: unknown } | undefined;
    const ok =
      e !== null &&
      typeof e === 'object' &&
      isCategoryMap(e.caught) &&
      isCategoryMap(e.missed) &&
      typeof fa === 'object' &&
      fa !== null &&
      Number.isInteger(fa.count) &&
      isStringArray(fa.eventIDs);
    if (!ok) {
      const offset = text.indexOf(JSON.stringify(key));
      return fail(`detection ${JSON.stringify(key)}: expected caught, missed (event IDs by root category) and falseAlarms {count, eventIDs}`, Math.max(offset, 0));
    }
  }
  return { baseline: value as Baseline, diagnostics: [] };
}

/** What changed for one detection since the baseline. */
export interface DetectionDiff {
  readonly key: string;
  /** `new`: not in the baseline; `removed`: in the baseline but not loaded now. */
  readonly status: 'same' | 'changed' | 'new' | 'removed';
  /** Caught in the baseline, missed now: a regression. */
  readonly newlyMissed: readonly string[];
  /** Caught now, missed in the baseline or not in it at all. */
  readonly newlyCaught: readonly string[];
  /** Root-usage events not in the baseline that are missed now (new data, not a rule regression). */
  readonly untrackedMissed: readonly string[];
  /** Caught in the baseline, no longer in the data. */
  readonly gone: readonly string[];
  /** False alarms by event ID that the baseline does not list: a regression. */
  readonly newFalseAlarms: readonly string[];
  /** False alarms the baseline lists that no longer fire. */
  readonly fixedFalseAlarms: readonly string[];
  readonly falseAlarmCount: { readonly before: number; readonly after: number };
  /** True when this detection regressed: newly missed events, new false alarms, more false alarms, or removed. */
  readonly regression: boolean;
}

function flatten(map: Readonly<Partial<Record<RootCategory, readonly string[]>>>): Set<string> {
  const out = new Set<string>();
  for (const ids of Object.values(map)) for (const id of ids ?? []) out.add(id);
  return out;
}

/** Compares the current verdicts with a baseline, one diff per detection in either, sorted by key. */
export function compareBaseline(baseline: Baseline, verdicts: Verdicts): DetectionDiff[] {
  const current = baselineOf(verdicts);
  const keys = [...new Set([...Object.keys(baseline.detections), ...Object.keys(current.detections)])].sort();
  return keys.map((key): DetectionDiff => {
    const before = baseline.detections[key];
    const now = current.detections[key];
    const empty = { caught: {}, missed: {}, falseAlarms: { count: 0, eventIDs: [] } };
    const b = before ?? empty;
    const n = now ?? empty;
    const bCaught = flatten(b.caught);
    const bMissed = flatten(b.missed);
    const nCaught = flatten(n.caught);
    const nMissed = flatten(n.missed);
    const sorted = (s: Iterable<string>): string[] => [...s].sort();
    const newlyMissed = sorted([...nMissed].filter((id) => bCaught.has(id)));
    const newlyCaught = sorted([...nCaught].filter((id) => !bCaught.has(id)));
    const untrackedMissed = sorted([...nMissed].filter((id) => !bCaught.has(id) && !bMissed.has(id)));
    const gone = sorted([...bCaught].filter((id) => !nCaught.has(id) && !nMissed.has(id)));
    const bFa = new Set(b.falseAlarms.eventIDs);
    const nFa = new Set(n.falseAlarms.eventIDs);
    const newFalseAlarms = sorted([...nFa].filter((id) => !bFa.has(id)));
    const fixedFalseAlarms = sorted([...bFa].filter((id) => !nFa.has(id)));
    const falseAlarmCount = { before: b.falseAlarms.count, after: n.falseAlarms.count };
    const status: DetectionDiff['status'] =
      before === undefined
        ? 'new'
        : now === undefined
          ? 'removed'
          : newlyMissed.length + newlyCaught.length + untrackedMissed.length + gone.length + newFalseAlarms.length + fixedFalseAlarms.length > 0 ||
              falseAlarmCount.before !== falseAlarmCount.after
            ? 'changed'
            : 'same';
    const regression =
      status === 'removed' || (status !== 'new' && (newlyMissed.length > 0 || newFalseAlarms.length > 0 || falseAlarmCount.after > falseAlarmCount.before));
    return { key, status, newlyMissed, newlyCaught, untrackedMissed, gone, newFalseAlarms, fixedFalseAlarms, falseAlarmCount, regression };
  });
}
