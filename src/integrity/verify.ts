/**
 * `verifyIntegrity`: the whole check for one archive and window, step by step:
 * 1. find account folders and regions, list digests whose end time lies in `[since, until + slack]`;
 * 2. read and parse digests, check location, account and algorithms (`read-digests.ts`);
 * 3. verify signatures with the region's public keys (`verify-digests.ts`);
 * 4. walk each stream's chain for missing digests, broken links and coverage gaps (`chain.ts`);
 * 5. hash every log file the trusted digests list (`check-logs.ts`);
 * 6. list the log files of the window and report those inside digest coverage that no digest lists.
 */
import { findAccounts, findRegions, listDigests, listLogs, type AccountFolder, type ListedDigest } from './discover.js';
import { IntegrityError } from './errors.js';
import { isoSeconds } from './layout.js';
import { LocationMapper, rootOf } from './locations.js';
import type { ObjectStore } from './object-store.js';
import type { PublicKeyProvider } from './public-keys.js';
import { readDigests, type DigestRecord } from './read-digests.js';
import { ProblemList, type IntegrityReport, type StreamSummary } from './report.js';
import { successorSignatures, walkChain, type Gap } from './chain.js';
import { checkLogFiles } from './check-logs.js';
import { verifyDigestSignatures } from './verify-digests.js';

/** Options of `verifyIntegrity`. */
export interface VerifyIntegrityOptions {
  /** Where the archive lives (`S3ObjectStore`, `LocalFolderStore`). */
  readonly store: ObjectStore;
  /** Key prefix above (or ending in) `AWSLogs/`: `''`, `'my-prefix/'`, `'my-prefix/AWSLogs/'`. */
  readonly prefix: string;
  /** Account IDs to check (absent or empty: every account folder found). */
  readonly accounts?: readonly string[];
  /** Delivering regions to check (absent or empty: every region folder found). */
  readonly regions?: readonly string[];
  /** Window start (event time, inclusive). */
  readonly since: Date;
  /** Window end (event time). */
  readonly until: Date;
  /** Where public keys come from (`CloudTrailPublicKeyProvider`, `StaticPublicKeyProvider`). */
  readonly keys: PublicKeyProvider;
  /**
   * How far past `until` digests are read, ms (default 1 h): events of the window are delivered, and
   * digested, after it. The CLI uses the same hour.
   */
  readonly slackMs?: number;
  /**
   * Longest delivery delay assumed when deciding that a log file should have been listed, ms (default
   * 15 min, the delay CloudTrail usually stays under).
   */
  readonly deliveryLagMs?: number;
  /** Objects fetched at once (default 8). */
  readonly concurrency?: number;
  /** Report coverage gaps as errors instead of warnings (default false, as `validate-logs`). */
  readonly failOnGaps?: boolean;
  /** The current time (default `Date.now()`), so that a window reaching into the last hour is not a gap. */
  readonly now?: Date;
}

const HOUR = 3_600_000;

/** A stream of digests: one (organization, account, delivering region, trail, home region). */
interface Stream {
  readonly id: string;
  readonly account: AccountFolder;
  readonly region: string;
  readonly trail: string;
  readonly homeRegion: string;
  records: DigestRecord[];
}

