/**
 * Builders for CloudTrail-shaped S3 fixtures, written for these tests.
 *
 * Key layout and file naming follow
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html
 * (`AWSLogs/[o-org/]<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`)
 * and the digest doc (`CloudTrail-Digest/` beside `CloudTrail/`).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SourceObject } from '../../src/sources/types.js';

/** One log-file key. `minute` picks the delivery time within the day; `n` makes the unique string. */
export function logKey(opts: {
  prefix?: string;
  org?: string;
  account: string;
  region: string;
  day: string; // YYYY-MM-DD
  minute?: number;
  n?: number;
  kind?: 'CloudTrail' | 'CloudTrail-Digest' | 'CloudTrail-Insight';
}): string {
  const [y, m, d] = opts.day.split('-') as [string, string, string];
  const minute = opts.minute ?? 0;
  const hh = String(Math.floor(minute / 60) % 24).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  const kind = opts.kind ?? 'CloudTrail';
  const unique = String(opts.n ?? 0).padStart(16, '0');
  const folder = `${opts.prefix ?? ''}AWSLogs/${opts.org === undefined ? '' : `${opts.org}/`}${opts.account}/${kind}/${opts.region}/${y}/${m}/${d}/`;
  return `${folder}${opts.account}_${kind}_${opts.region}_${y}${m}${d}T${hh}${mm}Z_${unique}.json.gz`;
}

/** A gzipped `{"Records":[…]}` body of `count` records with ids `<tag>-<i>`, padded to be incompressible. */
export function logBody(tag: string, count: number, padding = 0): Uint8Array {
  const records = [];
  for (let i = 0; i < count; i++) {
    records.push({
      eventVersion: '1.08',
      eventID: `${tag}-${i}`,
      eventTime: '2024-03-05T12:00:00Z',
      eventName: 'DescribeInstances',
      // Pseudo-random hex so that gzip cannot shrink the object below a few reads' worth of bytes.
      requestID: pseudoRandomHex(tag, i, padding),
    });
  }
  return gzipSync(JSON.stringify({ Records: records }));
}

/** The eventIDs of a body delivered as chunks; throws if the bytes are not one intact gzip JSON file. */
export function eventIds(chunks: readonly Uint8Array[]): string[] {
  const json = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString('utf8')) as { Records: { eventID: string }[] };
  return json.Records.map((record) => record.eventID);
}

/** Reads an object to the end, returning its chunks, or the error its stream threw. */
export async function readAll(object: SourceObject): Promise<{ chunks: Uint8Array[]; error: unknown }> {
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of object.open()) chunks.push(chunk);
    return { chunks, error: null };
  } catch (error) {
    return { chunks, error };
  }
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function pseudoRandomHex(tag: string, i: number, length: number): string {
  let state = (i + 1) * 2654435761 + tag.length;
  let out = '';
  while (out.length < length) {
    state = (state * 1103515245 + 12345) >>> 0;
    out += (state >>> 8).toString(16).padStart(6, '0');
  }
  return out.slice(0, length);
}
