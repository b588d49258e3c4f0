/**
 * The corpus plan: which files exist, how many records each holds, and where every planted record goes.
 *
 * Everything random that spans files is decided here, before anything is written, from dedicated PRNG
 * streams; each file's background records then come from the file's own stream. That keeps a file's
 * bytes independent of the order files are generated in, and keeps memory at the size of the plan
 * (a few hundred bytes per file plus the planted records), not the corpus.
 */

import type { RootCategory } from '../report/model.js';
import { ROOT_USAGE_CATEGORIES } from '../report/model.js';
import type { EventContext } from './identities.js';
import { logFileKey } from './layout.js';
import type { ResolvedOptions } from './options.js';
import { cumulative, Prng } from './prng.js';
import { serialiseRecord } from './record.js';
import { buildAssumeRootCall, drawVariant, ROOT_VARIANTS, rootFlags, type RootVariant } from './root-events.js';
import type { TruthLocation } from './truth.js';
import { buildWorld, type SimAccount, type SimWorld } from './world.js';

/** Where a planted record lands; filled in once positions are drawn. */
export interface Placement {
  file: string;
  index: number;
}

/** A pre-built record to place into a file. */
export interface PlannedInsert {
  readonly text: string;
  readonly placement: Placement;
}

/** One log file to write. */
export interface PlannedFile {
  readonly account: SimAccount;
  readonly region: string;
  readonly deliveryMs: number;
  readonly key: string;
  /** Relative volume of the file's stream (account × region). */
  readonly weight: number;
  /** Number of background records to generate. */
  background: number;
  /** Planted records, sorted by position once positions are drawn. */
  readonly inserts: PlannedInsert[];
}

/** A planted root event and its deliveries. */
export interface PlannedRoot {
  readonly category: RootCategory;
  /** The variant's name (`ROOT_VARIANTS`), or `assume-root-call` for the call opening a session. */
  readonly variant: string;
  readonly eventID: string;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventTime: string;
  readonly accountId: string;
  readonly awsRegion: string;
  readonly cisRootUsage: boolean;
  readonly mfaUsed: boolean | null;
  readonly outcome: 'success' | 'failure' | null;
  readonly escaped: boolean;
  readonly first: Placement;
  readonly duplicates: Placement[];
}

/** The whole plan. */
export interface CorpusPlan {
  readonly world: SimWorld;
  /** Sorted by key (the write order). */
  readonly files: readonly PlannedFile[];
  readonly roots: readonly PlannedRoot[];
}

interface Stream {
  readonly account: SimAccount;
  readonly region: string;
  readonly weight: number;
  readonly files: PlannedFile[];
}

