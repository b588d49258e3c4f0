// Copies the Panther dialect's Python runner next to its compiled module (dist/dialects/panther/),
// where src/dialects/panther/python.ts finds it; package.json `files` ships dist/.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const to = join(root, 'dist', 'dialects', 'panther', 'runner.py');
mkdirSync(dirname(to), { recursive: true });
copyFileSync(join(root, 'src', 'dialects', 'panther', 'runner.py'), to);
