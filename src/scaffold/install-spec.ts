/**
 * Where the scaffolded workflow installs trailproof from. A trailproof that was itself installed from
 * the npm registry (it sits in a `node_modules` folder) names its own version there. A trailproof run
 * from a checkout (a clone, `npm install -g .`'s link) is not on the registry as it is: the scaffold then
 * carries it, packed by `npm pack` into `.trailproof/`, and the workflow installs that tarball, so the
 * workflow runs the very version that wrote it.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The folder the scaffold's tarball goes to, relative to the scaffold. */
export const VENDOR_DIR = '.trailproof';

/** The running package's folder (the one holding package.json). */
export function packageDir(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

/** True when the running package was installed from a registry (it lives in a node_modules folder). */
export function installedFromRegistry(dir = packageDir()): boolean {
  return dir.split(sep).includes('node_modules');
}

/**
 * Packs the package at `dir` (built: dist/ present) into `<target>/.trailproof/` and returns the spec
 * the workflow installs (`./.trailproof/trailproof-<version>.tgz`). Install scripts are not run: the
 * build is already in dist/.
 */
export async function vendorTarball(target: string, dir = packageDir()): Promise<string> {
  const dest = join(target, VENDOR_DIR);
  await mkdir(dest, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const { stdout } = await run(npm, ['pack', dir, '--pack-destination', dest, '--ignore-scripts', '--json', '--silent'], { maxBuffer: 64 * 1024 * 1024 });
  const packed = (JSON.parse(stdout) as { filename: string }[])[0];
  if (packed === undefined) throw new Error(`npm pack ${dir} wrote no tarball`);
  return `./${VENDOR_DIR}/${packed.filename}`;
}
