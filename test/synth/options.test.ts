// Option validation of generateCorpus (src/synth/options.ts): every bad option is rejected with a
// SynthError naming it, before anything is written.
import t from 'tap';
import { generateCorpus, SynthError } from '../../src/synth/index.js';

const ok = { outDir: '/nonexistent-never-written', records: 10, files: 1, seed: 1, start: new Date('2024-01-01T00:00:00Z'), days: 1 };

t.test('bad options are rejected with a message naming them', async (t) => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ records: 0 }, /^records must be an integer >= 1/],
    [{ files: 1.5 }, /^files must be an integer/],
    [{ seed: Number.NaN }, /^seed must be an integer/],
    [{ regions: ['us-east-1', 'mars-1'] }, /region "mars-1"/],
    [{ regions: [] }, /regions must not be empty/],
    [{ days: 0 }, /^days must be/],
    [{ start: new Date('nope') }, /start must be a valid Date/],
    [{ largeRecordFraction: 2 }, /largeRecordFraction must be a number between 0 and 1/],
    [{ orgId: 'org-1' }, /orgId must look like o-/],
    [{ gzipLevel: 0 }, /gzipLevel must be an integer from 1 to 9/],
    [{ rootEvents: { categories: ['root-login'] } }, /unknown root category "root-login"/],
  ];
  for (const [patch, message] of cases) {
    await t.rejects(generateCorpus({ ...ok, ...patch } as typeof ok), { name: 'SynthError', kind: 'invalid-option', message }, JSON.stringify(patch));
  }
  t.ok(new SynthError('io', 'x') instanceof Error);
});
