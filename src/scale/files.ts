/**
 * Reading and writing a run's files on a local disk: `plan.json` with `run.json` and `spec.json`
 * beside it, and partial reports (gzip when the name ends in `.gz`). The Lambda handlers keep the
 * same names under the run's S3 prefix (src/scale/lambda.ts).
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { RUN_SCHEMA, SPEC_SCHEMA, type PartialReport, type RunFile, type ShardItem, type SpecFile } from './model.js';
import { canonicalJson } from './canonical-json.js';
import { checkPartial, PartialMismatch } from './partial.js';

/** Bytes of a JSON document, gzip when `name` ends in `.gz`. */
export function encodeJson(value: unknown, name: string): Uint8Array {
  const text = Buffer.from(`${canonicalJson(value)}\n`, 'utf8');
  return name.endsWith('.gz') ? gzipSync(text, { level: 6 }) : text;
}

/** Parses a JSON document, gunzipping it when it starts with the gzip magic. */
export function decodeJson(bytes: Uint8Array, name: string): unknown {
  const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  try {
    return JSON.parse(Buffer.from(plain).toString('utf8'));
  } catch (e) {
    throw new PartialMismatch(`${name}: not JSON: ${(e as Error).message}`);
  }
}

/** Writes `plan.json` at `planPath`, and `run.json` and `spec.json` beside it. */
export async function writePlanFiles(planPath: string, items: readonly ShardItem[], run: RunFile, spec: SpecFile): Promise<void> {
  await mkdir(dirname(planPath), { recursive: true });
  await writeFile(planPath, encodeJson(items, planPath));
  await writeFile(join(dirname(planPath), 'run.json'), encodeJson(run, 'run.json'));
  await writeFile(join(dirname(planPath), 'spec.json'), encodeJson(spec, 'spec.json'));
}

/** Reads a plan and the run and spec files beside it; throws PartialMismatch naming the file at fault. */
export async function readPlanFiles(planPath: string): Promise<{ items: ShardItem[]; run: RunFile; spec: SpecFile }> {
  const read = async (path: string): Promise<unknown> => decodeJson(await readFile(path), path);
  const items = await read(planPath);
  if (!Array.isArray(items)) throw new PartialMismatch(`${planPath}: not a shard plan (expected a JSON array of shards)`);
  const runPath = join(dirname(planPath), 'run.json');
  const run = (await read(runPath)) as RunFile;
  if (run?.schema !== RUN_SCHEMA) throw new PartialMismatch(`${runPath}: not a run file (expected "schema": "${RUN_SCHEMA}")`);
  const specPath = join(dirname(planPath), 'spec.json');
  const spec = (await read(specPath)) as SpecFile;
  if (spec?.schema !== SPEC_SCHEMA) throw new PartialMismatch(`${specPath}: not a spec file (expected "schema": "${SPEC_SCHEMA}")`);
  return { items: items as ShardItem[], run, spec };
}

/** The run's own files, which may sit beside the partials. */
const RUN_FILES = new Set(['plan.json', 'run.json', 'spec.json']);

/** Reads partial reports from files, or from every `*.json[.gz]` file of a folder given but the run's own files. */
export async function readPartialFiles(paths: readonly string[]): Promise<PartialReport[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      for (const name of (await readdir(path)).sort()) if (/\.json(\.gz)?$/.test(name) && !RUN_FILES.has(name)) files.push(join(path, name));
    } else {
      files.push(path);
    }
  }
  return Promise.all(files.map(async (f) => checkPartial(decodeJson(await readFile(f), f), f)));
}
