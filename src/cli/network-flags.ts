/**
 * `--connect-timeout`, `--read-timeout` and `--min-throughput`: how long trailproof waits on AWS before
 * a request counts as failed (and is retried, then reported). Shared by every command that calls AWS.
 */
import type { AwsClientOptions } from '../aws/client-options.js';
import { UsageError } from './exit-codes.js';

/** The flags as commander hands them over. */
export interface NetworkFlags {
  readonly connectTimeout?: string;
  readonly readTimeout?: string;
  readonly minThroughput?: string;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000 };

/** Parses `500ms`, `10s`, `2m` or a bare number of seconds (`2.5`) into milliseconds, at least 1. */
export function parseDurationMs(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  const ms = match === null ? NaN : Math.round(Number(match[1]) * DURATION_UNITS[match[2] ?? 's']!);
  if (!(ms >= 1)) throw new UsageError(`invalid ${flag} '${text}': expected a duration such as 500ms, 10s or 2m`);
  return ms;
}

/** Parses `--min-throughput`: bytes per second, with an optional `k` or `m` (KiB/s, MiB/s); 0 turns it off. */
export function parseThroughput(text: string): number {
  const match = /^(\d+)([km])?$/i.exec(text.trim());
  if (match === null) throw new UsageError(`invalid --min-throughput '${text}': expected bytes per second, such as 1024, 64k or 1m (0: no minimum)`);
  const scale = match[2] === undefined ? 1 : match[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024;
  return Number(match[1]) * scale;
}

/** The client options the flags set; absent flags keep the defaults of `networkLimits`. */
export function networkOptionsOf(flags: NetworkFlags): Pick<AwsClientOptions, 'connectTimeoutMs' | 'readTimeoutMs' | 'minThroughput'> {
  return {
    ...(flags.connectTimeout !== undefined ? { connectTimeoutMs: parseDurationMs(flags.connectTimeout, '--connect-timeout') } : {}),
    ...(flags.readTimeout !== undefined ? { readTimeoutMs: parseDurationMs(flags.readTimeout, '--read-timeout') } : {}),
    ...(flags.minThroughput !== undefined ? { minThroughput: parseThroughput(flags.minThroughput) } : {}),
  };
}
