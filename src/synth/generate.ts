/**
 * Writes a planned corpus: one gzip stream per log file, records generated as they are written.
 *
 * Memory stays at one 256 KB text chunk per file in flight (two files at a time) plus zlib's buffers,
 * whatever the corpus or file size. Compression runs on libuv's thread pool while the main thread
 * generates the next chunk, so generation uses two cores.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { TransformOptions } from 'node:stream';
import { createGzip, type ZlibOptions } from 'node:zlib';
import type { RootCategory } from '../report/model.js';
import { buildBackground, templateTable, type EventTemplate, type TemplateTable } from './catalogue.js';
import type { EventContext, SimSession } from './identities.js';
import { buildLarge } from './large-records.js';
import { ALL_ROOT_CATEGORIES, resolveOptions, SynthError, type GenerateOptions, type ResolvedOptions } from './options.js';
import { duplicateLocations, eventTimeFor, isRootUsage, planCorpus, type PlannedFile } from './plan.js';
import { Prng } from './prng.js';
import { escapeNonAscii, isoSeconds, serialiseRecord } from './record.js';
import { TRUTH_SCHEMA, type Truth, type TruthFile, type TruthRootEvent } from './truth.js';

/** What `generateCorpus` wrote. */
export interface CorpusSummary {
  /** Log files written. */
  readonly files: number;
  /** Records written (planted and duplicate deliveries included). */
  readonly records: number;
  /** Sum of the decompressed sizes of the log files. */
  readonly bytesUncompressed: number;
  /** Sum of the sizes of the `.json.gz` files. */
  readonly bytesCompressed: number;
  /** The truth file's content. */
  readonly truth: Truth;
  /** Where the truth file was written. */
  readonly truthFile: string;
}

/** Records of this size or more count as large (the lower bound of the large-record sizes). */
const LARGE_BYTES = 10_240;
const LARGE_MAX_BYTES = 51_200;
/** Text accumulated before handing it to zlib. */
const CHUNK_CHARS = 1 << 18;
/** Files generated concurrently: one generating while the previous one's tail is compressed. */
const FILES_IN_FLIGHT = 2;

interface FileResult {
  readonly records: number;
  readonly bytesUncompressed: number;
  readonly bytesCompressed: number;
  readonly large: number;
}

function tableFor(cache: Map<string, TemplateTable>, region: string, management: boolean): TemplateTable {
  const key = `${region}/${management ? 'm' : 'a'}`;
  let table = cache.get(key);
  if (table === undefined) {
    table = templateTable(region, management);
    // Checked here, once, so the per-record loop can index the table without a failure path.
    if (table.templates.length === 0) throw new SynthError('invalid-option', `no event template applies to region ${region}`);
    cache.set(key, table);
  }
  return table;
}

async function writeLogFile(o: ResolvedOptions, file: PlannedFile, fileIndex: number, table: TemplateTable): Promise<FileResult> {
  const path = join(o.outDir, file.key);
  // zlib streams pass stream options through to Transform; a deep write buffer lets generation run ahead.
  const gzipOptions: ZlibOptions & TransformOptions = { level: o.gzipLevel, writableHighWaterMark: 4 * CHUNK_CHARS };
  const gzip = createGzip(gzipOptions);
  const done = pipeline(gzip, createWriteStream(path));
  const prng = new Prng(o.seed, 1000 + fileIndex);
  const sessions = new Map<string, SimSession>();
  const total = file.background + file.inserts.length;
  let bytes = 0;
  let large = 0;
  let nextInsert = 0;
  let chunk = '{"Records":[';
  const flush = async (): Promise<void> => {
    const buf = Buffer.from(chunk, 'utf8');
    chunk = '';
    bytes += buf.length;
    if (!gzip.write(buf)) await Promise.race([once(gzip, 'drain'), done]);
  };
  for (let i = 0; i < total; i++) {
    if (i > 0) chunk += ',';
    const ins = file.inserts[nextInsert];
    let text: string;
    if (ins !== undefined && ins.placement.index === i) {
      text = ins.text;
      nextInsert++;
    } else {
      const ctx: EventContext = { prng, account: file.account, region: file.region, timeMs: eventTimeFor(prng, file.deliveryMs, o.startMs), sessions };
      const eventTime = isoSeconds(ctx.timeMs);
      if (o.largeRecordFraction > 0 && prng.chance(o.largeRecordFraction)) {
        // Log-uniform between 10 and 50 KB: large records are mostly near the low end, a few near 50 KB.
        const target = Math.floor(LARGE_BYTES * Math.pow(LARGE_MAX_BYTES / LARGE_BYTES, prng.next()));
        text = serialiseRecord(buildLarge(ctx, eventTime, Math.min(target, LARGE_MAX_BYTES - 2048)));
      } else {
        const template = table.templates[prng.weighted(table.cumulative)] as EventTemplate;
        const built = buildBackground(ctx, template, eventTime);
        text = serialiseRecord(built.fields);
        if (built.escapeUnicode) text = escapeNonAscii(text);
      }
    }
    if (text.length >= LARGE_BYTES) large++;
    chunk += text;
    if (chunk.length >= CHUNK_CHARS) await flush();
  }
  chunk += ']}';
  await flush();
  gzip.end();
  await done;
  const size = (await stat(path)).size;
  return { records: total, bytesUncompressed: bytes, bytesCompressed: size, large };
}

