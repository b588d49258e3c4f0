/**
 * Options of the corpus generator, their defaults, and the one place they are validated.
 */

import type { RootCategory } from '../report/model.js';

/** How planted root events are chosen. Every field is optional; defaults are noted per field. */
export interface RootEventOptions {
  /**
   * Fraction of all records that are planted root events (default 0.0002, i.e. 1 in 5000). Whatever the
   * rate, at least one event of every variant (e.g. console sign-in with and without MFA) is planted
   * when the corpus has room for it.
   */
  readonly rate?: number;
  /** Categories to plant (default: every category of `RootCategory`). */
  readonly categories?: readonly RootCategory[];
  /** Fraction of planted events delivered a second time in another file (default 0.05). */
  readonly duplicateRate?: number;
  /**
   * Fraction of planted events whose text spells `"type":"Root"` with a JSON escape (`"\u0052oot"`),
   * to test that literal prefilters stay exact (default 0: CloudTrail itself never escapes ASCII).
   */
  readonly escapedFraction?: number;
}

/** What `generateCorpus` writes. */
export interface GenerateOptions {
  /** Folder that receives `AWSLogs/...` and the truth file (created if missing). */
  readonly outDir: string;
  /** Total records to write, planted ones included. */
  readonly records: number;
  /** Number of log files to write (fewer when there are fewer records than files). */
  readonly files: number;
  /** Seed of every random choice: the same options give byte-identical output. */
  readonly seed: number;
  /** Number of AWS accounts (default 3; the first is the organisation's management account). */
  readonly accounts?: number;
  /** Regions with a trail (default us-east-1, us-west-2, eu-west-1). */
  readonly regions?: readonly string[];
  /** First instant covered (records and deliveries fall in [start, start + days)). */
  readonly start: Date;
  /** Length of the covered period, in days (fractions allowed). */
  readonly days: number;
  /** Fraction of records of 10–50 KB (RunInstances responses, policy documents...; default 0.01). */
  readonly largeRecordFraction?: number;
  /** Planted root events. */
  readonly rootEvents?: RootEventOptions;
  /** Organisation ID (`o-` followed by 10–32 lowercase letters or digits): writes the org-trail layout. */
  readonly orgId?: string;
  /** gzip level 1–9 (default 6, zlib's default). Part of the output's identity: same level, same bytes. */
  readonly gzipLevel?: number;
  /** Where to write the truth file (default `<outDir>/truth.json`). */
  readonly truthFile?: string;
}

/** Options with every default applied and every value checked. */
export interface ResolvedOptions {
  readonly outDir: string;
  readonly records: number;
  readonly files: number;
  readonly seed: number;
  readonly accounts: number;
  readonly regions: readonly string[];
  readonly startMs: number;
  readonly endMs: number;
  readonly largeRecordFraction: number;
  readonly rootRate: number;
  readonly rootCategories: readonly RootCategory[];
  readonly duplicateRate: number;
  readonly escapedFraction: number;
  readonly orgId: string | null;
  readonly gzipLevel: number;
  readonly truthFile: string;
}

/** Every root category, in the order the generator plants them. */
export const ALL_ROOT_CATEGORIES: readonly RootCategory[] = [
  'console-login-success',
  'console-login-failure',
  'root-api-call',
  'root-console-action',
  'assume-root-session',
  'service-on-behalf-of-root',
  'root-service-event',
  'root-sign-in-other',
];

/** Thrown by `generateCorpus` for an option it cannot honour. */
export class SynthError extends Error {
  /** What went wrong: a bad option, or a file-system failure while writing. */
  readonly kind: 'invalid-option' | 'io';

  /** Builds an error of the given kind. */
  constructor(kind: 'invalid-option' | 'io', message: string) {
    super(message);
    this.name = 'SynthError';
    this.kind = kind;
  }
}

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d$/;
const ORG_RE = /^o-[a-z0-9]{10,32}$/;

function fraction(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new SynthError('invalid-option', `${name} must be a number between 0 and 1, got ${String(value)}`);
  }
  return value;
}

function positiveInt(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new SynthError('invalid-option', `${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Applies defaults and validates; throws `SynthError` naming the bad option. */
export function resolveOptions(o: GenerateOptions, joinPath: (a: string, b: string) => string): ResolvedOptions {
  if (typeof o.outDir !== 'string' || o.outDir === '') {
    throw new SynthError('invalid-option', 'outDir must be a non-empty path');
  }
  const records = positiveInt('records', o.records, 1);
  const files = positiveInt('files', o.files, 1);
  if (!Number.isInteger(o.seed)) throw new SynthError('invalid-option', `seed must be an integer, got ${String(o.seed)}`);
  const accounts = positiveInt('accounts', o.accounts ?? 3, 1);
  if (accounts > 1000) throw new SynthError('invalid-option', `accounts must be at most 1000, got ${accounts}`);
  const regions = [...(o.regions ?? ['us-east-1', 'us-west-2', 'eu-west-1'])];
  if (regions.length === 0) throw new SynthError('invalid-option', 'regions must not be empty');
  for (const r of regions) {
    if (!REGION_RE.test(r)) throw new SynthError('invalid-option', `region "${r}" is not an AWS region name`);
  }
  if (new Set(regions).size !== regions.length) throw new SynthError('invalid-option', 'regions must not repeat');
  if (!(o.start instanceof Date) || Number.isNaN(o.start.getTime())) {
    throw new SynthError('invalid-option', 'start must be a valid Date');
  }
  if (!Number.isFinite(o.days) || o.days <= 0 || o.days > 3660) {
    throw new SynthError('invalid-option', `days must be a number in (0, 3660], got ${String(o.days)}`);
  }
  const startMs = Math.floor(o.start.getTime() / 1000) * 1000;
  const endMs = startMs + Math.round(o.days * 86_400_000);
  const root = o.rootEvents ?? {};
  const rootCategories = [...(root.categories ?? ALL_ROOT_CATEGORIES)];
  for (const c of rootCategories) {
    if (!ALL_ROOT_CATEGORIES.includes(c)) throw new SynthError('invalid-option', `unknown root category "${String(c)}"`);
  }
  const orgId = o.orgId ?? null;
  if (orgId !== null && !ORG_RE.test(orgId)) {
    throw new SynthError('invalid-option', `orgId must look like o-xxxxxxxxxx (10-32 lowercase letters or digits), got "${orgId}"`);
  }
  const gzipLevel = o.gzipLevel ?? 6;
  if (!Number.isInteger(gzipLevel) || gzipLevel < 1 || gzipLevel > 9) {
    throw new SynthError('invalid-option', `gzipLevel must be an integer from 1 to 9, got ${String(gzipLevel)}`);
  }
  return {
    outDir: o.outDir,
    records,
    files,
    seed: o.seed | 0,
    accounts,
    regions,
    startMs,
    endMs,
    largeRecordFraction: fraction('largeRecordFraction', o.largeRecordFraction, 0.01),
    rootRate: fraction('rootEvents.rate', root.rate, 0.0002),
    rootCategories,
    duplicateRate: fraction('rootEvents.duplicateRate', root.duplicateRate, 0.05),
    escapedFraction: fraction('rootEvents.escapedFraction', root.escapedFraction, 0),
    orgId,
    gzipLevel,
    truthFile: o.truthFile ?? joinPath(o.outDir, 'truth.json'),
  };
}
