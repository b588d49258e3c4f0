// Large-record fraction (issue 5: "1% of them 10–50 KB"): the share of records of 10 KB or more follows
// largeRecordFraction, and none exceeds 50 KB.
import t from 'tap';
import { generateCorpus } from '../../src/synth/index.js';
import { readCorpus, recordTexts } from './read-corpus.js';

t.test('large-record fraction is roughly honoured', async (t) => {
  const dir = t.testdir({ a: {}, b: {} });
  const s = await generateCorpus({ outDir: `${dir}/a`, records: 4000, files: 8, seed: 21, start: new Date('2024-03-01T00:00:00Z'), days: 1, largeRecordFraction: 0.05 });
  let large = 0;
  let total = 0;
  let max = 0;
  for (const f of readCorpus(`${dir}/a`)) {
    for (const text of recordTexts(f.text)) {
      total++;
      const bytes = Buffer.byteLength(text);
      max = Math.max(max, bytes);
      if (bytes >= 10_240) large++;
    }
  }
  t.equal(total, 4000);
  t.equal(large, s.truth.totals.largeRecords, 'truth counts the large records');
  // Binomial(4000, 0.05): mean 200, sd ~14; ±60 is over 4 sd.
  t.ok(large > 140 && large < 260, `~5% large (got ${large})`);
  t.ok(max <= 51_200, `no record over 50 KB (max ${max})`);

  await generateCorpus({ outDir: `${dir}/b`, records: 2000, files: 4, seed: 21, start: new Date('2024-03-01T00:00:00Z'), days: 1, largeRecordFraction: 0 });
  const big = readCorpus(`${dir}/b`).flatMap((f) => recordTexts(f.text)).filter((x) => x.length >= 10_240);
  t.equal(big.length, 0, 'fraction 0 gives no large records');
});
