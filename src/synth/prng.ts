/**
 * A small seeded pseudo-random generator, so that a corpus is a pure function of its seed.
 *
 * sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator, public domain, as used by PractRand)
 * passes the usual statistical batteries, has a 128-bit state, and needs only 32-bit integer ops, which
 * V8 runs without allocation. `Math.random` cannot be seeded, so it never appears in `src/synth/`.
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';

/** Mixes a 32-bit value (murmur3 finaliser); used to derive independent sub-seeds. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A deterministic random source. Two instances built from the same seed yield the same sequence. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the generator; `stream` selects an independent sequence for the same seed (e.g. a file index). */
  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(seed + Math.imul(stream + 1, 0x85ebca6b));
    this.c = mix32(stream ^ 0x27d4eb2f);
    this.d = 1;
    // sfc32 needs a few rounds before a weak seed (e.g. 0) is mixed in.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform integer in [lo, hi] (both inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** An index chosen with probability proportional to `cumulative[i] - cumulative[i-1]`. */
  weighted(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1] ?? 0;
    const x = this.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** A log-normal factor with median 1 (sigma in natural-log units), for skewed sizes and volumes. */
  logNormal(sigma: number): number {
    // Box-Muller; 1 - next() keeps the logarithm finite.
    const u = 1 - this.next();
    const v = this.next();
    return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }

  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }

  /** `n` characters of [A-Za-z0-9], as in CloudTrail's file-name unique strings. */
  alnum(n: number): string {
    return this.chars(ALNUM, n);
  }

  /** `n` characters of [A-Z0-9], as in IAM unique IDs and access key IDs. */
  upperAlnum(n: number): string {
    return this.chars(UPPER_DIGITS, n);
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    return this.chars(HEX, n);
  }

  /** A version-4 UUID string (CloudTrail eventID and most requestIDs have this shape). */
  uuid(): string {
    const variant = HEX[8 + this.int(4)] as string;
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${variant}${this.hex(3)}-${this.hex(12)}`;
  }

  /** A dotted IPv4 address outside the private ranges. */
  publicIp(): string {
    let first = this.range(3, 223);
    if (first === 10 || first === 127 || first === 172 || first === 192 || first === 169) first += 1;
    return `${first}.${this.int(256)}.${this.int(256)}.${this.range(1, 254)}`;
  }
}

/** Turns weights into the cumulative array `Prng.weighted` takes. */
export function cumulative(weights: readonly number[]): number[] {
  const out: number[] = [];
  let sum = 0;
  for (const w of weights) {
    sum += w;
    out.push(sum);
  }
  return out;
}
