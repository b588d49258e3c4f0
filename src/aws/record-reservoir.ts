/**
 * A fixed-size uniform sample of a record stream of unknown length (reservoir sampling, Vitter's
 * "Algorithm R"), so `verify-filter` holds at most `size` records whatever it reads: a year of logs
 * takes the same memory as a day. Draws come from a seeded generator, so the same input and seed give
 * the same sample.
 */
import { Prng } from '../synth/prng.js';

/** A sampled record: its position among the records read (0-based, in read order) and its text. */
export interface SampledRecord {
  readonly index: number;
  readonly text: string;
}

/** How a sample was drawn, as `verify-filter` reports it. */
export interface SampleDescription {
  /** `all`: every non-empty record read fitted in the sample; `reservoir`: a uniform random sample of them. */
  readonly method: 'all' | 'reservoir';
  /** Records read from the sources (empty ones included; they are never sampled). */
  readonly recordsRead: number;
  /** Records sampled. */
  readonly size: number;
  /** Seed of the draws (same records and seed, same sample). */
  readonly seed: number;
  /** The above in one sentence. */
  readonly description: string;
}

/** A sample and how it was drawn. */
export interface DrawnSample {
  /** The sampled records in read order. */
  readonly records: readonly SampledRecord[];
  readonly description: SampleDescription;
}

/** Keeps a uniform sample of at most `size` of the non-empty records offered to it. */
export class RecordReservoir {
  private readonly kept: SampledRecord[] = [];
  private readonly prng: Prng;
  private read = 0;
  private eligible = 0;

  constructor(
    private readonly size: number,
    private readonly seed: number,
  ) {
    this.prng = new Prng(seed);
  }

  /** Offers the next record read; an empty text is counted but never sampled. */
  offer(text: string): void {
    const index = this.read++;
    if (text.length === 0) return;
    const seen = this.eligible++;
    if (this.kept.length < this.size) {
      this.kept.push({ index, text: detached(text) });
      return;
    }
    // The (seen+1)-th eligible record replaces a kept one with probability size/(seen+1).
    const slot = this.prng.int(seen + 1);
    if (slot < this.size) this.kept[slot] = { index, text: detached(text) };
  }

  /** The sample so far, in read order. */
  drawn(): DrawnSample {
    const records = [...this.kept].sort((a, b) => a.index - b.index);
    const method = this.eligible > this.size ? 'reservoir' : 'all';
    const description =
      method === 'all'
        ? `all ${records.length} non-empty record(s) of ${this.read} read`
        : `a uniform random sample (reservoir, seed ${this.seed}) of ${records.length} of the ${this.eligible} non-empty record(s) of ${this.read} read`;
    return { records, description: { method, recordsRead: this.read, size: records.length, seed: this.seed, description } };
  }
}

/** A copy of `text`: a record's text may be a slice of a large decoded chunk, which a kept slice would pin. */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
