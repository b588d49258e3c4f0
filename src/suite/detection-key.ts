/**
 * Stable names for detections in suites and baselines, and the lookup behind an expectation's
 * `detection:` selector.
 *
 * The engine names a detection `<file>#<name>` with the file as it was loaded; a suite loads files by
 * their resolved path, so the key rewrites that file part relative to the suite's folder (with `/`
 * separators). Keys are then the same on every machine, which a committed baseline needs.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { DetectionReport } from '../report/model.js';

/** `path` relative to `baseDir`, with forward slashes; unchanged when it is a URI. */
export function relativePath(path: string, baseDir: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  const rel = isAbsolute(path) ? relative(baseDir, path) : path;
  const posix = sep === '/' ? rel : rel.split(sep).join('/');
  return posix.startsWith('./') ? posix.slice(2) : posix;
}

/** The detection's key: its id with the file part made relative to `baseDir`. */
export function detectionKey(d: Pick<DetectionReport, 'id' | 'file'>, baseDir: string): string {
  const file = relativePath(d.file, baseDir);
  return d.id.startsWith(d.file) ? file + d.id.slice(d.file.length) : d.id;
}

/** A detection as a suite sees it: its report plus its key and suite-relative file. */
export interface KeyedDetection {
  readonly key: string;
  readonly file: string;
  readonly report: DetectionReport;
}

/** What a `detection:` selector found: exactly one detection, or why not. */
export type Selection<T = KeyedDetection> =
  | { readonly kind: 'one'; readonly detection: T }
  | { readonly kind: 'none' }
  | { readonly kind: 'many'; readonly keys: readonly string[] };

function normalise(path: string): string {
  let p = path.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

/**
 * Finds the detection a selector names: an exact key first, then a rule file (a file holding one
 * detection), then a title. A selector that names several detections is reported as ambiguous rather
 * than applied to all of them, since limits such as `max_false_alarms` are per detection.
 */
export function selectDetection<T extends Pick<KeyedDetection, 'key' | 'file'> & { readonly report: Pick<DetectionReport, 'title'> }>(
  selector: string,
  detections: readonly T[],
): Selection<T> {
  const wanted = normalise(selector);
  const tiers: ((d: T) => boolean)[] = [(d) => d.key === wanted, (d) => d.file === wanted, (d) => d.report.title === selector];
  for (const test of tiers) {
    const found = detections.filter(test);
    if (found.length === 1) return { kind: 'one', detection: found[0]! };
    if (found.length > 1) return { kind: 'many', keys: found.map((d) => d.key) };
  }
  return { kind: 'none' };
}