function emptyCategoryCounts(): Record<RootCategory, number> {
  const counts = {} as Record<RootCategory, number>;
  for (const c of ALL_ROOT_CATEGORIES) counts[c] = 0;
  return counts;
}

/**
 * Writes a deterministic CloudTrail corpus with planted root events, and its truth file.
 *
 * @example
 * ```ts
 * const summary = await generateCorpus({
 *   outDir: 'corpus', records: 420_000, files: 900, seed: 1,
 *   start: new Date('2024-03-01T00:00:00Z'), days: 7,
 * });
 * console.log(summary.truth.totals.rootEvents, summary.bytesUncompressed);
 * ```
 * @throws SynthError `invalid-option` for a bad option, `io` when a file cannot be written.
 */
export async function generateCorpus(options: GenerateOptions): Promise<CorpusSummary> {
  const o = resolveOptions(options, join);
  const plan = planCorpus(o);
  const tables = new Map<string, TemplateTable>();
  const results: FileResult[] = new Array<FileResult>(plan.files.length);
  const madeDirs = new Set<string>();
  try {
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < plan.files.length; i++) {
      const file = plan.files[i] as PlannedFile;
      const dir = dirname(join(o.outDir, file.key));
      if (!madeDirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        madeDirs.add(dir);
      }
      const table = tableFor(tables, file.region, file.account.management);
      const job: Promise<void> = writeLogFile(o, file, i, table).then((r) => {
        results[i] = r;
        inFlight.delete(job);
      });
      inFlight.add(job);
      if (inFlight.size >= FILES_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } catch (err) {
    if (err instanceof SynthError) throw err;
    throw new SynthError('io', `cannot write the corpus under ${o.outDir}: ${(err as Error).message}`);
  }
  const truth = buildTruth(o, plan, results);
  try {
    await mkdir(dirname(o.truthFile), { recursive: true });
    await writeFile(o.truthFile, JSON.stringify(truth, null, 2) + '\n');
  } catch (err) {
    throw new SynthError('io', `cannot write the truth file ${o.truthFile}: ${(err as Error).message}`);
  }
  return {
    files: truth.totals.files,
    records: truth.totals.records,
    bytesUncompressed: truth.totals.bytesUncompressed,
    bytesCompressed: truth.totals.bytesCompressed,
    truth,
    truthFile: o.truthFile,
  };
}

function buildTruth(o: ResolvedOptions, plan: ReturnType<typeof planCorpus>, results: readonly FileResult[]): Truth {
  const files: TruthFile[] = plan.files.map((f, i) => {
    const r = results[i] as FileResult;
    return { path: f.key, records: r.records, bytesUncompressed: r.bytesUncompressed, bytesCompressed: r.bytesCompressed };
  });
  const byCategory = emptyCategoryCounts();
  let duplicateDeliveries = 0;
  let cisRootUsage = 0;
  let cisRootUsageRecords = 0;
  const rootEvents: TruthRootEvent[] = plan.roots.map((r) => {
    byCategory[r.category]++;
    duplicateDeliveries += r.duplicates.length;
    if (r.cisRootUsage) {
      cisRootUsage++;
      cisRootUsageRecords += 1 + r.duplicates.length;
    }
    return {
      eventID: r.eventID,
      category: r.category,
      variant: r.variant,
      rootUsage: isRootUsage(r.category),
      cisRootUsage: r.cisRootUsage,
      mfaUsed: r.mfaUsed,
      outcome: r.outcome,
      eventName: r.eventName,
      eventSource: r.eventSource,
      eventTime: r.eventTime,
      accountId: r.accountId,
      awsRegion: r.awsRegion,
      escaped: r.escaped,
      file: r.first.file,
      index: r.first.index,
      duplicates: duplicateLocations(r),
    };
  });
  rootEvents.sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : a.eventID < b.eventID ? -1 : a.eventID > b.eventID ? 1 : 0));
  let records = 0;
  let bytesUncompressed = 0;
  let bytesCompressed = 0;
  let largeRecords = 0;
  for (const r of results) {
    records += r.records;
    bytesUncompressed += r.bytesUncompressed;
    bytesCompressed += r.bytesCompressed;
    largeRecords += r.large;
  }
  return {
    schema: TRUTH_SCHEMA,
    options: {
      seed: o.seed,
      records: o.records,
      files: o.files,
      accounts: o.accounts,
      regions: o.regions,
      start: new Date(o.startMs).toISOString(),
      end: new Date(o.endMs).toISOString(),
      largeRecordFraction: o.largeRecordFraction,
      rootRate: o.rootRate,
      rootCategories: o.rootCategories,
      duplicateRate: o.duplicateRate,
      escapedFraction: o.escapedFraction,
      orgId: o.orgId,
      gzipLevel: o.gzipLevel,
    },
    accounts: plan.world.accounts.map((a) => ({ id: a.id, management: a.management })),
    totals: {
      files: files.length,
      records,
      bytesUncompressed,
      bytesCompressed,
      largeRecords,
      rootEvents: rootEvents.length,
      duplicateDeliveries,
      byCategory,
      cisRootUsage,
      cisRootUsageRecords,
    },
    rootEvents,
    files,
  };
}
