/**
 * Runs a suite: loads its detections, replays its sources through them, probes the extra event IDs it
 * names, and evaluates its expectations and baseline (`evaluate-suite.ts`) into a `SuiteResult`.
 */
import { resolve } from 'node:path';
import { loadDetections } from '../dialects/index.js';
import type { Detection } from '../dialects/types.js';
import { replay } from '../engine/replay.js';
import type { ScopeOverride } from '../engine/scope/resolve-scope.js';
import type { Report } from '../report/model.js';
import { resolveSource, type SourceOptions } from '../sources/index.js';
import type { SelectionFilter } from '../sources/types.js';
import type { Baseline } from './baseline.js';
import { detectionKey, relativePath, selectDetection } from './detection-key.js';
import { evaluateSuite, eventIDsToProbe, type SuiteOutcome } from './evaluate-suite.js';
import type { Suite } from './model.js';
import { probeEvents } from './probe.js';
import type { ProbedEvent } from './verdicts.js';

/** How to run a suite. */
export interface RunSuiteOptions {
  readonly suite: Suite;
  /** Folder the suite's paths are relative to (absolute). */
  readonly baseDir: string;
  readonly baseline: { readonly file: string; readonly content: Baseline } | null;
  readonly version: string;
  /** Worker threads for the replay (default: the engine's). */
  readonly workers?: number;
  readonly sourceOptions?: SourceOptions;
  /** Fixed clock for reproducible reports (tests). */
  readonly now?: Date;
}

/** Where a suite location points: URIs as written, local paths resolved against the suite's folder. */
export function resolveLocation(location: string, baseDir: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(location) ? location : resolve(baseDir, location);
}

/** The selection filter of a suite's window. */
export function suiteFilter(suite: Suite): SelectionFilter {
  const w = suite.window;
  return {
    ...(w.since !== null ? { since: new Date(w.since) } : {}),
    ...(w.until !== null ? { until: new Date(w.until) } : {}),
    ...(w.accounts.length > 0 ? { accounts: w.accounts } : {}),
    ...(w.regions.length > 0 ? { regions: w.regions } : {}),
  };
}

/**
 * The scope a suite gives its detections: an expectation's `catches:` categories are what the detection
 * is meant to catch (docs/scope.md), ahead of any declaration in the rule file. Selectors that do not
 * name exactly one detection are left to the checks, which report them.
 */
export function suiteScopes(suite: Suite, baseDir: string, detections: readonly Pick<Detection, 'id' | 'file' | 'title'>[]): Map<string, ScopeOverride> {
  const keyed = detections.map((d) => ({ id: d.id, key: detectionKey(d, baseDir), file: relativePath(d.file, baseDir), report: { title: d.title } }));
  const out = new Map<string, ScopeOverride>();
  for (const e of suite.expectations) {
    if (e.catches.length === 0) continue;
    const found = selectDetection(e.detection, keyed);
    if (found.kind === 'one') out.set(found.detection.id, { categories: e.catches, source: 'suite' });
  }
  return out;
}

/** Loads, replays, probes and evaluates a suite. Errors in rules and inputs become failed checks. */
export async function runSuite(options: RunSuiteOptions): Promise<SuiteOutcome & { readonly report: Report }> {
  const { suite, baseDir } = options;
  const detections = await loadDetections(suite.detections.map((p) => resolveLocation(p, baseDir)));
  const locations = suite.sources.map((p) => resolveLocation(p, baseDir));
  const filter = suiteFilter(suite);
  const sourceFor = (l: string): ReturnType<typeof resolveSource> => resolveSource(l, options.sourceOptions ?? {});
  const report = await replay({
    locations,
    resolveSource: sourceFor,
    detections,
    filter,
    scope: { overrides: suiteScopes(suite, baseDir, [...detections.detections, ...detections.correlations]) },
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    // Baselines compare false-alarm IDs: keep them all, not a sample.
    falseAlarmSample: Number.MAX_SAFE_INTEGER,
    version: options.version,
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const wanted = eventIDsToProbe(suite, report);
  const probed = wanted.size > 0 ? await probeEvents({ locations, resolveSource: sourceFor, filter, detections: detections.detections, eventIDs: wanted }) : new Map<string, ProbedEvent>();
  const outcome = evaluateSuite({
    suite,
    baseDir,
    report,
    probed,
    diagnostics: detections.diagnostics,
    ruleTexts: new Map(detections.files.map((f) => [f.path, f.text])),
    baseline: options.baseline,
    version: options.version,
  });
  return { ...outcome, report };
}