/** Splits `total` into integer parts proportional to `weights`, each at least `min` when total allows. */
export function apportion(total: number, weights: readonly number[], min: number): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const floor = Math.min(min, Math.floor(total / n));
  const rest = total - floor * n;
  let sum = 0;
  for (const w of weights) sum += w;
  const counts: number[] = [];
  const fractions: number[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = sum > 0 ? (rest * (weights[i] as number)) / sum : rest / n;
    const whole = Math.floor(exact);
    counts.push(floor + whole);
    fractions.push(exact - whole);
    given += whole;
  }
  const order = fractions.map((_, i) => i).sort((a, b) => (fractions[b] as number) - (fractions[a] as number) || a - b);
  for (let k = 0; k < rest - given; k++) {
    const i = order[k % n] as number;
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

/** An eventTime for a record delivered at `deliveryMs`: usually 30 s–15 min earlier, sometimes up to 2 h. */
export function eventTimeFor(prng: Prng, deliveryMs: number, startMs: number): number {
  const lagSeconds = prng.chance(0.03) ? prng.range(900, 7200) : prng.range(30, 900);
  return Math.max(deliveryMs - lagSeconds * 1000, Math.min(startMs, deliveryMs));
}

function buildStreams(o: ResolvedOptions, world: SimWorld, prng: Prng): Stream[] {
  const streams: Stream[] = [];
  for (const account of world.accounts) {
    const accountWeight = 0.5 + prng.next();
    for (const region of o.regions) {
      // us-east-1 also carries the global services (IAM, STS global endpoint, sign-in, Organizations).
      const regionWeight = region === 'us-east-1' ? 1.6 : 0.6 + prng.next() * 0.6;
      streams.push({ account, region, weight: accountWeight * regionWeight, files: [] });
    }
  }
  return streams;
}

function planFiles(o: ResolvedOptions, streams: Stream[], prng: Prng): PlannedFile[] {
  const fileCount = Math.min(o.files, o.records);
  let chosen = streams;
  if (fileCount < streams.length) {
    // Too few files for every stream: keep the busiest, the management account's us-east-1 first.
    chosen = [...streams]
      .sort((a, b) => Number(b.account.management && b.region === 'us-east-1') - Number(a.account.management && a.region === 'us-east-1') || b.weight - a.weight)
      .slice(0, fileCount);
  }
  const counts = apportion(fileCount, chosen.map((s) => s.weight), 1);
  const span = o.endMs - o.startMs;
  const lead = Math.min(15 * 60_000, Math.floor(span / 2));
  const all: PlannedFile[] = [];
  chosen.forEach((stream, i) => {
    for (let j = 0; j < (counts[i] as number); j++) {
      const t = o.startMs + lead + Math.floor(prng.next() * (span - lead));
      const deliveryMs = t - (t % 60_000);
      const key = logFileKey({ orgId: o.orgId, accountId: stream.account.id, region: stream.region, deliveryMs, unique: prng.alnum(16) });
      const file: PlannedFile = { account: stream.account, region: stream.region, deliveryMs, key, weight: stream.weight, background: 0, inserts: [] };
      stream.files.push(file);
      all.push(file);
    }
    stream.files.sort((a, b) => a.deliveryMs - b.deliveryMs || (a.key < b.key ? -1 : 1));
  });
  return all;
}

function candidates(files: readonly PlannedFile[], variant: RootVariant): readonly PlannedFile[] {
  let pool = files;
  if (variant.region === 'us-east-1') {
    const east = pool.filter((f) => f.region === 'us-east-1');
    if (east.length > 0) pool = east;
  }
  if (variant.memberAccount) {
    const members = pool.filter((f) => !f.account.management);
    if (members.length > 0) pool = members;
  }
  return pool;
}

function insert(file: PlannedFile, text: string): Placement {
  const placement: Placement = { file: file.key, index: -1 };
  file.inserts.push({ text, placement });
  return placement;
}

function plantRoots(o: ResolvedOptions, world: SimWorld, streams: readonly Stream[], files: readonly PlannedFile[]): PlannedRoot[] {
  const variants = ROOT_VARIANTS.filter((v) => o.rootCategories.includes(v.category));
  if (variants.length === 0 || files.length === 0) return [];
  let count = Math.max(variants.length, Math.round(o.records * o.rootRate));
  // Planted, duplicate and related records together must leave room for background traffic.
  count = Math.min(count, Math.floor(o.records / 4));
  const prng = new Prng(o.seed, 2);
  const weights = cumulative(variants.map((v) => v.weight));
  const streamOf = new Map<PlannedFile, Stream>();
  for (const s of streams) for (const f of s.files) streamOf.set(f, s);
  const managementFiles = files.filter((f) => f.account.management);
  const roots: PlannedRoot[] = [];
  for (let i = 0; i < count; i++) {
    const variant = i < variants.length ? (variants[i] as RootVariant) : drawVariant(prng, variants, weights);
    const file = prng.pick(candidates(files, variant));
    const timeMs = eventTimeFor(prng, file.deliveryMs, o.startMs);
    const ctx: EventContext = { prng, account: file.account, region: file.region, timeMs };
    const fields = variant.build(ctx);
    const escaped = o.escapedFraction > 0 && prng.chance(o.escapedFraction);
    let text = serialiseRecord(fields);
    // The first "type":"Root" is userIdentity.type (userIdentity is the second key of every record).
    if (escaped) text = text.replace('"type":"Root"', '"type":"\\u0052oot"');
    const first = insert(file, text);
    const duplicates: Placement[] = [];
    if (o.duplicateRate > 0 && prng.chance(o.duplicateRate)) {
      const stream = streamOf.get(file) as Stream;
      const later = stream.files.filter((f) => f.deliveryMs >= file.deliveryMs && f !== file);
      duplicates.push(insert(later.length > 0 ? prng.pick(later) : file, text));
    }
    const flags = rootFlags(fields);
    roots.push({
      category: variant.category,
      variant: variant.name,
      eventID: fields.eventID,
      eventName: fields.eventName,
      eventSource: fields.eventSource,
      eventTime: fields.eventTime,
      accountId: file.account.id,
      awsRegion: file.region,
      cisRootUsage: flags.cisRootUsage,
      mfaUsed: flags.mfaUsed,
      outcome: flags.outcome,
      escaped,
      first,
      duplicates,
    });
    if (variant.category === 'assume-root-session') {
      // The AssumeRoot call comes from the management account shortly before the session's first action.
      // docs/root-usage.md R3 counts the call itself as assume-root-session usage (not CIS: not type Root).
      const callMs = timeMs - prng.range(5, 120) * 1000;
      const host = managementFiles.filter((f) => f.region === file.region && f.deliveryMs >= callMs + 60_000);
      if (host.length > 0) {
        const target = host.reduce((a, b) => (b.deliveryMs < a.deliveryMs ? b : a));
        const callCtx: EventContext = { prng, account: world.management, region: target.region, timeMs: callMs };
        const call = buildAssumeRootCall(callCtx, file.account, fields);
        const callFlags = rootFlags(call);
        roots.push({
          category: 'assume-root-session',
          variant: 'assume-root-call',
          eventID: call.eventID,
          eventName: call.eventName,
          eventSource: call.eventSource,
          eventTime: call.eventTime,
          accountId: world.management.id,
          awsRegion: target.region,
          cisRootUsage: callFlags.cisRootUsage,
          mfaUsed: callFlags.mfaUsed,
          outcome: callFlags.outcome,
          escaped: false,
          first: insert(target, serialiseRecord(call)),
          duplicates: [],
        });
      }
    }
  }
  return roots;
}

function drawPositions(files: readonly PlannedFile[], prng: Prng): void {
  const used = new Set<number>();
  for (const file of files) {
    const n = file.background + file.inserts.length;
    used.clear();
    for (const ins of file.inserts) {
      let p = prng.int(n);
      while (used.has(p)) p = (p + 1) % n;
      used.add(p);
      ins.placement.index = p;
    }
    file.inserts.sort((a, b) => a.placement.index - b.placement.index);
  }
}

/** Builds the plan for resolved options. */
export function planCorpus(o: ResolvedOptions): CorpusPlan {
  const world = buildWorld(o.seed, o.accounts);
  const prng = new Prng(o.seed, 1);
  const streams = buildStreams(o, world, prng);
  const planned = planFiles(o, streams, prng);
  const roots = plantRoots(o, world, streams, planned);
  let inserted = 0;
  for (const f of planned) inserted += f.inserts.length;
  const background = Math.max(0, o.records - inserted);
  const volume = planned.map((f) => f.weight * prng.logNormal(0.35));
  const counts = apportion(background, volume, 1);
  planned.forEach((f, i) => {
    f.background = counts[i] as number;
  });
  const files = planned.filter((f) => f.background + f.inserts.length > 0).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  drawPositions(files, prng);
  return { world, files, roots };
}

/** True for the root-usage categories (the first five of issue 2 §3). */
export function isRootUsage(category: RootCategory): boolean {
  return ROOT_USAGE_CATEGORIES.includes(category);
}

/** The placements of a planted root event other than its first delivery. */
export function duplicateLocations(root: PlannedRoot): TruthLocation[] {
  return root.duplicates.map((p) => ({ file: p.file, index: p.index }));
}
