/**
 * Where a rule's helpers are: the nearest folder above it with `global_helpers/` or `data_models/`
 * (a panther-analysis checkout or any tree of that shape), whose two folders go on the Python path.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readAnalysis, type PantherDataModel } from './metadata.js';

/** The checkout root of a rule file, or its own folder when no ancestor has the checkout's shape. */
export function checkoutRoot(file: string): string {
  const start = dirname(resolve(file));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isDir(join(dir, 'global_helpers')) || isDir(join(dir, 'data_models'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The folders of a checkout put on the Python path, as Panther does. */
export function pythonPaths(root: string): string[] {
  return ['global_helpers', 'data_models'].map((d) => join(root, d)).filter(isDir);
}

/** The checkout's data models for CloudTrail (`data_models/**.yml`, `LogTypes` incl. `AWS.CloudTrail`). */
export function cloudTrailDataModels(root: string): PantherDataModel[] {
  const out: PantherDataModel[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (isDir(path)) walk(path);
      else if (/\.ya?ml$/i.test(name)) {
        const { analysis } = readAnalysis(path, readFileSync(path, 'utf8'));
        if (analysis?.kind === 'datamodel' && analysis.logTypes.includes('AWS.CloudTrail')) {
          out.push(analysis.filename !== null && !existsSync(analysis.filename) ? { ...analysis, filename: null } : analysis);
        }
      }
    }
  };
  if (isDir(join(root, 'data_models'))) walk(join(root, 'data_models'));
  return out;
}
