// Writes the Lambda function code of docs/scale-out.md ("Deploy", step 1): the package as `npm pack`
// would pack it (built dist/ included) plus its production dependencies, zipped at its root so that
// the template's handlers `dist/scale/lambda.replayHandler` and `dist/scale/lambda.reduceHandler`
// resolve. Deterministic: entries sorted by path, one fixed timestamp, fixed permissions, so the same
// build gives the same bytes (and the same S3 ETag).
//
//   npm run lambda-zip                       → dist-lambda/trailproof-<version>.zip
//   node scripts/lambda-zip.mjs --output F   → F
//
// The production dependencies are those installed in the checkout (scripts/runtime-dependencies.mjs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { runtimeDependencyDirs } from './runtime-dependencies.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const at = process.argv.indexOf('--output');
const output = at > 0 ? process.argv[at + 1] : join(root, 'dist-lambda', `trailproof-${pkg.version}.zip`);

// Lambda's limits for a zip uploaded through S3.
const MAX_ZIPPED = 50 * 1024 * 1024;
const MAX_UNZIPPED = 250 * 1024 * 1024;
// 1980-01-01 00:00 in MS-DOS date/time: the earliest a zip can say, and the same on every build.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Files of the package as `npm pack` lists them (package.json `files`, LICENSE, README). */
function packedFiles() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts', '--silent'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out)[0].files.map((f) => f.path);
}

/** Every file under `dir`, as paths relative to the package root with `/` separators. */
function filesUnder(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return filesUnder(path);
    return e.isFile() ? [path] : [];
  });
}

/** Every file of the installed production dependencies. */
function dependencyFiles() {
  return runtimeDependencyDirs(root).flatMap((dir) => filesUnder(dir));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

const u16 = (n) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

function crc32(data) {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip of `names` (paths relative to the package root), stored or deflated, whichever is smaller. */
function zip(names) {
  const parts = [];
  const central = [];
  let offset = 0;
  let unzipped = 0;
  for (const name of names) {
    const data = readFileSync(join(root, name));
    const executable = (statSync(join(root, name)).mode & 0o111) !== 0;
    const deflated = deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    unzipped += data.length;
    // The fields a local header and its central directory entry share, in the same order in both
    // (version needed … extra field length).
    const shared = Buffer.alloc(26);
    shared.writeUInt16LE(20, 0); // version needed: 2.0
    shared.writeUInt16LE(0x0800, 2); // UTF-8 names
    shared.writeUInt16LE(method, 4);
    shared.writeUInt16LE(DOS_TIME, 6);
    shared.writeUInt16LE(DOS_DATE, 8);
    shared.writeUInt32LE(crc, 10);
    shared.writeUInt32LE(body.length, 14);
    shared.writeUInt32LE(data.length, 18);
    shared.writeUInt16LE(nameBytes.length, 22);
    const local = Buffer.concat([u32(0x04034b50), shared]);
    const tail = Buffer.alloc(14); // comment length, disk, internal attributes: 0
    tail.writeUInt32LE(((executable ? 0o100755 : 0o100644) << 16) >>> 0, 6);
    tail.writeUInt32LE(offset, 10);
    // Made by Unix, 2.0, so that the permissions in the external attributes are read.
    const entry = Buffer.concat([u32(0x02014b50), u16((3 << 8) | 20), shared, tail]);
    parts.push(local, nameBytes, body);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return { bytes: Buffer.concat([...parts, directory, end]), unzipped };
}

if (!readdirSync(join(root, 'dist')).includes('scale')) {
  console.error('lambda-zip: dist/ is not built: run `npm run build` first');
  process.exit(1);
}
const names = [...new Set([...packedFiles(), ...dependencyFiles()])].sort();
if (names.length > 0xffff) {
  console.error(`lambda-zip: ${names.length} files, more than a zip without Zip64 holds`);
  process.exit(1);
}
const { bytes, unzipped } = zip(names);
if (bytes.length > MAX_ZIPPED || unzipped > MAX_UNZIPPED) {
  console.error(`lambda-zip: ${bytes.length} bytes zipped, ${unzipped} unzipped: over Lambda's 50 MB / 250 MB`);
  process.exit(1);
}
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, bytes);
const mb = (n) => (n / 1024 / 1024).toFixed(1);
console.log(`${relative(process.cwd(), output).split(sep).join('/')}: ${names.length} files, ${mb(bytes.length)} MB zipped, ${mb(unzipped)} MB unzipped`);
