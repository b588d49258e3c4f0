/**
 * `trailproof init`: the files of a new detection repository, and writing them without overwriting
 * what is already there.
 *
 * Brief overview: `scaffoldFiles` lists the files (pure); `writeScaffold` writes them under a folder,
 * keeping existing files unless forced. The result passes `trailproof test` as written, and fails it
 * (exit 1) once the CIS pattern is edited so it no longer matches root usage.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SAMPLE_PATH, sampleRecords } from './sample-records.js';
import { CIS_ROOT_USAGE_PATTERN, suiteTemplate, workflowTemplate } from './templates.js';

/** One file of the scaffold: path relative to the target folder (forward slashes) and content. */
export interface ScaffoldFile {
  readonly path: string;
  readonly content: string;
}

/** The scaffold's files; `install` is the package spec the workflow installs trailproof from. */
export function scaffoldFiles(install: string): ScaffoldFile[] {
  return [
    { path: 'trailproof.yml', content: suiteTemplate() },
    { path: 'detections/cis-root-usage.pattern', content: `${CIS_ROOT_USAGE_PATTERN}\n` },
    // CloudTrail writes one JSON object with a Records array; indented here so the sample reads easily.
    { path: SAMPLE_PATH, content: `${JSON.stringify({ Records: sampleRecords() }, null, 2)}\n` },
    { path: '.github/workflows/trailproof.yml', content: workflowTemplate(install) },
  ];
}

/** What `writeScaffold` did with each file. */
export interface ScaffoldResult {
  readonly created: readonly string[];
  readonly overwritten: readonly string[];
  /** Existing files left alone (without `force`). */
  readonly kept: readonly string[];
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Writes the scaffold under `dir` (created when missing). Existing files are kept unless `force`. */
export async function writeScaffold(dir: string, options: { readonly install: string; readonly force?: boolean }): Promise<ScaffoldResult> {
  const created: string[] = [];
  const overwritten: string[] = [];
  const kept: string[] = [];
  for (const file of scaffoldFiles(options.install)) {
    const target = join(dir, ...file.path.split('/'));
    const present = await exists(target);
    if (present && options.force !== true) {
      kept.push(file.path);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
    (present ? overwritten : created).push(file.path);
  }
  return { created, overwritten, kept };
}