/** Checks the CloudTrail digests and log files of a window; never throws for problems in the archive. */
export async function verifyIntegrity(options: VerifyIntegrityOptions): Promise<IntegrityReport> {
  const since = options.since.getTime();
  const until = options.until.getTime();
  const slack = options.slackMs ?? HOUR;
  const lag = options.deliveryLagMs ?? 15 * 60_000;
  const concurrency = options.concurrency ?? 8;
  if (Number.isNaN(since) || Number.isNaN(until) || since > until) throw new IntegrityError('invalid-options', 'expected valid dates with since <= until');
  if (!(slack >= 0) || !(lag >= 0)) throw new IntegrityError('invalid-options', 'expected slackMs and deliveryLagMs >= 0');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new IntegrityError('invalid-options', `expected concurrency >= 1, found ${concurrency}`);

  const { store } = options;
  const problems = new ProblemList();
  const mapper = new LocationMapper(store, rootOf(options.prefix));
  const selectionEnd = until + slack;

  // 1-2. List and read digests, stream by stream.
  const streams: Stream[] = [];
  const units: { account: AccountFolder; region: string; streams: Stream[] }[] = [];
  for (const account of await findAccounts(store, mapper.root, options.accounts)) {
    for (const region of await findRegions(store, account, options.regions)) {
      const byStream = new Map<string, { stream: Stream; listed: ListedDigest[] }>();
      for (const listed of await listDigests(store, account, region, since, selectionEnd)) {
        const n = listed.name;
        const id = `${account.organization !== null ? `${account.organization}/` : ''}${account.account}/${region}/${n.trail}${n.homeRegion !== region ? ` (home ${n.homeRegion})` : ''}`;
        let entry = byStream.get(id);
        if (entry === undefined) {
          entry = { stream: { id, account, region, trail: n.trail, homeRegion: n.homeRegion, records: [] }, listed: [] };
          byStream.set(id, entry);
        }
        entry.listed.push(listed);
      }
      const unitStreams: Stream[] = [];
      for (const { stream, listed } of [...byStream.values()].sort((a, b) => cmp(a.stream.id, b.stream.id))) {
        listed.sort((a, b) => a.name.end - b.name.end || cmp(a.key, b.key));
        stream.records = await readDigests({ store, mapper, account: account.account, concurrency, problems }, stream.id, listed);
        streams.push(stream);
        unitStreams.push(stream);
      }
      units.push({ account, region, streams: unitStreams });
    }
  }
  const all = streams.flatMap((s) => s.records);

  // 3. Signatures; 4. chains.
  await verifyDigestSignatures({ store, keys: options.keys, problems }, all, successorSignatures(all, mapper));
  const gaps: Gap[] = [];
  const chainCtx = { store, mapper, problems, since, until, now: (options.now ?? new Date()).getTime() };
  for (const s of streams) gaps.push(...walkChain(chainCtx, s.records.filter((r) => !r.name.backfill && !r.relocated)));

  // 5. Listed log files.
  const logs = await checkLogFiles({ store, mapper, problems, concurrency }, all);

  // 6. Unlisted log files and gap accounting, per account and region.
  const gapLogs = new Map<Gap, number>();
  for (const unit of units) {
    const scope = `${unit.account.organization !== null ? `${unit.account.organization}/` : ''}${unit.account.account}/${unit.region}`;
    const present = await listLogs(store, unit.account, unit.region, since, selectionEnd);
    const covered = coverage(unit.streams);
    const unitGaps = gaps.filter((g) => unit.streams.some((s) => s.id === g.scope));
    if (covered.length === 0) {
      if (present.length > 0) {
        const folder = `${unit.account.prefix}CloudTrail/${unit.region}/`;
        gaps.push({ scope, key: folder, start: since, end: until, cause: 'no-digests', severity: 'warning',
          detail: `${present.length} log file${present.length === 1 ? '' : 's'} in the window but no digest file: log file validation was off, or the digests were deleted` });
      }
      continue;
    }
    for (const log of present) {
      if (logs.listed.has(log.key)) continue;
      if (isCovered(covered, log.name.time, log.name.time + lag)) {
        problems.add({ kind: 'unlisted-log-file', severity: 'error', key: log.key, location: store.uri(log.key), scope,
          detail: `delivered around ${isoSeconds(log.name.time)}, inside digest coverage, but listed in no digest (added after delivery, or covered by a backfill digest not yet read)` });
        continue;
      }
      const gap = unitGaps.find((g) => log.name.time >= g.start - lag && log.name.time <= g.end);
      if (gap !== undefined) gapLogs.set(gap, (gapLogs.get(gap) ?? 0) + 1);
    }
  }
  for (const g of gaps) {
    const n = gapLogs.get(g) ?? 0;
    const detail = n > 0 ? `${g.detail}; ${n} log file${n === 1 ? '' : 's'} delivered in this interval cannot be verified` : g.detail;
    const severity = options.failOnGaps === true && g.severity === 'warning' ? 'error' : g.severity;
    problems.add({ kind: 'delivery-gap', severity, key: g.key, location: store.uri(g.key), scope: g.scope, detail,
      gap: { start: isoSeconds(g.start), end: isoSeconds(g.end), cause: g.cause } });
  }

  const sorted = problems.sorted();
  return {
    since: options.since.toISOString(),
    until: options.until.toISOString(),
    digestsChecked: all.length,
    digestsValid: all.filter((d) => d.status === 'valid').length,
    logFilesChecked: logs.checked,
    logFilesValid: logs.valid,
    streams: streams.map(summarize),
    problems: sorted,
    ok: !sorted.some((p) => p.severity === 'error'),
  };
}

/** Merged `[start, end]` intervals of every readable digest of the streams. */
function coverage(streams: readonly Stream[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const s of streams) for (const r of s.records) if (r.fields !== null) spans.push([r.fields.start, r.fields.end]);
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    // One second of tolerance: consecutive digests abut to the second.
    if (last !== undefined && span[0] <= last[1] + 1000) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

function isCovered(spans: readonly [number, number][], start: number, end: number): boolean {
  for (const [a, b] of spans) if (a <= start && end <= b) return true;
  return false;
}

function summarize(s: Stream): StreamSummary {
  let digests = 0;
  let backfill = 0;
  let valid = 0;
  let empty = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const r of s.records) {
    if (r.name.backfill) backfill++;
    else digests++;
    if (r.status === 'valid') {
      valid++;
      if (r.fields?.logFiles.length === 0) empty++;
    }
    if (r.fields !== null && !r.name.backfill) {
      first = Math.min(first, r.fields.start);
      last = Math.max(last, r.fields.end);
    }
  }
  return {
    id: s.id,
    organization: s.account.organization,
    account: s.account.account,
    region: s.region,
    trail: s.trail,
    homeRegion: s.homeRegion,
    digests,
    backfillDigests: backfill,
    validDigests: valid,
    emptyDigests: empty,
    coverageStart: Number.isFinite(first) ? isoSeconds(first) : null,
    coverageEnd: Number.isFinite(last) ? isoSeconds(last) : null,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

