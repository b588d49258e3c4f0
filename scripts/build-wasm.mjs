// Compiles the AssemblyScript sources of the byte-level scanner (src/engine/bytes/wasm/scan.ts) to
// WebAssembly, next to its loader in src/ (for tests, which run the TypeScript sources) and in dist/.
// Part of `npm run build`; the .wasm files are build output, not committed.
import asc from 'assemblyscript/asc';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = 'src/engine/bytes/wasm/scan.ts';
const out = 'src/engine/bytes/scan.wasm';

const { error, stderr } = await asc.main(
  // SIMD is in every Node.js this supports (>= 20). No runtime: the module never allocates.
  [source, '--outFile', out, '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd'],
  { stdout: process.stdout, stderr: process.stderr, baseDir: root },
);
if (error) {
  process.stderr.write(`build-wasm: ${error.message}\n${stderr.toString()}\n`);
  process.exit(1);
}
const target = join(root, 'dist/engine/bytes/scan.wasm');
mkdirSync(dirname(target), { recursive: true });
copyFileSync(join(root, out), target);
