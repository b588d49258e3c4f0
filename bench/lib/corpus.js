// The benchmark corpora: their parameters, their cache under .bench/, and reading their file lists.
//
// A corpus is generated once per (parameters, generator code) and cached at
// .bench/<name>-<hash>/{corpus/AWSLogs/..., truth.json, meta.json}; meta.json is written last, so a
// half-written corpus (interrupted run) is regenerated. The truth file lives beside the corpus folder,
// not in it, so that replaying the folder reads log files only.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = join(ROOT, '.bench');

const COMMON = {
  seed: 20240304,
  accounts: 4,
  regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'],
  start: '2024-03-04T00:00:00Z',
  largeRecordFraction: 0.01,
  orgId: 'o-trlprf0bench',
};

/** Named corpora: `issue-5` is the one issue 5 states its targets on; `quick` is for fast runs. */
export const CORPORA = {
  'issue-5': { ...COMMON, records: 420_000, files: 900, days: 7 },
  quick: { ...COMMON, records: 20_000, files: 40, days: 2 },
};

function generatorHash() {
  // Any change to the generator's built code changes the corpus, so it is part of the cache key.
  const dir = join(ROOT, 'dist', 'synth');
  const h = createHash('sha256');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js')).sort()) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex').slice(0, 12);
}

/**
 * Returns the cached corpus for `params`, generating it first when missing or stale.
 * @param {string} name
 * @param {typeof CORPORA['quick']} params
 * @param {(msg: string) => void} log
 */
export async function ensureCorpus(name, params, log) {
  const hash = createHash('sha256').update(JSON.stringify(params)).update(generatorHash()).digest('hex').slice(0, 12);
  const dir = join(CACHE, `${name}-${hash}`);
  const meta = join(dir, 'meta.json');
  if (existsSync(meta)) {
    return { dir, corpusDir: join(dir, 'corpus'), truthFile: join(dir, 'truth.json'), meta: JSON.parse(readFileSync(meta, 'utf8')), cached: true };
  }
  // Stale corpora of the same name only take disk space.
  if (existsSync(CACHE)) {
    for (const d of readdirSync(CACHE)) if (d.startsWith(`${name}-`)) rmSync(join(CACHE, d), { recursive: true, force: true });
  }
  const { generateCorpus } = await import(join(ROOT, 'dist', 'synth', 'index.js'));
  log(`generating corpus "${name}" (${params.records} records, ${params.files} files) into ${dir} ...`);
  const t0 = performance.now();
  const summary = await generateCorpus({
    ...params,
    start: new Date(params.start),
    outDir: join(dir, 'corpus'),
    truthFile: join(dir, 'truth.json'),
  });
  const seconds = (performance.now() - t0) / 1000;
  const m = {
    name,
    params,
    files: summary.files,
    records: summary.records,
    bytesUncompressed: summary.bytesUncompressed,
    bytesCompressed: summary.bytesCompressed,
    largeRecords: summary.truth.totals.largeRecords,
    rootEvents: summary.truth.totals.rootEvents,
    duplicateDeliveries: summary.truth.totals.duplicateDeliveries,
    cisRootUsageRecords: summary.truth.totals.cisRootUsageRecords,
    generationSeconds: seconds,
  };
  writeFileSync(meta, JSON.stringify(m, null, 2) + '\n');
  log(`generated in ${seconds.toFixed(1)} s: ${(m.bytesUncompressed / 1e6).toFixed(1)} MB uncompressed, ${(m.bytesCompressed / 1e6).toFixed(1)} MB gzip`);
  return { dir, corpusDir: join(dir, 'corpus'), truthFile: join(dir, 'truth.json'), meta: m, cached: false };
}

/**
 * The corpus's log files (absolute paths, in write order) with their record counts and sizes.
 * @param {string} corpusDir
 * @param {string} truthFile
 * @returns {{ path: string, records: number, bytesUncompressed: number, bytesCompressed: number }[]}
 */
export function corpusFiles(corpusDir, truthFile) {
  const truth = JSON.parse(readFileSync(truthFile, 'utf8'));
  return truth.files.map((f) => ({ ...f, path: join(corpusDir, f.path) }));
}

/**
 * Reads the truth file.
 * @param {string} truthFile
 */
export function readTruth(truthFile) {
  return JSON.parse(readFileSync(truthFile, 'utf8'));
}
