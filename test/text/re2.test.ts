// re2js loads on first use (src/text/re2.ts): a run whose rules hold no regular expression never
// loads it (the shipped rules of six languages; Panther's are left out, they start Python) (its 270 KB cost every thread ~15 ms of start-up), and a rule with one loads it and matches.
// In a child process, to see the module cache from a fresh start; the built modules (dist/), as the CLI
// runs them.
import { execFileSync } from 'node:child_process';
import t from 'tap';

const dist = new URL('../../dist/', import.meta.url).href;

t.test('shipped rules load without re2js; a regex rule loads it and matches with it', async (t) => {
  const script = `
    import { createRequire } from 'node:module';
    const { loadDetections } = await import(${JSON.stringify(`${dist}dialects/index.js`)});
    const { parseRule } = await import(${JSON.stringify(`${dist}index.js`)});
    const cache = createRequire(import.meta.url).cache;
    const loaded = () => Object.keys(cache).some((k) => /[\\\\/]re2js[\\\\/]/.test(k));
    const shipped = await loadDetections(['detections/cis-root-usage.pattern', 'detections/sigma', 'detections/eventbridge', 'detections/elastic', 'detections/sentinel', 'detections/splunk']);
    const before = loaded();
    const rule = parseRule('{ $.userIdentity.type = %^Ro+t$% }', { dialect: 'cwl' });
    console.log(JSON.stringify({ rules: shipped.detections.length, before, after: loaded(), root: rule.matches({ userIdentity: { type: 'Root' } }), user: rule.matches({ userIdentity: { type: 'IAMUser' } }) }));
    process.exit(0);
  `;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 })) as Record<string, unknown>;
  t.ok((out['rules'] as number) > 5, 'the shipped rules loaded');
  t.equal(out['before'], false, 'no regex among them: re2js not loaded');
  t.equal(out['after'], true, 'a regex term loads it');
  t.equal(out['root'], true);
  t.equal(out['user'], false);
});

t.test('no module imports re2js but src/text/re2.ts (type imports aside)', async (t) => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const files = (readdirSync('src', { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const importers = files.filter((f) => /^import (?!type )[^;]*from 're2js'/m.test(readFileSync(join('src', f), 'utf8')));
  t.same(importers, [], 'value imports would load it at start-up');
  t.ok(files.length > 100, 'the sources were read');
});
