/**
 * Dialects: the rule languages trailproof can replay, and how rule files are loaded.
 *
 * Brief overview: `loadDetections` takes the paths the user named (files or folders), reads every rule
 * file, hands each to the first dialect that recognises it, and returns the compiled detections with the
 * diagnostics of the rules that did not load; a file no dialect reads is listed as not applicable, with
 * what it looks like (src/dialects/unsupported.ts). The engine then runs each `Detection.rule` on every
 * record. A new dialect is one folder exporting a `Dialect` plus one line in `DIALECTS` below.
 *
 * ```ts
 * const loaded = await loadDetections(['detections']);
 * for (const d of loaded.detections) console.log(d.id, d.rule.prefilter);
 * ```
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { cwlDialect } from './cwl/index.js';
import { eventBridgeDialect } from './eventbridge/index.js';
import { sigmaDialect } from './sigma/index.js';
import { splunkDialect } from './splunk/index.js';
import { describeUnsupported } from './unsupported.js';
import type {
  CorrelationDetection,
  Detection,
  DetectionFile,
  Dialect,
  LoadOptions,
  LoadResult,
  NotApplicable,
  SplunkLoadOptions,
} from './types.js';
import { truncateMessage } from '../diagnostics/truncate-message.js';

/** Registered dialects, in recognition order (the first that recognises a file loads it). */
export const DIALECTS: readonly Dialect[] = [cwlDialect, sigmaDialect, eventBridgeDialect, splunkDialect];

/** Everything loaded from the detection paths of a run. */
export interface LoadedDetections {
  readonly detections: Detection[];
  readonly correlations: CorrelationDetection[];
  readonly notApplicable: NotApplicable[];
  readonly diagnostics: Diagnostic[];
  /** The rule files read, so workers can load the same detections again (same ids, same order). */
  readonly files: DetectionFile[];
}

/** Options for loading detections. */
export interface LoadDetectionsOptions {
  /** Field-name mapping files (Sigma pipelines). */
  readonly fieldMappings?: readonly DetectionFile[];
  /** Dialects to use instead of the registered ones (tests). */
  readonly dialects?: readonly Dialect[];
  /** Splunk macros, props, index and add-on switch (`--splunk-macros`, `--splunk-props`, `--splunk-index`, `--no-splunk-addon`). */
  readonly splunk?: SplunkLoadOptions;
}

async function collectFiles(path: string, explicit: boolean, out: { path: string; explicit: boolean }[]): Promise<void> {
  const info = await stat(path);
  if (info.isDirectory()) {
    const entries = (await readdir(path)).sort();
    for (const name of entries) {
      if (name.startsWith('.')) continue;
      await collectFiles(join(path, name), false, out);
    }
  } else {
    out.push({ path, explicit });
  }
}

/**
 * Loads detections from already-read rule files. Pure: the same files give the same detections with
 * the same ids in the same order (workers rely on it).
 */
export function loadDetectionFiles(
  files: readonly DetectionFile[],
  options: LoadDetectionsOptions = {},
  explicitPaths: ReadonlySet<string> = new Set(),
): Omit<LoadedDetections, 'files'> {
  const dialects = options.dialects ?? DIALECTS;
  const loadOptions: LoadOptions = { ...(options.fieldMappings ? { fieldMappings: options.fieldMappings } : {}), ...options.splunk };
  const byDialect = new Map<Dialect, DetectionFile[]>();
  const diagnostics: Diagnostic[] = [];
  const unsupported: NotApplicable[] = [];
  const known = dialects.map((d) => d.id).join(', ');
  for (const file of files) {
    let dialect: Dialect | undefined;
    try {
      dialect = dialects.find((d) => d.recognise(file));
    } catch (e) {
      diagnostics.push(failed(file.path, e));
      continue;
    }
    if (dialect === undefined) {
      // Another tool's rule is not a broken rule: it is named as not loaded, never dropped silently. A
      // file named on purpose that is no rule at all is an error.
      const { what, rule, title } = describeUnsupported(file);
      if (explicitPaths.has(file.path) && !rule) {
        diagnostics.push({ code: 'TP0001', severity: 'error', file: file.path, message: `no dialect recognises this file: it looks like ${what} (known: ${known})` });
      } else {
        const reason = rule ? `not loaded: ${what}, a format trailproof does not read (known: ${known})` : `not loaded: ${what}, not a rule file`;
        unsupported.push({ file: file.path, title, reason, unsupported: rule ? 'rule' : 'other' });
      }
      continue;
    }
    let list = byDialect.get(dialect);
    if (list === undefined) byDialect.set(dialect, (list = []));
    list.push(file);
  }
  const detections: Detection[] = [];
  const correlations: CorrelationDetection[] = [];
  const notApplicable: NotApplicable[] = [...unsupported];
  for (const dialect of dialects) {
    const list = byDialect.get(dialect);
    if (list === undefined) continue;
    const results = loadEach(dialect, list, loadOptions, diagnostics);
    for (const r of results) {
      detections.push(...r.detections);
      correlations.push(...r.correlations);
      notApplicable.push(...r.notApplicable);
      diagnostics.push(...r.diagnostics);
    }
  }
  return { detections, correlations, notApplicable, diagnostics };
}

/**
 * A dialect's results for its files. Dialects never throw by contract; should one still do so (a bug, or
 * a limit the dialect did not foresee) only the file it failed on is lost: after a failed `loadAll` the
 * files are loaded one by one, so the others still load.
 */
function loadEach(dialect: Dialect, list: readonly DetectionFile[], options: LoadOptions, diagnostics: Diagnostic[]): LoadResult[] {
  if (dialect.loadAll !== undefined) {
    try {
      return [dialect.loadAll(list, options)];
    } catch {
      // Fall through to one file at a time, which names the file at fault.
    }
  }
  const results: LoadResult[] = [];
  for (const f of list) {
    try {
      results.push(dialect.load(f, options));
    } catch (e) {
      diagnostics.push(failed(f.path, e));
    }
  }
  return results;
}

/** The diagnostic for a rule file a dialect failed on; long messages are cut (they may quote the rule). */
function failed(path: string, e: unknown): Diagnostic {
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'TP0003', severity: 'error', file: path, message: `could not load this file: ${truncateMessage(message)}` };
}

/** Reads rule files and folders (recursively) and loads every detection in them. */
export async function loadDetections(paths: readonly string[], options: LoadDetectionsOptions = {}): Promise<LoadedDetections> {
  const found: { path: string; explicit: boolean }[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    try {
      await collectFiles(p, true, found);
    } catch (e) {
      diagnostics.push({ code: 'TP0002', severity: 'error', file: p, message: `cannot read: ${(e as Error).message}` });
    }
  }
  const files: DetectionFile[] = [];
  for (const f of found) {
    files.push({ path: f.path, text: await readFile(f.path, 'utf8') });
  }
  const explicit = new Set(found.filter((f) => f.explicit).map((f) => f.path));
  const loaded = loadDetectionFiles(files, options, explicit);
  return { ...loaded, diagnostics: [...diagnostics, ...loaded.diagnostics], files };
}
