// TEMPORARY (deleted before the branch is done): the old EQL sequence machine against the aggregate's
// sequence form on seeded random step-match streams.
import t from 'tap';
import { evaluateAggregate, type SequenceSpec } from '../../src/dialects/aggregate/index.js';
import type { CorrelationInput } from '../../src/dialects/types.js';
import { runSample, runSequence, type StepHit } from './tmp-old-sequence.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface Written { runs: number; missing: boolean }

/** The old replay evaluate, verbatim but for the query shape. */
function oldReplay(written: Written[], hasUntil: boolean, maxspan: number | null, ordered: boolean, ruleIds: string[], events: CorrelationInput[]): { ordinals: number[]; seqs: number[][] } {
  const order: number[] = [];
  written.forEach((s, i) => { if (!s.missing) for (let r = 0; r < s.runs; r++) order.push(i); });
  let before = 0;
  const gaps = written.map((s) => { if (s.missing) return before; before += s.runs; return undefined; });
  const edges = { leading: written[0]?.missing === true, trailing: written[written.length - 1]?.missing === true };
  const untilId = hasUntil ? (ruleIds[written.length] ?? null) : null;
  const refs = new Map<string, number>();
  const refOf = (e: CorrelationInput): number => {
    const k = e.eventID === null ? `#${e.ordinal}` : `${e.eventID}@${e.time}`;
    let r = refs.get(k);
    if (r === undefined) refs.set(k, (r = refs.size));
    return r;
  };
  const hits: StepHit[] = [];
  const stepOrdinals = new Map<number, number[]>();
  for (const e of events) {
    const ref = refOf(e);
    if (e.detectionId === untilId && hasUntil) { hits.push({ ref, time: e.time, step: -1, key: e.fields[0] ?? null }); continue; }
    const w = ruleIds.indexOf(e.detectionId);
    if (w < 0 || w >= written.length) continue;
    const key = e.fields[0] ?? null;
    const gap = gaps[w];
    if (gap !== undefined) { hits.push({ ref, time: e.time, step: -2, gap, key }); continue; }
    let list = stepOrdinals.get(ref);
    if (list === undefined) stepOrdinals.set(ref, (list = []));
    list.push(e.ordinal);
    order.forEach((x, step) => { if (x === w) hits.push({ ref, time: e.time, step, key }); });
  }
  const out = new Set<number>();
  const matches = ordered ? runSequence(order.length, maxspan, hits, edges) : runSample(written.length, hits);
  for (const seq of matches) for (const ref of seq) for (const o of stepOrdinals.get(ref) ?? []) out.add(o);
  const seqs = matches.map((seq) => seq.flatMap((ref) => [...new Set(stepOrdinals.get(ref) ?? [])].sort((a, b) => a - b)));
  return { ordinals: [...out].sort((a, b) => a - b), seqs };
}

t.test('old sequence machine and the aggregate sequence form agree', async (t) => {
  const CASES = 12_000;
  let fired = 0;
  let dropped = 0;
  for (let c = 0; c < CASES; c++) {
    const r = rng(c + 1);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const sample = r() < 0.2;
    const written: Written[] = [];
    const positives = sample ? 2 + Math.floor(r() * 2) : 1 + Math.floor(r() * 3);
    for (let i = 0; i < positives; i++) written.push({ runs: sample || r() < 0.7 ? 1 : 2 + Math.floor(r() * 2), missing: false });
    let maxspan: number | null = sample ? null : pick([null, 0, 1000, 3000, 5000]);
    if (!sample && r() < 0.4) {
      const n = 1 + Math.floor(r() * 2);
      for (let i = 0; i < n; i++) written.splice(Math.floor(r() * (written.length + 1)), 0, { runs: 1, missing: true });
      if (maxspan === null) maxspan = pick([0, 1000, 3000]);
    }
    const hasUntil = !sample && r() < 0.3;
    const ruleIds = written.map((_, i) => `d${i}`);
    if (hasUntil) ruleIds.push('until');
    // Records with times on a coarse grid (ties), some sharing eventID and time (one record, two hits).
    const hits: { id: string; eventID: string | null; time: number; key: string | null }[] = [];
    const records = Math.floor(r() * 16);
    for (let k = 0; k < records; k++) {
      const time = Math.floor(r() * 12) * 500;
      const eventID = r() < 0.5 ? null : `e${Math.floor(r() * 10)}`;
      for (const id of ruleIds) if (r() < 0.35) hits.push({ id, eventID, time, key: pick(['["a"]', '["b"]', '["a"]', null]) });
    }
    // The engine numbers hits in its own order and hands them sorted by time, then ordinal.
    const numbering = hits.map((_, i) => i).sort(() => r() - 0.5);
    const events: CorrelationInput[] = hits
      .map((h, i) => ({ detectionId: h.id, ordinal: numbering[i]!, eventID: h.eventID, time: h.time, fields: [h.key] }))
      .sort((a, b) => a.time - b.time || a.ordinal - b.ordinal);
    const old = oldReplay(written, hasUntil, maxspan, !sample, ruleIds, events);
    const spec: SequenceSpec = {
      kind: 'sequence',
      steps: written.flatMap((s, i) => Array.from({ length: s.missing ? 1 : s.runs }, () => ({ detectionId: ruleIds[i]!, keys: [0], missing: s.missing }))),
      until: hasUntil ? { detectionId: 'until', keys: [0] } : null,
      maxspan,
      sample,
    };
    const now = evaluateAggregate(spec, events);
    const seqs = now.firings.map((f) => (f.steps ?? []).flat());
    if (JSON.stringify(old.ordinals) !== JSON.stringify(now.ordinals) || JSON.stringify(old.seqs) !== JSON.stringify(seqs)) {
      t.fail(`case ${c} differs`, { written, hasUntil, maxspan, sample, events, old, now: { ordinals: now.ordinals, seqs } });
      return;
    }
    if (old.seqs.length > 0) fired++;
    if (written.some((w) => w.missing) && old.seqs.length === 0) dropped++;
  }
  t.pass(`${CASES} cases agree (${fired} with firings, ${dropped} with missing steps and none)`);
});
