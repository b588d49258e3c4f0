/**
 * `PublicKeyProvider`s for offline use and tests: keys held in memory, or read from files.
 *
 * Accepted files (detected by content):
 * - the JSON that `aws cloudtrail list-public-keys --start-time … --end-time … --output json` prints
 *   (`{"PublicKeyList": [{"Value": base64, "Fingerprint", "ValidityStartTime", "ValidityEndTime"}]}`;
 *   times as ISO 8601 or epoch seconds, as the CLI's timestamp format setting decides);
 * - PEM, one or more `RSA PUBLIC KEY` (PKCS#1) or `PUBLIC KEY` (SPKI) blocks;
 * - raw DER (PKCS#1 or SPKI).
 * PEM and DER keys carry no fingerprint, so theirs is the MD5 of the DER, the rule every published
 * sample follows (`derFingerprint`). Keys are per region; a file given without a region serves all.
 */
import { readFile } from 'node:fs/promises';
import { lineColumn } from '../diagnostics/diagnostic.js';
import { IntegrityError } from './errors.js';
import { jsonErrorPosition } from './json-position.js';
import { derFingerprint, importPublicKey, type PublicKeyProvider, type PublicKeyRecord } from './public-keys.js';

/** A key and the region whose digests it verifies (`undefined`: any region). */
export interface RegionalKey {
  readonly region?: string;
  readonly key: PublicKeyRecord;
}

/** Keys held in memory; `listKeys` returns every key of the region regardless of the time range. */
export class StaticPublicKeyProvider implements PublicKeyProvider {
  private readonly keys: readonly RegionalKey[];

  /** @param keys the keys, each optionally bound to one region. */
  constructor(keys: readonly RegionalKey[]) {
    this.keys = keys;
  }

  /** The keys of `region` plus region-less ones; validity is checked by the verifier, not here. */
  async listKeys(region: string): Promise<readonly PublicKeyRecord[]> {
    return this.keys.filter((k) => k.region === undefined || k.region === region).map((k) => k.key);
  }
}

/** A key file and the region it belongs to. */
export interface KeyFile {
  readonly path: string;
  /** Region whose digests these keys verify; omit to use them for every region. */
  readonly region?: string;
}

/** Reads key files (list-public-keys JSON, PEM or DER) into a `StaticPublicKeyProvider`. */
export async function loadPublicKeyFiles(files: readonly KeyFile[]): Promise<StaticPublicKeyProvider> {
  const keys: RegionalKey[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file.path);
    } catch (err) {
      throw new IntegrityError('invalid-key-file', `cannot read key file ${file.path}: ${(err as Error).message}`, { cause: err });
    }
    for (const key of parsePublicKeyFile(bytes, file.path)) keys.push(file.region === undefined ? { key } : { region: file.region, key });
  }
  return new StaticPublicKeyProvider(keys);
}

/** Parses the bytes of one key file; throws `IntegrityError` naming the file (and line/col for JSON). */
export function parsePublicKeyFile(bytes: Uint8Array, path: string): PublicKeyRecord[] {
  const text = Buffer.from(bytes).toString('utf8');
  const first = firstNonSpace(text);
  if (first === '{' || first === '[') return parseListPublicKeysJson(text, path);
  if (text.includes('-----BEGIN ')) return parsePem(text, path);
  const key = importPublicKey(Uint8Array.from(bytes));
  if (key === null) throw new IntegrityError('invalid-key-file', `${path}: not a PEM, DER or list-public-keys JSON key file`);
  // Fingerprints are of the PKCS#1 encoding whichever encoding the file holds (see parsePem).
  const der = Uint8Array.from(key.export({ type: 'pkcs1', format: 'der' }));
  return [{ fingerprint: derFingerprint(der), der, validityStart: null, validityEnd: null }];
}

function parseListPublicKeysJson(text: string, path: string): PublicKeyRecord[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const offset = jsonErrorPosition(text);
    const at = offset === null ? '' : (({ line, column }) => `:${line}:${column}`)(lineColumn(text, offset));
    throw new IntegrityError('invalid-key-file', `${path}${at}: invalid JSON`, { cause: err });
  }
  const list = Array.isArray(doc) ? doc : field(doc, 'PublicKeyList') ?? field(doc, 'publicKeyList');
  if (!Array.isArray(list)) throw new IntegrityError('invalid-key-file', `${path}: expected {"PublicKeyList": [...]}`);
  return list.map((entry: unknown, i: number) => {
    const where = `${path}: PublicKeyList[${i}]`;
    const value = field(entry, 'Value');
    const fingerprint = field(entry, 'Fingerprint');
    if (typeof value !== 'string' || typeof fingerprint !== 'string') {
      throw new IntegrityError('invalid-key-file', `${where}: expected string "Value" and "Fingerprint"`);
    }
    const der = Uint8Array.from(Buffer.from(value, 'base64'));
    if (importPublicKey(der) === null) throw new IntegrityError('invalid-key-file', `${where}: "Value" is not a base64 DER RSA public key`);
    return {
      fingerprint: fingerprint.toLowerCase(),
      der,
      validityStart: parseTime(field(entry, 'ValidityStartTime'), `${where}.ValidityStartTime`),
      validityEnd: parseTime(field(entry, 'ValidityEndTime'), `${where}.ValidityEndTime`),
    };
  });
}

function parsePem(text: string, path: string): PublicKeyRecord[] {
  const out: PublicKeyRecord[] = [];
  const lines = text.split('\n');
  let body: string[] | null = null;
  let label = '';
  let startLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (body === null) {
      if (line.startsWith('-----BEGIN ')) {
        label = line.slice(11, line.lastIndexOf('-----'));
        body = [];
        startLine = i + 1;
      }
    } else if (line.startsWith('-----END ')) {
      if (label !== 'RSA PUBLIC KEY' && label !== 'PUBLIC KEY') {
        throw new IntegrityError('invalid-key-file', `${path}:${startLine}:1: expected an "RSA PUBLIC KEY" or "PUBLIC KEY" block, found "${label}"`);
      }
      const key = importPublicKey(Uint8Array.from(Buffer.from(body.join(''), 'base64')));
      if (key === null) throw new IntegrityError('invalid-key-file', `${path}:${startLine}:1: the "${label}" block is not an RSA public key`);
      // CloudTrail fingerprints the PKCS#1 encoding (what ListPublicKeys returns); a "PUBLIC KEY" block is
      // SPKI, so it is re-encoded before fingerprinting, or no digest would ever find it.
      const der = Uint8Array.from(key.export({ type: 'pkcs1', format: 'der' }));
      out.push({ fingerprint: derFingerprint(der), der, validityStart: null, validityEnd: null });
      body = null;
    } else if (line !== '') {
      body.push(line);
    }
  }
  if (body !== null) throw new IntegrityError('invalid-key-file', `${path}:${startLine}:1: unterminated "${label}" block`);
  if (out.length === 0) throw new IntegrityError('invalid-key-file', `${path}: no public key block found`);
  return out;
}

/** ISO 8601, or epoch seconds as a number or numeric string (the CLI's `none` timestamp format). */
function parseTime(v: unknown, where: string): Date | null {
  if (v === undefined || v === null) return null;
  const numeric = typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null;
  const ms = numeric !== null ? numeric * 1000 : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw new IntegrityError('invalid-key-file', `${where}: expected a time, found ${JSON.stringify(v)}`);
  return new Date(ms);
}

function field(o: unknown, name: string): unknown {
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[name] : undefined;
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) return text.charAt(i);
  }
  return '';
}
