/**
 * Dialects: the rule languages trailproof can replay, and how rule files are loaded.
 *
 * Brief overview: `loadDetections` takes the paths the user named (files or folders), reads every rule
 * file, hands each to the dialects that claim it (src/dialects/registry.ts), and returns the compiled
 * detections with the diagnostics of the rules that did not load; a file no dialect reads is listed as
 * not applicable, with what it looks like (src/dialects/unsupported.ts). The engine then runs each
 * `Detection.rule` on every record. A new dialect is one folder exporting a `Dialect` plus one line in
 * `DIALECTS` below (docs/dialects.md).
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
import { refOf, type DialectRef } from './dialect-ref.js';
import { elasticEqlDialect, elasticKueryDialect, elasticLuceneDialect } from './elastic/index.js';
import { eventBridgeDialect } from './eventbridge/index.js';
import { sentinelDialect } from './sentinel/index.js';
import { pantherDialect } from './panther/index.js';
import { sigmaDialect } from './sigma/index.js';
import { splunkDialect } from './splunk/index.js';
import { describeUnsupported } from './unsupported.js';
import { claimantsOf, claimOf, loadWithDialect, tieDiagnostic } from './registry.js';
import type { CorrelationDetection, Detection, DetectionFile, Dialect, LoadOptions, NotApplicable } from './types.js';

export { claimOf, loadWithDialect };

/**
 * Registered dialects, in the order their detections are listed. Which reads a file is decided by their
 * claims (src/dialects/registry.ts), not by this order.
 */
export const DIALECTS: readonly Dialect[] = [
  cwlDialect,
  sigmaDialect,
  eventBridgeDialect,
  elasticKueryDialect,
  elasticLuceneDialect,
  elasticEqlDialect,
  sentinelDialect,
  splunkDialect,
  pantherDialect,
];

/**
 * What detections are loaded from, as plain data: the same inputs load the same detections with the same
 * ids in the same order (`loadDetectionFiles` is pure), which is how worker threads rebuild them.
 */
export interface DetectionInputs {
  /** The rule files read, so workers can load the same detections again (same ids, same order). */
  readonly files: readonly DetectionFile[];
  /** The field-mapping files they were loaded with (workers load with the same). */
  readonly fieldMappings: readonly DetectionFile[];
  /** The dialects they were loaded with, as workers find them again (src/dialects/dialect-ref.ts). */
  readonly dialects: readonly DialectRef[];
  /** The dialect options they were loaded with, by dialect id (workers load with the same). */
  readonly dialectOptions?: DialectOptionsById;
}

/** Everything loaded from the detection paths of a run. */
export interface LoadedDetections extends DetectionInputs {
  readonly detections: Detection[];
  readonly correlations: CorrelationDetection[];
  readonly notApplicable: NotApplicable[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Each dialect's own options (`Dialect.options` names them), by dialect id: `{ 'splunk-spl': { macros } }`.
 * Plain data (files as `DetectionFile`s), as it travels to worker threads and shards.
 */
export type DialectOptionsById = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Options for loading detections. */
export interface LoadDetectionsOptions {
  /** Field-name mapping files (Sigma pipelines). */
  readonly fieldMappings?: readonly DetectionFile[];
  /**
   * Dialects to use instead of the registered ones (a library user's own, or tests). Replay's worker
   * threads rebuild them from `Dialect.module`.
   */
  readonly dialects?: readonly Dialect[];
  /** Each dialect's own options, by dialect id (the CLI's `--splunk-*` flags fill `splunk-spl`'s). */
  readonly dialectOptions?: DialectOptionsById;
}

/** The inputs `files` are loaded from with `options`. */
function inputsOf(files: readonly DetectionFile[], options: LoadDetectionsOptions): DetectionInputs {
  return {
    files: [...files],
    fieldMappings: options.fieldMappings ?? [],
    dialects: (options.dialects ?? DIALECTS).map((d) => refOf(d, DIALECTS)),
    ...(options.dialectOptions !== undefined ? { dialectOptions: options.dialectOptions } : {}),
  };
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
 * the same ids in the same order (workers rely on it). The result carries the files, so it can be
 * handed to `replay` as it is, with or without worker threads.
 */
export function loadDetectionFiles(
  files: readonly DetectionFile[],
  options: LoadDetectionsOptions = {},
  explicitPaths: ReadonlySet<string> = new Set(),
): LoadedDetections {
  const dialects = options.dialects ?? DIALECTS;
  const optionsOf = (dialect: Dialect): LoadOptions => {
    const own = options.dialectOptions?.[dialect.id];
    return { ...(options.fieldMappings ? { fieldMappings: options.fieldMappings } : {}), ...(own !== undefined ? { dialectOptions: own } : {}) };
  };
  const byDialect = new Map<Dialect, DetectionFile[]>();
  const diagnostics: Diagnostic[] = [];
  const unsupported: NotApplicable[] = [];
  const known = dialects.map((d) => d.id).join(', ');
  for (const file of files) {
    const claimants = claimantsOf(file, dialects);
    if (claimants.kind === 'tie') {
      diagnostics.push(tieDiagnostic(file, claimants.dialects));
      continue;
    }
    if (claimants.kind === 'none') {
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
    for (const dialect of claimants.dialects) {
      let list = byDialect.get(dialect);
      if (list === undefined) byDialect.set(dialect, (list = []));
      list.push(file);
    }
  }
  const detections: Detection[] = [];
  const correlations: CorrelationDetection[] = [];
  const notApplicable: NotApplicable[] = [...unsupported];
  for (const dialect of dialects) {
    const list = byDialect.get(dialect);
    if (list === undefined) continue;
    const r = loadWithDialect(dialect, list, optionsOf(dialect));
    detections.push(...r.detections);
    correlations.push(...r.correlations);
    notApplicable.push(...r.notApplicable);
    diagnostics.push(...r.diagnostics);
  }
  return { detections, correlations, notApplicable, diagnostics, ...inputsOf(files, options) };
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
  return { ...loaded, diagnostics: [...diagnostics, ...loaded.diagnostics] };
}
