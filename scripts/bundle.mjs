// Bundles what runs at start-up, so that it loads as a few modules instead of ~200: the CLI
// (dist/cli/main.js, its commands still loaded only when they run) into dist/bundle/cli.js and
// chunks, and the replay worker (dist/engine/workers/worker.js) into dist/bundle/worker.js. Measured
// on the fixture replay: the CLI reached the replay command ~160 ms after the process started, bundled
// ~110 ms; a worker was ready ~150 ms after it started, bundled ~90 ms (docs/benchmarks.md).
//
// The bundles are made from tsc's output, which stays as it is (the library entry and its types).
// Code that finds files next to its own module (`new URL('./scan.wasm', import.meta.url)`) still
// finds them: each module's `import.meta.url` is rewritten to the URL of its file in dist/, relative
// to the bundle's folder (chunks included: they are all in that one folder).
//
// esbuild runs without its install script (npm's allowScripts denies it): its binary comes from its
// platform package, an optional dependency.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');

/** @type {import('esbuild').Plugin} */
const ownUrls = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      if (!args.path.startsWith(dist + sep)) return undefined;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const own = relative(outdir, args.path).split(sep).join('/');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, import.meta.url).href`), loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir,
  logLevel: 'warning',
  plugins: [ownUrls],
  // The AWS SDK loads only for AWS locations and commands, and finds some of its parts at run time.
  external: ['@aws-sdk/*', '@smithy/*'],
  // `yaml` is CommonJS and requires Node's built-ins: give the ES module bundle a `require`.
  banner: { js: "import { createRequire as __trailproofRequire } from 'node:module'; const require = __trailproofRequire(import.meta.url);" },
};

// Chunk names change with their contents: start from an empty folder.
rmSync(outdir, { recursive: true, force: true });
await build({ ...common, entryPoints: { cli: join(dist, 'cli', 'main.js') }, splitting: true, chunkNames: '[name]-[hash]' });
// The worker's rules (the dialects, build-plan.js) load only when it compiles them (worker.ts `loadPlan`):
// their code goes into chunks of their own, which a worker the main thread matches for never compiles.
await build({ ...common, entryPoints: { worker: join(dist, 'engine', 'workers', 'worker.js') }, splitting: true, chunkNames: 'worker-[name]-[hash]' });

// ASCII only: a source with one other character (a typographic quote in a regex, a `§` in a comment:
// esbuild escapes strings, not those) is decoded and compiled as two-byte text. The worker was ready
// ~4 ms sooner with the bundle in ASCII (1.3 MB). `\uXXXX` means the same character in a regex,
// string, template or identifier, and comments do not matter.
for (const name of readdirSync(outdir)) {
  if (!name.endsWith('.js')) continue;
  const file = join(outdir, name);
  const text = readFileSync(file, 'utf8');
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) writeFileSync(file, ascii);
}
